"""A Keras/TensorFlow model (.keras, .h5 or a SavedModel folder) into this project's model contract: the
graph converted by tf2onnx with `inputs_as_nchw` (ONNX input `input` [N, 1, H, W]), brought to the contract
(onnx_contract.adapt_to_contract: softmax added when the model ends in logits, Kaggle-pixel keypoints divided
by the input side and reshaped to `keypoints` [N, 15, 2]), checked against TensorFlow in ONNX Runtime, and
written as a version folder: model.onnx, model.json, card README.md, test_vectors/.

A model that does not fit the contract stops with ContractError, whose message names the problem and the fix.
TensorFlow and tf2onnx are the package's `keras` extra (requirements-keras.txt); imported lazily."""

import json
import os
import shutil
from dataclasses import dataclass

import numpy as np

from . import crop, metadata
from .labels import KEYPOINT_NAMES
from .onnx_contract import adapt_to_contract, reference_outputs
from .onnx_export import OPSET, run_onnx
from .test_vectors import TOLERANCE, synthetic_inputs

KERAS_SUFFIXES = (".keras", ".h5", ".hdf5")
N_KEYPOINT_VALUES = 2 * len(KEYPOINT_NAMES)


class ContractError(ValueError):
    """The model does not fit the serving contract; the message says what to change."""


@dataclass
class Source:
    path: str
    form: str  # keras | h5 | savedmodel
    call: object  # NHWC-or-NCHW float32 batch (tf tensor) -> the chosen output tensor
    input_shape: tuple  # without the batch axis, as the model declares it
    output_shape: tuple  # without the batch axis
    output_name: str
    final_activation: str  # softmax | linear | sigmoid | ... | unknown (SavedModel)


def _shape(spec_shape):
    return tuple(None if d is None else int(d) for d in spec_shape)


def load_source(path, output_name=None):
    """Opens a .keras/.h5 file (Keras) or a SavedModel folder (tf.saved_model, its serving signature)."""
    import tensorflow as tf
    if os.path.isdir(path):
        if not os.path.isfile(os.path.join(path, "saved_model.pb")):
            raise ContractError(f"{path}: a folder but not a SavedModel (no saved_model.pb); pass a .keras or .h5 "
                                "file, or the folder model.export(...) / tf.saved_model.save(...) wrote")
        loaded = tf.saved_model.load(path)
        fn = loaded.signatures.get("serving_default")
        if fn is None:
            raise ContractError(f"{path}: SavedModel without a serving_default signature (signatures: "
                                f"{sorted(loaded.signatures)}); save it with model.export(path) or with "
                                "signatures={'serving_default': ...}")
        _, kw = fn.structured_input_signature
        if len(kw) != 1:
            raise ContractError(f"{path}: the serving signature takes {len(kw)} inputs ({sorted(kw)}); the contract "
                                "feeds one image tensor: export a model with a single image input")
        (in_name, in_spec), = kw.items()
        outputs = {k: _shape(v.shape)[1:] for k, v in fn.structured_outputs.items()}
        name = _pick_output(path, outputs, output_name)

        def call(x, _keep=loaded):  # the signature's variables live as long as the loaded object
            return fn(**{in_name: x})[name]
        return Source(path, "savedmodel", call, _shape(in_spec.shape)[1:], outputs[name], name, "unknown")
    if not path.lower().endswith(KERAS_SUFFIXES):
        raise ContractError(f"{path}: not a .keras/.h5 file nor a SavedModel folder; save the model with "
                            "model.save('model.keras') or model.export('saved_model')")
    if not os.path.isfile(path):
        raise ContractError(f"{path}: file not found")
    model = tf.keras.models.load_model(path, compile=False)
    if len(model.inputs) != 1:
        raise ContractError(f"{path}: the model takes {len(model.inputs)} inputs; the contract feeds one image "
                            "tensor: export a model with a single image input")
    names = list(getattr(model, "output_names", None) or [f"output_{i}" for i in range(len(model.outputs))])
    outputs = {n: _shape(t.shape)[1:] for n, t in zip(names, model.outputs)}
    name = _pick_output(path, outputs, output_name)
    index = names.index(name)

    def call(x):
        out = model(x, training=False)
        return out[index] if isinstance(out, (list, tuple)) else out
    return Source(path, "keras" if path.lower().endswith(".keras") else "h5", call, _shape(model.inputs[0].shape)[1:],
                  outputs[name], name, _final_activation(model) if len(names) == 1 else "unknown")


def _pick_output(path, outputs, wanted):
    if wanted:
        if wanted not in outputs:
            raise ContractError(f"{path}: no output named {wanted!r}; its outputs are {sorted(outputs)}")
        return wanted
    if len(outputs) != 1:
        raise ContractError(f"{path}: the model has {len(outputs)} outputs ({', '.join(f'{k} {list(v)}' for k, v in outputs.items())}); "
                            "the contract serves one (emotion: probabilities [N, C]; keypoints: [N, 30] Kaggle "
                            "points): pass --output-name NAME to convert that one")
    return next(iter(outputs))


def _final_activation(model):
    import tensorflow as tf
    layer = model.layers[-1]
    if isinstance(layer, tf.keras.layers.Softmax):
        return "softmax"
    act = getattr(layer, "activation", None)
    return getattr(act, "__name__", "unknown") if act is not None else "unknown"


def check_input(source, task, replicate_gray=False):
    """(side, layout) for a model input [H, W, 1] (NHWC) or [1, H, W] (NCHW); ContractError otherwise."""
    shape = source.input_shape
    where = f"{source.path}: input [N, {', '.join('?' if d is None else str(d) for d in shape)}]"
    if len(shape) != 3:
        hint = (f" A model on flattened pixels needs a Reshape layer in front: tf.keras.Sequential([tf.keras.Input(("
                f"H, W, 1)), tf.keras.layers.Reshape(({shape[0]},)), model])" if len(shape) == 1 and shape[0] else "")
        raise ContractError(f"{where} has rank {len(shape) + 1}; the contract feeds a gray image batch of rank 4, "
                            f"[N, H, W, 1] (channels last) or [N, 1, H, W].{hint}")
    if shape[-1] in (1, 3) and shape[0] not in (1, 3):
        layout, (h, w, c) = "NHWC", shape
    elif shape[0] in (1, 3):
        layout, (c, h, w) = "NCHW", shape
    else:
        raise ContractError(f"{where}: neither channels-last [N, H, W, 1] nor channels-first [N, 1, H, W]; the "
                            "contract feeds one gray channel")
    if c == 3 and not replicate_gray:
        raise ContractError(f"{where} takes 3 channels (RGB); the service feeds one gray channel: retrain on gray "
                            "faces with tf.keras.Input((H, W, 1)), or pass --replicate-gray to feed the gray "
                            "channel to all 3 inputs (the model then sees gray faces)")
    if h is None or w is None or h != w:
        raise ContractError(f"{where}: the contract's crops are squares of a fixed side: build the model with a "
                            "fixed square input, e.g. tf.keras.Input((48, 48, 1)) or (96, 96, 1)")
    expected = {"emotion": 48, "keypoints": 96}[task]
    return h, layout, c, expected


def check_output(source, task, labels):
    shape = tuple(source.output_shape)
    where = f"{source.path}: output {source.output_name} [N, {', '.join(str(d) for d in shape)}]"
    if task == "emotion":
        if len(shape) != 1 or not shape[0] or shape[0] < 2:
            raise ContractError(f"{where}: an emotion model outputs [N, C] class scores (softmax or logits); "
                                "end the model in Dense(C) (with or without softmax), or pass --task keypoints")
        if labels is None or len(labels) != shape[0]:
            raise ContractError(f"{where}: pass --labels with the model's {shape[0]} class names in output order "
                                "(the original project's 5: Angry,Disgust,Sad,Happy,Surprise)")
        return shape[0]
    if shape not in ((N_KEYPOINT_VALUES,), (len(KEYPOINT_NAMES), 2)):
        raise ContractError(f"{where}: a keypoint model outputs the {len(KEYPOINT_NAMES)} Kaggle keypoints as "
                            f"[N, {N_KEYPOINT_VALUES}] (x1, y1, x2, y2, ... in Kaggle order) or [N, 15, 2]; "
                            "other point sets need their own keypoint_names (not supported by this converter), "
                            "or pass --task emotion for a classifier")
    return N_KEYPOINT_VALUES


def output_kind(source, probe_out, requested):
    """softmax | logits: what the emotion model's output is. `requested` auto decides from the last layer's
    activation, else from the values on probe inputs (rows of non-negative numbers summing to 1)."""
    if requested in ("softmax", "logits"):
        return requested
    if source.final_activation == "softmax":
        return "softmax"
    rows_sum_to_one = np.allclose(probe_out.sum(1), 1, atol=1e-4) and (probe_out >= 0).all()
    if source.final_activation in ("linear",) and not rows_sum_to_one:
        return "logits"
    if rows_sum_to_one:
        return "softmax"
    if (probe_out >= 0).all() and (probe_out <= 1).all():
        raise ContractError(f"{source.path}: outputs lie in [0, 1] but do not sum to 1 (sigmoid scores?); the "
                            "contract's `probabilities` are a softmax: end the model in softmax, or pass "
                            "--output logits to apply softmax to these values")
    return "logits"


def read_crop_rule(path):
    """crop.read_crop_rule, its error a ContractError."""
    try:
        return crop.read_crop_rule(path)
    except ValueError as err:
        raise ContractError(str(err)) from None


def probe_inputs(side, seed=0):
    """Test-vector images: mid-gray, a horizontal ramp, its mirror, and seeded noise (uint8 [K, side, side])."""
    ramp = np.tile(np.linspace(30, 225, side), (side, 1))
    return synthetic_inputs([ramp, np.full((side, side), 128.0)], side, seed)


def convert(path, task, version, crop_rule, models_dir, name=None, labels=None, output="auto",
            keypoint_scale=None, replicate_gray=False, output_name=None, training_data="", command=None):
    """Converts and writes models_dir/<name>/<version>/; returns (folder, report)."""
    import keras
    import tensorflow as tf
    import tf2onnx

    source = load_source(path, output_name)
    side, layout, channels, usual_side = check_input(source, task, replicate_gray)
    n_out = check_output(source, task, labels)
    scale = float(keypoint_scale or side)

    nchw_in = layout == "NCHW"
    spec_shape = (None, 1, side, side) if nchw_in else (None, side, side, 1)

    @tf.function(input_signature=[tf.TensorSpec(spec_shape, tf.float32, name="input")])
    def serve(x):
        if channels == 3:
            x = tf.concat([x, x, x], axis=1 if nchw_in else -1)
        y = source.call(x)
        return tf.reshape(y, (-1, n_out))

    images = probe_inputs(side)
    rng = np.random.default_rng(1)
    probe = np.concatenate([images.astype(np.float32) / 255.0,
                            rng.random((5, side, side), dtype=np.float32)])[:, None]  # [K, 1, side, side]

    def run_tf(batch_nchw):
        x = batch_nchw if nchw_in else batch_nchw.transpose(0, 2, 3, 1)
        return serve(tf.constant(np.ascontiguousarray(x))).numpy()

    raw = run_tf(probe)
    kind = output_kind(source, raw, output) if task == "emotion" else "keypoints"
    logits = kind == "logits"
    onnx_model, _ = tf2onnx.convert.from_function(serve, input_signature=serve.input_signature, opset=OPSET,
                                                  inputs_as_nchw=[] if nchw_in else ["input"])
    onnx_model = adapt_to_contract(onnx_model, task, n_out, logits, scale)

    training = {"framework": f"tensorflow {tf.__version__} (keras {keras.__version__})",
                "converted_with": f"tf2onnx {tf2onnx.__version__}",
                "command": command or f"converted from {os.path.basename(path)} by conversion/keras_to_onnx.py",
                "onnx_opset": OPSET, "epochs_run": None, "best_epoch": None, "data": training_data}
    if task == "emotion":
        meta, out_name = metadata.emotion_metadata(version, labels, crop_rule, False, training), "probabilities"
    else:
        meta, out_name = metadata.keypoints_metadata(version, crop_rule, training), "keypoints"
        meta["outputs"] = meta["outputs"][:1]  # a Kaggle-style model has no 68-point output
    if name:
        meta["name"] = name
    meta["input"]["shape"] = [-1, 1, side, side]
    meta["preprocessing"].update(width=side, height=side)
    meta["conversion"] = {
        "source": os.path.basename(os.path.normpath(path)), "source_format": source.form,
        "source_sha256": None if os.path.isdir(path) else metadata.sha256(path),
        "source_layout": layout, "inputs_as_nchw": not nchw_in, "replicate_gray": channels == 3,
        "source_output": source.output_name,
        **({"output": "logits; softmax added in the graph" if logits else "softmax (as the model ends)"}
           if task == "emotion" else
           {"keypoint_scale": scale, "output": f"[N, 30] divided by {scale:g} (pixels of the {side}-px input -> "
                                               "crop-normalised), reshaped to [N, 15, 2]"}),
    }
    if side != usual_side:
        meta["conversion"]["note"] = f"input side {side} (this project's {task} models take {usual_side})"

    folder = os.path.join(models_dir, meta["name"], str(version))
    os.makedirs(folder, exist_ok=True)
    onnx_path = os.path.join(folder, "model.onnx")
    import onnx
    onnx.save(onnx_model, onnx_path)

    expected_all = reference_outputs(raw, task, logits, scale)
    got = run_onnx(onnx_path, probe, [out_name])[out_name]
    err = float(np.abs(got.reshape(expected_all.shape) - expected_all).max())
    single = run_onnx(onnx_path, probe[:1], [out_name])[out_name]  # batch 1 = batch K (dynamic axis)
    err = max(err, float(np.abs(single.reshape(expected_all[:1].shape) - expected_all[:1]).max()))
    if err > TOLERANCE:
        raise SystemExit(f"{onnx_path}: ONNX Runtime differs from TensorFlow by {err:.2e} (> {TOLERANCE})")
    meta["conversion"]["parity_max_abs_error"] = float(f"{err:.3g}")

    vectors = os.path.join(folder, "test_vectors")
    shutil.rmtree(vectors, ignore_errors=True)
    os.makedirs(vectors)
    import cv2
    cases = []
    for i, img in enumerate(images):
        cv2.imwrite(os.path.join(vectors, f"input_{i}.png"), img)
        cases.append({"input": f"input_{i}.png", "outputs": {out_name: expected_all[i].round(7).tolist()}})
    with open(os.path.join(vectors, "expected.json"), "w") as fh:
        json.dump({"tolerance": TOLERANCE, "normalisation": "input = pixel / 255, shape [1, 1, H, W]",
                   "reference": f"tensorflow {tf.__version__} ({source.form})", "cases": cases}, fh)
    meta = metadata.write(meta, folder)
    from .model_card import write_converted_card
    write_converted_card(folder, meta)
    return folder, {"parity": err, "output": kind, "form": source.form, "folder": folder}
