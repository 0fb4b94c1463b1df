"""The crowd-labelled real photos: `labels.csv` (file,label,person) beside an `images/` folder. Labels are the
seven FER2013 classes in lower case; noisy, and the rare classes are few (fear has a handful of photos)."""

import csv
import os
from dataclasses import dataclass

import numpy as np

from . import DataError
from ..labels import FER2013_LABELS


@dataclass
class RealPhoto:
    file: str  # absolute path
    label: str  # FER2013 class name, capitalised as in FER2013_LABELS
    person: str


def read_realphotos(root, limit=None):
    csv_path = os.path.join(root, "labels.csv")
    if not os.path.isfile(csv_path):
        raise DataError(f"{csv_path}: file not found")
    by_lower = {name.lower(): name for name in FER2013_LABELS}
    photos = []
    with open(csv_path, newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        header = next(reader, None)
        if header != ["file", "label", "person"]:
            raise DataError(f"{csv_path}: row 1: expected header file,label,person")
        for row_no, row in enumerate(reader, start=2):
            if len(row) != 3:
                raise DataError(f"{csv_path}: row {row_no}: expected 3 fields, got {len(row)}")
            if row[1].lower() not in by_lower:
                raise DataError(f"{csv_path}: row {row_no}: unknown label {row[1]!r}")
            image = os.path.join(root, "images", row[0])
            if not os.path.isfile(image):
                raise DataError(f"{csv_path}: row {row_no}: image {image} not found")
            photos.append(RealPhoto(image, by_lower[row[1].lower()], row[2]))
            if limit is not None and len(photos) >= limit:
                break
    if not photos:
        raise DataError(f"{csv_path}: no rows")
    return photos


def split_by_person(photos, test_fraction=0.5, seed=0):
    """(train, test): whole people on one side. People are grouped by the rarest class among their photos and
    each group is cut at `test_fraction`, so that the few angry, disgusted or sad people land on both sides."""
    counts = {}
    for p in photos:
        counts[p.label] = counts.get(p.label, 0) + 1
    rarest = {}
    for p in photos:
        if p.person not in rarest or counts[p.label] < counts[rarest[p.person]]:
            rarest[p.person] = p.label
    rng = np.random.default_rng(seed)
    test_people = set()
    for label in sorted(set(rarest.values())):
        group = sorted(person for person, r in rarest.items() if r == label)
        rng.shuffle(group)
        test_people.update(group[:int(round(len(group) * test_fraction))])
    return ([p for p in photos if p.person not in test_people], [p for p in photos if p.person in test_people])
