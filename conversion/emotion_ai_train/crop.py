"""The crop rule: how a model's input square is cut from a face detector's box.

The same rule is written into model.json and applied by the Java service, so it is deliberately simple and
integer-exact: centre = box centre + shift * box size, side = scale * mean(box width, box height), corners
rounded to whole pixels, border pixels replicated where the square leaves the image, then INTER_AREA resize.
With `rotate="eye_line"` the square is first turned about its centre so that the detector's two eye landmarks
lie level (bilinear, border replicated): the model sees upright faces whatever the head's roll.
"""

import json
import math

from dataclasses import asdict, dataclass

import cv2
import numpy as np


@dataclass(frozen=True)
class CropRule:
    scale: float  # crop side / mean(box width, box height)
    shift_x: float = 0.0  # crop centre offset, in box widths
    shift_y: float = 0.0  # crop centre offset, in box heights
    detector: str = "yunet"
    rotate: str = "none"  # or "eye_line"

    def to_json(self):
        d = asdict(self)
        d.update(type="square_around_detector_box", size_basis="mean_box_side", border="replicate",
                 resize_interpolation="area")
        return d

    @staticmethod
    def from_json(d):
        return CropRule(scale=d["scale"], shift_x=d.get("shift_x", 0.0), shift_y=d.get("shift_y", 0.0),
                        detector=d.get("detector", "yunet"), rotate=d.get("rotate", "none"))

    def square(self, box):
        """(x0, y0, side) in whole pixels for a detector box (x, y, w, h)."""
        x, y, w, h = (float(v) for v in box)
        cx = x + w / 2 + self.shift_x * w
        cy = y + h / 2 + self.shift_y * h
        side = max(1, int(round(self.scale * (w + h) / 2)))
        return int(round(cx - side / 2)), int(round(cy - side / 2)), side

    def eye_angle(self, landmarks5):
        """Degrees of the eye line (y down: positive when the image-right eye is lower); 0 without rotation."""
        if self.rotate != "eye_line":
            return 0.0
        (rx, ry), (lx, ly) = landmarks5[0], landmarks5[1]
        return math.degrees(math.atan2(float(ly - ry), float(lx - rx)))

    def apply(self, gray, box, out_side, points=None, landmarks5=None):
        """Cuts and resizes; returns (crop uint8 [out,out], points normalised to the crop in [0,1] or None).
        With rotation, `landmarks5` (the detector's) is required and the points are in the turned crop."""
        x0, y0, side = self.square(box)
        angle = self.eye_angle(landmarks5)
        if angle:
            m = cv2.getRotationMatrix2D((x0 + side / 2, y0 + side / 2), angle, 1.0)
            shifted = m.copy()
            shifted[:, 2] -= (x0, y0)
            crop = cv2.warpAffine(gray, shifted, (side, side), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
            if points is not None:
                points = np.asarray(points, np.float32) @ m[:, :2].T.astype(np.float32) + m[:, 2].astype(np.float32)
        else:
            crop = cut_square(gray, x0, y0, side)
        crop = cv2.resize(crop, (out_side, out_side), interpolation=cv2.INTER_AREA)
        norm = None if points is None else (np.asarray(points, np.float32) - [x0, y0]) / side
        return crop, norm


def cut_square(gray, x0, y0, side):
    h, w = gray.shape[:2]
    top, left = max(0, -y0), max(0, -x0)
    bottom, right = max(0, y0 + side - h), max(0, x0 + side - w)
    inner = gray[max(0, y0):min(h, y0 + side), max(0, x0):min(w, x0 + side)]
    if inner.size == 0:  # the square lies wholly outside the image
        return np.full((side, side), int(gray.mean()) if gray.size else 0, np.uint8)
    if top or left or bottom or right:
        inner = cv2.copyMakeBorder(inner, top, bottom, left, right, cv2.BORDER_REPLICATE)
    return inner


def read_crop_rule(path):
    """The crop rule (a dict) in a JSON with `crop_rule` (make_*_crops.py's crops.json, a calibration) or in a
    model.json (its preprocessing.crop); ValueError naming the file otherwise."""
    with open(path) as fh:
        doc = json.load(fh)
    if "crop_rule" in doc:
        return doc["crop_rule"]
    try:
        return doc["preprocessing"]["crop"]
    except (KeyError, TypeError):
        raise ValueError(f"{path}: holds neither `crop_rule` nor preprocessing.crop (a model.json)") from None
