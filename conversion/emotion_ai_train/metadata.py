"""model.json: the contract between a model file and every runtime that serves it (framework-neutral)."""

import hashlib
import json
import os
import shlex
import sys
import zlib

from .labels import KEYPOINT_NAMES

SCHEMA_VERSION = 1
# How model.json's recorded commands are run: from conversion/, by the toolchain's interpreter (.ci/install's venv).
RUN_PREFIX = "cd conversion && ../.venv/bin/python "
PIXEL_SCALE = 1.0 / 255.0


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def crc32(path):
    """CRC-32 (zlib's, as java.util.zip.CRC32 computes it) as 8 hex digits: what the service checks at load."""
    value = 0
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            value = zlib.crc32(chunk, value)
    return "%08x" % value


def command_line(script, argv=None):
    """How a step was run, for model.json: the script with the arguments it was given, whether from the shell
    or through main(argv) (tests, recipes)."""
    return " ".join([script] + [shlex.quote(a) for a in (sys.argv[1:] if argv is None else argv)])


def _input(side):
    return {"name": "input", "dtype": "float32", "layout": "NCHW", "shape": [-1, 1, side, side]}


def _preprocessing(side, crop_rule):
    return {"color": "gray", "gray_conversion": "opencv COLOR_BGR2GRAY", "width": side, "height": side,
            "resize_interpolation": "area", "scale": PIXEL_SCALE, "offset": 0.0,
            "formula": "input = pixel * scale + offset", "crop": crop_rule}


def emotion_metadata(version, labels, crop_rule, flip_average, training, side=48):
    labels = list(labels)
    return {
        "schema_version": SCHEMA_VERSION, "name": "emotion", "version": str(version),
        "task": "emotion-classification", "file": "model.onnx",
        "input": _input(side),
        "outputs": [{"name": "probabilities", "dtype": "float32", "shape": [-1, len(labels)],
                     "meaning": "softmax probabilities in label order"}],
        "labels": labels,
        "preprocessing": _preprocessing(side, crop_rule),
        "postprocessing": {"flip_average_in_graph": flip_average},
        "training": training,
    }


def keypoints_metadata(version, crop_rule, training, postprocessing=None):
    return {
        "schema_version": SCHEMA_VERSION, "name": "keypoints", "version": str(version),
        "task": "facial-keypoints", "file": "model.onnx",
        "input": _input(96),
        "outputs": [
            {"name": "keypoints", "dtype": "float32", "shape": [-1, len(KEYPOINT_NAMES), 2],
             "meaning": "x, y of the Kaggle keypoints, normalised to the crop: image = crop_origin + value * crop_side"},
            {"name": "landmarks68", "dtype": "float32", "shape": [-1, 68, 2],
             "meaning": "x, y of the 68 iBUG landmarks, normalised to the crop like `keypoints`"},
        ],
        "keypoint_names": list(KEYPOINT_NAMES),
        "preprocessing": _preprocessing(96, crop_rule),
        "postprocessing": postprocessing or {"flip_average_in_graph": False},
        "training": training,
    }


def write(meta, folder):
    # sha256 identifies the file (sha256sum, registries); crc32 is the service's cheap load-time corruption check.
    path = os.path.join(folder, meta["file"])
    meta = dict(meta, sha256=sha256(path), crc32=crc32(path))
    with open(os.path.join(folder, "model.json"), "w") as fh:
        json.dump(meta, fh, indent=2)
        fh.write("\n")
    return meta


def read(folder):
    with open(os.path.join(folder, "model.json")) as fh:
        return json.load(fh)
