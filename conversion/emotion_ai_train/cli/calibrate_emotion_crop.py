"""Calibrates the emotion crop rule: how a FER2013 frame relates to the face detector's box.

FER2013 faces are loose crops found by image search, not detector boxes. Each Training face is upscaled
(48 -> 4x), padded with replicated border so the detector sees the whole head, and run through YuNet; the
frame's side and centre are then expressed in units of the detected box. The medians become the rule that
the service uses to cut a face from a photo so that it looks like the faces the network learned from.
Only Training rows are used (PublicTest stays for evaluation).
"""

import argparse
import json

import cv2
import numpy as np

from emotion_ai_train.crop import CropRule
from emotion_ai_train.data.fer2013 import read_fer
from emotion_ai_train.detector import DEFAULT_MODEL, YuNet
from emotion_ai_train.progress import Progress


def calibrate(images, detector, upscale=4, pad=0.5):
    """Returns per-face (scale, shift_x, shift_y) and the number of faces the detector missed."""
    rows, missed = [], 0
    progress = Progress("calibrate", len(images))
    for i, face48 in enumerate(images):
        big = cv2.resize(face48, None, fx=upscale, fy=upscale, interpolation=cv2.INTER_CUBIC)
        side = big.shape[0]
        p = int(side * pad)
        framed = cv2.copyMakeBorder(big, p, p, p, p, cv2.BORDER_REPLICATE)
        faces = detector.detect(framed)
        progress.step(i)
        if not faces:
            missed += 1
            continue
        x, y, w, h = faces[0].box
        frame_cx = frame_cy = p + side / 2
        rows.append((side / ((w + h) / 2), (frame_cx - (x + w / 2)) / w, (frame_cy - (y + h / 2)) / h))
    return np.array(rows, np.float64), missed


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True, help="fer2013.csv[.gz] or image-folder root")
    ap.add_argument("--detector", default=DEFAULT_MODEL)
    ap.add_argument("--samples", type=int, default=3000, help="Training faces to use (random, seeded)")
    ap.add_argument("--out", required=True, help="JSON file for the rule and its statistics")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)

    train = read_fer(args.data, usages={"Training"}).split("Training")
    pick = np.random.default_rng(args.seed).choice(len(train.images), min(args.samples, len(train.images)),
                                                    replace=False)
    rows, missed = calibrate(train.images[pick], YuNet(args.detector))
    med = np.median(rows, axis=0)
    q1, q3 = np.percentile(rows, 25, axis=0), np.percentile(rows, 75, axis=0)
    rule = CropRule(scale=round(float(med[0]), 3), shift_x=round(float(med[1]), 3), shift_y=round(float(med[2]), 3))
    report = {"crop_rule": rule.to_json(), "faces": len(pick), "detected": len(rows),
              "detection_rate": len(rows) / len(pick), "missed": missed,
              "iqr": {k: [float(a), float(b)] for k, a, b in zip(("scale", "shift_x", "shift_y"), q1, q3)}}
    with open(args.out, "w") as fh:
        json.dump(report, fh, indent=1)
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
