#!/usr/bin/env python3
"""Measures whether a second keypoint pass helps on held-out people: pass 1 cuts the face by the crop rule
around YuNet's box (as trained); pass 2 cuts it again around a box derived from the 68 landmarks that pass 1
predicted, calibrated on training people so that it has the detector box's average place and size (the
model then sees a face framed like its training crops, without the detector's jitter).
Prints the NME of the 15 points after each pass and the calibration.
Example:
  python conversion/experiments/measure_refinement.py --model-dir models-onnx/keypoints/1 \
      --data ../shared/data/landmarks68
"""

import argparse
import json
import os

import cv2
import numpy as np

from emotion_ai_train import metadata
from emotion_ai_train.crop import CropRule
from emotion_ai_train.data.landmarks68 import read_landmarks68
from emotion_ai_train.detector import DEFAULT_MODEL, YuNet
from emotion_ai_train.keypoint_task import match_face, to_kaggle, OUTER_CORNERS
from emotion_ai_train.onnx_export import onnx_session, run_onnx


def centre_and_scale(points):
    """Centroid and RMS radius of a landmark set: stable under the detector's jitter, unlike a box."""
    c = points.mean(axis=0)
    return c, float(np.sqrt(((points - c) ** 2).sum(axis=1).mean()))


def box_from_landmarks(points68, calib):
    c, s = centre_and_scale(points68)
    side = calib["side"] * s
    cx, cy = c + np.array([calib["dx"], calib["dy"]]) * s
    return np.array([cx - side / 2, cy - side / 2, side, side], np.float32)


def predict(session, rule, gray, box):
    crop, _ = rule.apply(gray, box, 96)
    x0, y0, side = rule.square(box)
    out = run_onnx(session, crop.astype(np.float32)[None, None] / 255.0, ["keypoints", "landmarks68"])
    to_image = lambda a, n: a.reshape(n, 2) * side + [x0, y0]
    return to_image(out["keypoints"], 15), to_image(out["landmarks68"], 68)


def calibrate(records, detector, limit):
    rows = []
    for rec in records[:limit]:
        gray = cv2.imread(rec.file, cv2.IMREAD_GRAYSCALE)
        face = match_face(detector.detect(gray), rec.points)
        if face is None:
            continue
        c, s = centre_and_scale(rec.points)
        x, y, w, h = face.box[:4]
        rows.append([(x + w / 2 - c[0]) / s, (y + h / 2 - c[1]) / s, (w + h) / 2 / s])
    med = np.median(np.array(rows), axis=0)
    return {"dx": float(med[0]), "dy": float(med[1]), "side": float(med[2]), "photos": len(rows)}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model-dir", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--detector", default=DEFAULT_MODEL)
    ap.add_argument("--calibration-photos", type=int, default=800)
    ap.add_argument("--passes", type=int, default=3)
    args = ap.parse_args(argv)
    meta = metadata.read(args.model_dir)
    people = set(meta["training"]["validation_people"])
    rule = CropRule.from_json(meta["preprocessing"]["crop"])
    session = onnx_session(os.path.join(args.model_dir, "model.onnx"))
    detector = YuNet(args.detector)
    records = list(read_landmarks68(args.data))
    train = [r for r in records if r.person not in people]
    np.random.default_rng(0).shuffle(train)
    calib = calibrate(train, detector, args.calibration_photos)
    errors = [[] for _ in range(args.passes)]
    for rec in records:
        if rec.person not in people:
            continue
        gray = cv2.imread(rec.file, cv2.IMREAD_GRAYSCALE)
        face = match_face(detector.detect(gray), rec.points)
        if face is None:
            continue
        truth = to_kaggle(rec.points[None])[0]
        iod = np.linalg.norm(truth[OUTER_CORNERS[0]] - truth[OUTER_CORNERS[1]])
        box = face.box[:4]
        for p in range(args.passes):
            pred15, pred68 = predict(session, rule, gray, box)
            errors[p].append(np.linalg.norm(pred15 - truth, axis=1).mean() / iod)
            box = box_from_landmarks(pred68, calib)
    report = {"calibration": calib, "photos": len(errors[0])}
    for p, e in enumerate(errors):
        e = np.array(e)
        report[f"pass {p + 1}"] = {"nme": float(e.mean()), "median": float(np.median(e)),
                                   "over_10pct": float((e > 0.1).mean())}
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
