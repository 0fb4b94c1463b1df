"""Single-face cost of emotion versions in ONNX Runtime, one thread, interleaved rounds (prints medians; asserts
nothing). Run from the repository root: .venv/bin/python conversion/experiments/measure_emotion_latency.py 7 10 13
An argument that is a file is run as it is (an earlier graph, e.g. `git show <commit>:models-onnx/emotion/13/model.onnx`)."""

import os
import sys
import time

import numpy as np
import onnxruntime as ort


def session(version):
    options = ort.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = 1
    path = version if os.path.isfile(version) else f"models-onnx/emotion/{version}/model.onnx"
    return ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])


def main(versions, rounds=6, runs=200):
    sessions = {v: session(v) for v in versions}
    inputs = {}
    for v, s in sessions.items():
        shape = [1 if not isinstance(d, int) else d for d in s.get_inputs()[0].shape]
        inputs[v] = {s.get_inputs()[0].name: np.random.rand(*shape).astype(np.float32)}
        for _ in range(50):
            s.run(None, inputs[v])
    times = {v: [] for v in versions}
    for _ in range(rounds):
        for v, s in sessions.items():
            start = time.perf_counter()
            for _ in range(runs):
                s.run(None, inputs[v])
            times[v].append((time.perf_counter() - start) / runs * 1000)
    for v in versions:
        print(f"emotion/{v}: median {np.median(times[v]):.2f} ms per face (1 thread, ONNX Runtime {ort.__version__})")


if __name__ == "__main__":
    main(sys.argv[1:] or ["7", "10", "13"])
