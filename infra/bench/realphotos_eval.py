"""Expression figures through the running service, as callers meet them: every photo of the realphotos split
held out from training (people disjoint from the training people; see conversion/emotion_ai_train/data/
realphotos.py) is posted whole to /api/v1/analyze and the largest face's answer is compared with its label;
beside it, every FER2013 PublicTest face through /api/v1/predict/emotion. Prints accuracy, balanced accuracy,
recall per class, the confusion matrix, faces found and the expected calibration error for each model version.

  .venv/bin/python infra/bench/realphotos_eval.py --url http://localhost:8080 --versions 2 3 \\
      --realphotos ../shared/data/realphotos --fer-data ../shared/data/fer2013/fer2013.csv.gz

Uses the conversion package (installed in .venv by .ci/install) for the split and the figures; photos of classes
a version lacks (emotion/1 has no Fear or Neutral) are left out of its figures.
"""
import argparse
import base64
import concurrent.futures
import json
import urllib.request

import cv2
import numpy as np

from emotion_ai_train.data.fer2013 import read_fer
from emotion_ai_train.data.realphotos import read_realphotos, split_by_person
from emotion_ai_train.expression_figures import figures, print_figures


def post(url, body, content_type):
    request = urllib.request.Request(url, data=body, headers={"Content-Type": content_type})
    with urllib.request.urlopen(request, timeout=60) as answer:
        return json.load(answer)


def analyze(url, version, file):
    with open(file, "rb") as fh:
        answer = post(f"{url}/api/v1/analyze?model_version={version}", fh.read(), "image/jpeg")
    return answer["faces"][0]["emotion"]["probabilities"] if answer["faces"] else None


def predict(url, version, image):
    png = base64.b64encode(cv2.imencode(".png", image)[1].tobytes()).decode()
    answer = post(f"{url}/api/v1/predict/emotion", json.dumps({"image": png, "model_version": version}).encode(),
                  "application/json")
    return answer["probabilities"]


def measure(version, items, call, workers):
    """items: (label name, argument for call); returns figures over the answered items and the answered share."""
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        answers = list(pool.map(lambda item: call(item[1]), items))
    labels = next(list(a) for a in answers if a is not None)
    kept = [(label, a) for (label, _), a in zip(items, answers) if a is not None and label in labels]
    y = np.array([labels.index(label) for label, _ in kept])
    probs = np.array([[a[name] for name in labels] for _, a in kept])
    in_set = sum(1 for label, _ in items if label in labels)
    return figures(y, probs, labels), len(kept) / max(1, in_set)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--url", default="http://localhost:8080")
    p.add_argument("--versions", nargs="+", default=["2"])
    p.add_argument("--realphotos", required=True, help="folder with labels.csv and images/")
    p.add_argument("--test-fraction", type=float, default=0.5)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--fer-data", help="fer2013.csv.gz: PublicTest figures beside")
    p.add_argument("--workers", type=int, default=4)
    p.add_argument("--json", help="write the figures here")
    args = p.parse_args()

    _, test = split_by_person(read_realphotos(args.realphotos), args.test_fraction, args.seed)
    photos = [(x.label, x.file) for x in test]
    fer = None
    if args.fer_data:
        from emotion_ai_train.labels import FER2013_LABELS
        public = read_fer(args.fer_data, usages={"PublicTest"}).split("PublicTest")
        fer = [(FER2013_LABELS[i], img) for i, img in zip(public.fer_ids, public.images)]
    out = {}
    for version in args.versions:
        real, found = measure(version, photos, lambda f: analyze(args.url, version, f), args.workers)
        real["faces_found_rate"] = found
        out[version] = {"realphotos": real}
        print_figures(f"emotion/{version} realphotos held-out people, whole photos (largest face; found in "
                      f"{found:.2%})", real)
        if fer is not None:
            out[version]["fer2013_publictest"], _ = measure(version, fer, lambda im: predict(args.url, version, im),
                                                            args.workers)
            print_figures(f"emotion/{version} FER2013 PublicTest faces", out[version]["fer2013_publictest"])
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(out, fh, indent=1)


if __name__ == "__main__":
    main()
