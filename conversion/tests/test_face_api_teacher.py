"""face-api's expression net as an outside teacher: it runs from the pinned npm packages and reads real faces."""

import numpy as np
import pytest
import torch

from conftest import FER_CSV, needs_shared
from emotion_ai_train.cli.train_emotion import parse_class_repeats, repeat_index
from emotion_ai_train.face_api import face_api_probabilities, missing_reason


def test_rare_real_photo_classes_can_repeat_more_often():
    x = torch.arange(4).float().view(4, 1, 1, 1)
    y = torch.tensor([0, 1, 1, 3])
    index = repeat_index(y, 2, parse_class_repeats(["Disgust=5"], "fer7"))
    rx, ry = x[index], y[index]
    assert torch.bincount(ry).tolist() == [2, 10, 0, 2]
    assert set(rx[ry == 1].flatten().tolist()) == {1.0, 2.0}
    with pytest.raises(SystemExit, match="Disgust"):
        parse_class_repeats(["Disgusted=3"], "fer7")


@needs_shared
@pytest.mark.skipif(missing_reason() is not None, reason=f"face-api teacher: {missing_reason()}")
def test_face_api_reads_fer2013_faces_in_fer_class_order():
    from emotion_ai_train.data.fer2013 import read_fer
    public = read_fer(FER_CSV, usages={"PublicTest"}, limit=300).split("PublicTest")
    probs = face_api_probabilities(public.images)
    assert probs.shape == (len(public.fer_ids), 7)
    np.testing.assert_allclose(probs.sum(1), 1, atol=1e-4)
    # trained on other data than FER2013, it reads PublicTest less well than our models, but far above answering
    # the commonest class (Happy, a quarter of the faces)
    assert (probs.argmax(1) == public.fer_ids).mean() > 0.45
    with pytest.raises(ValueError, match="48, 48"):
        face_api_probabilities(np.zeros((2, 64, 64), np.uint8))
