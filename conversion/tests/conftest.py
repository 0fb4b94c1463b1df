import gzip
import os
import sys

import cv2
import numpy as np
import pytest

CONVERSION = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROOT = os.path.dirname(CONVERSION)
SHARED = os.environ.get("EMOTION_AI_SHARED", os.path.join(os.path.dirname(ROOT), "shared"))
EXPERIMENTS = os.path.join(CONVERSION, "experiments")
# emotion_ai_train is installed (editable) in .ci/install's venv; conversion/ first keeps this checkout's copy
# in use anyway, and the one-off experiments import as top-level modules.
sys.path[:0] = [CONVERSION, EXPERIMENTS]

FER_CSV = os.path.join(SHARED, "data", "fer2013", "fer2013.csv.gz")
LANDMARKS = os.path.join(SHARED, "data", "landmarks68")
YUNET = os.path.join(SHARED, "models", "face_detection_yunet", "face_detection_yunet_2023mar.onnx")

needs_shared = pytest.mark.skipif(
    not all(os.path.isfile(p) for p in (FER_CSV, YUNET, os.path.join(LANDMARKS, "landmarks68.csv"))),
    reason=f"shared data not found in {SHARED} (FER2013 csv.gz, landmarks68, YuNet; EMOTION_AI_SHARED sets "
           "another folder)")


def fer_rows(n_per_usage=6, seed=0):
    rng = np.random.default_rng(seed)
    rows = []
    for usage in ("Training", "PublicTest"):
        for i in range(n_per_usage):
            pixels = " ".join(str(v) for v in rng.integers(0, 256, 48 * 48))
            rows.append(f"{i % 7},{pixels},{usage}")
    return rows


@pytest.fixture
def fer_csv(tmp_path):
    """Writes a small FER2013 CSV (plain and gzip) and returns both paths."""
    text = "emotion,pixels,Usage\n" + "\n".join(fer_rows()) + "\n"
    plain = tmp_path / "fer.csv"
    plain.write_text(text)
    gz = tmp_path / "fer.csv.gz"
    with gzip.open(gz, "wt") as fh:
        fh.write(text)
    return plain, gz


@pytest.fixture
def fer_folders(tmp_path):
    rng = np.random.default_rng(1)
    for split in ("train", "test"):
        for label in ("angry", "happy"):
            d = tmp_path / "folders" / split / label
            d.mkdir(parents=True)
            for i in range(3):
                cv2.imwrite(str(d / f"{i}.png"), rng.integers(0, 256, (48, 48), dtype=np.uint8))
    return tmp_path / "folders"


@pytest.fixture
def landmark_set(tmp_path):
    """Two people with two frames each: synthetic images and landmarks."""
    root = tmp_path / "lm"
    (root / "images").mkdir(parents=True)
    rng = np.random.default_rng(2)
    lines = ["file," + ",".join(f"x{i},y{i}" for i in range(68))]
    for person in ("Ann_Lee", "Bob"):
        for frame in (1, 2):
            name = f"{person}_{frame}.jpg"
            cv2.imwrite(str(root / "images" / name), rng.integers(0, 256, (120, 100), dtype=np.uint8))
            pts = rng.uniform(20, 80, 136)
            lines.append(name + "," + ",".join(f"{v:.2f}" for v in pts))
    (root / "landmarks68.csv").write_text("\n".join(lines) + "\n")
    return root
