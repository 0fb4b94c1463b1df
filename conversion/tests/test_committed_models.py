"""The models committed in models-onnx/ honour their own contract: schema, checksum, size; for the models this
pipeline trains also figures, test vectors (in ONNX Runtime, the service's runtime) and real accuracy on a
slice of the held-out data; the face detector loads in OpenCV's FaceDetectorYN."""

import glob
import json
import os
import re

import cv2
import jsonschema
import numpy as np
import pytest

from conftest import FER_CSV, ROOT, needs_shared
from emotion_ai_train import metadata
from emotion_ai_train.data.fer2013 import read_fer_csv
from emotion_ai_train.detector import YuNet
from emotion_ai_train.emotion_task import to_tensors
from emotion_ai_train.labels import EMOTION_LABEL_SETS
from emotion_ai_train.onnx_export import onnx_session, run_onnx

MODELS = os.path.join(ROOT, "models-onnx")
FOLDERS = sorted(os.path.dirname(p) for p in glob.glob(os.path.join(MODELS, "*", "*", "model.json")))
SCHEMA = json.load(open(os.path.join(MODELS, "model.schema.json")))
REQUIRED = {("emotion", "1"), ("emotion", "2"), ("keypoints", "1")}
DETECTORS = [f for f in FOLDERS if metadata.read(f)["task"] == "face-detection"]  # third-party, run by OpenCV
TRAINED = [f for f in FOLDERS if f not in DETECTORS]


def test_the_three_product_models_are_committed():
    present = {tuple(os.path.relpath(f, MODELS).split(os.sep)) for f in FOLDERS}
    assert REQUIRED <= present


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda f: os.path.relpath(f, MODELS))
def test_model_json_checksum_size_and_card(folder):
    meta = metadata.read(folder)
    jsonschema.validate(meta, SCHEMA)
    path = os.path.join(folder, meta["file"])
    assert metadata.sha256(path) == meta["sha256"]
    assert metadata.crc32(path) == meta["crc32"]
    assert os.path.getsize(path) <= 20e6
    assert meta["name"] == os.path.basename(os.path.dirname(folder)) and meta["version"] == os.path.basename(folder)
    assert os.path.isfile(os.path.join(folder, "README.md"))
    assert "metrics" in meta or folder in DETECTORS
    with open(os.path.join(folder, "README.md")) as fh:
        images = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", fh.read())
    assert all(os.path.isfile(os.path.join(folder, image)) for image in images), f"the card shows missing {images}"


@pytest.mark.parametrize("folder", TRAINED, ids=lambda f: os.path.relpath(f, MODELS))
def test_test_vectors_reproduce(folder):
    meta = metadata.read(folder)
    doc = json.load(open(os.path.join(folder, "test_vectors", "expected.json")))
    names = [o["name"] for o in meta["outputs"]]
    session = onnx_session(os.path.join(folder, meta["file"]))  # ONNX Runtime, as the service runs it
    for case in doc["cases"]:
        img = cv2.imread(os.path.join(folder, "test_vectors", case["input"]), cv2.IMREAD_GRAYSCALE)
        x = (img.astype(np.float32) * meta["preprocessing"]["scale"])[None, None]
        got = run_onnx(session, x, names)
        for name, expected in case["outputs"].items():
            expected = np.array(expected, np.float32)
            assert np.abs(got[name].reshape(expected.shape) - expected).max() <= doc["tolerance"], name


@pytest.mark.parametrize("folder", DETECTORS, ids=lambda f: os.path.relpath(f, MODELS))
def test_face_detector_loads_in_face_detector_yn(folder):
    meta = metadata.read(folder)
    assert YuNet(os.path.join(folder, meta["file"])).detect(np.zeros((120, 160), np.uint8)) == []


@needs_shared
@pytest.mark.parametrize("version, floor", [("1", 0.72), ("2", 0.56)])
def test_emotion_models_classify_held_out_faces(version, floor):
    folder = os.path.join(MODELS, "emotion", version)
    meta = metadata.read(folder)
    label_set = next(k for k, v in EMOTION_LABEL_SETS.items() if list(v) == meta["labels"])
    images, targets = to_tensors(read_fer_csv(FER_CSV, usages={"PublicTest"}, limit=800), label_set)
    probs = run_onnx(os.path.join(folder, "model.onnx"), images.numpy(), ["probabilities"])["probabilities"]
    assert (probs.argmax(1) == targets.numpy()).mean() >= floor


@pytest.mark.parametrize("folder", TRAINED, ids=lambda f: os.path.relpath(f, MODELS))
def test_no_denormal_weights(folder):
    """Denormal floats change no output but make x86 CPUs several times slower (onnx_export.flush_denormals)."""
    import onnx
    from emotion_ai_train.onnx_export import flush_denormals
    count = flush_denormals(onnx.load(os.path.join(folder, metadata.read(folder)["file"])))  # in memory only
    assert count == 0, f"{count} denormal weights: run conversion/flush_denormals.py --model-dir {folder}"


@pytest.mark.parametrize("folder", TRAINED, ids=lambda f: os.path.relpath(f, MODELS))
def test_no_pad_left_to_fold_into_a_convolution(folder):
    """A separate zero Pad before a Conv costs ONNX Runtime more than the convolution (onnx_export.fold_pads_into_convs)."""
    import onnx
    from emotion_ai_train.cli.fold_pads import fold
    folded = fold(onnx.load(os.path.join(folder, metadata.read(folder)["file"])))  # in memory only
    assert folded == 0, f"{folded} Pads to fold: run conversion/fold_pads.py --model-dir {folder}"


INT8 = [f for f in TRAINED if metadata.read(f).get("precision") == "int8"]


def int8_weight_ranges(model):
    """(largest |weight| over the int8 weights the graph dequantizes, zero points of those weights, activation
    input types of the quantized ops): what decides whether x86's int16 pair sums can saturate."""
    from onnx import numpy_helper
    inits = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    weights, zero_points = [], []
    for node in model.graph.node:
        if node.op_type == "DequantizeLinear" and node.input[0] in inits and inits[node.input[0]].dtype == np.int8:
            weights.append(int(np.abs(inits[node.input[0]].astype(np.int32)).max()))
            if len(node.input) > 2 and node.input[2] in inits:
                zero_points.append(int(np.abs(inits[node.input[2]]).max()))
    activations = {str(inits[n.input[2]].dtype) for n in model.graph.node
                   if n.op_type == "QuantizeLinear" and len(n.input) > 2 and n.input[2] in inits}
    return max(weights), max(zero_points or [0]), activations


@pytest.mark.parametrize("folder", INT8, ids=lambda f: os.path.relpath(f, MODELS))
def test_int8_versions_cannot_saturate_any_x86_kernel(folder):
    """ONNX Runtime's U8S8 kernels on AVX2 (and AVX-512 without VNNI) add pairs of uint8 x int8 products into int16
    with saturation (vpmaddubsw); VNNI and AMX sum in int32. With symmetric weights in [-64, 64] and uint8
    activations a pair is at most 2 * 255 * 64 = 32640 <= 32767: every kernel then computes the same sums."""
    import onnx
    from emotion_ai_train.cli.quantize import INT16_MAX, pair_sum_bound
    meta = metadata.read(folder)
    largest, zero_point, activations = int8_weight_ranges(onnx.load(os.path.join(folder, meta["file"])))
    assert meta["quantization"]["weight_bits"] == 7 and largest <= 64, f"int8 weights reach {largest}"
    assert zero_point == 0, "int8 weights must be symmetric (zero point 0)"
    assert activations == {"uint8"}, f"activation types {activations}: U8S8 expected"
    assert 2 * 255 * largest <= pair_sum_bound(7) <= INT16_MAX


@pytest.mark.parametrize("folder", INT8, ids=lambda f: os.path.relpath(f, MODELS))
def test_derived_versions_hold_to_their_fp32_parent(folder):
    """The int8 graph on the parent's test-vector inputs stays within the tolerance its expected.json states of
    the parent's committed outputs: a saturating kernel (0.1 and more, issue 28) fails here on the CPU it runs on."""
    meta = metadata.read(folder)
    doc = json.load(open(os.path.join(folder, "test_vectors", "expected.json")))
    parent = doc["parent"]
    assert parent["version"] == meta["derived_from"]
    parent_folder = os.path.join(MODELS, parent["version"])
    parent_doc = json.load(open(os.path.join(parent_folder, "test_vectors", "expected.json")))
    session = onnx_session(os.path.join(folder, meta["file"]))
    names = [o["name"] for o in meta["outputs"]]
    for case in parent_doc["cases"]:
        img = cv2.imread(os.path.join(parent_folder, "test_vectors", case["input"]), cv2.IMREAD_GRAYSCALE)
        got = run_onnx(session, (img.astype(np.float32) * meta["preprocessing"]["scale"])[None, None], names)
        for name, expected in case["outputs"].items():
            expected = np.array(expected, np.float32)
            gap = np.abs(got[name].reshape(expected.shape) - expected).max()
            assert gap <= parent["tolerance"], f"{name}: {gap:.3f} from {parent['version']}"


CONFIG_SCHEMA = json.load(open(os.path.join(MODELS, "config.schema.json")))


@pytest.mark.parametrize("path", sorted(glob.glob(os.path.join(MODELS, "*", "config.json"))),
                         ids=lambda p: os.path.relpath(p, MODELS))
def test_model_configs_name_a_committed_default(path):
    config = json.load(open(path))
    jsonschema.validate(config, CONFIG_SCHEMA)
    if "default_version" in config:
        assert os.path.isfile(os.path.join(os.path.dirname(path), config["default_version"], "model.json"))


@pytest.mark.parametrize("folder", [f for f in TRAINED if "tflite" in metadata.read(f)],
                         ids=lambda f: os.path.relpath(f, MODELS))
def test_tflite_versions_reproduce_the_test_vectors(folder):
    """The on-device form (model.tflite, NHWC) answers as model.onnx does."""
    pytest.importorskip("tensorflow", reason="tensorflow-cpu (the keras extra) runs TFLite")
    from emotion_ai_train import tflite_export
    from emotion_ai_train.test_vectors import read_vectors
    tflite = metadata.read(folder)["tflite"]
    path = os.path.join(folder, tflite["file"])
    assert metadata.sha256(path) == tflite["sha256"]
    doc, inputs = read_vectors(os.path.join(folder, "test_vectors"))
    gap = tflite_export.parity(path, inputs, [c["outputs"]["probabilities"] for c in doc["cases"]])
    assert gap <= tflite_export.TOLERANCE, gap


def test_readme_model_table_is_written_from_the_repository():
    """The README's model table is conversion/make_model_table.py's output for the committed versions (each
    model.json's summary): a new version edits its folder, then the script, never the table by hand."""
    import subprocess
    import sys
    script = os.path.join(os.path.dirname(MODELS), "conversion", "make_model_table.py")
    done = subprocess.run([sys.executable, script, "--check"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
