"""FER2013 readers: the Kaggle CSV form (`emotion,pixels,Usage`, gzip or not) and an image-folder layout."""

import csv
import gzip
import io
import os
from dataclasses import dataclass

import numpy as np

from . import DataError
from ..labels import FER2013_LABELS

SIDE = 48
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp", ".pgm")


@dataclass
class FerSet:
    images: np.ndarray  # uint8 [N, 48, 48]
    fer_ids: np.ndarray  # int64 [N], FER2013 ids 0..6
    usage: np.ndarray  # str [N]: Training / PublicTest / PrivateTest

    def subset(self, mask):
        return FerSet(self.images[mask], self.fer_ids[mask], self.usage[mask])

    def split(self, usage):
        return self.subset(self.usage == usage)


def _open_text(path):
    if not os.path.isfile(path):
        raise DataError(f"{path}: file not found")
    with open(path, "rb") as probe:
        gz = probe.read(2) == b"\x1f\x8b"
    raw = gzip.open(path, "rb") if gz else open(path, "rb")
    return io.TextIOWrapper(raw, encoding="utf-8", newline="")


def read_fer_csv(path, usages=None, limit=None):
    """Reads the Kaggle CSV. `usages` keeps only those Usage values; `limit` caps rows per usage (smoke runs)."""
    images, ids, usage_col, per_usage = [], [], [], {}
    with _open_text(path) as fh:
        reader = csv.reader(fh)
        header = next(reader, None)
        if header is None or [h.strip() for h in header[:3]] != ["emotion", "pixels", "Usage"]:
            raise DataError(f"{path}: row 1: expected header 'emotion,pixels,Usage', got {header}")
        for row_no, row in enumerate(reader, start=2):
            if len(row) != 3:
                raise DataError(f"{path}: row {row_no}: expected 3 fields, got {len(row)}")
            emotion, pixels, usage = row
            if usages is not None and usage not in usages:
                continue
            if limit is not None and per_usage.get(usage, 0) >= limit:
                continue
            try:
                fer_id = int(emotion)
            except ValueError:
                raise DataError(f"{path}: row {row_no}: emotion '{emotion}' is not an integer") from None
            if not 0 <= fer_id < len(FER2013_LABELS):
                raise DataError(f"{path}: row {row_no}: emotion id {fer_id} outside 0..6")
            try:
                values = np.array(pixels.split(), dtype=np.int32)
            except ValueError:
                raise DataError(f"{path}: row {row_no}: pixels are not integers") from None
            if values.size != SIDE * SIDE or values.min() < 0 or values.max() > 255:
                raise DataError(f"{path}: row {row_no}: expected {SIDE * SIDE} pixels in 0..255, got {values.size}")
            images.append(values.astype(np.uint8).reshape(SIDE, SIDE))
            ids.append(fer_id)
            usage_col.append(usage)
            per_usage[usage] = per_usage.get(usage, 0) + 1
    if not images:
        raise DataError(f"{path}: no rows for usages {sorted(usages) if usages else 'any'}")
    return FerSet(np.stack(images), np.array(ids, dtype=np.int64), np.array(usage_col))


def _class_id(folder_name, path):
    for fer_id, label in enumerate(FER2013_LABELS):
        if folder_name.lower() == label.lower():
            return fer_id
    raise DataError(f"{path}: folder '{folder_name}' is not a FER2013 class {FER2013_LABELS}")


def read_fer_folders(root, usages=None, limit=None, split_usage=(("train", "Training"), ("test", "PublicTest"))):
    """Reads `root/<split>/<class>/*.jpg` (the common Kaggle image release); images are made 48x48 gray."""
    import cv2

    images, ids, usage_col = [], [], []
    found_split = False
    for split, usage in split_usage:
        split_dir = os.path.join(root, split)
        if usages is not None and usage not in usages:
            continue
        if not os.path.isdir(split_dir):
            continue
        found_split = True
        for folder in sorted(os.listdir(split_dir)):
            class_dir = os.path.join(split_dir, folder)
            if not os.path.isdir(class_dir):
                continue
            fer_id = _class_id(folder, class_dir)
            for name in sorted(os.listdir(class_dir))[:limit]:
                if not name.lower().endswith(IMAGE_SUFFIXES):
                    continue
                file = os.path.join(class_dir, name)
                img = cv2.imread(file, cv2.IMREAD_GRAYSCALE)
                if img is None:
                    raise DataError(f"{file}: not a readable image")
                if img.shape != (SIDE, SIDE):
                    img = cv2.resize(img, (SIDE, SIDE), interpolation=cv2.INTER_AREA)
                images.append(img)
                ids.append(fer_id)
                usage_col.append(usage)
    if not found_split:
        raise DataError(f"{root}: expected sub-folders {[s for s, _ in split_usage]}")
    if not images:
        raise DataError(f"{root}: no images found")
    return FerSet(np.stack(images), np.array(ids, dtype=np.int64), np.array(usage_col))


def read_fer(path, **kwargs):
    """Either form: a directory is read as image folders, a file as the Kaggle CSV."""
    return read_fer_folders(path, **kwargs) if os.path.isdir(path) else read_fer_csv(path, **kwargs)
