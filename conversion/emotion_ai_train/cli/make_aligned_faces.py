"""Five-point aligned gray faces of every expression set in ../shared/data, as the service will cut them
(crop rule five_point_similarity, align.py), for the MobileNetV2 expression family (train_mobilenet_emotion.py).

- RAF-DB train: its 100x100 crops re-aligned to the template (RAF-DB's own alignment varies in scale by +-15%),
  the template estimated from RAF-DB itself; a crop YuNet cannot find a face in is kept as RAF-DB aligned it.
  Split: a random tenth for validation (RAF-DB publishes no person ids), seed fixed.
- FER2013 Training / PublicTest: 48x48 crops, upscaled for YuNet; no face found: the crop resized whole.
- realphotos: the largest face of each photo; people split as make_realphoto_crops.py does (half held out for
  test), and a quarter of the training people for validation.
- KDEF: the largest face; a seeded quarter of its people for validation; no face found (profiles): left out,
  counted in the report.
Writes <out>/<set>.npz (images uint8 [N, side, side], labels = FER2013 ids, split, person, aligned, angle) and
<out>/faces.json (template, counts, found rates). `--color` keeps the photos' colour: images [N, side, side, 3]
RGB, each face cut by the same transform as its gray row (the detector still runs on the gray decode); FER2013
has no colour and stays [N, side, side].
Example:
  emotion-ai-make-aligned-faces --shared ../../shared --out ../runs/aligned112
"""

import argparse
import csv
import json
import os
import time

import cv2
import numpy as np

from emotion_ai_train.align import FivePointRule, detect_padded, estimate_template
from emotion_ai_train.data.fer2013 import read_fer_csv
from emotion_ai_train.data.realphotos import read_realphotos, split_by_person
from emotion_ai_train.detector import YuNet, largest
from emotion_ai_train.labels import FER2013_LABELS

RAF_SIDE = 100
BY_NAME = {name.lower(): i for i, name in enumerate(FER2013_LABELS)}


def people_split(people, fraction, seed):
    names = sorted(set(people))
    rng = np.random.default_rng(seed)
    rng.shuffle(names)
    return set(names[:int(round(len(names) * fraction))])


def subsample(items, limit, seed):
    """`limit` items spread over the whole list (smoke runs), in order; all of them without a limit."""
    if not limit or limit >= len(items):
        return items
    return [items[i] for i in np.sort(np.random.default_rng(seed).choice(len(items), limit, False))]


def read(path, color):
    """(the image the face is cut from: gray, or RGB with `color`; the gray decode the detector runs on)."""
    gray = cv2.imread(path, cv2.IMREAD_GRAYSCALE)
    return (cv2.cvtColor(cv2.imread(path, cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB) if color else gray), gray


def rafdb(root, detector, rule, side, seed, limit=None, color=False):
    rows = subsample(list(csv.DictReader(open(os.path.join(root, "labels.csv")))), limit, seed)
    val = np.random.default_rng(seed).random(len(rows)) < 0.1
    images, aligned = [], []
    for row in rows:
        image, gray = read(os.path.join(root, "images", row["file"]), color)
        face = detect_padded(detector, gray)
        aligned.append(face is not None)
        images.append(rule.apply(image, face.landmarks5, side) if face is not None
                      else cv2.resize(image, (side, side), interpolation=cv2.INTER_LINEAR))
    return dict(images=np.stack(images), labels=np.array([BY_NAME[r["label"]] for r in rows]),
                split=np.where(val, "val", "train"), person=np.array([r["file"] for r in rows]),
                aligned=np.array(aligned), angle=np.array(["S"] * len(rows)))


def fer(path, detector, rule, side, limit=None):
    data = read_fer_csv(path, usages={"Training", "PublicTest"}, limit=limit)
    images, aligned = [], []
    for img in data.images:
        face = detect_padded(detector, img, upscale=3.0)
        aligned.append(face is not None)
        images.append(rule.apply(img, face.landmarks5, side) if face is not None
                      else cv2.resize(img, (side, side), interpolation=cv2.INTER_LINEAR))
    split = np.where(np.asarray(data.usage) == "PublicTest", "test", "train")
    return dict(images=np.stack(images), labels=np.asarray(data.fer_ids), split=split,
                person=np.array([""] * len(images)), aligned=np.array(aligned), angle=np.array(["S"] * len(images)))


def photos(items, detector, rule, side, color=False):
    """items: (path, label id, person, split, angle); faces not found are left out and counted."""
    out = {k: [] for k in ("images", "labels", "split", "person", "aligned", "angle")}
    missed = {}
    for path, label, person, split, angle in items:
        image, gray = read(path, color)
        face = largest(detector.detect(gray))
        if face is None:
            missed[f"{split}/{angle}"] = missed.get(f"{split}/{angle}", 0) + 1
            continue
        for key, value in zip(out, (rule.apply(image, face.landmarks5, side), label, split, person, True, angle)):
            out[key].append(value)
    return {k: np.stack(v) if k == "images" else np.array(v) for k, v in out.items()}, missed


def realphotos(root, detector, rule, side, seed, limit=None, color=False):
    photos_ = read_realphotos(root)
    train, test = split_by_person(photos_, 0.5, 0)  # make_realphoto_crops.py's held-out people
    val_people = people_split([p.person for p in train], 0.25, seed)
    items = [(p.file, BY_NAME[p.label.lower()], p.person, "val" if p.person in val_people else "train", "S")
             for p in train] + [(p.file, BY_NAME[p.label.lower()], p.person, "test", "S") for p in test]
    return photos(subsample(items, limit, seed), detector, rule, side, color)


def kdef(root, detector, rule, side, seed, limit=None, color=False):
    rows = list(csv.DictReader(open(os.path.join(root, "labels.csv"))))
    val_people = people_split([r["person"] for r in rows], 0.25, seed)
    items = [(os.path.join(root, "images", r["file"]), BY_NAME[r["label"]], r["person"],
              "val" if r["person"] in val_people else "train", r["angle"]) for r in rows]
    return photos(subsample(items, limit, seed), detector, rule, side, color)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", required=True, help="the ../shared folder (data/ and models/)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--side", type=int, default=112)
    ap.add_argument("--template-faces", type=int, default=2000, help="RAF-DB faces the template is estimated from")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--sets", default="rafdb,fer2013,realphotos,kdef")
    ap.add_argument("--color", action="store_true", help="RGB faces (FER2013 stays gray)")
    ap.add_argument("--limit", type=int, help="N faces of each set, spread over it (FER2013: N per usage; smoke runs)")
    args = ap.parse_args(argv)
    data = os.path.join(args.shared, "data")
    detector = YuNet(os.path.join(args.shared, "models", "face_detection_yunet", "face_detection_yunet_2023mar.onnx"))
    os.makedirs(args.out, exist_ok=True)
    raf_files = sorted(os.listdir(os.path.join(data, "rafdb", "images")))
    pick = np.random.default_rng(args.seed).choice(len(raf_files), min(args.template_faces, len(raf_files)), False)
    template, found = estimate_template(
        detector, [cv2.imread(os.path.join(data, "rafdb", "images", raf_files[i]), cv2.IMREAD_GRAYSCALE)
                   for i in pick], RAF_SIDE)
    rule = FivePointRule(template * args.side / RAF_SIDE, args.side)
    report = {"crop_rule": rule.to_json(), "side": args.side, "seed": args.seed, "color": args.color,
              "template_from": {"data": "RAF-DB train, aligned 100x100", "faces": int(len(pick)), "found": found,
                                "statistic": "median of YuNet's five points (image padded by half its side)"}}
    for name in args.sets.split(","):
        start = time.time()
        if name == "rafdb":
            arrays, missed = rafdb(os.path.join(data, "rafdb"), detector, rule, args.side, args.seed, args.limit,
                                   args.color), {}
        elif name == "fer2013":
            arrays, missed = fer(os.path.join(data, "fer2013", "fer2013.csv.gz"), detector, rule, args.side,
                                 args.limit), {}
        elif name == "realphotos":
            arrays, missed = realphotos(os.path.join(data, "realphotos"), detector, rule, args.side, args.seed,
                                        args.limit, args.color)
        else:
            arrays, missed = kdef(os.path.join(data, "kdef"), detector, rule, args.side, args.seed, args.limit,
                                  args.color)
        np.savez(os.path.join(args.out, f"{name}.npz"), **arrays)
        report[name] = {"faces": int(len(arrays["labels"])), "aligned": float(arrays["aligned"].mean()),
                        "not_found": missed,
                        "per_split": {s: int((arrays["split"] == s).sum()) for s in sorted(set(arrays["split"]))}}
        print(name, json.dumps(report[name]), f"{time.time() - start:.0f} s", flush=True)
    with open(os.path.join(args.out, "faces.json"), "w") as fh:
        json.dump(report, fh, indent=1)


if __name__ == "__main__":
    main()
