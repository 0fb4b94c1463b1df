#!/usr/bin/env python3
"""How int8 forms of an emotion version compare with their fp32 parent on this CPU: FER2013 PublicTest accuracy
(in each version's own label set), how many answers differ from the first folder's, the largest probability
change, and each version's test vectors. Needs only numpy, OpenCV and ONNX Runtime (no torch), so that it also
runs under `qemu-x86_64 -cpu Haswell` (ONNX Runtime then takes its AVX2 kernels: an AVX2-only CPU emulated on a
VNNI machine; `--limit` keeps that run short). Prints one JSON line per folder and the CPU flags it saw.
Example:
  python conversion/experiments/measure_int8_forms.py --fer-data ../shared/data/fer2013/fer2013.csv.gz \\
      models-onnx/emotion/7 models-onnx/emotion/10
  qemu-x86_64 -cpu Haswell .venv/bin/python conversion/experiments/measure_int8_forms.py --limit 600 ...
"""

import argparse
import json
import os
import time

import cv2
import numpy as np
import onnxruntime

from emotion_ai_train.data.fer2013 import read_fer_csv
from emotion_ai_train.labels import EMOTION_LABEL_SETS, fer_id_map


def cpu_flags():
    try:
        with open("/proc/cpuinfo") as fh:
            flags = next(line for line in fh if line.startswith("flags")).split()
    except (OSError, StopIteration):
        return "unknown"
    return " ".join(f for f in ("avx2", "avx512f", "avx512_vnni", "avx_vnni", "amx_tile") if f in flags) or "none"


def vector_gap(folder, session, names):
    """Largest |output - expected| over the folder's own test vectors, and against its parent's when it has one."""
    def gap(vectors, scale=1 / 255):
        doc = json.load(open(os.path.join(vectors, "expected.json")))
        worst = 0.0
        for case in doc["cases"]:
            img = cv2.imread(os.path.join(vectors, case["input"]), cv2.IMREAD_GRAYSCALE)
            out = session.run(names, {"input": (img.astype(np.float32) * scale)[None, None]})
            for name, value in zip(names, out):
                worst = max(worst, float(np.abs(value.ravel() - np.ravel(case["outputs"][name])).max()))
        return worst, doc
    own, doc = gap(os.path.join(folder, "test_vectors"))
    result = {"own_vectors": own, "own_tolerance": doc["tolerance"]}
    if "parent" in doc:
        repo = os.path.dirname(os.path.dirname(os.path.abspath(folder)))
        if not os.path.isdir(os.path.join(repo, doc["parent"]["version"])):  # a staged variant: its parent is committed
            repo = os.path.join(os.path.dirname(__file__), "..", "..", "models-onnx")
        parent, _ = gap(os.path.join(repo, doc["parent"]["version"], "test_vectors"))
        result.update(parent_vectors=parent, parent_tolerance=doc["parent"]["tolerance"])
    return result


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folders", nargs="+", help="version folders; the first is the reference (the fp32 parent)")
    ap.add_argument("--fer-data", help="FER2013 csv.gz; without it, the test vectors only (what an emulated run can "
                    "afford: parsing the CSV under qemu takes longer than the models)")
    ap.add_argument("--limit", type=int, help="first N PublicTest faces only")
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    if args.fer_data:
        fer = read_fer_csv(args.fer_data, usages={"PublicTest"})
        images = fer.images[:args.limit].astype(np.float32)[:, None] / 255.0
        fer_ids = fer.fer_ids[:args.limit]
    else:
        images, fer_ids = np.zeros((0, 1, 48, 48), np.float32), np.zeros(0, int)
    reference = {}
    print(json.dumps({"cpu_flags": cpu_flags(), "onnxruntime": onnxruntime.__version__, "faces": len(images)}))
    for folder in args.folders:
        meta = json.load(open(os.path.join(folder, "model.json")))
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = args.threads
        session = onnxruntime.InferenceSession(os.path.join(folder, meta["file"]), options,
                                               providers=["CPUExecutionProvider"])
        names = [o["name"] for o in meta["outputs"]]
        if meta["task"] != "emotion-classification" or not len(images):  # the test vectors only
            print(json.dumps({"folder": folder, "precision": meta.get("precision", "fp32"),
                              **vector_gap(folder, session, names)}), flush=True)
            continue
        label_set = next(k for k, v in EMOTION_LABEL_SETS.items() if list(v) == meta["labels"])
        mapping = fer_id_map(label_set)
        keep = np.isin(fer_ids, list(mapping))
        targets = np.array([mapping[i] for i in fer_ids[keep]])
        start = time.perf_counter()
        probs = np.concatenate([session.run(["probabilities"], {"input": images[keep][i:i + 256]})[0]
                                for i in range(0, int(keep.sum()), 256)])
        seconds = time.perf_counter() - start
        row = {"folder": folder, "precision": meta.get("precision", "fp32"),
               "form": meta.get("quantization", {}).get("activation_type"),
               "weight_bits": meta.get("quantization", {}).get("weight_bits"),
               "labels": len(meta["labels"]), "accuracy": round(float((probs.argmax(1) == targets).mean()), 4),
               "ms_per_face_batched": round(1000 * seconds / max(1, len(probs)), 3)}
        key = len(meta["labels"])
        if key in reference:
            ref = reference[key]
            row.update(answers_changed=int((probs.argmax(1) != ref.argmax(1)).sum()),
                       max_probability_change=round(float(np.abs(probs - ref).max()), 4))
        else:
            reference[key] = probs
        row.update({k: round(v, 5) if isinstance(v, float) else v
                    for k, v in vector_gap(folder, session, ["probabilities"]).items()})
        print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
