"""Robustness curves: accuracy of emotion model versions on FER2013 PublicTest under the degradations real photos
bring: resolution loss (shrink then enlarge), Gaussian blur, JPEG compression, Gaussian noise, lowered contrast,
and the detector box's jitter (the crop shifted and rescaled, border replicated). Each row is one level; level 0
is the clean set. Runs the ONNX files in ONNX Runtime; degradations are seeded.
Example:
  emotion-ai-robustness --model-dir models-onnx/emotion/2 models-onnx/emotion/3 \\
      --fer-data ../shared/data/fer2013/fer2013.csv.gz
"""

import argparse
import json

import cv2
import numpy as np

from emotion_ai_train import metadata
from emotion_ai_train.cli.evaluate_realphotos import probabilities
from emotion_ai_train.data.fer2013 import read_fer
from emotion_ai_train.expression_figures import model_labels_of


def downscale(img, side, rng):
    small = cv2.resize(img, (side, side), interpolation=cv2.INTER_AREA)
    return cv2.resize(small, img.shape[::-1], interpolation=cv2.INTER_LINEAR)


def blur(img, sigma, rng):
    return cv2.GaussianBlur(img, (0, 0), sigma)


def jpeg(img, quality, rng):
    return cv2.imdecode(cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, quality])[1], cv2.IMREAD_GRAYSCALE)


def noise(img, std, rng):
    return np.clip(img + rng.normal(0, std, img.shape), 0, 255).astype(np.uint8)


def contrast(img, factor, rng):
    mean = img.mean()
    return np.clip((img - mean) * factor + mean, 0, 255).astype(np.uint8)


def jitter(img, amount, rng):
    """Shift by up to `amount` of the side and rescale by 1 +- amount, as a detector box that moved."""
    side = img.shape[0]
    dx, dy = rng.uniform(-amount, amount, 2) * side
    s = 1 + rng.uniform(-amount, amount)
    m = np.array([[s, 0, (1 - s) * side / 2 + dx], [0, s, (1 - s) * side / 2 + dy]], np.float32)
    return cv2.warpAffine(img, m, (side, side), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


DEGRADATIONS = {
    "resolution (px)": (downscale, [32, 24, 16, 12]),
    "blur (sigma px)": (blur, [0.5, 1.0, 1.5, 2.0]),
    "jpeg (quality)": (jpeg, [70, 40, 20, 10]),
    "noise (std)": (noise, [5, 10, 20, 30]),
    "contrast (x)": (contrast, [0.7, 0.5, 0.3, 0.2]),
    "box jitter (share)": (jitter, [0.05, 0.1, 0.15, 0.2]),
}


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model-dir", nargs="+", required=True)
    p.add_argument("--fer-data", required=True)
    p.add_argument("--json", help="write the curves here")
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(argv)
    fer = read_fer(args.fer_data, usages={"PublicTest"}).split("PublicTest")
    models = [(f"{metadata.read(d)['name']}/{metadata.read(d)['version']}", d, metadata.read(d)["labels"])
              for d in args.model_dir]

    def accuracy(images, model_dir, labels):
        y = model_labels_of(fer.fer_ids, labels)
        keep = y >= 0
        probs = probabilities(f"{model_dir}/model.onnx", images[keep].astype(np.float32)[:, None] / 255.0)
        return float((probs.argmax(1) == y[keep]).mean())

    curves = {}
    print(f"{'degradation':20s} {'level':>6s} " + " ".join(f"{name:>11s}" for name, _, _ in models))
    clean = [accuracy(fer.images, d, labels) for _, d, labels in models]
    print(f"{'clean':20s} {'-':>6s} " + " ".join(f"{a:11.2%}" for a in clean))
    for kind, (fn, levels) in DEGRADATIONS.items():
        curves[kind] = {}
        for level in levels:
            rng = np.random.default_rng(args.seed)
            degraded = np.stack([fn(img, level, rng) for img in fer.images])
            accs = [accuracy(degraded, d, labels) for _, d, labels in models]
            curves[kind][str(level)] = dict(zip([n for n, _, _ in models], accs))
            print(f"{kind:20s} {level:>6} " + " ".join(f"{a:11.2%}" for a in accs), flush=True)
    if args.json:
        with open(args.json, "w") as fh:
            json.dump({"clean": dict(zip([n for n, _, _ in models], clean)), "curves": curves}, fh, indent=1)


if __name__ == "__main__":
    main()
