#!/usr/bin/env python3
"""Measures whether eye-line alignment helps the keypoint model on held-out people: each photo is cut by
the crop rule as trained (no rotation) and, second, after rotating the photo about the box centre so that
YuNet's two eye landmarks lie level; the points are rotated back and both NMEs printed.
Example:
  python conversion/experiments/measure_alignment.py --model-dir models-onnx/keypoints/1 \
      --data ../shared/data/landmarks68
"""

import argparse
import json
import math
import os

import cv2
import numpy as np

from emotion_ai_train import metadata
from emotion_ai_train.crop import CropRule
from emotion_ai_train.data.landmarks68 import read_landmarks68
from emotion_ai_train.detector import DEFAULT_MODEL, YuNet
from emotion_ai_train.keypoint_task import match_face, to_kaggle, OUTER_CORNERS
from emotion_ai_train.onnx_export import onnx_session, run_onnx


def predict(session, rule, gray, box):
    crop, _ = rule.apply(gray, box, 96)
    x0, y0, side = rule.square(box)
    out = run_onnx(session, crop.astype(np.float32)[None, None] / 255.0, ["keypoints"])["keypoints"].reshape(15, 2)
    return out * side + [x0, y0]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model-dir", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--detector", default=DEFAULT_MODEL)
    args = ap.parse_args(argv)
    meta = metadata.read(args.model_dir)
    people = set(meta["training"]["validation_people"])
    rule = CropRule.from_json(meta["preprocessing"]["crop"])
    session = onnx_session(os.path.join(args.model_dir, "model.onnx"))
    detector = YuNet(args.detector)
    errors = {"as trained": [], "eye-line aligned": []}
    for rec in read_landmarks68(args.data):
        if rec.person not in people:
            continue
        gray = cv2.imread(rec.file, cv2.IMREAD_GRAYSCALE)
        face = match_face(detector.detect(gray), rec.points)
        if face is None:
            continue
        truth = to_kaggle(rec.points[None])[0]
        iod = np.linalg.norm(truth[OUTER_CORNERS[0]] - truth[OUTER_CORNERS[1]])
        plain = predict(session, rule, gray, face.box)
        (rx, ry), (lx, ly) = face.landmarks5[0], face.landmarks5[1]
        angle = math.degrees(math.atan2(ly - ry, lx - rx))
        centre = (float(face.box[0] + face.box[2] / 2), float(face.box[1] + face.box[3] / 2))
        rot = cv2.getRotationMatrix2D(centre, angle, 1.0)
        level = cv2.warpAffine(gray, rot, (gray.shape[1], gray.shape[0]), flags=cv2.INTER_LINEAR,
                               borderMode=cv2.BORDER_REPLICATE)
        aligned = predict(session, rule, level, face.box)
        back = cv2.invertAffineTransform(rot)
        aligned = aligned @ back[:, :2].T + back[:, 2]
        for key, pred in (("as trained", plain), ("eye-line aligned", aligned)):
            errors[key].append(np.linalg.norm(pred - truth, axis=1).mean() / iod)
    report = {k: float(np.mean(v)) for k, v in errors.items()}
    report["photos"] = len(errors["as trained"])
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
