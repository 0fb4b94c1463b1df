"""Every pipeline step is a console entry point of the installed package and a thin script in conversion/, and
both reach the same main()."""

import importlib.metadata
import os
import subprocess
import sys
import tomllib

import pytest

from conftest import CONVERSION

STEPS = {"emotion-ai-train-emotion": "train_emotion", "emotion-ai-train-keypoints": "train_keypoints",
         "emotion-ai-export": "export_onnx", "emotion-ai-evaluate": "evaluate",
         "emotion-ai-keras-to-onnx": "keras_to_onnx", "emotion-ai-average-weights": "average_weights",
         "emotion-ai-make-keypoint-crops": "make_keypoint_crops",
         "emotion-ai-calibrate-emotion-crop": "calibrate_emotion_crop", "emotion-ai-keras-train": "keras_train",
         "emotion-ai-quantize": "quantize", "emotion-ai-make-realphoto-crops": "make_realphoto_crops",
         "emotion-ai-evaluate-realphotos": "evaluate_realphotos", "emotion-ai-robustness": "robustness",
         "emotion-ai-fit-calibration": "fit_calibration", "emotion-ai-flush-denormals": "flush_denormals",
         "emotion-ai-fold-pads": "fold_pads",
         "emotion-ai-make-aligned-faces": "make_aligned_faces",
         "emotion-ai-train-mobilenet-emotion": "train_mobilenet_emotion",
         "emotion-ai-export-mobilenet-emotion": "export_mobilenet_emotion",
         "emotion-ai-make-crop-vectors": "make_crop_vectors",
         "emotion-ai-make-teacher-probs": "make_teacher_probs"}


def _entry_points():
    return {ep.name: ep for ep in importlib.metadata.entry_points(group="console_scripts")
            if ep.name.startswith("emotion-ai-")}


@pytest.mark.skipif(not _entry_points(), reason="emotion-ai-train is not installed (pip install -e conversion)")
def test_each_step_is_an_entry_point_and_a_script_of_the_same_module():
    eps = _entry_points()
    with open(os.path.join(CONVERSION, "pyproject.toml"), "rb") as fh:
        declared = tomllib.load(fh)["project"]["scripts"]
    assert declared == {name: f"emotion_ai_train.cli.{module}:main" for name, module in STEPS.items()}
    if set(eps) < set(STEPS):  # an editable install made before pyproject.toml gained a step
        pytest.skip(f"installed entry points predate pyproject.toml (missing {sorted(set(STEPS) - set(eps))}): "
                    "pip install -e conversion (.ci/install does)")
    assert set(eps) == set(STEPS)
    for name, module in STEPS.items():
        assert eps[name].value == f"emotion_ai_train.cli.{module}:main"
        assert callable(eps[name].load())
        with open(os.path.join(CONVERSION, f"{module}.py")) as fh:
            assert f"from emotion_ai_train.cli.{module} import main" in fh.read()


def test_script_runs_from_conversion():
    done = subprocess.run([sys.executable, "export_onnx.py", "--help"], cwd=CONVERSION, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "--checkpoint" in done.stdout and "ONNX Runtime" in done.stdout
