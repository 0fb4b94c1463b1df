import cv2
import pytest

from conftest import LANDMARKS, YUNET, needs_shared
from emotion_ai_train.data.landmarks68 import read_landmarks68
from emotion_ai_train.detector import YuNet
from emotion_ai_train.keypoint_task import match_face


@needs_shared
def test_yunet_finds_the_annotated_face_in_real_photos():
    detector = YuNet(YUNET)
    records = read_landmarks68(LANDMARKS, limit=20)
    found = 0
    for rec in records:
        gray = cv2.imread(rec.file, cv2.IMREAD_GRAYSCALE)
        face = match_face(detector.detect(gray), rec.points)
        if face is not None:
            found += 1
            # YuNet's eye landmarks (image-left eye first) sit near the annotated eye centres
            right_eye = rec.points[36:42].mean(axis=0)
            assert abs(face.landmarks5[0] - right_eye).max() < 0.25 * face.box[2]
    assert found >= 19


def test_missing_detector_file_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="nothing.onnx"):
        YuNet(str(tmp_path / "nothing.onnx"))
