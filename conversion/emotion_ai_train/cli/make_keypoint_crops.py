"""Detects faces with YuNet in the 68-landmark photo set, cuts 96x96 gray crops with the keypoint crop rule
(the rule the service applies at run time) and writes train/validation .npz files split by person."""

import argparse
import json
import os

import numpy as np

from emotion_ai_train.crop import CropRule
from emotion_ai_train.data.landmarks68 import read_landmarks68, split_by_person
from emotion_ai_train.detector import DEFAULT_MODEL, YuNet
from emotion_ai_train.keypoint_task import DEFAULT_RULE, make_crops


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--data", required=True, help="folder holding landmarks68.csv and images/")
    p.add_argument("--detector", default=DEFAULT_MODEL, help="YuNet ONNX file")
    p.add_argument("--out", required=True, help="output folder for train.npz, val.npz, crops.json")
    p.add_argument("--scale", type=float, default=DEFAULT_RULE.scale, help="crop side / mean box side")
    p.add_argument("--rotate", choices=("none", "eye_line"), default="none",
                   help="eye_line: turn each crop so that the detector's eyes lie level (keypoints/2)")
    p.add_argument("--val-fraction", type=float, default=0.15, help="share of people held out")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--limit", type=int, help="first N photos only (smoke runs)")
    args = p.parse_args(argv)

    records = read_landmarks68(args.data, limit=args.limit)
    train, val = split_by_person(records, args.val_fraction, args.seed)
    rule = CropRule(scale=args.scale, rotate=args.rotate)
    detector = YuNet(args.detector)
    os.makedirs(args.out, exist_ok=True)
    report = {"crop_rule": rule.to_json(), "val_fraction": args.val_fraction, "seed": args.seed,
              "val_people": sorted({r.person for r in val})}
    for name, part in (("train", train), ("val", val)):
        arrays, misses = make_crops(part, detector, rule)
        np.savez_compressed(os.path.join(args.out, f"{name}.npz"), **arrays)
        inside = ((arrays["points68"] >= 0) & (arrays["points68"] <= 1)).all(axis=(1, 2)).mean()
        report[name] = {"photos": len(part), "people": len({r.person for r in part}),
                        "faces_found": len(arrays["images"]), "found_rate": len(arrays["images"]) / len(part),
                        "misses": misses, "all_points_inside_crop": float(inside)}
        print(f"{name}: {len(part)} photos of {report[name]['people']} people, face found in "
              f"{report[name]['found_rate']:.2%}, all 68 points inside the crop in {inside:.2%}", flush=True)
    with open(os.path.join(args.out, "crops.json"), "w") as fh:
        json.dump(report, fh, indent=1)


if __name__ == "__main__":
    main()
