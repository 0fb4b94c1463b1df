"""Test vectors: model-sized gray PNG inputs and the outputs PyTorch gave for them. A runtime that decodes
the PNG, applies `input = pixel / 255` and runs the ONNX file must reproduce them within the tolerance.
Inputs are synthetic or averages of many faces, never a photo from the training data."""

import json
import os

import cv2
import numpy as np

from .onnx_export import run_torch

TOLERANCE = 1e-4


def synthetic_inputs(mean_faces, side, seed=0):
    """Averaged faces, their mirror image, and seeded noise, as uint8 [K, side, side]."""
    rng = np.random.default_rng(seed)
    faces = [np.clip(f, 0, 255).astype(np.uint8) for f in mean_faces]
    faces.append(np.ascontiguousarray(faces[0][:, ::-1]))
    faces.append(rng.integers(0, 256, (side, side), dtype=np.uint8))
    return np.stack(faces)


def read_vectors(folder):
    """(expected.json's document, its PNG inputs as float32 [K, 1, H, W] = pixel / 255, in case order)."""
    with open(os.path.join(folder, "expected.json")) as fh:
        doc = json.load(fh)
    images = [cv2.imread(os.path.join(folder, case["input"]), cv2.IMREAD_GRAYSCALE) for case in doc["cases"]]
    return doc, np.stack(images).astype(np.float32)[:, None] / 255.0


def write_vectors(module, images, output_names, folder):
    os.makedirs(folder, exist_ok=True)
    batch = images.astype(np.float32)[:, None] / 255.0
    outputs = run_torch(module, batch)
    cases = []
    for i, img in enumerate(images):
        name = f"input_{i}.png"
        cv2.imwrite(os.path.join(folder, name), img)
        cases.append({"input": name, "outputs": {n: o[i].round(7).tolist() for n, o in zip(output_names, outputs)}})
    doc = {"tolerance": TOLERANCE, "normalisation": "input = pixel / 255, shape [1, 1, H, W]", "cases": cases}
    with open(os.path.join(folder, "expected.json"), "w") as fh:
        json.dump(doc, fh)
    return doc
