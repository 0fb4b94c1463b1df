"""Keypoint crops from detector boxes, and the figures that judge them (RMSE in 96-px units, NME)."""

import cv2
import numpy as np

from .crop import CropRule
from .labels import KEYPOINT_NAMES, kaggle_from_ibug_matrix

SIDE = 96
OUTER_CORNERS = (KEYPOINT_NAMES.index("left_eye_outer_corner"), KEYPOINT_NAMES.index("right_eye_outer_corner"))
EYE_CENTERS = (KEYPOINT_NAMES.index("left_eye_center"), KEYPOINT_NAMES.index("right_eye_center"))


def match_face(faces, points):
    """The detection that holds this annotated face: the best-scored box containing the landmarks' centre."""
    cx, cy = points.mean(axis=0)
    for face in faces:
        x, y, w, h = face.box
        if x <= cx <= x + w and y <= cy <= y + h:
            return face
    return None


def make_crops(records, detector, rule, side=SIDE):
    """Returns dict of arrays for the records where the detector found the annotated face, plus the misses."""
    images, points, squares, boxes, files, people, misses = [], [], [], [], [], [], []
    for rec in records:
        gray = cv2.imread(rec.file, cv2.IMREAD_GRAYSCALE)
        face = match_face(detector.detect(gray), rec.points)
        if face is None:
            misses.append(rec.file)
            continue
        crop, norm = rule.apply(gray, face.box, side, rec.points, face.landmarks5)
        images.append(crop)
        points.append(norm)
        squares.append(rule.square(face.box))
        boxes.append(face.box)
        files.append(rec.file)
        people.append(rec.person)
    return {"images": np.stack(images), "points68": np.stack(points).astype(np.float32),
            "squares": np.array(squares, np.float32), "boxes": np.stack(boxes), "files": np.array(files),
            "people": np.array(people)}, misses


def to_kaggle(points68):
    return np.einsum("kp,npc->nkc", kaggle_from_ibug_matrix(), points68)


def keypoint_metrics(pred15_img, true15_img, pred15_norm, true15_norm):
    """pred/true in image pixels [N,15,2] and crop-normalised [N,15,2]."""
    err = np.linalg.norm(pred15_img - true15_img, axis=2)  # [N,15]
    iod = np.linalg.norm(true15_img[:, OUTER_CORNERS[0]] - true15_img[:, OUTER_CORNERS[1]], axis=1)
    ipd = np.linalg.norm(true15_img[:, EYE_CENTERS[0]] - true15_img[:, EYE_CENTERS[1]], axis=1)
    nme = err.mean(axis=1) / iod
    rmse96 = float(np.sqrt(np.mean(((pred15_norm - true15_norm) * SIDE) ** 2)))
    return {"nme_interocular": float(nme.mean()), "nme_interpupil": float((err.mean(axis=1) / ipd).mean()),
            "nme_median": float(np.median(nme)), "failure_rate_nme_over_10pct": float((nme > 0.10).mean()),
            "rmse_96px": rmse96,
            "per_point_nme": {n: float((err[:, i] / iod).mean()) for i, n in enumerate(KEYPOINT_NAMES)}}


def crop_to_image(norm, squares):
    """Crop-normalised points [N,P,2] back to image pixels with each crop's (x0, y0, side)."""
    return norm * squares[:, None, 2:3] + squares[:, None, 0:2]


DEFAULT_RULE = CropRule(scale=1.3)
