"""The ceiling of distilling MobileNetV2 expression checkpoints into one network: validation figures of the mean of
their probabilities (an ensemble, which the service does not run), plain and mirror-averaged, on the trainer's sets
and the real photos' test people. measure_epoch_average.py averages weights instead (what a published version can
be); this averages answers (what a teacher built from them knows). Prints one JSON line per form.
Example, from conversion/:
  PYTHONPATH=. ../.venv/bin/python experiments/measure_mobilenet_ensemble.py --faces ../runs/aligned112 \\
      ../runs/mnv2-kdB/epoch-7.pt ../runs/mnv2-kdA/best.pt ../runs/mnv2-regA/best.pt
"""

import argparse
import json

import numpy as np
import torch

from emotion_ai_train import expression_figures
from emotion_ai_train.cli.train_mobilenet_emotion import evaluate, load_faces, monitor, validation_sets
from emotion_ai_train.labels import FER2013_LABELS
from emotion_ai_train.nets.mobilenet import MobileNetEmotionNet


def figures(probs, sets):
    out = {name: expression_figures.figures(labels, probs[name], FER2013_LABELS) for name, (_, labels) in sets.items()}
    return {"monitor": round(monitor(out), 4),
            **{k: [round(v["accuracy"], 4), round(v["balanced_accuracy"], 4)] for k, v in out.items()}}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("checkpoints", nargs="+", help="gray train_mobilenet_emotion.py checkpoints")
    ap.add_argument("--faces", required=True, help="make_aligned_faces.py folder")
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    sets = validation_sets(load_faces(args.faces), test_people=True)
    total = {mirror: {name: 0.0 for name in sets} for mirror in (False, True)}
    for path in args.checkpoints:
        net = MobileNetEmotionNet.from_checkpoint(torch.load(path, map_location="cpu", weights_only=False))
        net.to(memory_format=torch.channels_last)
        for name, (images, labels) in sets.items():
            plain = evaluate(net, images, labels, "cpu")[1]
            mirrored = evaluate(net, np.ascontiguousarray(images[:, :, ::-1]), labels, "cpu")[1]
            total[False][name] = total[False][name] + plain / len(args.checkpoints)
            total[True][name] = total[True][name] + (plain + mirrored) / 2 / len(args.checkpoints)
    for mirror in (False, True):
        print(json.dumps({"ensemble_of": args.checkpoints, "mirror_average": mirror, **figures(total[mirror], sets)}),
              flush=True)


if __name__ == "__main__":
    main()
