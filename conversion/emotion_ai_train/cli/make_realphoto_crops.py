"""Finds the largest face of every real photo with YuNet (as the service does), cuts it by an emotion model's
crop rule, and writes train/test .npz files split by person (see data/realphotos.py for the split).

The crops are what the service's whole-photo path feeds the emotion model, so figures on them match
/api/v1/analyze (the service-side measurement, infra/bench/realphotos_eval.py, checks it).
Example:
  emotion-ai-make-realphoto-crops --data ../shared/data/realphotos --model-dir models-onnx/emotion/2 \\
      --out runs/realphoto-crops
"""

import argparse
import json
import os

import cv2
import numpy as np

from emotion_ai_train import metadata
from emotion_ai_train.crop import CropRule
from emotion_ai_train.data.realphotos import read_realphotos, split_by_person
from emotion_ai_train.detector import DEFAULT_MODEL, YuNet, largest
from emotion_ai_train.labels import FER2013_LABELS


def make_crops(photos, detector, rule, side):
    images, labels, people, files, boxes, misses = [], [], [], [], [], []
    for p in photos:
        gray = cv2.imread(p.file, cv2.IMREAD_GRAYSCALE)
        face = largest(detector.detect(gray))
        if face is None:
            misses.append(os.path.basename(p.file))
            continue
        crop, _ = rule.apply(gray, face.box, side, landmarks5=face.landmarks5)
        images.append(crop)
        labels.append(FER2013_LABELS.index(p.label))
        people.append(p.person)
        files.append(os.path.basename(p.file))
        boxes.append(face.box)
    return {"images": np.stack(images), "fer_ids": np.array(labels, np.int64), "people": np.array(people),
            "files": np.array(files), "boxes": np.stack(boxes)}, misses


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", required=True, help="folder holding labels.csv and images/")
    p.add_argument("--model-dir", required=True, help="an emotion model folder: its model.json gives the crop rule")
    p.add_argument("--detector", default=DEFAULT_MODEL, help="YuNet ONNX file")
    p.add_argument("--out", required=True)
    p.add_argument("--test-fraction", type=float, default=0.5, help="share of people held out for measurement")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--limit", type=int, help="first N photos only (smoke runs)")
    args = p.parse_args(argv)

    pre = metadata.read(args.model_dir)["preprocessing"]
    rule, side = CropRule.from_json(pre["crop"]), pre["width"]
    photos = read_realphotos(args.data, limit=args.limit)
    train, test = split_by_person(photos, args.test_fraction, args.seed)
    detector = YuNet(args.detector)
    os.makedirs(args.out, exist_ok=True)
    report = {"crop_rule": rule.to_json(), "side": side, "test_fraction": args.test_fraction, "seed": args.seed,
              "test_people": sorted({x.person for x in test})}
    for name, part in (("train", train), ("test", test)):
        arrays, misses = make_crops(part, detector, rule, side)
        np.savez_compressed(os.path.join(args.out, f"{name}.npz"), **arrays)
        per_class = {label: int((arrays["fer_ids"] == i).sum()) for i, label in enumerate(FER2013_LABELS)}
        report[name] = {"photos": len(part), "people": len({x.person for x in part}), "faces": len(arrays["images"]),
                        "found_rate": len(arrays["images"]) / len(part), "per_class": per_class, "misses": misses}
        print(f"{name}: {len(part)} photos of {report[name]['people']} people, face found in "
              f"{report[name]['found_rate']:.2%}; per class {per_class}", flush=True)
    with open(os.path.join(args.out, "crops.json"), "w") as fh:
        json.dump(report, fh, indent=1)


if __name__ == "__main__":
    main()
