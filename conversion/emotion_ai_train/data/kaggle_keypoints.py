"""The Kaggle Facial Keypoints CSV: 30 coordinate columns (96x96 pixel space) and an `Image` column."""

import csv
import os

import numpy as np

from . import DataError
from ..labels import KEYPOINT_NAMES

SIDE = 96
COLUMNS = [f"{name}_{axis}" for name in KEYPOINT_NAMES for axis in ("x", "y")]


def read_kaggle_keypoints(path, complete_only=True):
    """Returns (images uint8 [N,96,96], points float32 [N,15,2] in 96-px units, NaN where missing)."""
    if not os.path.isfile(path):
        raise DataError(f"{path}: file not found")
    images, points = [], []
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in COLUMNS + ["Image"] if c not in (reader.fieldnames or [])]
        if missing:
            raise DataError(f"{path}: row 1: missing columns {missing}")
        for row_no, row in enumerate(reader, start=2):
            try:
                coords = np.array([float(row[c]) if row[c] != "" else np.nan for c in COLUMNS], dtype=np.float32)
                pixels = np.array(row["Image"].split(), dtype=np.int32)
            except ValueError:
                raise DataError(f"{path}: row {row_no}: non-numeric value") from None
            if pixels.size != SIDE * SIDE:
                raise DataError(f"{path}: row {row_no}: expected {SIDE * SIDE} pixels, got {pixels.size}")
            if complete_only and np.isnan(coords).any():
                continue
            images.append(pixels.clip(0, 255).astype(np.uint8).reshape(SIDE, SIDE))
            points.append(coords.reshape(len(KEYPOINT_NAMES), 2))
    if not images:
        raise DataError(f"{path}: no usable rows")
    return np.stack(images), np.stack(points)
