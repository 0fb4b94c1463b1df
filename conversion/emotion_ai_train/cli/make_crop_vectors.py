"""The crop contract's shared test vectors (models-onnx/crop_vectors): a drawn test photo, fixed detector outputs
(box and five landmarks, upright, rolled, half outside the photo, tiny), and for every crop rule the committed
models use, the model's input image that the rule cuts (uint8, before `pixel * scale + offset`). The Python
pipeline (crop.py, align.py) writes them; the Java service's FaceCropper + TensorPacker and the Python tests must
both reproduce them (within one gray level: bilinear and area resampling round the same way in OpenCV 4.9 on
every platform tried, the level is slack for other builds). The photo is synthetic: no data from ../shared.
Example:
  emotion-ai-make-crop-vectors --models ../models-onnx
"""

import argparse
import json
import os

import cv2
import numpy as np

from emotion_ai_train import metadata
from emotion_ai_train.align import RULE_TYPE, FivePointRule
from emotion_ai_train.crop import CropRule

# x, y, w, h, then right eye, left eye, nose, right and left mouth corner (YuNet's order), in photo pixels
FACES = {
    "upright": [110, 60, 100, 120, 137, 105, 183, 105, 160, 135, 142, 160, 178, 160],
    "rolled": [40, 30, 70, 84, 55, 55, 88, 66, 68, 78, 56, 92, 81, 101],
    "half_outside": [250, 150, 100, 110, 270, 190, 310, 188, 292, 215, 275, 240, 305, 238],
    "tiny": [20, 190, 18, 22, 24, 197, 32, 197, 28, 202, 25, 206, 31, 206],
}


def test_photo(width=320, height=240, seed=0):
    """A gray photo with drawn faces over a textured background: gradients, noise and edges in every direction,
    so that any difference in sampling shows."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:height, 0:width]
    img = 90 + 60 * np.sin(xx / 17.0) * np.cos(yy / 23.0) + rng.normal(0, 12, (height, width))
    img = np.clip(img, 0, 255).astype(np.uint8)
    for name, f in FACES.items():
        x, y, w, h = f[:4]
        cv2.ellipse(img, (x + w // 2, y + h // 2), (w // 2, h // 2), 0, 0, 360, 200, -1)
        for px, py in np.array(f[4:]).reshape(5, 2):
            cv2.circle(img, (int(px), int(py)), max(1, w // 25), 30, -1)
        cv2.line(img, tuple(f[10:12]), tuple(f[12:14]), 60, max(1, w // 40))
    return img


def rules(models):
    """(rule id, model side, crop rule dict) for every distinct crop rule of the committed tensor models."""
    seen = {}
    for name in sorted(os.listdir(models)):
        folder = os.path.join(models, name)
        if not os.path.isdir(folder):
            continue
        for version in sorted(os.listdir(folder), key=lambda v: int(v) if v.isdigit() else -1):
            path = os.path.join(folder, version)
            if not os.path.isfile(os.path.join(path, "model.json")):
                continue
            meta = metadata.read(path)
            if "input" not in meta:
                continue
            crop, side = meta["preprocessing"]["crop"], meta["input"]["shape"][2]
            key = json.dumps([crop, side], sort_keys=True)
            seen.setdefault(key, (f"{name}-{version}", side, crop))
    return list(seen.values())


def cut(photo, face, rule, side):
    box, landmarks = np.array(face[:4], np.float32), np.array(face[4:], np.float32).reshape(5, 2)
    if rule["type"] == RULE_TYPE:
        return FivePointRule.from_json(rule).apply(photo, landmarks, side)
    crop, _ = CropRule.from_json(rule).apply(photo, box, side, landmarks5=landmarks)
    return crop


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--models", required=True, help="models-onnx: its crop rules, and where crop_vectors/ goes")
    args = ap.parse_args(argv)
    out = os.path.join(args.models, "crop_vectors")
    os.makedirs(out, exist_ok=True)
    photo = test_photo()
    cv2.imwrite(os.path.join(out, "photo.png"), photo)
    cases = []
    for rule_id, side, rule in rules(args.models):
        for face_name, face in FACES.items():
            name = f"{rule_id}_{face_name}.png"
            cv2.imwrite(os.path.join(out, name), cut(photo, face, rule, side))
            cases.append({"rule_from": rule_id, "crop": rule, "side": side, "face": face_name, "expected": name})
    doc = {"photo": "photo.png", "tolerance_gray_levels": 1,
           "faces": {k: {"box": v[:4], "landmarks5": v[4:]} for k, v in FACES.items()},
           "meaning": "expected = the model's input image (uint8) that `crop` cuts from `photo` for the face, before "
                      "pixel * scale + offset", "cases": cases}
    with open(os.path.join(out, "expected.json"), "w") as fh:
        json.dump(doc, fh, indent=1)
    print(f"wrote {len(cases)} cases for {len({c['rule_from'] for c in cases})} rules to {out}")


if __name__ == "__main__":
    main()
