import importlib.util
import json

import numpy as np
import onnx
import pytest
from onnx import helper, numpy_helper

from emotion_ai_train.onnx_contract import adapt_to_contract, reference_outputs
from emotion_ai_train.onnx_export import run_onnx

HAVE_TF = all(importlib.util.find_spec(m) for m in ("tensorflow", "tf2onnx"))


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


@pytest.mark.skipif(not HAVE_TF, reason="tensorflow and tf2onnx not installed (the keras extra: "
                                           "pip install -r conversion/requirements-keras.txt)")
def test_keras_model_converts_end_to_end(tmp_path):
    import tensorflow as tf

    from emotion_ai_train.cli import keras_to_onnx
    inputs = tf.keras.Input((48, 48, 1))
    x = tf.keras.layers.Conv2D(4, 3, activation="relu")(inputs)
    x = tf.keras.layers.GlobalAveragePooling2D()(x)
    model = tf.keras.Model(inputs, tf.keras.layers.Dense(5, activation="softmax")(x))
    model.save(tmp_path / "m.h5")
    (tmp_path / "crop.json").write_text(json.dumps({"crop_rule": {"type": "square_around_detector_box",
                                                                  "detector": "yunet", "scale": 1.2, "shift_x": 0,
                                                                  "shift_y": 0, "size_basis": "mean_box_side",
                                                                  "border": "replicate"}}))
    keras_to_onnx.main(["--keras", str(tmp_path / "m.h5"), "--task", "emotion", "--version", "7",
                        "--labels", "Angry,Disgust,Sad,Happy,Surprise", "--crop-rule", str(tmp_path / "crop.json"),
                        "--models-dir", str(tmp_path / "models")])
    meta = json.load(open(tmp_path / "models" / "emotion" / "7" / "model.json"))
    assert meta["labels"][3] == "Happy"
