"""The 68-landmark photo set: `landmarks68.csv` (file,x0,y0,...,x67,y67) beside an `images/` folder."""

import csv
import os
from dataclasses import dataclass

import numpy as np

from . import DataError


@dataclass
class LandmarkRecord:
    file: str  # absolute path of the photo
    person: str  # the name before `_<frame>.jpg`
    points: np.ndarray  # float32 [68, 2], image pixels


def person_of(file_name):
    stem = os.path.splitext(os.path.basename(file_name))[0]
    return stem.rsplit("_", 1)[0] if "_" in stem else stem


def read_landmarks68(root, limit=None):
    csv_path = os.path.join(root, "landmarks68.csv")
    if not os.path.isfile(csv_path):
        raise DataError(f"{csv_path}: file not found")
    records = []
    with open(csv_path, newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        header = next(reader, None)
        if header is None or len(header) != 137 or header[0] != "file":
            raise DataError(f"{csv_path}: row 1: expected header file,x0,y0,...,x67,y67")
        for row_no, row in enumerate(reader, start=2):
            if len(row) != 137:
                raise DataError(f"{csv_path}: row {row_no}: expected 137 fields, got {len(row)}")
            try:
                pts = np.array(row[1:], dtype=np.float32).reshape(68, 2)
            except ValueError:
                raise DataError(f"{csv_path}: row {row_no}: coordinates are not numbers") from None
            image = os.path.join(root, "images", row[0])
            if not os.path.isfile(image):
                raise DataError(f"{csv_path}: row {row_no}: image {image} not found")
            records.append(LandmarkRecord(image, person_of(row[0]), pts))
            if limit is not None and len(records) >= limit:
                break
    if not records:
        raise DataError(f"{csv_path}: no rows")
    return records


def split_by_person(records, val_fraction=0.15, seed=0):
    """Deterministic split: whole people go to validation, never single frames of a person."""
    people = sorted({r.person for r in records})
    rng = np.random.default_rng(seed)
    rng.shuffle(people)
    n_val = max(1, int(round(len(people) * val_fraction)))
    val_people = set(people[:n_val])
    train = [r for r in records if r.person not in val_people]
    val = [r for r in records if r.person in val_people]
    return train, val
