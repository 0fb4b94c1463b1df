"""Exports a trained checkpoint to models-onnx/<model>/<version>/: model.onnx (opset 17, dynamic batch,
float32 NCHW input `input`), model.json (the serving contract) and test_vectors/ (inputs + PyTorch outputs).
The export is checked against PyTorch by running the ONNX graph in ONNX Runtime (the service's runtime) before
anything is written as final.
Examples:
  emotion-ai-export --checkpoint runs/emotion-2/best.pt --version 2 \
      --crop-rule runs/emotion-crop.json --fer-data ../shared/data/fer2013/fer2013.csv.gz
  emotion-ai-export --checkpoint runs/keypoints-1/best.pt --version 1 \
      --crop-rule runs/kp-crops/crops.json --crops runs/kp-crops
"""

import argparse
import json
import os
import platform
import shutil

import numpy as np
import onnx
import torch

from emotion_ai_train import metadata
from emotion_ai_train.checkpoints import load_checkpoint, save_slim
from emotion_ai_train.crop import read_crop_rule
from emotion_ai_train.data.fer2013 import read_fer
from emotion_ai_train.emotion_task import to_tensors
from emotion_ai_train.labels import EMOTION_LABEL_SETS
from emotion_ai_train.nets.emotion import EmotionExport, narrow_classes
from emotion_ai_train.nets.keypoints import KeypointExport, mean_training_offset
from emotion_ai_train.onnx_export import OPSET, export, max_parity_error
from emotion_ai_train.paths import MODELS_DIR
from emotion_ai_train.test_vectors import TOLERANCE, synthetic_inputs, write_vectors

DEFAULT_MODELS_DIR = MODELS_DIR


def training_record(state, checkpoint):
    """What model.json says about training; best.pt holds the state at its best epoch, last.pt beside it
    (when present) tells how long the run went on."""
    extra = state["config"]["extra"]
    last = os.path.join(os.path.dirname(checkpoint), "last.pt")
    epochs_run = (torch.load(last, map_location="cpu", weights_only=False)["epoch"] if os.path.isfile(last)
                  else state["epoch"])
    return {"framework": f"pytorch {torch.__version__}", "python": platform.python_version(),
            "command": metadata.RUN_PREFIX + extra["command"], "arguments": extra["args"],
            "epochs_run": epochs_run, "best_epoch": state["epoch"],
            "validation_metric": {state["config"]["monitor"]: state["best"]}, "onnx_opset": OPSET,
            **({"train_command": metadata.RUN_PREFIX + extra["train_command"]}
               if "train_command" in extra else {})}


def path_replacement(text):
    """argparse type of --record-path: FROM=TO."""
    old, sep, new = text.partition("=")
    if not sep or not old:
        raise argparse.ArgumentTypeError(f"{text!r}: expected FROM=TO")
    return old, new


def rewrite_paths(value, replacements):
    """Applies FROM=TO text replacements to every string of a training record (commands, arguments), so that
    a run made elsewhere (a lent GPU machine's /tmp, an ignored scratch folder) records paths a reader of
    this repository can follow."""
    if isinstance(value, str):
        for old, new in replacements:
            value = value.replace(old, new)
        return value
    if isinstance(value, dict):
        return {k: rewrite_paths(v, replacements) for k, v in value.items()}
    if isinstance(value, list):
        return [rewrite_paths(v, replacements) for v in value]
    return value


def previous_training_record(models_dir, task, version):
    path = os.path.join(models_dir, task, str(version))  # tasks are named like their model folders
    try:
        return metadata.read(path)["training"]
    except (OSError, KeyError) as err:
        raise SystemExit(f"--keep-training-record: no training record in {path}/model.json ({err})")


def emotion_means(fer_path, label_set):
    images, targets = to_tensors(read_fer(fer_path, usages={"Training"}).split("Training"), label_set)
    return [(images[targets == c, 0].mean(0) * 255).numpy() for c in range(int(targets.max()) + 1)]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", required=True, help="best.pt of a training run")
    ap.add_argument("--version", required=True, help="version folder name, e.g. 1")
    ap.add_argument("--crop-rule", required=True, help="JSON holding a `crop_rule` (calibration or crops.json), or a model.json")
    ap.add_argument("--models-dir", default=DEFAULT_MODELS_DIR)
    ap.add_argument("--fer-data", help="FER2013 source, for the emotion test-vector mean faces")
    ap.add_argument("--crops", help="keypoint crop folder, for the keypoint test-vector mean face")
    ap.add_argument("--no-flip-average", action="store_true", help="leave mirror averaging out of the graph")
    ap.add_argument("--no-offset-calibration", action="store_true",
                    help="keypoints: do not subtract the mean residual measured on the training crops")
    ap.add_argument("--label-set", choices=sorted(EMOTION_LABEL_SETS),
                    help="emotion: serve a subset of the classes the network was trained on (e.g. orig5 from a "
                         "fer7 network); default: the training label set")
    ap.add_argument("--calibration", help="emotion: JSON from fit_calibration.py (temperature, class_bias) applied "
                                           "to the logits inside the graph")
    ap.add_argument("--training-data", default="", help="text for model.json: what the model was trained on")
    ap.add_argument("--keep-training-record", nargs="?", const="", metavar="VERSION",
                    help="keep the `training` section of a committed model.json: the target folder's own (a "
                         "re-export from checkpoints/), or VERSION's (a new version of the same network, e.g. with "
                         "another calibration); a slim checkpoint does not know how long its run went on, nor on "
                         "what data text. --training-data, if given, replaces the record's data text")
    ap.add_argument("--record-path", action="append", default=[], type=path_replacement, metavar="FROM=TO",
                    help="rewrite FROM to TO in the recorded training commands and arguments (repeatable), "
                         "e.g. a GPU machine's /tmp/fer2013.csv to the shared data path")
    ap.add_argument("--slim-checkpoint", help="also write float16 weights + run arguments here (for --init-from)")
    args = ap.parse_args(argv)

    net, state = load_checkpoint(args.checkpoint)
    task = state["config"]["extra"]["task"]
    try:
        crop_rule = read_crop_rule(args.crop_rule)
    except ValueError as err:
        ap.error(f"--crop-rule {err}")
    if args.keep_training_record is not None:
        training = previous_training_record(args.models_dir, task, args.keep_training_record or args.version)
        if args.training_data:
            training["data"] = args.training_data
    else:
        training = dict(training_record(state, args.checkpoint), data=args.training_data)
    training = rewrite_paths(training, args.record_path)

    if task == "emotion":
        trained_set = state["config"]["extra"]["args"]["label_set"]
        label_set = args.label_set or trained_set
        if label_set != trained_set:
            trained, wanted = EMOTION_LABEL_SETS[trained_set], EMOTION_LABEL_SETS[label_set]
            if not set(wanted) <= set(trained):
                ap.error(f"--label-set {label_set}: classes {sorted(set(wanted) - set(trained))} were not trained")
            net = narrow_classes(net, [trained.index(name) for name in wanted])
            training["served_label_set"] = {"trained_on": trained_set, "served": label_set,
                                            "how": "final dense layer narrowed to the served classes' rows"}
        calibration = None
        if args.calibration:
            with open(args.calibration) as fh:
                calibration = json.load(fh)
            if calibration.get("flip_average", not args.no_flip_average) != (not args.no_flip_average):
                ap.error(f"--calibration {args.calibration} was fitted "
                         f"{'with' if calibration['flip_average'] else 'without'} mirror averaging; fit it for "
                         "this export (fit_calibration.py --no-flip-average matches --no-flip-average)")
        module = EmotionExport(net, not args.no_flip_average, **({} if calibration is None else {
            "temperature": calibration["temperature"], "class_bias": calibration["class_bias"]}))
        side, outputs = 48, ["probabilities"]
        if not args.fer_data:
            ap.error("--fer-data is needed for emotion test vectors")
        meta = metadata.emotion_metadata(args.version, EMOTION_LABEL_SETS[label_set], crop_rule,
                                         not args.no_flip_average, training)
        if calibration is not None:
            meta["postprocessing"]["calibration"] = dict(calibration, in_graph=True, formula=(
                "softmax(logits / temperature[c] + class_bias), c = argmax of the uncalibrated output, the same "
                "for both mirror passes" if isinstance(calibration["temperature"], list)
                else "softmax(logits / temperature + class_bias)"))
        means = emotion_means(args.fer_data, label_set)
    else:
        if not args.crops:
            ap.error("--crops is needed for keypoint test vectors and the held-out people")
        with open(os.path.join(args.crops, "crops.json")) as fh:
            training["validation_people"] = json.load(fh).get("val_people", [])
        train = np.load(os.path.join(args.crops, "train.npz"))
        flip_average = not args.no_flip_average
        offset = None if args.no_offset_calibration else \
            mean_training_offset(net, train["images"], train["points68"], flip_average)
        module, side, outputs = KeypointExport(net, flip_average, offset), 96, ["keypoints", "landmarks68"]
        postprocessing = {"flip_average_in_graph": flip_average,
                          "offset_calibration": None if offset is None else {
                              "subtracted_in_graph": True, "data": f"{len(train['images'])} training crops",
                              "what": "mean residual per landmark of the " + ("flip-averaged " if flip_average else "")
                                      + "prediction",
                              "mean_px_96": [round(float(v) * 96, 3) for v in offset.mean(0)]}}
        meta = metadata.keypoints_metadata(args.version, crop_rule, training, postprocessing)
        means = [train["images"].astype(np.float32).mean(0)]

    folder = os.path.join(args.models_dir, meta["name"], str(args.version))
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, "model.onnx")
    export(module, side, path, outputs)
    images = synthetic_inputs(means, side)
    err = max_parity_error(path, module, images.astype(np.float32)[:, None] / 255.0, outputs)
    if err > TOLERANCE:
        raise SystemExit(f"{path}: ONNX output differs from PyTorch by {err:.2e} (> {TOLERANCE})")
    shutil.rmtree(os.path.join(folder, "test_vectors"), ignore_errors=True)
    write_vectors(module, images, outputs, os.path.join(folder, "test_vectors"))
    meta["export_command"] = metadata.RUN_PREFIX + metadata.command_line("export_onnx.py", argv)
    meta = metadata.write(meta, folder)
    if args.slim_checkpoint:
        save_slim(state, args.slim_checkpoint)
    size_mb = os.path.getsize(path) / 1e6
    print(f"wrote {folder}: model.onnx {size_mb:.1f} MB, opset {onnx.load(path).opset_import[0].version}, "
          f"parity with PyTorch {err:.1e}, {len(images)} test vectors", flush=True)


if __name__ == "__main__":
    main()
