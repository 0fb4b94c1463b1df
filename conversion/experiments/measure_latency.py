#!/usr/bin/env python3
"""Single-image latency of model versions in ONNX Runtime (CPU provider, EMOTION_AI_ORT_THREADS threads, no
spinning), interleaved: 5 rounds of 100 runs per model, p50 and p90 side by side.
Example:
  EMOTION_AI_ORT_THREADS=1 python conversion/experiments/measure_latency.py models-onnx/keypoints/1 models-onnx/keypoints/2
"""

import json
import os
import sys
import time

import numpy as np

from emotion_ai_train.onnx_export import onnx_session


def main():
    folders = sys.argv[1:]
    if not folders:
        raise SystemExit(__doc__)
    sessions, inputs, times = {}, {}, {}
    for folder in folders:
        shape = json.load(open(os.path.join(folder, "model.json")))["input"]["shape"]
        sessions[folder] = onnx_session(os.path.join(folder, "model.onnx"))
        inputs[folder] = np.random.default_rng(0).random([1] + shape[1:], dtype=np.float32)
        times[folder] = []
    for _ in range(5):
        for folder, session in sessions.items():
            feed = {"input": inputs[folder]}
            for _ in range(10):
                session.run(None, feed)
            for _ in range(100):
                start = time.perf_counter()
                session.run(None, feed)
                times[folder].append(time.perf_counter() - start)
    for folder, t in times.items():
        print(f"{folder}: p50 {np.median(t) * 1e3:.2f} ms, p90 {np.percentile(t, 90) * 1e3:.2f} ms")


if __name__ == "__main__":
    main()
