import gzip

import numpy as np
import pytest

from emotion_ai_train.data import DataError
from emotion_ai_train.data.fer2013 import read_fer, read_fer_csv, read_fer_folders
from emotion_ai_train.data.kaggle_keypoints import COLUMNS, read_kaggle_keypoints
from emotion_ai_train.data.landmarks68 import person_of, read_landmarks68, split_by_person


def test_fer_csv_plain_and_gzip_read_the_same(fer_csv):
    plain, gz = fer_csv
    a, b = read_fer_csv(str(plain)), read_fer_csv(str(gz))
    assert a.images.shape == (12, 48, 48) and a.images.dtype == np.uint8
    assert np.array_equal(a.images, b.images) and np.array_equal(a.fer_ids, b.fer_ids)
    assert len(a.split("Training").images) == 6 and len(a.split("PublicTest").images) == 6


def test_fer_csv_usage_filter_and_limit(fer_csv):
    data = read_fer_csv(str(fer_csv[0]), usages={"Training"}, limit=2)
    assert list(data.usage) == ["Training", "Training"]


@pytest.mark.parametrize("row, problem", [
    ("9," + " ".join(["0"] * 2304) + ",Training", "outside 0..6"),
    ("1," + " ".join(["0"] * 100) + ",Training", "expected 2304 pixels"),
    ("x," + " ".join(["0"] * 2304) + ",Training", "not an integer"),
    ("1,0 0", "expected 3 fields"),
])
def test_fer_csv_malformed_row_names_file_and_row(tmp_path, row, problem):
    path = tmp_path / "bad.csv"
    path.write_text("emotion,pixels,Usage\n0," + " ".join(["1"] * 2304) + ",Training\n" + row + "\n")
    with pytest.raises(DataError, match=rf"bad.csv: row 3: .*{problem}"):
        read_fer_csv(str(path))


def test_fer_csv_missing_file_and_bad_header(tmp_path):
    with pytest.raises(DataError, match="nope.csv: file not found"):
        read_fer_csv(str(tmp_path / "nope.csv"))
    bad = tmp_path / "h.csv.gz"
    with gzip.open(bad, "wt") as fh:
        fh.write("a,b,c\n")
    with pytest.raises(DataError, match="h.csv.gz: row 1"):
        read_fer_csv(str(bad))


def test_fer_image_folders(fer_folders):
    data = read_fer(str(fer_folders))
    assert data.images.shape == (12, 48, 48)
    assert set(data.fer_ids) == {0, 3}  # angry, happy
    assert set(data.usage) == {"Training", "PublicTest"}


def test_fer_folder_with_unknown_class(fer_folders):
    (fer_folders / "train" / "bored").mkdir()
    with pytest.raises(DataError, match="bored"):
        read_fer_folders(str(fer_folders))


def test_landmarks_reader_and_person_split(landmark_set):
    records = read_landmarks68(str(landmark_set))
    assert len(records) == 4 and records[0].points.shape == (68, 2)
    assert person_of("Ann_Lee_12.jpg") == "Ann_Lee"
    train, val = split_by_person(records, val_fraction=0.5)
    assert {r.person for r in train}.isdisjoint({r.person for r in val})
    assert len(train) == 2 and len(val) == 2


def test_landmarks_missing_image_names_row(landmark_set):
    (landmark_set / "images" / "Bob_2.jpg").unlink()
    with pytest.raises(DataError, match=r"landmarks68.csv: row 5: image .*Bob_2.jpg not found"):
        read_landmarks68(str(landmark_set))


def test_kaggle_keypoints_reader(tmp_path):
    path = tmp_path / "training.csv"
    full = ",".join(["48.0"] * 30) + "," + " ".join(["7"] * 9216)
    partial = ",".join([""] * 29 + ["1"]) + "," + " ".join(["7"] * 9216)
    path.write_text(",".join(COLUMNS + ["Image"]) + "\n" + full + "\n" + partial + "\n")
    images, points = read_kaggle_keypoints(str(path))
    assert images.shape == (1, 96, 96) and points.shape == (1, 15, 2)
    assert len(read_kaggle_keypoints(str(path), complete_only=False)[0]) == 2
    path.write_text(",".join(COLUMNS + ["Image"]) + "\n" + ",".join(["1"] * 30) + ",1 2 3\n")
    with pytest.raises(DataError, match="training.csv: row 2: expected 9216 pixels"):
        read_kaggle_keypoints(str(path))
