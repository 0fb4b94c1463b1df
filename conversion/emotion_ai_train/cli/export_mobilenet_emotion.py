"""Publishes a trained MobileNetV2 expression network (train_mobilenet_emotion.py) as a model version: a
temperature per predicted class fitted on RAF-DB validation and the real photos' validation people (the class of
an answer never changes, only its confidence), ONNX with the five-point crop rule of the aligned faces, test
vectors, model.json with the figures on every validation set and the real photos' held-out people, a confusion
matrix and a model card. --label-set orig5 serves the same network as the original project's 5 classes.
Example:
  emotion-ai-export-mobilenet-emotion --checkpoint ../runs/mnv2-emotion/best.pt --faces ../runs/aligned112 \\
      --version 11 --out-dir ../models-onnx
"""

import argparse
import json
import os

import numpy as np
import torch

from emotion_ai_train import expression_figures, metadata, pretrained
from emotion_ai_train.cli.train_mobilenet_emotion import load_faces, validation_sets
from emotion_ai_train.expression_figures import expected_calibration_error as ece
from emotion_ai_train.labels import EMOTION_LABEL_SETS, FER2013_LABELS
from emotion_ai_train.model_card import FAIRNESS, OUT_OF_SCOPE, _table
from emotion_ai_train.nets.emotion import EmotionExport, narrow_classes
from emotion_ai_train.nets.mobilenet import MobileNetEmotionNet
from emotion_ai_train.onnx_export import export, run_onnx
from emotion_ai_train.weight_averaging import average_state_dicts
from emotion_ai_train.plots import confusion_matrix_png
from emotion_ai_train.test_vectors import synthetic_inputs, write_vectors

TERMS = [
    "Backbone initialised from " + pretrained.SOURCE + "; licence text in ../shared/models/imagenet_mobilenet_v2.",
    "RAF-DB (Li, Deng and Du, CVPR 2017), training split: non-commercial research use only.",
    "KDEF (Lundqvist, Flykt and Öhman, 1998), 36 people: non-commercial research use only.",
    "FER2013 (Goodfellow et al., ICML 2013 Challenges in Representation Learning): research use.",
    "Real photos (../shared/data/realphotos, crowd labels): the training people only.",
]


def calibrated(logits, temperatures):
    t = np.asarray(temperatures)[logits.argmax(1)][:, None]
    z = logits / t
    z = np.exp(z - z.max(1, keepdims=True))
    return z / z.sum(1, keepdims=True)


def fit_temperatures(fit_sets, classes, grid=np.arange(0.5, 2.51, 0.02), rounds=3):
    """Coordinate descent over one temperature per predicted class, minimising the larger ECE of the sets."""
    temps = np.ones(classes)
    worst = lambda t: max(ece(calibrated(l, t), y) for l, y in fit_sets)  # noqa: E731
    for _ in range(rounds):
        for c in range(classes):
            best = min(grid, key=lambda v: worst(np.where(np.arange(classes) == c, v, temps)))
            temps[c] = round(float(best), 2)
    return temps.tolist(), worst(temps)


def logits_of(net, images, flip, batch=256):
    out = []
    with torch.no_grad():
        for i in range(0, len(images), batch):
            x = torch.from_numpy(images[i:i + batch].astype(np.float32)[:, None] / 255.0)
            z = net(x)
            if flip:
                z = torch.log((torch.softmax(z, 1) + torch.softmax(net(x.flip(3)), 1)) / 2)
            out.append(z.numpy())
    return np.concatenate(out)


def fallback_square(shared, rule_side, raf_side=100, count=300):
    """The square rule (scale, shift) that frames, around a YuNet box, what the template frames: for a face
    without landmarks (the Haar fallback detector)."""
    import cv2
    from emotion_ai_train.align import detect_padded
    from emotion_ai_train.detector import YuNet
    detector = YuNet(os.path.join(shared, "models", "face_detection_yunet", "face_detection_yunet_2023mar.onnx"))
    folder = os.path.join(shared, "data", "rafdb", "images")
    faces = [detect_padded(detector, cv2.imread(os.path.join(folder, f), cv2.IMREAD_GRAYSCALE))
             for f in sorted(os.listdir(folder))[:count]]
    x, y, w, h = np.median(np.array([f.box for f in faces if f is not None]), 0)
    return {"scale": round(float(raf_side / ((w + h) / 2)), 3),
            "shift_x": round(float((raf_side / 2 - (x + w / 2)) / w), 3),
            "shift_y": round(float((raf_side / 2 - (y + h / 2)) / h), 3), "size_basis": "mean_box_side"}


def tflite_version(net, temps, side, folder):
    """model.tflite beside model.onnx, checked on the test vectors just written."""
    from emotion_ai_train import tflite_export
    from emotion_ai_train.test_vectors import read_vectors
    path = os.path.join(folder, "model.tflite")
    tflite_export.convert(net, temps, side, path)
    doc, inputs = read_vectors(os.path.join(folder, "test_vectors"))
    gap = tflite_export.parity(path, inputs, [c["outputs"]["probabilities"] for c in doc["cases"]])
    if gap > tflite_export.TOLERANCE:
        raise SystemExit(f"{path}: {gap:.2e} from the test vectors")
    return {"file": "model.tflite", "sha256": metadata.sha256(path),
            "input": {"name": "input", "dtype": "float32", "layout": "NHWC", "shape": [-1, side, side, 1],
                      "formula": "input = pixel / 255 of the aligned gray face"},
            "output": "probabilities, as model.onnx", "max_difference_on_test_vectors": float(f"{gap:.3g}"),
            "converted_with": "emotion_ai_train/tflite_export.py (TensorFlow TFLiteConverter, float32)"}


def epochs_run(checkpoint, ckpt):
    """Epochs the run went through: its history.json beside best.pt when there is one, else the checkpoint's."""
    history = os.path.join(os.path.dirname(checkpoint), "history.json")
    if os.path.isfile(history):
        with open(history) as fh:
            return len(json.load(fh))
    return ckpt.get("epochs_run", ckpt["epoch"])


def write_card(folder, meta, figures):
    names = meta["labels"]
    rows = [["set", "faces", "accuracy", "balanced", "ECE"]]
    rows += [[k, v["samples"], f"{v['accuracy']:.2%}", f"{v['balanced_accuracy']:.2%}", f"{v['ece']:.2%}"]
             for k, v in figures.items()]
    recall_rows = [["set"] + list(names)]
    recall_rows += [[k] + ["-" if v["recall"][n] is None else f"{v['recall'][n]:.0%}" for n in names]
                    for k, v in figures.items()]
    test = figures["realphotos_test_people"]
    cm = np.array(test["confusion_matrix"])
    confusions = sorted(((cm[i, j] / cm[i].sum(), names[i], names[j]) for i in range(len(names))
                         for j in range(len(names)) if i != j and cm[i].sum() >= 20), reverse=True)[:5]
    crop = meta["preprocessing"]["crop"]
    lines = [f"# {meta['name']} / {meta['version']}", "",
             f"Facial-expression classifier on an ImageNet-pretrained MobileNetV2: {meta['input']['shape'][2]}x"
             f"{meta['input']['shape'][3]} gray face, five-point aligned -> probabilities over {len(names)} classes "
             f"({', '.join(names)}). The output is the apparent facial expression (what the face shows, as crowd "
             "annotators label it), not the person's inner emotional state.", "",
             "## Contract", "",
             f"- File `model.onnx` (opset {meta['training']['onnx_opset']}), input `input` float32 "
             f"{meta['input']['shape']} NCHW, `input = pixel / 255` on a gray image.",
             "- Output `probabilities`: softmax in label order, a temperature per predicted class in the graph "
             f"({meta['postprocessing']['calibration']['temperature']}); mirror average in the graph: "
             f"{meta['postprocessing']['flip_average_in_graph']}.",
             f"- Crop rule `{crop['type']}`: the least-squares similarity (rotation, scale, shift) from YuNet's five "
             f"landmarks to the template {crop['template']} (in a {crop['template_side']}-px square), bilinear, "
             "border replicated; estimated from RAF-DB's aligned faces. A face without landmarks gets the square "
             f"rule scale {crop['scale']}, shift ({crop['shift_x']}, {crop['shift_y']}).",
             "- `test_vectors/`: PNG inputs and the outputs PyTorch gave; any runtime must match them within "
             "1e-4.",
             f"- `model.tflite`: the same network for on-device apps (TensorFlow Lite, float32), input NHWC "
             f"{meta['tflite']['input']['shape']} = pixel / 255, the same `probabilities`; it matches the test "
             f"vectors within {meta['tflite']['max_difference_on_test_vectors']:.1e}.", "",
             "## Training", "",
             f"- Data: {meta['training']['data']}",
             f"- Command: `{meta['training']['train_command']}`",
             f"- Export: `{meta['training']['command']}`",
             f"- Epochs run {meta['training']['epochs_run']}; "
             + (f"the weights are the mean of epochs {', '.join(map(str, meta['training']['averaged_epochs']))}."
                if meta["training"].get("averaged_epochs") else f"best epoch {meta['training']['best_epoch']}."), "",
             "## Metrics", "",
             "Largest face per photo, five-point aligned as the service aligns it; the real photos' test people "
             "and KDEF's validation people were never trained on. RAF-DB validation is a random tenth of RAF-DB's "
             "training split (no person ids are published), so people may appear on both sides.", "",
             _table(rows), "", "Recall per class:", "", _table(recall_rows), "",
             "![confusion matrix, real photos' test people](confusion_matrix.png)", "",
             "Known failure cases on the real photos' test people (share of the class's faces):", "",
             *[f"- {t} read as {s}: {share:.0%}" for share, t, s in confusions], "",
             "## Limits", "",
             "- Gray input: trained on gray faces (FER2013 and the real photos are gray only); colour is discarded.",
             "- Fear and disgust have the fewest real-photo examples; their recall on real photos is the least "
             "reliable. Profile views (KDEF's full profiles) are often missed by YuNet and then not answered.",
             "- Validation sets chose the epoch and the temperatures: their figures are slightly optimistic; the "
             "real photos' test people were not used for either.", "",
             "## Out of scope", "", *[f"- {item}" for item in OUT_OF_SCOPE], "", f"- {FAIRNESS}", "",
             "## Licence and terms", "",
             "- Model weights: MIT like this project, **but** trained on data with non-commercial terms (RAF-DB, "
             "KDEF): use this version for non-commercial research only.",
             *[f"- {t}" for t in TERMS], ""]
    with open(os.path.join(folder, "README.md"), "w") as fh:
        fh.write("\n".join(lines))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", required=True, nargs="+",
                    help="best.pt of a train_mobilenet_emotion.py run; several checkpoints of one run (its "
                         "--keep-epochs copies): the mean of their weights (the network has no batch norm)")
    ap.add_argument("--faces", required=True, help="make_aligned_faces.py folder (crop rule, validation faces)")
    ap.add_argument("--shared", default="../../shared")
    ap.add_argument("--version", required=True)
    ap.add_argument("--out-dir", required=True)
    ap.add_argument("--label-set", choices=sorted(EMOTION_LABEL_SETS), default="fer7")
    ap.add_argument("--flip-average", action="store_true", help="mirror average in the graph (twice the cost)")
    args = ap.parse_args(argv)

    ckpts = [torch.load(p, map_location="cpu", weights_only=False) for p in args.checkpoint]
    ckpt, train_args = ckpts[0], ckpts[0]["args"]
    epochs = [c["epoch"] if "epoch" in c else c["state"]["epoch"] for c in ckpts]  # best.pt, or last.pt's copies
    if any(c["args"].get("color", "gray") != "gray" for c in ckpts):
        ap.error("--color rgb checkpoints are not exported: the service's crop contract (model.json's "
                 "preprocessing.color) is gray")
    net = MobileNetEmotionNet(7, train_args["dropout"], train_args["trunk_blocks"])
    net.load_state_dict(ckpt["model"] if len(ckpts) == 1 else average_state_dicts([c["model"] for c in ckpts]))
    net.eval()
    names = list(EMOTION_LABEL_SETS[args.label_set])
    keep = [FER2013_LABELS.index(n) for n in names]
    if len(keep) != 7:
        net = narrow_classes(net, keep)
    faces = load_faces(args.faces)
    with open(os.path.join(args.faces, "faces.json")) as fh:
        report = json.load(fh)
    side = report["side"]

    sets = validation_sets(faces, test_people=True)
    logits = {}
    for name, (images, labels) in sets.items():
        mask = np.isin(labels, keep)
        remap = {fer: i for i, fer in enumerate(keep)}
        logits[name] = (logits_of(net, images[mask], args.flip_average), np.array([remap[v] for v in labels[mask]]))
    temps, fit_ece = fit_temperatures([logits["rafdb_val"], logits["realphotos_val"]], len(names))
    figures = {name: expression_figures.figures(y, calibrated(z, temps), names) for name, (z, y) in logits.items()}

    folder = os.path.join(args.out_dir, "emotion", str(args.version))
    os.makedirs(folder, exist_ok=True)
    module = EmotionExport(net, flip_average=args.flip_average, temperature=temps, side=side).eval()
    path = os.path.join(folder, "model.onnx")
    export(module, side, path, ["probabilities"])
    raf_val = sets["rafdb_val"]
    means = [raf_val[0][raf_val[1] == c].mean(0) for c in (3, 6, 5)  # happy, neutral, surprise averages
             if (raf_val[1] == c).any()] or [raf_val[0].mean(0)]
    write_vectors(module, synthetic_inputs(means, side), ["probabilities"], os.path.join(folder, "test_vectors"))
    check = run_onnx(path, raf_val[0][:64].astype(np.float32)[:, None] / 255.0, ["probabilities"])["probabilities"]
    with torch.no_grad():
        ref = module(torch.from_numpy(raf_val[0][:64].astype(np.float32)[:, None] / 255.0)).numpy()
    assert np.abs(check - ref).max() < 1e-4, np.abs(check - ref).max()

    crop = dict(report["crop_rule"], **fallback_square(args.shared, report["crop_rule"]["template_side"]))
    crop.pop("fallback", None)
    data = ("five-point aligned gray faces (make_aligned_faces.py): RAF-DB train (nine tenths), FER2013 Training "
            f"({train_args['fer_per_epoch']} drawn per epoch), the real photos' training people (three quarters), "
            "KDEF's training people (three quarters, all angles); the ImageNet MobileNetV2's stem"
            + (f" and first {train_args['trunk_blocks']} blocks" if train_args['trunk_blocks'] else "")
            + " frozen, the rest trained on "
            + (f"{train_args['views']} cached augmented views per face" if train_args.get("views", 3)
               else "faces augmented afresh at each draw (online)")
            + (f", starting from {train_args['init_from']}" if train_args.get("init_from") else "")
            + (f"; distilled: the loss weighs the teachers' mirror-averaged answers in {train_args['teacher_probs']} "
               "(make_teacher_probs.py; recipes/emotion-mobilenet.sh, stages 4-6) "
               f"{train_args['distill_weight']} against the label's {1 - train_args['distill_weight']:.2g}, at "
               f"temperature {train_args['distill_temperature']}"
               if train_args.get("teacher_probs") else ""))
    training = {"framework": f"pytorch {torch.__version__}", "command": metadata.RUN_PREFIX
                + metadata.command_line("export_mobilenet_emotion.py", argv), "onnx_opset": 17,
                "train_command": metadata.RUN_PREFIX + "train_mobilenet_emotion.py " + " ".join(
                    f"--{k.replace('_', '-')} {v}" for k, v in train_args.items()
                    if v is not None and k not in ("resume",) and not isinstance(v, bool)),
                "arguments": train_args, "epochs_run": epochs_run(args.checkpoint[0], ckpt),
                "best_epoch": epochs[0] if len(epochs) == 1 else None, "data": data,
                "base_model": {"source": pretrained.SOURCE, "licence": "Apache-2.0"},
                "data_terms": "non-commercial research use (RAF-DB, KDEF)"}
    if len(epochs) > 1:
        training["averaged_epochs"] = epochs
    meta = metadata.emotion_metadata(args.version, names, crop, args.flip_average, training, side=side)
    # a face crop the service finds no face in is resized whole, as make_aligned_faces.py resized such faces
    meta["preprocessing"]["resize_interpolation"] = "linear"
    meta["postprocessing"]["calibration"] = {
        "temperature": temps, "in_graph": True, "fitted_on": ["rafdb_val", "realphotos_val"],
        "objective": "smallest max ECE over the fit sets, a temperature per predicted class", "max_ece": fit_ece,
        "formula": "softmax(logits / temperature[c]), c = argmax of the uncalibrated output"}
    meta["tflite"] = tflite_version(net, temps, side, folder)
    meta["metrics"] = {"sets": figures, "labels": names,
                       "split": "see sets: validation sets chose the epoch; realphotos_test_people is held out"}
    summary_sets = [("rafdb_val", "RAF-DB validation"), ("kdef_val_all", "KDEF validation people (all angles)"),
                    ("fer2013_publictest", "FER2013 PublicTest")]
    meta["summary"] = {
        "input": f"{side}x{side} gray face, five-point aligned",
        "output": f"ImageNet MobileNetV2 trained on RAF-DB, FER2013, real photos, KDEF"
                  + (", distilled from teacher networks" if train_args.get("teacher_probs")
                     else "") + f"; {len(names)} classes, "
                  "calibrated; `model.tflite` beside it; **non-commercial research use** (RAF-DB, KDEF terms)",
        "figure": "; ".join(f"{label} {100 * figures[key]['accuracy']:.1f}%" for key, label in summary_sets
                            if key in figures)
                  + (f"; real photos {100 * figures['realphotos_test_people']['accuracy']:.1f}% accuracy, "
                     f"{100 * figures['realphotos_test_people']['balanced_accuracy']:.1f}% balanced"
                     if "realphotos_test_people" in figures else "")}
    metadata.write(meta, folder)
    confusion_matrix_png(np.array(figures["realphotos_test_people"]["confusion_matrix"]), names,
                         os.path.join(folder, "confusion_matrix.png"), f"emotion/{args.version}: real photos, test people")
    write_card(folder, metadata.read(folder), figures)
    print(json.dumps({k: {m: round(v[m], 4) for m in ("accuracy", "balanced_accuracy", "ece")}
                      for k, v in figures.items()}, indent=1))


if __name__ == "__main__":
    main()
