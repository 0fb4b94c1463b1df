"""Five-point alignment, the crop rule `five_point_similarity`: the similarity transform (rotation, uniform scale,
translation; no reflection) that maps the detector's five landmarks closest, in least squares, onto a template
of the model's input square, then a bilinear warp with replicated borders. RAF-DB's faces were aligned this way;
its template is estimated from its own images (`estimate_template`). The Java service computes the same closed
form (ai.emotion.vision.FivePointAligner), and shared test vectors (models-onnx/crop_vectors) tie the two."""

import cv2
import numpy as np

from .detector import Face

RULE_TYPE = "five_point_similarity"


def similarity(src, dst):
    """2x3 float64 matrix M of the least-squares similarity with M @ [x, y, 1] ~ dst for the points src (Umeyama
    1991 in 2D, closed form: with centred points, a = sum(x.x' + y.y') / sum(x^2 + y^2),
    b = sum(x.y' - y.x') / sum(x^2 + y^2), M = [[a, -b, tx], [b, a, ty]])."""
    src, dst = np.asarray(src, np.float64), np.asarray(dst, np.float64)
    src_mean, dst_mean = src.mean(0), dst.mean(0)
    s, d = src - src_mean, dst - dst_mean
    norm = float((s ** 2).sum())
    a = float((s[:, 0] * d[:, 0] + s[:, 1] * d[:, 1]).sum()) / norm
    b = float((s[:, 0] * d[:, 1] - s[:, 1] * d[:, 0]).sum()) / norm
    tx = dst_mean[0] - (a * src_mean[0] - b * src_mean[1])
    ty = dst_mean[1] - (b * src_mean[0] + a * src_mean[1])
    return np.array([[a, -b, tx], [b, a, ty]])


class FivePointRule:
    """`template`: five (x, y) points in a square of side `template_side` (YuNet's order: right eye, left eye, nose
    tip, right and left mouth corner); the model's input is that square resized to its own side."""

    def __init__(self, template, template_side):
        self.template = np.asarray(template, np.float64)
        self.template_side = float(template_side)

    def to_json(self):
        return {"type": RULE_TYPE, "detector": "yunet", "template": np.round(self.template, 3).tolist(),
                "template_side": self.template_side, "border": "replicate", "interpolation": "linear",
                "fallback": "square_around_detector_box without rotation, scale 1.0 (no landmarks: not used by "
                            "the service, whose detector always gives them)"}

    @staticmethod
    def from_json(d):
        return FivePointRule(d["template"], d["template_side"])

    def matrix(self, landmarks5, out_side):
        return similarity(landmarks5, self.template * (out_side / self.template_side))

    def apply(self, gray, landmarks5, out_side):
        """The aligned face, uint8 [out_side, out_side]."""
        return cv2.warpAffine(gray, self.matrix(landmarks5, out_side), (out_side, out_side), flags=cv2.INTER_LINEAR,
                              borderMode=cv2.BORDER_REPLICATE)


def detect_padded(detector, gray, pad_fraction=0.5, upscale=1.0):
    """The best face of an image whose face fills it (aligned crops): YuNet finds it once the image gets a border.
    Returns the detector's Face (box and landmarks5) in the image's own pixels, or None."""
    if upscale != 1.0:
        gray = cv2.resize(gray, None, fx=upscale, fy=upscale, interpolation=cv2.INTER_LINEAR)
    pad = int(round(pad_fraction * max(gray.shape)))
    padded = cv2.copyMakeBorder(gray, pad, pad, pad, pad, cv2.BORDER_REPLICATE)
    faces = detector.detect(padded)
    if not faces:
        return None
    best = faces[0]
    return Face(np.concatenate([(best.box[:2] - pad) / upscale, best.box[2:] / upscale]).astype(np.float32),
                ((best.landmarks5 - pad) / upscale).astype(np.float32), best.score)


def estimate_template(detector, grays, side):
    """Median five points of aligned images of side `side` (RAF-DB's 100x100), and how many were found."""
    points = [f.landmarks5 for f in (detect_padded(detector, g) for g in grays) if f is not None]
    return np.median(np.stack(points), axis=0), len(points)
