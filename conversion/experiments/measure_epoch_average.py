"""Validation figures of MobileNetV2 expression checkpoints (train_mobilenet_emotion.py's best.pt, last.pt or
epoch copies) and of the mean of their weights (the network has no batch norm: its weights average as they are),
on the sets and by the monitor the trainer uses. Prints one JSON line per checkpoint and one for the average;
`--mirror` also measures the average served with a mirror average (the mean of a face's and its mirror's
probabilities, which would double a face's cost). RGB checkpoints (--color rgb) read the faces in colour; given a
gray faces folder, they read the same faces without colour (R = G = B).
Example, from conversion/:
  PYTHONPATH=. ../.venv/bin/python experiments/measure_epoch_average.py --faces ../runs/aligned112 \\
      ../runs/mnv2-full2/epoch-{3..6}.pt
"""

import argparse
import json

import torch

from emotion_ai_train.cli.train_mobilenet_emotion import evaluate, load_faces, monitor, validation_sets
from emotion_ai_train.labels import FER2013_LABELS
from emotion_ai_train.nets.emotion import EmotionExport
from emotion_ai_train.nets.mobilenet import MobileNetEmotionNet
from emotion_ai_train.weight_averaging import average_state_dicts


class MirrorAveraged(torch.nn.Module):
    """The graph export_mobilenet_emotion.py --flip-average would serve (EmotionExport), as log-probabilities for
    the trainer's `evaluate`, whose softmax gives the averaged probabilities back."""

    def __init__(self, net, side):
        super().__init__()
        self.served = EmotionExport(net, flip_average=True, side=side)

    def forward(self, x):
        return torch.log(self.served(x))


def figures(state, sets, mirror=False):
    net = MobileNetEmotionNet(len(FER2013_LABELS), channels=MobileNetEmotionNet.input_channels(state))
    net.load_state_dict(state)
    net.to(memory_format=torch.channels_last)
    if mirror:
        net = MirrorAveraged(net, side=next(iter(sets.values()))[0].shape[1])
    out = {name: evaluate(net, images, labels, "cpu")[0] for name, (images, labels) in sets.items()}
    return {"monitor": round(monitor(out), 4),
            **{k: [round(v["accuracy"], 4), round(v["balanced_accuracy"], 4)] for k, v in out.items()}}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("checkpoints", nargs="+")
    ap.add_argument("--faces", required=True, help="make_aligned_faces.py folder")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--each", action="store_true", help="also each checkpoint alone")
    ap.add_argument("--mirror", action="store_true", help="also the average with a mirror average")
    ap.add_argument("--test", action="store_true", help="also the real photos' test people (for the record)")
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    states = [torch.load(p, map_location="cpu", weights_only=False)["model"] for p in args.checkpoints]
    if len({MobileNetEmotionNet.input_channels(s) for s in states}) > 1:
        ap.error("gray and RGB checkpoints do not average")
    faces = load_faces(args.faces, "rgb" if MobileNetEmotionNet.input_channels(states[0]) == 3 else "gray")
    sets = validation_sets(faces, test_people=args.test)
    if args.each:
        for path, state in zip(args.checkpoints, states):
            print(json.dumps({"checkpoint": path, **figures(state, sets)}), flush=True)
    averaged = average_state_dicts(states)
    print(json.dumps({"average_of": args.checkpoints, **figures(averaged, sets)}), flush=True)
    if args.mirror:
        print(json.dumps({"average_of": args.checkpoints, "mirror_average": True, **figures(averaged, sets, True)}),
              flush=True)


if __name__ == "__main__":
    main()
