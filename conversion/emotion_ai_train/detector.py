"""YuNet face detection for training-time crops: OpenCV's `cv2.FaceDetectorYN` (4.8+ runs the 2023mar model),
pinned to the service's OpenCV version (requirements.txt), so training crops match the service's crops."""

import os
from dataclasses import dataclass

import cv2
import numpy as np

DEFAULT_MODEL = os.path.join(
    os.path.dirname(__file__), "..", "..", "..", "shared", "models", "face_detection_yunet",
    "face_detection_yunet_2023mar.onnx")


@dataclass
class Face:
    box: np.ndarray  # float32 [4]: x, y, width, height in image pixels
    landmarks5: np.ndarray  # float32 [5, 2]: right eye, left eye, nose tip, right / left mouth corner
    score: float


def largest(faces):
    """The face with the largest box (the photo's subject, as the service picks it), or None."""
    return max(faces, key=lambda f: float(f.box[2] * f.box[3])) if faces else None


class YuNet:
    def __init__(self, model_path=DEFAULT_MODEL, score_threshold=0.6, nms_threshold=0.3, top_k=50):
        if not os.path.isfile(model_path):
            raise FileNotFoundError(f"{model_path}: YuNet model not found (see conversion/README.md)")
        self._detector = cv2.FaceDetectorYN.create(model_path, "", (64, 64), score_threshold, nms_threshold, top_k)

    def detect(self, image):
        """Faces in a BGR or gray uint8 image, best score first."""
        if image.ndim == 2:
            image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
        self._detector.setInputSize((image.shape[1], image.shape[0]))
        _, rows = self._detector.detect(image)
        rows = np.zeros((0, 15), np.float32) if rows is None else rows
        faces = [Face(r[0:4].astype(np.float32), r[4:14].reshape(5, 2).astype(np.float32), float(r[14]))
                 for r in rows]
        return sorted(faces, key=lambda f: -f.score)
