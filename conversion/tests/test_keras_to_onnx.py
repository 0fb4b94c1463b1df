import json
import re
import os
import shutil

import numpy as np
import onnx
import pytest
from onnx import helper, numpy_helper

from emotion_ai_train.onnx_contract import adapt_to_contract, reference_outputs
from emotion_ai_train.onnx_export import run_onnx

from conftest import ROOT


def _tensorflow():
    """Why TensorFlow cannot be used here, or None (import errors of any kind: a missing wheel, a CPU without
    the instructions it was built for, a broken install)."""
    try:
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
        import tensorflow  # noqa: F401
        import tf2onnx  # noqa: F401
    except Exception as err:  # noqa: BLE001
        return f"{type(err).__name__}: {err}"
    return None


TF_MISSING = _tensorflow()
needs_tf = pytest.mark.skipif(TF_MISSING is not None, reason=f"TensorFlow/tf2onnx do not import ({TF_MISSING}); "
                              "install the keras extra: pip install -r conversion/requirements-keras.txt")
# Where the CI smoke path leaves one converted model of each kind for the Java test
# (src/test/java/ai/emotion/model/KerasConvertedParityTest.java); CI runs pytest before Maven.
KERAS_CONVERTED = os.path.join(ROOT, "target", "keras-converted")
EMOTION_CROP = os.path.join(ROOT, "models-onnx", "emotion", "1", "model.json")
KEYPOINT_CROP = os.path.join(ROOT, "models-onnx", "keypoints", "1", "model.json")
ORIG5 = "Angry,Disgust,Sad,Happy,Surprise"


def tf2onnx_like_graph(side, n_out, seed=0):
    """What tf2onnx gives for a tiny dense Keras model: NCHW input under a Keras name, one dense output."""
    w = numpy_helper.from_array(np.random.default_rng(seed).normal(0, 0.1, (side * side, n_out)).astype(np.float32),
                                "w")
    nodes = [helper.make_node("Flatten", ["keras_input"], ["flat"]), helper.make_node("MatMul", ["flat", "w"],
                                                                                      ["dense_out"])]
    graph = helper.make_graph(nodes, "keras", [helper.make_tensor_value_info("keras_input", onnx.TensorProto.FLOAT,
                                                                             [1, 1, side, side])],
                              [helper.make_tensor_value_info("dense_out", onnx.TensorProto.FLOAT, [1, n_out])], [w])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])


def test_emotion_logits_get_softmax_and_contract_names(tmp_path):
    model = adapt_to_contract(tf2onnx_like_graph(48, 5), "emotion", 5, logits=True)
    path = str(tmp_path / "m.onnx")
    onnx.save(model, path)
    x = np.random.default_rng(1).random((3, 1, 48, 48), dtype=np.float32)
    probs = run_onnx(path, x, ["probabilities"])["probabilities"]
    raw = x.reshape(3, -1) @ numpy_helper.to_array(model.graph.initializer[0])
    assert np.allclose(probs, reference_outputs(raw, "emotion", logits=True), atol=1e-5)
    assert model.graph.input[0].name == "input"
    assert model.graph.input[0].type.tensor_type.shape.dim[0].dim_param == "batch"


def test_keypoints_in_kaggle_pixels_become_crop_normalised_pairs(tmp_path):
    model = adapt_to_contract(tf2onnx_like_graph(96, 30), "keypoints", 30, keypoint_scale=96.0)
    path = str(tmp_path / "k.onnx")
    onnx.save(model, path)
    x = np.random.default_rng(2).random((2, 1, 96, 96), dtype=np.float32)
    out = run_onnx(path, x, ["keypoints"])["keypoints"].reshape(2, 15, 2)
    raw = x.reshape(2, -1) @ numpy_helper.to_array(model.graph.initializer[0])
    assert np.allclose(out, reference_outputs(raw, "keypoints", keypoint_scale=96.0), atol=1e-5)


def _save_all_forms(model, folder, stem):
    """The three forms a user of the original project has: Keras 3 file, legacy HDF5, SavedModel folder."""
    paths = {"keras": str(folder / f"{stem}.keras"), "h5": str(folder / f"{stem}.h5"),
             "savedmodel": str(folder / f"{stem}_saved_model")}
    model.save(paths["keras"])
    model.save(paths["h5"])
    model.export(paths["savedmodel"], verbose=False)
    return paths


def _ort_matches_keras(folder, model, output, transform):
    """The converted folder's test vectors and fresh random faces: ONNX Runtime vs the Keras model itself."""
    import cv2
    doc = json.load(open(os.path.join(folder, "test_vectors", "expected.json")))
    side = model.input_shape[1]
    images = [cv2.imread(os.path.join(folder, "test_vectors", c["input"]), cv2.IMREAD_GRAYSCALE)
              for c in doc["cases"]]
    batch = np.stack(images).astype(np.float32)[:, None] / 255.0
    batch = np.concatenate([batch, np.random.default_rng(5).random((3, 1, side, side), dtype=np.float32)])
    got = run_onnx(os.path.join(folder, "model.onnx"), batch, [output])[output]
    want = transform(model.predict(batch.transpose(0, 2, 3, 1), verbose=0))
    assert np.abs(got - want).max() < 1e-4
    for case, row in zip(doc["cases"], got):
        assert np.abs(np.array(case["outputs"][output]) - row).max() < 1e-4


@pytest.fixture(scope="module")
def small_models(tmp_path_factory):
    """A small emotion CNN (ends in logits) and keypoint ResNet of the original architectures, each in the
    three forms, built in seconds (random weights, batch-norm statistics moved off their defaults)."""
    import tensorflow as tf

    from emotion_ai_train import keras_nets
    tf.keras.utils.set_random_seed(0)
    folder = tmp_path_factory.mktemp("keras")
    emotion = keras_nets.emotion_resnet(width=0.1, logits=True)
    keypoints = keras_nets.keypoint_resnet(width=0.1, dense=(32, 16))
    for model, side in ((emotion, 48), (keypoints, 96)):
        x = np.random.default_rng(0).random((16, side, side, 1), dtype=np.float32)
        for layer in model.layers:
            if isinstance(layer, tf.keras.layers.BatchNormalization):
                layer.moving_mean.assign(np.random.default_rng(1).normal(0, 0.1, layer.moving_mean.shape))
                layer.moving_variance.assign(np.random.default_rng(2).uniform(0.5, 2, layer.moving_variance.shape))
        model(x, training=False)
    return {"emotion": (emotion, _save_all_forms(emotion, folder, "emotion")),
            "keypoints": (keypoints, _save_all_forms(keypoints, folder, "keypoints")), "dir": folder}


@needs_tf
@pytest.mark.parametrize("form", ["keras", "h5", "savedmodel"])
def test_emotion_model_converts_from_every_form(small_models, form, tmp_path):
    from emotion_ai_train.cli import keras_to_onnx
    model, paths = small_models["emotion"]
    # the CI smoke path keeps the .keras conversion for the Java test; the others go to tmp
    out = KERAS_CONVERTED if form == "keras" else str(tmp_path)
    if form == "keras":
        shutil.rmtree(os.path.join(out, "keras-emotion"), ignore_errors=True)
    keras_to_onnx.main(["--keras", paths[form], "--task", "emotion", "--version", "1", "--name", "keras-emotion",
                        "--labels", ORIG5, "--crop-rule", EMOTION_CROP, "--models-dir", out,
                        "--training-data", "random weights (CI smoke test)"])
    folder = os.path.join(out, "keras-emotion", "1")
    meta = json.load(open(os.path.join(folder, "model.json")))
    assert (meta["name"], meta["version"], meta["task"]) == ("keras-emotion", "1", "emotion-classification")
    assert meta["labels"] == ORIG5.split(",") and meta["conversion"]["source_format"] == form
    assert meta["conversion"]["output"].startswith("logits")  # found by itself: the last Dense has no softmax
    assert meta["crc32"] == __import__("emotion_ai_train.metadata", fromlist=["crc32"]).crc32(
        os.path.join(folder, "model.onnx"))
    assert os.path.isfile(os.path.join(folder, "README.md"))
    session = __import__("onnxruntime").InferenceSession(os.path.join(folder, "model.onnx"))
    assert [(i.name, i.shape) for i in session.get_inputs()] == [("input", ["batch", 1, 48, 48])]
    assert [o.name for o in session.get_outputs()] == ["probabilities"]
    _ort_matches_keras(folder, model, "probabilities", lambda raw: reference_outputs(raw, "emotion", logits=True))


@needs_tf
@pytest.mark.parametrize("form", ["keras", "h5", "savedmodel"])
def test_keypoint_model_converts_from_every_form(small_models, form, tmp_path):
    from emotion_ai_train.cli import keras_to_onnx
    model, paths = small_models["keypoints"]
    out = KERAS_CONVERTED if form == "savedmodel" else str(tmp_path)
    if form == "savedmodel":
        shutil.rmtree(os.path.join(out, "keras-keypoints"), ignore_errors=True)
    keras_to_onnx.main(["--keras", paths[form], "--task", "keypoints", "--version", "1", "--name", "keras-keypoints",
                        "--crop-rule", KEYPOINT_CROP, "--models-dir", out,
                        "--training-data", "random weights (CI smoke test)"])
    folder = os.path.join(out, "keras-keypoints", "1")
    meta = json.load(open(os.path.join(folder, "model.json")))
    assert (meta["name"], meta["task"]) == ("keras-keypoints", "facial-keypoints")
    assert [o["name"] for o in meta["outputs"]] == ["keypoints"] and meta["conversion"]["keypoint_scale"] == 96
    assert meta["preprocessing"]["crop"]["scale"] == 1.3
    _ort_matches_keras(folder, model, "keypoints",
                       lambda raw: reference_outputs(raw, "keypoints", keypoint_scale=96.0))


@needs_tf
def test_converted_folders_honour_the_schema():
    import jsonschema
    schema = json.load(open(os.path.join(ROOT, "models-onnx", "model.schema.json")))
    for name in ("keras-emotion", "keras-keypoints"):
        folder = os.path.join(KERAS_CONVERTED, name, "1")
        if not os.path.isdir(folder):
            pytest.skip("run with the conversion tests above (they write target/keras-converted)")
        jsonschema.validate(json.load(open(os.path.join(folder, "model.json"))), schema)


@needs_tf
def test_softmax_model_is_served_as_is(tmp_path):
    import tensorflow as tf

    from emotion_ai_train.keras_convert import convert, read_crop_rule
    inputs = tf.keras.Input((48, 48, 1))
    x = tf.keras.layers.GlobalAveragePooling2D()(tf.keras.layers.Conv2D(4, 3, activation="relu")(inputs))
    model = tf.keras.Model(inputs, tf.keras.layers.Dense(5, activation="softmax")(x))
    model.save(tmp_path / "m.h5")
    folder, report = convert(str(tmp_path / "m.h5"), "emotion", "7", read_crop_rule(EMOTION_CROP), str(tmp_path),
                             labels=ORIG5.split(","))
    assert report["output"] == "softmax" and report["parity"] < 1e-5
    ops = [n.op_type for n in onnx.load(os.path.join(folder, "model.onnx")).graph.node]
    assert ops.count("Softmax") == 1  # the model's own, none added


@needs_tf
@pytest.mark.parametrize("case, message", [
    ("rgb", "3 channels (RGB)"), ("flat", "has rank 2"), ("two_outputs", "2 outputs"),
    ("wrong_count", "15 Kaggle keypoints"), ("not_square", "squares of a fixed side"),
])
def test_models_outside_the_contract_are_refused_with_the_fix(tmp_path, case, message):
    import tensorflow as tf

    from emotion_ai_train.keras_convert import ContractError, convert, read_crop_rule
    L = tf.keras.layers
    if case == "rgb":
        inputs = tf.keras.Input((96, 96, 3))
        outputs = L.Dense(30)(L.GlobalAveragePooling2D()(L.Conv2D(4, 3)(inputs)))
    elif case == "flat":
        inputs = tf.keras.Input((96 * 96,))
        outputs = L.Dense(30)(inputs)
    elif case == "two_outputs":
        inputs = tf.keras.Input((96, 96, 1))
        flat = L.GlobalAveragePooling2D()(L.Conv2D(4, 3)(inputs))
        outputs = [L.Dense(30)(flat), L.Dense(2)(flat)]
    elif case == "wrong_count":
        inputs = tf.keras.Input((96, 96, 1))
        outputs = L.Dense(136)(L.GlobalAveragePooling2D()(L.Conv2D(4, 3)(inputs)))
    else:
        inputs = tf.keras.Input((96, 80, 1))
        outputs = L.Dense(30)(L.GlobalAveragePooling2D()(L.Conv2D(4, 3)(inputs)))
    tf.keras.Model(inputs, outputs).save(tmp_path / "m.keras")
    with pytest.raises(ContractError, match=re.escape(message)) as err:
        convert(str(tmp_path / "m.keras"), "keypoints", "1", read_crop_rule(KEYPOINT_CROP), str(tmp_path))
    fixes = {"rgb": "--replicate-gray", "flat": "Reshape", "two_outputs": "--output-name",
             "wrong_count": "[N, 30]", "not_square": "tf.keras.Input((48, 48, 1))"}
    assert fixes[case] in str(err.value)


@needs_tf
def test_replicate_gray_serves_an_rgb_model(tmp_path):
    import tensorflow as tf

    from emotion_ai_train.keras_convert import convert, read_crop_rule
    L = tf.keras.layers
    inputs = tf.keras.Input((96, 96, 3))
    model = tf.keras.Model(inputs, L.Dense(30)(L.GlobalAveragePooling2D()(L.Conv2D(4, 3)(inputs))))
    model.save(tmp_path / "rgb.keras")
    folder, report = convert(str(tmp_path / "rgb.keras"), "keypoints", "1", read_crop_rule(KEYPOINT_CROP),
                             str(tmp_path), replicate_gray=True)
    x = np.random.default_rng(0).random((2, 1, 96, 96), dtype=np.float32)
    got = run_onnx(os.path.join(folder, "model.onnx"), x, ["keypoints"])["keypoints"]
    want = model.predict(np.repeat(x.transpose(0, 2, 3, 1), 3, axis=-1), verbose=0).reshape(2, 15, 2) / 96
    assert np.abs(got - want).max() < 1e-5


def test_cli_says_what_to_install_without_tensorflow(monkeypatch):
    import builtins

    from emotion_ai_train.cli import keras_to_onnx
    real_import = builtins.__import__

    def no_tf(name, *args, **kwargs):
        if name.split(".")[0] in ("tensorflow", "tf2onnx"):
            raise ImportError(f"No module named '{name}'")
        return real_import(name, *args, **kwargs)
    monkeypatch.setattr(builtins, "__import__", no_tf)
    with pytest.raises(SystemExit, match="requirements-keras.txt"):
        keras_to_onnx.main(["--keras", "m.keras", "--task", "emotion", "--version", "1", "--crop-rule", "x.json"])
