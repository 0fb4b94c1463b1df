"""End to end on a slice of the real data: train one epoch, export, evaluate (the full runs are not CI's job)."""

import json
import os
import subprocess
import sys

import jsonschema
import numpy as np
import pytest

import measure_ensemble
from conftest import CONVERSION, FER_CSV, LANDMARKS, ROOT, YUNET, needs_shared
from emotion_ai_train.metadata import RUN_PREFIX
from emotion_ai_train.cli import (calibrate_emotion_crop, evaluate, export_onnx, keras_to_onnx, make_keypoint_crops,
                                  train_emotion, train_keypoints)

SCHEMA = json.load(open(os.path.join(ROOT, "models-onnx", "model.schema.json")))


@needs_shared
def test_emotion_pipeline_end_to_end(tmp_path):
    run, models = tmp_path / "run", tmp_path / "models"
    train_emotion.main(["--data", FER_CSV, "--label-set", "orig5", "--out", str(run), "--limit", "300",
                        "--epochs", "1", "--width", "8", "--batch-size", "64", "--keep-epochs"])
    assert (run / "epochs" / "epoch-1.pt").is_file()
    calibrate_emotion_crop.main(["--data", FER_CSV, "--detector", YUNET, "--samples", "40",
                                 "--out", str(tmp_path / "crop.json")])
    rule = json.load(open(tmp_path / "crop.json"))
    assert rule["detection_rate"] > 0.5 and 0.8 < rule["crop_rule"]["scale"] < 1.6
    export_onnx.main(["--checkpoint", str(run / "best.pt"), "--version", "1", "--models-dir", str(models),
                      "--crop-rule", str(tmp_path / "crop.json"), "--fer-data", FER_CSV])
    evaluate.main(["--model-dir", str(models / "emotion" / "1"), "--history", str(run / "history.json"),
                   "--fer-data", FER_CSV])
    folder = models / "emotion" / "1"
    meta = json.load(open(folder / "model.json"))
    jsonschema.validate(meta, SCHEMA)
    assert meta["labels"] == ["Angry", "Disgust", "Sad", "Happy", "Surprise"]
    assert 0 < meta["metrics"]["accuracy"] <= 1 and meta["metrics"]["samples"] > 2000
    for name in ("README.md", "confusion_matrix.png", "training_curves.png", "samples.png",
                 "test_vectors/expected.json"):
        assert (folder / name).is_file(), name


@needs_shared
def test_keypoint_pipeline_end_to_end(tmp_path):
    crops, run, models = tmp_path / "crops", tmp_path / "run", tmp_path / "models"
    make_keypoint_crops.main(["--data", LANDMARKS, "--detector", YUNET, "--out", str(crops), "--limit", "200",
                              "--val-fraction", "0.3"])
    report = json.load(open(crops / "crops.json"))
    assert report["train"]["found_rate"] > 0.95 and report["val"]["people"] >= 1
    train_people = set(np.load(crops / "train.npz")["people"])
    assert train_people.isdisjoint(set(np.load(crops / "val.npz")["people"]))
    train_keypoints.main(["--crops", str(crops), "--out", str(run), "--epochs", "1", "--width", "16"])
    export_onnx.main(["--checkpoint", str(run / "best.pt"), "--version", "1", "--models-dir", str(models),
                      "--crop-rule", str(crops / "crops.json"), "--crops", str(crops),
                      "--record-path", f"{crops}=../runs/keypoint-crops"])
    evaluate.main(["--model-dir", str(models / "keypoints" / "1"), "--crops", str(crops)])
    meta = json.load(open(models / "keypoints" / "1" / "model.json"))
    jsonschema.validate(meta, SCHEMA)
    assert len(meta["keypoint_names"]) == 15 and meta["metrics"]["nme_interocular"] > 0
    # the recorded training command names the crops as --record-path rewrote them
    assert "--crops ../runs/keypoint-crops" in meta["training"]["command"], meta["training"]["command"]
    assert str(crops) not in json.dumps(meta["training"])
    # recorded as run from conversion/ by the scripts there, whatever called main()
    assert meta["training"]["command"].startswith(RUN_PREFIX + "train_keypoints.py --crops ")
    assert meta["export_command"].startswith(RUN_PREFIX + "export_onnx.py --checkpoint ")
    evaluate_command = f"evaluate.py --model-dir {models / 'keypoints' / '1'} --crops {crops}"
    assert meta["metrics"]["evaluate_command"] == RUN_PREFIX + evaluate_command


@needs_shared
def test_resume_continues_from_last_checkpoint(tmp_path):
    args = ["--data", FER_CSV, "--out", str(tmp_path), "--limit", "100", "--width", "8", "--batch-size", "50"]
    train_emotion.main(args + ["--epochs", "1"])
    train_emotion.main(args + ["--epochs", "2", "--resume", str(tmp_path / "last.pt")])
    history = json.load(open(tmp_path / "history.json"))
    assert [h["epoch"] for h in history] == [1, 2]


def test_every_command_has_help(capsys):
    for module in (train_emotion, train_keypoints, export_onnx, evaluate, make_keypoint_crops,
                   calibrate_emotion_crop, keras_to_onnx, measure_ensemble):
        with pytest.raises(SystemExit) as done:
            module.main(["--help"]) if module is not train_emotion and module is not train_keypoints \
                else module.parse_args(["--help"])
        assert done.value.code == 0
    assert "usage" in capsys.readouterr().out


EXPRESSION_SETS = [os.path.join(os.path.dirname(FER_CSV), "..", name, "labels.csv") for name in
                   ("rafdb", "kdef", "realphotos")] + [os.path.join(os.path.dirname(FER_CSV), "..", "..", "models",
                                                                     "imagenet_mobilenet_v2", "README.md")]


@needs_shared
@pytest.mark.skipif(not all(os.path.isfile(p) for p in EXPRESSION_SETS), reason="RAF-DB, KDEF, realphotos or the "
                    "ImageNet MobileNetV2 is absent from ../shared")
def test_mobilenet_emotion_pipeline_end_to_end(tmp_path):
    """recipes/emotion-mobilenet.sh on a few faces: aligned faces of every set, the ImageNet port, its three stages
    (cached views, then online augmentation behind the stem), the teachers and the distilled stage, both label sets
    of stages 3 and 6 published; run again, it trains nothing."""
    pytest.importorskip("tensorflow", reason="tensorflow-cpu (the keras extra) reads the TFLite weights")
    from emotion_ai_train.onnx_export import run_onnx
    from emotion_ai_train.test_vectors import read_vectors
    shared = os.path.join(os.path.dirname(FER_CSV), "..", "..")
    runs = tmp_path / "runs"
    faces, models = runs / "aligned112", runs / "models"
    recipe = [os.path.join(CONVERSION, "recipes", "emotion-mobilenet.sh"), os.path.abspath(shared), str(runs)]
    env = dict(os.environ, SMOKE="1", VERSION="11", PY=sys.executable)
    first = subprocess.run(recipe, cwd=CONVERSION, env=env, capture_output=True, text=True, timeout=1200)
    assert first.returncode == 0, first.stdout + first.stderr
    report = json.load(open(faces / "faces.json"))
    assert report["crop_rule"]["type"] == "five_point_similarity" and report["kdef"]["faces"] > 100
    for stage in ("mnv2-emotion", "mnv2-emotion-k3", "mnv2-full", "mnv2-regA", "mnv2-regB", "mnv2-distilled"):
        history = json.load(open(runs / stage / "history.json"))
        assert len(history) == 1 and {"rafdb_val", "kdef_val_all", "realphotos_val"} <= set(history[0])
    assert json.load(open(models / "emotion" / "11" / "model.json"))["training"]["arguments"]["views"] == 0
    distilled = json.load(open(models / "emotion" / "13" / "model.json"))["training"]
    assert distilled["arguments"]["teacher_probs"] == str(runs / "teachers.npz")
    assert distilled["arguments"]["init_from"] == str(runs / "mnv2-full" / "best.pt")
    assert "distilled" in distilled["data"] and "distilled" in open(models / "emotion" / "14" / "README.md").read()
    again = subprocess.run(recipe, cwd=CONVERSION, env=dict(env, VERSION=""), capture_output=True, text=True,
                           timeout=600)
    assert again.returncode == 0 and again.stdout.count("done before") == 7, again.stdout + again.stderr
    from emotion_ai_train.cli import export_mobilenet_emotion  # several checkpoints: the mean of their weights
    export_mobilenet_emotion.main(["--checkpoint", str(runs / "mnv2-full" / "best.pt"), str(runs / "mnv2-full" /
                                   "last.pt"), "--faces", str(faces), "--shared", shared, "--version", "15",
                                   "--out-dir", str(models)])
    averaged = json.load(open(models / "emotion" / "15" / "model.json"))
    jsonschema.validate(averaged, SCHEMA)
    averaged = averaged["training"]
    assert averaged["averaged_epochs"] == [1, 1] and averaged["best_epoch"] is None
    assert "the mean of epochs 1, 1" in open(models / "emotion" / "15" / "README.md").read()
    for version, label_set in (("11", "fer7"), ("12", "orig5"), ("13", "fer7"), ("14", "orig5")):
        folder = models / "emotion" / version
        meta = json.load(open(folder / "model.json"))
        jsonschema.validate(meta, SCHEMA)
        assert meta["input"]["shape"] == [-1, 1, 112, 112] and len(meta["labels"]) == (7 if label_set == "fer7" else 5)
        assert len(meta["postprocessing"]["calibration"]["temperature"]) == len(meta["labels"])
        doc, inputs = read_vectors(str(folder / "test_vectors"))
        got = run_onnx(str(folder / "model.onnx"), inputs, ["probabilities"])["probabilities"]
        expected = np.array([c["outputs"]["probabilities"] for c in doc["cases"]])
        assert np.abs(got - expected).max() < doc["tolerance"]
        card = open(folder / "README.md").read()
        assert "non-commercial" in card and "RAF-DB" in card and "apparent facial expression" in card
        assert (folder / "model.tflite").is_file() and meta["tflite"]["max_difference_on_test_vectors"] < 1e-4


@needs_shared
@pytest.mark.skipif(not all(os.path.isfile(p) for p in EXPRESSION_SETS), reason="RAF-DB, KDEF, realphotos or the "
                    "ImageNet MobileNetV2 is absent from ../shared")
def test_colour_faces_are_the_gray_rows_in_colour_and_train_an_rgb_network(tmp_path):
    """make_aligned_faces.py --color cuts each face by its gray row's transform (the detector runs on the gray
    decode); FER2013 has no colour; train_mobilenet_emotion.py --color rgb trains on them from a gray checkpoint."""
    pytest.importorskip("tensorflow", reason="tensorflow-cpu (the keras extra) reads the TFLite weights")
    import cv2
    import torch
    from emotion_ai_train.cli import make_aligned_faces, train_mobilenet_emotion
    from emotion_ai_train.nets.mobilenet import MobileNetEmotionNet
    shared = os.path.join(os.path.dirname(FER_CSV), "..", "..")
    small = ["--shared", shared, "--limit", "40", "--template-faces", "40"]
    make_aligned_faces.main([*small, "--out", str(tmp_path / "gray")])
    make_aligned_faces.main([*small, "--out", str(tmp_path / "rgb"), "--color"])
    for name in ("rafdb", "kdef"):
        gray, rgb = np.load(tmp_path / "gray" / f"{name}.npz"), np.load(tmp_path / "rgb" / f"{name}.npz")
        assert rgb["images"].shape == gray["images"].shape + (3,)
        assert (rgb["labels"] == gray["labels"]).all() and (rgb["split"] == gray["split"]).all()
        as_gray = np.stack([cv2.cvtColor(im, cv2.COLOR_RGB2GRAY) for im in rgb["images"]]).astype(int)
        assert np.abs(as_gray - gray["images"]).mean() < 0.5  # JPEG's own gray decode differs by a level here and there
        colour = rgb["images"].astype(int)
        assert np.abs(colour - colour.mean(3, keepdims=True)).mean() > 2  # RAF-DB and KDEF are colour photos
    assert np.load(tmp_path / "rgb" / "fer2013.npz")["images"].ndim == 3

    def train(out, faces, *extra):
        train_mobilenet_emotion.main(["--faces", str(tmp_path / faces), "--shared", shared, "--out",
                                      str(tmp_path / out), "--views", "0", "--trunk-blocks", "0", "--epochs", "1",
                                      "--fer-per-epoch", "20", "--threads", "1", *extra])
    train("gray-run", "gray")
    train("rgb-run", "rgb", "--color", "rgb", "--init-from", str(tmp_path / "gray-run" / "best.pt"))
    net = MobileNetEmotionNet.from_checkpoint(torch.load(tmp_path / "rgb-run" / "best.pt", weights_only=False))
    assert net.channels == 3
    with pytest.raises(SystemExit):  # colour faces into a gray network: refused, naming --color rgb
        train("refused", "rgb")
    from emotion_ai_train.cli import export_mobilenet_emotion
    with pytest.raises(SystemExit):  # the service's crop contract is gray: an RGB network is not exported
        export_mobilenet_emotion.main(["--checkpoint", str(tmp_path / "rgb-run" / "best.pt"), "--faces",
                                       str(tmp_path / "rgb"), "--shared", shared, "--version", "99", "--out-dir",
                                       str(tmp_path / "models")])
    assert not (tmp_path / "models").exists()
