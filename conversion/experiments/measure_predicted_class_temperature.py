#!/usr/bin/env python3
"""Measures a calibration that keeps every answer's class: a temperature per predicted class, softmax(logits / T_c)
with c the class the uncalibrated (mirror-averaged) output picks, the same T_c for both mirror passes. One global
temperature cannot be exact for FER2013 (calibrated at T=1) and the real photos (under-confident there) at once;
this asks whether a temperature per predicted class can. The temperatures are fitted as fit_calibration.py
--objective max-ece-per-class fits them, on PublicTest and the real photos' validation people; the held-out test
people are only measured. Also prints where the test people's disgust photos go, by person.
Example (from conversion/):
  python experiments/measure_predicted_class_temperature.py --checkpoint checkpoints/emotion-3.pt \\
      --fer-data ../../shared/data/fer2013/fer2013.csv.gz --real-crops ../runs/realphoto-crops
"""

import argparse
import collections

import numpy as np
import torch

from emotion_ai_train.checkpoints import load_checkpoint
from emotion_ai_train.cli.fit_calibration import fit_max_ece, logits_both_views, output
from emotion_ai_train.cli.train_emotion import real_photo_tensors
from emotion_ai_train.data.fer2013 import read_fer
from emotion_ai_train.emotion_task import to_tensors
from emotion_ai_train.expression_figures import expected_calibration_error
from emotion_ai_train.labels import EMOTION_LABEL_SETS, fer_id_map


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

    no_bias = torch.zeros(k)

    def report(tag, temperature):
        parts = []
        for name, (a, b, y) in sets.items():
            probs = output(a, b, temperature, no_bias).numpy()
            parts.append(f"{name} acc {(probs.argmax(1) == y).mean():.2%} ECE "
                         f"{expected_calibration_error(probs, y):.2%}")
        print(f"{tag}: " + "; ".join(parts))

    fit_sets = [(a, b, torch.from_numpy(y)) for name, (a, b, y) in sets.items() if name != "realphotos_test"]
    report("T = 1", 1.0)
    best_global = fit_max_ece(fit_sets, k, per_class=False)
    report(f"one temperature {best_global:.2f}", best_global)
    temperatures = fit_max_ece(fit_sets, k, per_class=True)
    print("temperature per predicted class: " + ", ".join(f"{n} {t:.2f}" for n, t in zip(labels, temperatures)))
    report("per predicted class", temperatures)

    a, b, y = sets["realphotos_test"]
    pred = output(a, b, temperatures, no_bias).numpy().argmax(1)
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
