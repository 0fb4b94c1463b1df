"""Figures of emotion model versions on the real photos (held-out people, the largest face of each photo cut by
the service's rule: make_realphoto_crops.py) beside FER2013 PublicTest: accuracy, balanced accuracy, recall per
class, confusion matrix, ECE. Runs the ONNX files in ONNX Runtime; infra/bench/realphotos_eval.py measures the
same through the running service.
Example:
  emotion-ai-evaluate-realphotos --model-dir models-onnx/emotion/2 models-onnx/emotion/3 \\
      --crops runs/realphoto-crops --fer-data ../shared/data/fer2013/fer2013.csv.gz
"""

import argparse
import json
import os

import numpy as np

from emotion_ai_train import metadata
from emotion_ai_train.data.fer2013 import read_fer
from emotion_ai_train.expression_figures import figures, model_labels_of, print_figures
from emotion_ai_train.onnx_export import onnx_session, run_onnx


def probabilities(model_path, x, batch=512):
    session = onnx_session(model_path)
    return np.concatenate([run_onnx(session, x[i:i + batch], ["probabilities"])["probabilities"]
                           for i in range(0, len(x), batch)])


def evaluate(model_dir, crops, fer=None, split="test"):
    """{realphotos: figures, fer2013_publictest: figures}; faces of classes the model lacks are left out."""
    meta = metadata.read(model_dir)
    labels = meta["labels"]
    data = np.load(os.path.join(crops, f"{split}.npz"))
    y = model_labels_of(data["fer_ids"], labels)
    keep = y >= 0
    x = data["images"][keep].astype(np.float32)[:, None] / 255.0
    result = {"realphotos": figures(y[keep], probabilities(os.path.join(model_dir, "model.onnx"), x), labels)}
    with open(os.path.join(crops, "crops.json")) as fh:
        result["realphotos"]["faces_found_rate"] = json.load(fh)[split]["found_rate"]
    if fer is not None:
        yf = model_labels_of(fer.fer_ids, labels)
        keep = yf >= 0
        xf = fer.images[keep].astype(np.float32)[:, None] / 255.0
        result["fer2013_publictest"] = figures(yf[keep], probabilities(os.path.join(model_dir, "model.onnx"), xf),
                                               labels)
    return result


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model-dir", nargs="+", required=True, help="models-onnx/emotion/<version> folders")
    p.add_argument("--crops", required=True, help="folder from make_realphoto_crops.py")
    p.add_argument("--split", default="test", choices=("test", "train"))
    p.add_argument("--fer-data", help="fer2013.csv.gz: PublicTest figures beside")
    p.add_argument("--json", help="write the figures here")
    args = p.parse_args(argv)
    fer = read_fer(args.fer_data, usages={"PublicTest"}).split("PublicTest") if args.fer_data else None
    out = {}
    for model_dir in args.model_dir:
        meta = metadata.read(model_dir)
        name = f"{meta['name']}/{meta['version']}"
        out[name] = evaluate(model_dir, args.crops, fer, args.split)
        print_figures(f"{name} realphotos {args.split} (faces found "
                      f"{out[name]['realphotos']['faces_found_rate']:.2%})", out[name]["realphotos"])
        if fer is not None:
            print_figures(f"{name} FER2013 PublicTest", out[name]["fer2013_publictest"])
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(out, fh, indent=1)


if __name__ == "__main__":
    main()
