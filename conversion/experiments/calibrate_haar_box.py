#!/usr/bin/env python3
"""Measures how OpenCV's Haar frontal-face box relates to YuNet's box on the landmark photos, so that the
service's Haar fallback can turn its boxes into YuNet-like boxes before applying the models' crop rules
(which were calibrated on YuNet boxes). Prints the medians and quartiles; the service hard-codes the medians.
Example (the cascade comes from the org.bytedeco:opencv linux jar, as in the service build):
  python conversion/experiments/calibrate_haar_box.py --data ../shared/data/landmarks68 \
      --cascade haarcascade_frontalface_default.xml
"""

import argparse

import cv2
import numpy as np

from emotion_ai_train.data.landmarks68 import read_landmarks68
from emotion_ai_train.detector import DEFAULT_MODEL, YuNet
from emotion_ai_train.keypoint_task import match_face


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True)
    ap.add_argument("--cascade", required=True, help="haarcascade_frontalface_default.xml")
    ap.add_argument("--detector", default=DEFAULT_MODEL)
    ap.add_argument("--every", type=int, default=6, help="use every n-th photo")
    args = ap.parse_args(argv)
    yunet, haar = YuNet(args.detector), cv2.CascadeClassifier(args.cascade)
    rows, photos = [], read_landmarks68(args.data)[::args.every]
    for rec in photos:
        gray = cv2.imread(rec.file, cv2.IMREAD_GRAYSCALE)
        face = match_face(yunet.detect(gray), rec.points)
        cx, cy = rec.points.mean(axis=0)
        boxes = [b for b in haar.detectMultiScale(gray, 1.1, 5, minSize=(20, 20))
                 if b[0] <= cx <= b[0] + b[2] and b[1] <= cy <= b[1] + b[3]]
        if face is None or not boxes:
            continue
        hx, hy, hw, hh = boxes[0]
        x, y, w, h = face.box
        rows.append(((x + w / 2 - (hx + hw / 2)) / hw, (y + h / 2 - (hy + hh / 2)) / hh, w / hw, h / hh))
    a = np.array(rows)
    print(f"{len(rows)} of {len(photos)} photos with both boxes; columns: centre shift x (Haar widths), "
          f"centre shift y (Haar heights), YuNet width / Haar width, YuNet height / Haar height")
    for name, q in (("median", 50), ("q1", 25), ("q3", 75)):
        print(f"{name:7s}", np.percentile(a, q, axis=0).round(3))


if __name__ == "__main__":
    main()
