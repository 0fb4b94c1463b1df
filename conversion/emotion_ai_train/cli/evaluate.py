"""Evaluates an exported model version (the ONNX file itself, run by ONNX Runtime), prints the figures, and
writes them into model.json together with the model card, confusion matrix, curves and sample PNGs.
Examples:
  emotion-ai-evaluate --model-dir models-onnx/emotion/2 --history runs/emotion-2/history.json \
      --fer-data ../shared/data/fer2013/fer2013.csv.gz
  emotion-ai-evaluate --model-dir models-onnx/keypoints/1 --history runs/keypoints-1/history.json \
      --crops runs/kp-crops
"""

import argparse
import json
import os

import numpy as np

from emotion_ai_train import metadata, plots
from emotion_ai_train.data.fer2013 import read_fer
from emotion_ai_train.emotion_task import to_tensors
from emotion_ai_train.keypoint_task import crop_to_image, keypoint_metrics, to_kaggle
from emotion_ai_train.labels import EMOTION_LABEL_SETS
from emotion_ai_train.expression_figures import expected_calibration_error, print_figures
from emotion_ai_train.metrics import classification_report
from emotion_ai_train.model_card import write_card
from emotion_ai_train.onnx_export import onnx_session, run_onnx


def run_batched(path, inputs, outputs, batch=512):
    session = onnx_session(path)
    parts = [run_onnx(session, inputs[i:i + batch], outputs) for i in range(0, len(inputs), batch)]
    return {name: np.concatenate([p[name] for p in parts]) for name in outputs}


def evaluate_emotion(folder, meta, fer_data, real_crops=None):
    label_set = next(k for k, v in EMOTION_LABEL_SETS.items() if list(v) == meta["labels"])
    images, targets = to_tensors(read_fer(fer_data, usages={"PublicTest"}).split("PublicTest"), label_set)
    x = images.numpy().astype(np.float32)
    probs = run_batched(os.path.join(folder, "model.onnx"), x, ["probabilities"])["probabilities"]
    pred, y = probs.argmax(1), targets.numpy()
    report = classification_report(y, pred, meta["labels"])
    report.update(split="FER2013 PublicTest", samples=int(len(y)), ece=expected_calibration_error(probs, y))
    if real_crops:
        from emotion_ai_train.cli.evaluate_realphotos import evaluate as evaluate_real
        real = evaluate_real(folder, real_crops)["realphotos"]
        real["split"] = "realphotos held-out people (test split, people disjoint from any training)"
        report["realphotos"] = real
        print_figures("real photos", real)
    plots.confusion_matrix_png(report["confusion_matrix"], meta["labels"],
                               os.path.join(folder, "confusion_matrix.png"),
                               f"emotion/{meta['version']} on PublicTest, accuracy {report['accuracy']:.2%}")
    pick = np.random.default_rng(0).choice(len(y), 24, replace=False)
    plots.emotion_samples_png((x[pick, 0] * 255).astype(np.uint8), y[pick], pred[pick],
                              probs[pick].max(1), meta["labels"], os.path.join(folder, "samples.png"))
    print(f"accuracy {report['accuracy']:.4f} macro-F1 {report['macro_f1']:.4f} on {len(y)} PublicTest faces")
    for name, c in report["per_class"].items():
        print(f"  {name:9s} precision {c['precision']:.3f} recall {c['recall']:.3f} f1 {c['f1']:.3f} "
              f"support {c['support']}")
    print("confusion matrix (rows true, columns predicted):")
    for name, row in zip(meta["labels"], report["confusion_matrix"]):
        print(f"  {name:9s} {row}")
    return report


def evaluate_keypoints(folder, crops_dir, meta=None):
    data = np.load(os.path.join(crops_dir, "val.npz"))
    with open(os.path.join(crops_dir, "crops.json")) as fh:
        crops_report = json.load(fh)["val"]
    x = data["images"].astype(np.float32)[:, None] / 255.0
    # a Kaggle-style model (converted from Keras) has no landmarks68 output
    outputs = [o["name"] for o in (meta or metadata.read(folder))["outputs"]]
    out = run_batched(os.path.join(folder, "model.onnx"), x, [n for n in ("keypoints", "landmarks68") if n in outputs])
    pred_norm, true_norm = out["keypoints"].reshape(-1, 15, 2), to_kaggle(data["points68"])
    report = keypoint_metrics(crop_to_image(pred_norm, data["squares"]), crop_to_image(true_norm, data["squares"]),
                              pred_norm, true_norm)
    report.update(split="landmarks68 held-out people", samples=int(len(x)), people=len(set(data["people"])),
                  faces_found_rate=crops_report["found_rate"])
    plots.keypoint_samples_png(data["images"][::max(1, len(x) // 16)][:16], pred_norm[::max(1, len(x) // 16)][:16],
                               true_norm[::max(1, len(x) // 16)][:16], os.path.join(folder, "samples.png"))
    print(f"NME {report['nme_interocular']:.4f} (inter-ocular), median {report['nme_median']:.4f}, "
          f"inter-pupil {report['nme_interpupil']:.4f}, RMSE {report['rmse_96px']:.3f} px (96-px crop), "
          f"failures {report['failure_rate_nme_over_10pct']:.4f}, on {len(x)} photos of {report['people']} "
          f"held-out people; faces found {report['faces_found_rate']:.4f}")
    return report


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model-dir", required=True, help="models-onnx/<model>/<version>")
    ap.add_argument("--history", nargs="+", help="history.json of the training run(s), in order, for the curves")
    ap.add_argument("--fer-data", help="FER2013 source (emotion)")
    ap.add_argument("--crops", help="keypoint crop folder from make_keypoint_crops.py (keypoints)")
    ap.add_argument("--real-crops", help="emotion: realphotos crop folder (make_realphoto_crops.py): figures on its "
                                         "test people beside PublicTest")
    args = ap.parse_args(argv)

    meta = metadata.read(args.model_dir)
    if meta["task"] == "emotion-classification":
        report = evaluate_emotion(args.model_dir, meta, args.fer_data, args.real_crops)
        keys = ["accuracy"]
    else:
        report = evaluate_keypoints(args.model_dir, args.crops, meta)
        keys = ["nme", "rmse_96px"]
    if args.history:
        history = []
        for path in args.history:  # a run continued with --init-from adds its epochs after the first run's
            with open(path) as fh:
                history += [dict(h, epoch=len(history) + i + 1) for i, h in enumerate(json.load(fh))]
        plots.training_curves_png(history, keys, os.path.join(args.model_dir, "training_curves.png"),
                                  f"{meta['name']}/{meta['version']}")
    reproduce = metadata.RUN_PREFIX + metadata.command_line("evaluate.py", argv)
    meta["metrics"] = {k: v for k, v in report.items() if k not in ("confusion_matrix",)}
    meta["metrics"]["evaluate_command"] = reproduce
    meta = metadata.write({k: v for k, v in meta.items() if k != "sha256"}, args.model_dir)
    write_card(args.model_dir, meta, report, reproduce)


if __name__ == "__main__":
    main()
