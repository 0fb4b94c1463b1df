#!/usr/bin/env python3
"""How well head pose follows the photo, per keypoint model: for held-out landmark photos (the people
keypoints/1 was validated on, spread like the Java tests pick them) it runs the service's path in Python (YuNet,
the model's crop rule, the model in ONNX Runtime, solvePnP on the service's mean face read from MeanFace.java)
on the photo, its mirror and its +-15 degree in-plane rotations, and prints how far yaw and roll are from the
ideal (mirror: yaw and roll negated; rotation: roll +-15), beside the pose of the annotated points.
Example:
  python conversion/experiments/measure_head_pose.py --model-dir models-onnx/keypoints/1 --photos 40
"""

import argparse
import json
import os
import re

import cv2
import numpy as np

from emotion_ai_train.crop import CropRule
from emotion_ai_train.data.landmarks68 import read_landmarks68
from emotion_ai_train.onnx_export import onnx_session, run_onnx
from emotion_ai_train.detector import YuNet

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
MEAN_FACE = os.path.join(ROOT, "src/main/java/ai/emotion/geometry/MeanFace.java")


def mean_face():
    rows = np.array([[float(v) for v in m.split(",")]
                     for m in re.findall(r"\{ ([-\d., ]+) \}", open(MEAN_FACE).read())])
    return rows[:, 0].astype(int), np.ascontiguousarray(rows[:, 1:])


def pose(points, w, h, index, model):
    f = max(w, h)
    k = np.array([[f, 0, w / 2], [0, f, h / 2], [0, 0, 1]], float)
    _, rvec, _ = cv2.solvePnP(model, points[index].astype(np.float64), k, np.zeros(4), flags=cv2.SOLVEPNP_SQPNP)
    r, _ = cv2.Rodrigues(rvec)
    return np.array([np.degrees(np.arcsin(r[2, 0])), -np.degrees(np.arctan2(r[2, 1], r[2, 2])),
                     np.degrees(np.arctan2(r[1, 0], r[0, 0]))])  # yaw, pitch, roll as HeadPoseEstimator


def landmarks(gray, detector, session, rule):
    faces = detector.detect(gray)
    if not faces:
        return None
    face = max(faces, key=lambda f: float(f.box[2] * f.box[3]))
    crop, _ = rule.apply(gray, face.box, 96, landmarks5=face.landmarks5)
    x0, y0, side = rule.square(face.box)
    out = run_onnx(session, crop.astype(np.float32)[None, None] / 255, ["landmarks68"])["landmarks68"][0]
    q = out * side + [x0, y0]
    a = np.radians(rule.eye_angle(face.landmarks5))
    c = np.array([x0 + side / 2, y0 + side / 2])
    rot = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
    return (q - c) @ rot.T + c


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model-dir", required=True)
    p.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data", "landmarks68"))
    p.add_argument("--detector", default=os.path.join(ROOT, "models-onnx/face-detector/1/face_detection_yunet_2023mar.onnx"))
    p.add_argument("--photos", type=int, default=8)
    args = p.parse_args()
    meta = json.load(open(os.path.join(args.model_dir, "model.json")))
    rule = CropRule.from_json(meta["preprocessing"]["crop"])
    people = set(json.load(open(os.path.join(ROOT, "models-onnx/keypoints/1/model.json")))["training"]["validation_people"])
    held = [r for r in read_landmarks68(args.data) if r.person in people]
    picked = held[::max(1, len(held) // args.photos)][:args.photos]
    session, detector = onnx_session(os.path.join(args.model_dir, "model.onnx")), YuNet(args.detector)
    index, model = mean_face()
    rows = []
    for rec in picked:
        gray = cv2.imread(rec.file, cv2.IMREAD_GRAYSCALE)
        h, w = gray.shape
        base = landmarks(gray, detector, session, rule)
        mirrored = landmarks(cv2.flip(gray, 1), detector, session, rule)
        turned = []
        for degrees in (15, -15):  # clockwise on screen, then counter-clockwise
            m = cv2.getRotationMatrix2D((w / 2, h / 2), -degrees, 1)
            turned.append(landmarks(cv2.warpAffine(gray, m, (w, h), borderValue=128), detector, session, rule))
        if base is None or mirrored is None or any(t is None for t in turned):
            continue
        p0, pm = pose(base, w, h, index, model), pose(mirrored, w, h, index, model)
        pr = [pose(t, w, h, index, model)[2] - p0[2] for t in turned]
        truth = pose(rec.points, w, h, index, model)
        rows.append([abs(pm[0] + p0[0]), abs(pm[2] + p0[2]), abs(pr[0] - 15), abs(pr[1] + 15),
                     abs(p0[0] - truth[0]), abs(p0[1] - truth[1]), abs(p0[2] - truth[2])])
    a = np.array(rows)
    names = ["mirror yaw", "mirror roll", "rot+15 roll", "rot-15 roll", "yaw vs truth", "pitch vs truth",
             "roll vs truth"]
    print(f"{args.model_dir} ({rule.rotate}), {len(a)} photos: error in degrees, mean / max / share within 3")
    for i, n in enumerate(names):
        print(f"  {n:15s} {a[:, i].mean():5.2f} {a[:, i].max():6.2f} {np.mean(a[:, i] <= 3):6.0%}")


if __name__ == "__main__":
    main()
