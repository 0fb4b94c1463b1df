"""YuNet face detection for training-time crops, identical in behaviour to OpenCV's FaceDetectorYN.

OpenCV 4.8+ runs the 2023mar YuNet model through `cv2.FaceDetectorYN`; Debian's OpenCV 4.6 cannot (its
FaceDetectorYN predates that model's output layout). In that case the same network is run through `cv2.dnn`
and decoded here exactly as FaceDetectorYN 4.8 does (pad to a multiple of 32, per-stride anchor decode, NMS),
so training crops match the service's crops from Java OpenCV 4.9.
"""

import os
from dataclasses import dataclass

import cv2
import numpy as np

DEFAULT_MODEL = os.path.join(
    os.path.dirname(__file__), "..", "..", "..", "shared", "models", "face_detection_yunet",
    "face_detection_yunet_2023mar.onnx")
STRIDES = (8, 16, 32)


@dataclass
class Face:
    box: np.ndarray  # float32 [4]: x, y, width, height in image pixels
    landmarks5: np.ndarray  # float32 [5, 2]: right eye, left eye, nose tip, right / left mouth corner
    score: float


class YuNet:
    def __init__(self, model_path=DEFAULT_MODEL, score_threshold=0.6, nms_threshold=0.3, top_k=50):
        if not os.path.isfile(model_path):
            raise FileNotFoundError(f"{model_path}: YuNet model not found (see conversion/README.md)")
        self.score_threshold, self.nms_threshold, self.top_k = score_threshold, nms_threshold, top_k
        self._native = self._try_native(model_path)
        self._net = None if self._native else cv2.dnn.readNetFromONNX(model_path)

    def _try_native(self, model_path):
        if not hasattr(cv2, "FaceDetectorYN"):
            return None
        try:
            det = cv2.FaceDetectorYN.create(model_path, "", (64, 64), self.score_threshold, self.nms_threshold,
                                            self.top_k)
            det.detect(np.zeros((64, 64, 3), np.uint8))
            return det
        except cv2.error:
            return None

    def detect(self, image):
        """Faces in a BGR or gray uint8 image, best score first."""
        if image.ndim == 2:
            image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
        if self._native is not None:
            self._native.setInputSize((image.shape[1], image.shape[0]))
            _, rows = self._native.detect(image)
            rows = np.zeros((0, 15), np.float32) if rows is None else rows
        else:
            rows = self._detect_dnn(image)
        faces = [Face(r[0:4].astype(np.float32), r[4:14].reshape(5, 2).astype(np.float32), float(r[14]))
                 for r in rows]
        return sorted(faces, key=lambda f: -f.score)

    def _detect_dnn(self, image):
        h, w = image.shape[:2]
        pad_h, pad_w = ((h - 1) // 32 + 1) * 32, ((w - 1) // 32 + 1) * 32
        padded = cv2.copyMakeBorder(image, 0, pad_h - h, 0, pad_w - w, cv2.BORDER_CONSTANT, value=0)
        self._net.setInput(cv2.dnn.blobFromImage(padded))
        names = [f"{kind}_{s}" for s in STRIDES for kind in ("cls", "obj", "bbox", "kps")]
        outs = dict(zip(names, self._net.forward(names)))
        rows = []
        for s in STRIDES:
            cols_n, rows_n = pad_w // s, pad_h // s
            cls = np.clip(outs[f"cls_{s}"].reshape(-1), 0, 1)
            obj = np.clip(outs[f"obj_{s}"].reshape(-1), 0, 1)
            bbox = outs[f"bbox_{s}"].reshape(-1, 4)
            kps = outs[f"kps_{s}"].reshape(-1, 10)
            score = np.sqrt(cls * obj)
            keep = np.nonzero(score >= self.score_threshold)[0]
            for idx in keep:
                r, c = divmod(int(idx), cols_n)
                cx, cy = (c + bbox[idx, 0]) * s, (r + bbox[idx, 1]) * s
                bw, bh = np.exp(bbox[idx, 2]) * s, np.exp(bbox[idx, 3]) * s
                lm = [((kps[idx, 2 * n] + c) * s, (kps[idx, 2 * n + 1] + r) * s) for n in range(5)]
                rows.append([cx - bw / 2, cy - bh / 2, bw, bh] + [v for p in lm for v in p] + [score[idx]])
        if not rows:
            return np.zeros((0, 15), np.float32)
        rows = np.array(rows, np.float32)
        keep = cv2.dnn.NMSBoxes(rows[:, 0:4].tolist(), rows[:, 14].tolist(), self.score_threshold,
                                self.nms_threshold, top_k=self.top_k)
        return rows[np.array(keep).reshape(-1)]
