"""quantize.py on a tiny model (int8 static QDQ and fp16 variants as full version folders), and the staged
variants in runs/quant/ (when present) honour the model schema."""

import glob
import json
import os

import jsonschema
import numpy as np
import onnxruntime
import pytest
import torch

from conftest import ROOT
from emotion_ai_train import metadata
from emotion_ai_train.cli import quantize
from emotion_ai_train.onnx_export import export, run_onnx
from emotion_ai_train.test_vectors import synthetic_inputs, write_vectors

SCHEMA = json.load(open(os.path.join(ROOT, "models-onnx", "model.schema.json")))
CROP = {"type": "square_around_detector_box", "detector": "yunet", "scale": 1.157, "shift_x": 0.0, "shift_y": 0.0,
        "size_basis": "mean_box_side", "border": "replicate", "resize_interpolation": "area"}


class Tiny(torch.nn.Module):
    def __init__(self):
        super().__init__()
        torch.manual_seed(0)
        self.conv = torch.nn.Conv2d(1, 8, 3, stride=2, padding=1)
        self.head = torch.nn.Linear(8, 3)

    def forward(self, x):
        return torch.softmax(self.head(torch.relu(self.conv(x)).mean((2, 3))), dim=1)


@pytest.fixture
def tiny_version(tmp_path):
    folder = tmp_path / "models" / "emotion" / "9"
    folder.mkdir(parents=True)
    module = Tiny().eval()
    export(module, 48, str(folder / "model.onnx"), ["probabilities"])
    write_vectors(module, synthetic_inputs([np.full((48, 48), 120.0)], 48), ["probabilities"],
                  str(folder / "test_vectors"))
    meta = metadata.emotion_metadata("9", ["Angry", "Happy", "Sad"], CROP, False,
                                     {"framework": "pytorch", "command": "test", "onnx_opset": 17,
                                      "epochs_run": None, "best_epoch": None})
    metadata.write(meta, str(folder))
    return folder


@pytest.mark.parametrize("precision", ["int8", "fp16"])
def test_derived_version_is_a_full_folder_with_its_own_vectors(tiny_version, tmp_path, precision):
    calibration = np.random.default_rng(0).random((100, 1, 48, 48), dtype=np.float32)
    info = {"data": "random (test)", "faces": 100}
    folder, _ = quantize.derive(str(tiny_version), precision, "10", str(tmp_path / "out"),
                                calibration if precision == "int8" else None, info, command="test")
    meta = json.load(open(os.path.join(folder, "model.json")))
    jsonschema.validate(meta, SCHEMA)
    assert (meta["name"], meta["version"], meta["precision"], meta["derived_from"]) == \
        ("emotion", "10", precision, "emotion/9")
    assert meta["crc32"] == metadata.crc32(os.path.join(folder, "model.onnx"))
    assert os.path.isfile(os.path.join(folder, "README.md"))
    session = onnxruntime.InferenceSession(os.path.join(folder, "model.onnx"), providers=["CPUExecutionProvider"])
    assert session.get_inputs()[0].type == "tensor(float)" and session.get_outputs()[0].type == "tensor(float)"
    ops = {n.op_type for n in __import__("onnx").load(os.path.join(folder, "model.onnx")).graph.node}
    if precision == "int8":
        assert "QuantizeLinear" in ops and meta["quantization"]["calibration"] == info
        assert meta["quantization"]["per_channel"] is True and meta["quantization"]["quant_format"] == "QDQ"
    else:
        assert "Cast" in ops and meta["quantization"]["keep_io_types"] is True
    doc = json.load(open(os.path.join(folder, "test_vectors", "expected.json")))
    import cv2
    for case in doc["cases"]:
        img = cv2.imread(os.path.join(folder, "test_vectors", case["input"]), cv2.IMREAD_GRAYSCALE)
        got = run_onnx(session, img.astype(np.float32)[None, None] / 255.0, ["probabilities"])["probabilities"][0]
        assert np.abs(got - np.array(case["outputs"]["probabilities"])).max() < 1e-6
        assert np.isclose(got.sum(), 1, atol=1e-2)


def test_a_derived_model_is_not_derived_again(tiny_version, tmp_path):
    folder, _ = quantize.derive(str(tiny_version), "fp16", "10", str(tmp_path / "out"), command="test")
    with pytest.raises(SystemExit):
        quantize.main(["--model-dir", folder, "--precision", "fp16", "--version", "11", "--out-dir", str(tmp_path)])


STAGED = sorted(glob.glob(os.path.join(ROOT, "runs", "quant", "*", "*", "model.json")))


@pytest.mark.skipif(not STAGED, reason="no staged variants in runs/quant (emotion-ai-quantize writes them)")
@pytest.mark.parametrize("path", STAGED, ids=lambda p: "/".join(p.split(os.sep)[-3:-1]))
def test_staged_variants_honour_the_schema(path):
    meta = json.load(open(path))
    jsonschema.validate(meta, SCHEMA)
    folder = os.path.dirname(path)
    assert meta["precision"] in ("int8", "fp16")
    assert os.path.isdir(os.path.join(ROOT, "models-onnx", meta["derived_from"])), meta["derived_from"]
    assert [meta["name"], meta["version"]] == folder.split(os.sep)[-2:]
    assert meta["crc32"] == metadata.crc32(os.path.join(folder, "model.onnx"))


def test_an_integral_keypoint_graph_quantizes_with_uint8_activations(tmp_path):
    """keypoints/3's graph (integral heatmaps, mirror averaging) defeats ONNX Runtime's symbolic shape
    inference ("Incomplete symbolic shape inference"); quantize.py falls back to ONNX's own shape inference."""
    from emotion_ai_train.nets.keypoints import IntegralKeypointNet, KeypointExport
    torch.manual_seed(0)
    folder = tmp_path / "models" / "keypoints" / "9"
    folder.mkdir(parents=True)
    names = ["keypoints", "landmarks68"]
    module = KeypointExport(IntegralKeypointNet(width=4, pyramid_width=8).eval(), flip_average=True).eval()
    export(module, 96, str(folder / "model.onnx"), names)
    write_vectors(module, synthetic_inputs([np.full((96, 96), 120.0)], 96), names, str(folder / "test_vectors"))
    metadata.write(metadata.keypoints_metadata("9", CROP, {"framework": "pytorch", "command": "test",
                                                           "onnx_opset": 17, "epochs_run": None,
                                                           "best_epoch": None}), str(folder))
    calibration = np.random.default_rng(0).random((100, 1, 96, 96), dtype=np.float32)
    # an untrained net on random calibration: the graph's plumbing is under test, not its accuracy
    out, _ = quantize.derive(str(folder), "int8", "10", str(tmp_path / "out"), calibration, {"crops": 100},
                             command="test", activations="uint8", parent_tolerance=1.0)
    meta = json.load(open(os.path.join(out, "model.json")))
    assert meta["quantization"]["activation_type"] == "uint8 (U8S8)"
    assert "skip_symbolic_shape" in meta["quantization"]["pre_processing"]
    session = onnxruntime.InferenceSession(os.path.join(out, "model.onnx"), providers=["CPUExecutionProvider"])
    assert run_onnx(session, calibration[:1], names)["landmarks68"].shape == (1, 68, 2)
