#!/usr/bin/env python3
"""Five-point-aligned expression versions (their ONNX files in ONNX Runtime) on the validation and held-out sets
of make_aligned_faces.py: accuracy and balanced accuracy per set, side by side, and how many answers differ from
the first folder's (an int8 version against its fp32 parent).
Example:
  PYTHONPATH=conversion python conversion/experiments/measure_aligned_sets.py --faces runs/aligned112 \\
      models-onnx/emotion/11 models-onnx/emotion/13
"""

import argparse
import json
import os

import numpy as np

from emotion_ai_train.cli.train_mobilenet_emotion import load_faces, validation_sets
from emotion_ai_train.expression_figures import figures
from emotion_ai_train.labels import FER2013_LABELS
from emotion_ai_train.onnx_export import onnx_session, run_onnx


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folders", nargs="+")
    ap.add_argument("--faces", required=True)
    args = ap.parse_args()
    faces = load_faces(args.faces)
    sets = validation_sets(faces, test_people=True)
    first = {}
    for folder in args.folders:
        meta = json.load(open(os.path.join(folder, "model.json")))
        keep = [FER2013_LABELS.index(n) for n in meta["labels"]]
        session = onnx_session(os.path.join(folder, meta["file"]))
        row = {"folder": folder, "precision": meta.get("precision", "fp32")}
        for name, (images, labels) in sets.items():
            mask = np.isin(labels, keep)
            y = np.array([keep.index(v) for v in labels[mask]])
            x = images[mask].astype(np.float32)[:, None] / 255.0
            probs = np.concatenate([run_onnx(session, x[i:i + 256], ["probabilities"])["probabilities"]
                                    for i in range(0, len(x), 256)])
            pred, f = probs.argmax(1), figures(y, probs, meta["labels"])
            row[name] = {"accuracy": round(f["accuracy"], 4), "balanced": round(f["balanced_accuracy"], 4)}
            if (name, len(keep)) in first:
                row[name]["answers_changed"] = int((pred != first[(name, len(keep))]).sum())
            else:
                first[(name, len(keep))] = pred
        print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
