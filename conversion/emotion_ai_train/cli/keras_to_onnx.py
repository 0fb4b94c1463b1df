"""Converts a user's own Keras/TensorFlow model (.keras, .h5 or a SavedModel folder) into this project's model
contract: <models-dir>/<name>/<version>/ with model.onnx, model.json, card README.md and test_vectors/, ready
for the Java service.

Needs `tensorflow` and `tf2onnx`, the package's `keras` extra (from conversion/: `pip install -r
requirements-keras.txt -e '.[keras]'`; .ci/install installs it). The model takes a square gray image scaled to
[0, 1]: [N, H, W, 1] as the original Emotion AI notebooks build it (tf2onnx's `inputs_as_nchw` makes the ONNX
input [N, 1, H, W]), or [N, 1, H, W]. Emotion models may end in softmax or logits (`--output auto` tells them
apart: the last layer's activation, else the values); keypoint models output the 15 Kaggle keypoints as 30
values in pixels of the input (Kaggle units; `--keypoint-scale` = the input side by default, 1 when they are
already crop-normalised). The ONNX graph is checked against TensorFlow in ONNX Runtime before it is kept.
A model that does not fit (3-channel input, another rank, unknown outputs) stops with the problem and the fix.
Examples:
  emotion-ai-keras-to-onnx --keras my_emotion.keras --task emotion --version 3 \\
      --labels Angry,Disgust,Sad,Happy,Surprise --crop-rule ../models-onnx/emotion/1/model.json
  emotion-ai-keras-to-onnx --keras saved_model/ --task keypoints --version 2 \\
      --crop-rule ../models-onnx/keypoints/1/model.json --models-dir ../runs/converted
"""

import argparse
import os

from emotion_ai_train import metadata
from emotion_ai_train.paths import MODELS_DIR

DEFAULT_MODELS_DIR = MODELS_DIR


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--keras", required=True, help=".keras/.h5 file or SavedModel folder")
    ap.add_argument("--task", choices=("emotion", "keypoints"), required=True)
    ap.add_argument("--version", required=True)
    ap.add_argument("--name", help="model name (folder and model.json name); default: emotion / keypoints")
    ap.add_argument("--labels", help="emotion: comma-separated class names in output order")
    ap.add_argument("--output", choices=("auto", "softmax", "logits"), default="auto",
                    help="emotion: what the model's output is (auto: from its last activation, else its values)")
    ap.add_argument("--logits", action="store_true", help="emotion: the model ends without softmax (= --output logits)")
    ap.add_argument("--output-name", help="the output to convert, for a model with several")
    ap.add_argument("--keypoint-scale", type=float,
                    help="keypoints: divide the outputs by this (default: the input side, for pixel units; 1 when "
                         "already normalised to the crop)")
    ap.add_argument("--replicate-gray", action="store_true",
                    help="a 3-channel model: feed the gray channel to all three")
    ap.add_argument("--crop-rule", required=True,
                    help="JSON holding a `crop_rule` (calibration, crops.json) or a model.json (its preprocessing.crop)")
    ap.add_argument("--training-data", default="", help="text for model.json: what the model was trained on")
    ap.add_argument("--models-dir", default=DEFAULT_MODELS_DIR)
    args = ap.parse_args(argv)

    try:
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
        import tensorflow  # noqa: F401
        import tf2onnx  # noqa: F401
    except ImportError as missing:
        raise SystemExit(f"keras_to_onnx needs tensorflow and tf2onnx ({missing}): from conversion/, "
                         "pip install -r requirements-keras.txt -e '.[keras]'")
    from emotion_ai_train.keras_convert import ContractError, convert, read_crop_rule

    labels = args.labels.split(",") if args.labels else None
    try:
        folder, report = convert(args.keras, args.task, args.version, read_crop_rule(args.crop_rule),
                                 args.models_dir, name=args.name, labels=labels,
                                 output="logits" if args.logits else args.output, keypoint_scale=args.keypoint_scale,
                                 replicate_gray=args.replicate_gray, output_name=args.output_name,
                                 training_data=args.training_data,
                                 command=metadata.RUN_PREFIX + metadata.command_line("keras_to_onnx.py", argv))
    except ContractError as err:
        raise SystemExit(f"keras_to_onnx: {err}")
    print(f"wrote {folder}: from {report['form']} ({report['output']}), parity with TensorFlow {report['parity']:.1e}")


if __name__ == "__main__":
    main()
