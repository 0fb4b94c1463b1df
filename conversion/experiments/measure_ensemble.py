#!/usr/bin/env python3
"""Measures the ceiling of the trained emotion networks: FER2013 PublicTest accuracy of each trainer checkpoint
and of the best ensemble of each size (probabilities averaged), plain and mirror-averaged. The ensembles are
chosen on PublicTest itself, so their figures are optimistic: an upper bound for what distilling these
networks into one student could give, not a result.
Example:
  python conversion/experiments/measure_ensemble.py --fer-data ../shared/data/fer2013/fer2013.csv.gz runs/*/best.pt
"""

import argparse
import itertools

import torch

from emotion_ai_train.checkpoints import load_checkpoint
from emotion_ai_train.data.fer2013 import read_fer
from emotion_ai_train.emotion_task import predict_probs, to_tensors


def accuracy(probs, labels):
    return float((probs.argmax(1) == labels).float().mean())


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("checkpoints", nargs="+", help="trainer checkpoints (best.pt) of 7-class emotion runs")
    parser.add_argument("--fer-data", required=True, help="FER2013 Kaggle CSV (gzip or not) or image folders")
    parser.add_argument("--max-size", type=int, default=5, help="largest ensemble tried (default 5)")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    images, labels = to_tensors(read_fer(args.fer_data, usages={"PublicTest"}), "fer7")
    plain, mirror = {}, {}
    for path in args.checkpoints:
        net, state = load_checkpoint(path)
        run_args = state["config"]["extra"]["args"]
        if run_args["label_set"] != "fer7":
            print(f"{path}: skipped ({run_args['label_set']} labels)")
            continue
        plain[path] = predict_probs(net, images, flip_average=False)
        # the mirrored pass alone, averaged with the plain one already run (not predict_probs's own flip_average)
        mirror[path] = (plain[path] + predict_probs(net, torch.flip(images, dims=[3]), flip_average=False)) / 2
        print(f"{path}: width {run_args['width']}, plain {accuracy(plain[path], labels):.4f}, "
              f"mirror-averaged {accuracy(mirror[path], labels):.4f}", flush=True)
    for size in range(2, min(len(mirror), args.max_size) + 1):
        best = max(itertools.combinations(mirror, size),
                   key=lambda group: accuracy(sum(mirror[p] for p in group), labels))
        print(f"best {size}-ensemble: mirror-averaged {accuracy(sum(mirror[p] for p in best), labels):.4f}, "
              f"plain {accuracy(sum(plain[p] for p in best), labels):.4f}: {', '.join(best)}", flush=True)


if __name__ == "__main__":
    main()
