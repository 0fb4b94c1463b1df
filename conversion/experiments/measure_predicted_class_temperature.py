#!/usr/bin/env python3
"""Measures a calibration that keeps every answer's class: a temperature per predicted class, softmax(logits / T_c)
with c the class the uncalibrated (mirror-averaged) output picks, the same T_c for both mirror passes. One global
temperature cannot be exact for FER2013 (calibrated at T=1) and the real photos (under-confident there) at once;
this asks whether a temperature per predicted class can. The temperatures are searched on a 0.01 grid, one class at
a time, to minimise the larger ECE of PublicTest and the real photos' validation people (fit_calibration.py's
fit sets); the held-out test people are only measured. Also prints where the test people's disgust photos go, by
person. An experiment: no export uses this form yet.
Example (from conversion/):
  python experiments/measure_predicted_class_temperature.py --checkpoint checkpoints/emotion-3.pt \\
      --fer-data ../../shared/data/fer2013/fer2013.csv.gz --real-crops ../runs/realphoto-crops
"""

import argparse
import collections

import numpy as np
import torch

from emotion_ai_train.checkpoints import load_checkpoint
from emotion_ai_train.cli.fit_calibration import logits_both_views
from emotion_ai_train.cli.train_emotion import real_photo_tensors
from emotion_ai_train.data.fer2013 import read_fer
from emotion_ai_train.emotion_task import to_tensors
from emotion_ai_train.expression_figures import expected_calibration_error
from emotion_ai_train.labels import EMOTION_LABEL_SETS, fer_id_map


def calibrated(plain, mirrored, inverse_t):
    """Both passes scaled by the inverse temperature of the class their uncalibrated average picks."""
    picked = ((plain.softmax(1) + mirrored.softmax(1)) / 2).argmax(1)
    scale = inverse_t[picked][:, None]
    return (((plain * scale).softmax(1) + (mirrored * scale).softmax(1)) / 2).numpy()


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--checkpoint", required=True)
    p.add_argument("--fer-data", required=True)
    p.add_argument("--real-crops", required=True, help="folder from make_realphoto_crops.py")
    p.add_argument("--threads", type=int, default=2)
    args = p.parse_args(argv)
    torch.set_num_threads(args.threads)
    net, state = load_checkpoint(args.checkpoint)
    net.eval()
    label_set = state["config"]["extra"]["args"]["label_set"]
    labels = EMOTION_LABEL_SETS[label_set]
    fer_x, fer_y = to_tensors(read_fer(args.fer_data, usages={"PublicTest"}).split("PublicTest"), label_set)
    _, (val_x, val_y) = real_photo_tensors(args.real_crops, label_set, 0.25, 0)
    test = np.load(f"{args.real_crops}/test.npz")
    mapping = fer_id_map(label_set)
    test_x = torch.from_numpy(test["images"]).float().div_(255).unsqueeze(1)
    test_y = torch.tensor([mapping[i] for i in test["fer_ids"]])
    sets = {name: (*logits_both_views(net, x), y.numpy()) for name, x, y in
            (("fer2013_publictest", fer_x, fer_y), ("realphotos_validation", val_x, val_y),
             ("realphotos_test", test_x, test_y))}
    k = len(labels)

    def report(tag, inverse_t):
        parts = []
        for name, (a, b, y) in sets.items():
            probs = calibrated(a, b, inverse_t)
            parts.append(f"{name} acc {(probs.argmax(1) == y).mean():.2%} ECE "
                         f"{expected_calibration_error(probs, y):.2%}")
        print(f"{tag}: " + "; ".join(parts))

    def fit_objective(inverse_t):
        return max(expected_calibration_error(calibrated(a, b, inverse_t), y)
                   for name, (a, b, y) in sets.items() if name != "realphotos_test")

    report("T = 1", torch.ones(k))
    best_global = min(np.arange(0.5, 1.5001, 0.01), key=lambda t: fit_objective(torch.full((k,), 1 / t)))
    report(f"one temperature {best_global:.2f}", torch.full((k,), 1 / best_global))
    inverse_t = torch.full((k,), 1 / best_global)
    grid = 1 / torch.arange(0.5, 1.6, 0.01)
    for _ in range(2):
        for c in range(k):
            inverse_t[c] = min(grid, key=lambda g: fit_objective(torch.where(torch.arange(k) == c, g, inverse_t)))
    print("temperature per predicted class: " + ", ".join(f"{n} {1 / float(v):.2f}" for n, v in zip(labels, inverse_t)))
    report("per predicted class", inverse_t)

    a, b, y = sets["realphotos_test"]
    pred = calibrated(a, b, inverse_t).argmax(1)
    disgust = labels.index("Disgust") if "Disgust" in labels else None
    if disgust is not None:
        by_person = collections.defaultdict(collections.Counter)
        for person, truth, guess in zip(test["people"], y, pred):
            if truth == disgust:
                by_person[person][labels[guess]] += 1
        for person, answers in sorted(by_person.items(), key=lambda kv: -sum(kv[1].values())):
            print(f"disgust photos of {person}: {sum(answers.values())}, answered {dict(answers.most_common())}")


if __name__ == "__main__":
    main()
