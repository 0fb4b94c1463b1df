"""Fits the calibration an emotion export puts in its graph (export_onnx.py --calibration): a temperature
(temperature scaling, Guo et al. 2017) and, optionally, a bias per class (a log-prior correction), by minimising
the negative log-likelihood of the exported output (the mirror-averaged probabilities, or the face's alone with
--no-flip-average) with L-BFGS.

Fitted on data the network did not train on: FER2013 PublicTest (the project's validation split) and the
validation people of the real-photo fine-tuning run (train_emotion.py --real-crops keeps them apart). With
--class-bias balanced, each face is weighted by the inverse frequency of its class in its set, so the bias
corrects the class priors towards equal recall instead of the sets' own skew (real photos: half happy, half
neutral). --objective max-ece and max-ece-per-class search temperatures that make the fit sets' ECEs small
instead (see --help).
Example:
  emotion-ai-fit-calibration --checkpoint runs/emotion-3/best.pt --fer-data ../shared/data/fer2013/fer2013.csv.gz \\
      --real-crops runs/realphoto-crops --out runs/emotion-3/calibration.json
"""

import argparse
import json

import numpy as np
import torch

from emotion_ai_train.checkpoints import load_checkpoint
from emotion_ai_train.cli.train_emotion import real_photo_tensors
from emotion_ai_train.data.fer2013 import read_fer
from emotion_ai_train.emotion_task import to_tensors
from emotion_ai_train.expression_figures import expected_calibration_error
from emotion_ai_train.nets.emotion import average_softmax


def logits_both_views(net, images, batch=512, mirror=True):
    """(logits of the faces, of their mirror images); the second is None without `mirror`."""
    with torch.no_grad():
        plain = torch.cat([net(images[i:i + batch]) for i in range(0, len(images), batch)])
        if not mirror:
            return plain, None
        mirrored = torch.cat([net(torch.flip(images[i:i + batch], dims=[3])) for i in range(0, len(images), batch)])
    return plain, mirrored


def output(plain, mirrored, temperature, bias):
    """The exported output (EmotionExport): mirror-averaged, or the face alone when `mirrored` is None
    (--no-flip-average). `temperature`: one, or one per class (each face takes its uncalibrated answer's)."""
    views = [plain] if mirrored is None else [plain, mirrored]
    temperature = torch.as_tensor(temperature, dtype=torch.float32)
    if temperature.dim() == 1:
        temperature = temperature[average_softmax(views).argmax(dim=1)].unsqueeze(1)
    return average_softmax([logits / temperature + bias for logits in views])


def fit_max_ece(sets, num_classes, per_class, grid=np.arange(0.5, 2.0001, 0.01)):
    """The temperature on a 0.01 grid that minimises the larger of the fit sets' ECEs; with `per_class`, then one
    per predicted class, by coordinate descent (two sweeps) from that one."""
    bias = torch.zeros(num_classes)
    grid = [round(float(t), 2) for t in grid]

    def worst(temperature):
        return max(expected_calibration_error(output(a, b, temperature, bias).numpy(), y.numpy()) for a, b, y in sets)
    best = min(grid, key=worst)
    if not per_class:
        return best
    temperatures = [best] * num_classes
    for _ in range(2):
        for c in range(num_classes):
            temperatures[c] = min(grid, key=lambda t: worst(temperatures[:c] + [t] + temperatures[c + 1:]))
    return temperatures


def fit(sets, num_classes, with_bias, balanced):
    """sets: [(plain logits, mirrored logits, targets)]; each set weighs the same in the objective."""
    log_t = torch.zeros((), requires_grad=True)
    bias = torch.zeros(num_classes, requires_grad=with_bias)
    params = [log_t] + ([bias] if with_bias else [])
    weights = []
    for _, _, y in sets:
        if balanced:
            counts = torch.bincount(y, minlength=num_classes).float().clamp(min=1)
            w = (1.0 / counts)[y]
        else:
            w = torch.ones(len(y))
        weights.append(w / w.sum())
    optimiser = torch.optim.LBFGS(params, lr=0.5, max_iter=200, line_search_fn="strong_wolfe")

    def closure():
        optimiser.zero_grad()
        loss = sum(-(w * torch.log(output(a, b, log_t.exp(), bias)[torch.arange(len(y)), y] + 1e-12)).sum()
                   for (a, b, y), w in zip(sets, weights)) / len(sets)
        if with_bias:
            loss = loss + 1e-3 * (bias ** 2).sum()  # keeps the bias defined (a constant shift changes nothing)
        loss.backward()
        return loss
    optimiser.step(closure)
    bias = bias.detach() - bias.detach().mean()
    return float(log_t.exp()), bias


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--checkpoint", required=True)
    p.add_argument("--fer-data", required=True)
    p.add_argument("--real-crops", help="realphotos crop folder: its training-run validation people join the fit")
    p.add_argument("--real-val-fraction", type=float, default=0.25, help="as the training run used")
    p.add_argument("--class-bias", choices=("none", "plain", "balanced"), default="none")
    p.add_argument("--objective", choices=("nll", "max-ece", "max-ece-per-class"), default="nll",
                   help="nll: the likelihood fit above; max-ece: the temperature (no class bias) on a 0.01 grid that "
                        "minimises the larger of the fit sets' ECEs (one temperature cannot be exact for two sets "
                        "whose confidence errs in opposite directions); max-ece-per-class: then one temperature per "
                        "predicted class, which keeps every answer's class and corrects confidence class by class")
    p.add_argument("--no-flip-average", action="store_true",
                   help="fit for an export without mirror averaging (export_onnx.py --no-flip-average)")
    p.add_argument("--out", required=True)
    args = p.parse_args(argv)

    net, state = load_checkpoint(args.checkpoint)
    run_args = state["config"]["extra"]["args"]
    label_set = run_args["label_set"]
    fer_x, fer_y = to_tensors(read_fer(args.fer_data, usages={"PublicTest"}).split("PublicTest"), label_set)
    sets = {"fer2013_publictest": (fer_x, fer_y)}
    if args.real_crops:
        _, sets["realphotos_validation_people"] = real_photo_tensors(args.real_crops, label_set,
                                                                     args.real_val_fraction, run_args.get("seed", 0))
    logits = {name: (*logits_both_views(net, x, mirror=not args.no_flip_average), y) for name, (x, y) in sets.items()}
    k = net.head[-1].out_features
    if args.objective == "nll":
        temperature, bias = fit(list(logits.values()), k, args.class_bias != "none", args.class_bias == "balanced")
    else:
        if args.class_bias != "none":
            p.error(f"--objective {args.objective} fits temperatures only (no --class-bias)")
        temperature, bias = fit_max_ece(list(logits.values()), k, args.objective == "max-ece-per-class"), torch.zeros(k)
    report = {"temperature": temperature if isinstance(temperature, list) else round(temperature, 4),
              "class_bias": [round(float(b), 4) for b in bias],
              "fitted_on": {name: int(len(y)) for name, (_, _, y) in logits.items()},
              "flip_average": not args.no_flip_average,
              "objective": {"max-ece": "smallest max ECE over the fit sets",
                            "max-ece-per-class": "smallest max ECE over the fit sets, a temperature per predicted class",
                            }.get(args.objective, "negative log-likelihood"
                                  + (", class-balanced" if args.class_bias == "balanced" else ""))}
    for name, (a, b, y) in logits.items():
        before = output(a, b, 1.0, torch.zeros(k)).numpy()
        after = output(a, b, temperature, bias).numpy()
        report[f"ece_{name}"] = {"before": expected_calibration_error(before, y.numpy()),
                                 "after": expected_calibration_error(after, y.numpy())}
        print(f"{name}: ECE {report[f'ece_{name}']['before']:.2%} -> {report[f'ece_{name}']['after']:.2%}, "
              f"accuracy {(before.argmax(1) == y.numpy()).mean():.2%} -> {(after.argmax(1) == y.numpy()).mean():.2%}")
    print(f"temperature {report['temperature']}, class bias {report['class_bias']}")
    with open(args.out, "w") as fh:
        json.dump(report, fh, indent=1)


if __name__ == "__main__":
    main()
