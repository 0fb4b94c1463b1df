"""Converts a user's own Keras/TensorFlow model (.h5 or SavedModel) into this project's model contract:
models-onnx/<model>/<version>/model.onnx + model.json + test_vectors/, ready for the Java service.

Needs `tensorflow` and `tf2onnx`, the package's `keras` extra (from conversion/:
`pip install -r requirements-keras.txt -e '.[keras]'`); .ci/install leaves them out, so this command's full test
runs only where they are installed. The Keras model must take [N, H, W, 1] gray input
scaled to [0, 1] (the original Emotion AI notebooks do); tf2onnx's `inputs_as_nchw` makes the ONNX input
NCHW. Emotion models may end in softmax or logits (--logits); keypoint models output 30 values, in 96-px
Kaggle units (--keypoint-scale 96, the default) or already crop-normalised (--keypoint-scale 1).
Example:
  emotion-ai-keras-to-onnx --keras my_emotion.h5 --task emotion --version 3 \
      --labels Angry,Disgust,Sad,Happy,Surprise --crop-rule runs/emotion-crop.json
"""

import argparse
import os

import numpy as np

from emotion_ai_train import metadata
from emotion_ai_train.onnx_contract import adapt_to_contract, reference_outputs
from emotion_ai_train.onnx_export import OPSET, run_onnx
from emotion_ai_train.paths import MODELS_DIR
from emotion_ai_train.test_vectors import TOLERANCE, synthetic_inputs

DEFAULT_MODELS_DIR = MODELS_DIR


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--keras", required=True, help=".h5/.keras file or SavedModel directory")
    ap.add_argument("--task", choices=("emotion", "keypoints"), required=True)
    ap.add_argument("--version", required=True)
    ap.add_argument("--labels", help="emotion: comma-separated class names in output order")
    ap.add_argument("--logits", action="store_true", help="emotion: the model ends without softmax")
    ap.add_argument("--keypoint-scale", type=float, default=96.0, help="keypoints: divide outputs by this")
    ap.add_argument("--crop-rule", required=True, help="JSON holding a `crop_rule`")
    ap.add_argument("--models-dir", default=DEFAULT_MODELS_DIR)
    args = ap.parse_args(argv)

    try:
        import tensorflow as tf
        import tf2onnx
    except ImportError as missing:
        raise SystemExit(f"keras_to_onnx needs tensorflow and tf2onnx ({missing}): from conversion/, "
                         "pip install -r requirements-keras.txt -e '.[keras]'")
    import json

    import onnx

    from emotion_ai_train.labels import KEYPOINT_NAMES

    model = tf.keras.models.load_model(args.keras, compile=False)
    _, h, w, c = model.input_shape
    if c != 1 or h != w:
        raise SystemExit(f"{args.keras}: expected square gray input [N, H, W, 1], got {model.input_shape}")
    n_out = int(model.output_shape[-1])
    spec = [tf.TensorSpec((None, h, w, 1), tf.float32, name="input")]
    onnx_model, _ = tf2onnx.convert.from_keras(model, input_signature=spec, opset=OPSET, inputs_as_nchw=["input"])
    onnx_model = adapt_to_contract(onnx_model, args.task, n_out, args.logits, args.keypoint_scale)

    with open(args.crop_rule) as fh:
        crop_rule = json.load(fh)["crop_rule"]
    training = {"framework": f"tensorflow {tf.__version__}", "converted_with": f"tf2onnx {tf2onnx.__version__}",
                "command": f"converted from {os.path.basename(args.keras)} by conversion/keras_to_onnx.py",
                "onnx_opset": OPSET, "epochs_run": None, "best_epoch": None}
    if args.task == "emotion":
        labels = args.labels.split(",") if args.labels else None
        if not labels or len(labels) != n_out:
            raise SystemExit(f"--labels must name the model's {n_out} classes in output order")
        meta, output = metadata.emotion_metadata(args.version, labels, crop_rule, False, training), "probabilities"
    else:
        if n_out != 2 * len(KEYPOINT_NAMES):
            raise SystemExit(f"expected {2 * len(KEYPOINT_NAMES)} keypoint outputs, got {n_out}")
        meta, output = metadata.keypoints_metadata(args.version, crop_rule, training), "keypoints"
        meta["outputs"] = meta["outputs"][:1]  # a Kaggle-style model has no 68-point output

    folder = os.path.join(args.models_dir, meta["name"], str(args.version))
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, "model.onnx")
    onnx.save(onnx_model, path)

    images = synthetic_inputs([np.full((h, w), 128.0)], h)
    nchw = images.astype(np.float32)[:, None] / 255.0
    expected = reference_outputs(model.predict(nchw.transpose(0, 2, 3, 1), verbose=0), args.task, args.logits,
                                 args.keypoint_scale)
    got = run_onnx(path, nchw, [output])[output]
    err = float(np.abs(got.reshape(expected.shape) - expected).max())
    if err > TOLERANCE:
        raise SystemExit(f"{path}: ONNX differs from Keras by {err:.2e} (> {TOLERANCE})")
    vectors = os.path.join(folder, "test_vectors")
    os.makedirs(vectors, exist_ok=True)
    import cv2
    cases = []
    for i, img in enumerate(images):
        cv2.imwrite(os.path.join(vectors, f"input_{i}.png"), img)
        cases.append({"input": f"input_{i}.png", "outputs": {output: expected[i].round(7).tolist()}})
    with open(os.path.join(vectors, "expected.json"), "w") as fh:
        json.dump({"tolerance": TOLERANCE, "normalisation": "input = pixel / 255, shape [1, 1, H, W]",
                   "cases": cases}, fh)
    metadata.write(meta, folder)
    print(f"wrote {folder}: parity with Keras {err:.1e}")


if __name__ == "__main__":
    main()
