"""face-api's expression net (vladmandic/face-api 1.7.15, MIT; the weights ship in its npm package) as an outside
teacher: trained on other data than FER2013, its soft targets add what it learnt to the ensemble's. It runs in
Node with tfjs' WebAssembly backend (conversion/teachers/face-api/predict.js); it takes the same gray 48x48 crops
(replicated to RGB, resized to its 112x112 input by face-api itself) and answers in FER2013 class order."""

import os
import shutil
import subprocess
import tempfile

import numpy as np

from .paths import CONVERSION_DIR

TEACHER_DIR = os.path.join(CONVERSION_DIR, "teachers", "face-api")
LICENCE = ("face-api expression net: vladmandic/face-api 1.7.15 (MIT; a fork of justadudewhohacks/face-api.js, "
           "MIT), weights from its npm package")


def missing_reason():
    """Why the teacher cannot run here, or None when it can."""
    if shutil.which("node") is None:
        return "node is not on PATH"
    if not os.path.isdir(os.path.join(TEACHER_DIR, "node_modules", "@vladmandic", "face-api")):
        return f"its npm packages are not installed: run `npm ci` in {TEACHER_DIR}"
    return None


def face_api_probabilities(images):
    """images: uint8 [N, 48, 48] gray faces -> float32 [N, 7] probabilities (Angry, Disgust, Fear, Happy, Sad,
    Surprise, Neutral)."""
    reason = missing_reason()
    if reason:
        raise RuntimeError(f"face-api teacher unavailable: {reason}")
    images = np.ascontiguousarray(images, dtype=np.uint8)
    if images.ndim != 3 or images.shape[1:] != (48, 48):
        raise ValueError(f"face-api teacher takes uint8 [N, 48, 48] faces, got {images.shape}")
    with tempfile.TemporaryDirectory() as tmp:
        faces, probs = os.path.join(tmp, "faces.u8"), os.path.join(tmp, "probs.f32")
        images.tofile(faces)
        subprocess.run(["node", "predict.js", faces, probs], cwd=TEACHER_DIR, check=True)
        return np.fromfile(probs, dtype=np.float32).reshape(len(images), 7)


def cached_probabilities(images, cache_path):
    """face_api_probabilities, kept in `cache_path` (.npy) for the same images (resumed runs skip the Node pass)."""
    if os.path.exists(cache_path):
        probs = np.load(cache_path)
        if probs.shape == (len(images), 7):
            return probs
    probs = face_api_probabilities(images)
    np.save(cache_path, probs)
    return probs
