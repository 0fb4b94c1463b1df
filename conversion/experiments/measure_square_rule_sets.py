#!/usr/bin/env python3
"""Square-crop-rule expression versions (emotion/1-10, 48x48) on the sets the MobileNetV2 family is validated on,
cut as the service cuts them: RAF-DB's validation tenth (its face crops sent whole, as /predict/emotion gets a face
crop) and KDEF's validation people (whole photos: YuNet's largest face, the version's crop rule), with the splits
of make_aligned_faces.py. Prints accuracy and balanced accuracy per set.
Example:
  PYTHONPATH=conversion python conversion/experiments/measure_square_rule_sets.py --shared ../shared \\
      models-onnx/emotion/7 models-onnx/emotion/10
"""

import argparse
import csv
import json
import os

import cv2
import numpy as np

from emotion_ai_train.cli.make_aligned_faces import BY_NAME, people_split
from emotion_ai_train.crop import CropRule
from emotion_ai_train.detector import YuNet, largest
from emotion_ai_train.expression_figures import figures
from emotion_ai_train.labels import FER2013_LABELS
from emotion_ai_train.onnx_export import onnx_session, run_onnx


def summary(probs, y, labels):
    f = figures(y, probs, labels)
    return {"accuracy": round(f["accuracy"], 4), "balanced": round(f["balanced_accuracy"], 4), "faces": f["samples"]}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folders", nargs="+")
    ap.add_argument("--shared", required=True)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    data = os.path.join(args.shared, "data")
    detector = YuNet(os.path.join(args.shared, "models", "face_detection_yunet", "face_detection_yunet_2023mar.onnx"))
    raf = list(csv.DictReader(open(os.path.join(data, "rafdb", "labels.csv"))))
    raf_val = [r for r, v in zip(raf, np.random.default_rng(args.seed).random(len(raf)) < 0.1) if v]
    raf_gray = [cv2.imread(os.path.join(data, "rafdb", "images", r["file"]), cv2.IMREAD_GRAYSCALE) for r in raf_val]
    raf_y = np.array([BY_NAME[r["label"]] for r in raf_val])
    kdef = list(csv.DictReader(open(os.path.join(data, "kdef", "labels.csv"))))
    val_people = people_split([r["person"] for r in kdef], 0.25, args.seed)
    kdef_val = [r for r in kdef if r["person"] in val_people]
    photos = []
    for r in kdef_val:
        gray = cv2.imread(os.path.join(data, "kdef", "images", r["file"]), cv2.IMREAD_GRAYSCALE)
        photos.append((gray, largest(detector.detect(gray)), BY_NAME[r["label"]], r["angle"]))
    for folder in args.folders:
        meta = json.load(open(os.path.join(folder, "model.json")))
        side = meta["input"]["shape"][2]
        keep = [FER2013_LABELS.index(n) for n in meta["labels"]]
        session = onnx_session(os.path.join(folder, meta["file"]))
        rule = CropRule.from_json(meta["preprocessing"]["crop"])

        def predict(crops):
            x = np.stack(crops).astype(np.float32)[:, None] / 255.0
            return np.concatenate([run_onnx(session, x[i:i + 256], ["probabilities"])["probabilities"]
                                   for i in range(0, len(x), 256)])
        row = {"folder": folder}
        mask = np.isin(raf_y, keep)
        probs = predict([cv2.resize(g, (side, side), interpolation=cv2.INTER_AREA)
                        for g, m in zip(raf_gray, mask) if m])
        row["rafdb_val"] = summary(probs, np.array([keep.index(v) for v in raf_y[mask]]), meta["labels"])
        found = [(g, f, y, a) for g, f, y, a in photos if f is not None and y in keep]
        crops = [rule.apply(g, f.box, side, landmarks5=f.landmarks5)[0] for g, f, _, _ in found]
        probs, y = predict(crops), np.array([keep.index(v) for _, _, v, _ in found])
        frontal = np.array([a == "S" for _, _, _, a in found])
        row["kdef_val_frontal"] = summary(probs[frontal], y[frontal], meta["labels"])
        row["kdef_val_all"] = summary(probs, y, meta["labels"])
        row["kdef_faces_found"] = round(sum(f is not None for _, f, _, _ in photos) / len(photos), 4)
        print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
