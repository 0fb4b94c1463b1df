"""Rewrites a version's model.onnx with each zero Pad that feeds a convolution moved into the convolution's own
padding (onnx_export.fold_pads_into_convs; every export does this since), updates model.json's sha256/crc32 and
checks the version's test vectors in ONNX Runtime. The outputs do not change (the test vectors hold to 1e-6);
the MobileNetV2 versions, exported with TensorFlow's SAME padding as separate Pads, run about twice as fast
(docs/benchmarks.md).
Example:
  emotion-ai-fold-pads --model-dir ../models-onnx/emotion/13
"""

from emotion_ai_train.graph_rewrite import rewrite_main
from emotion_ai_train.onnx_export import fold_pads_into_convs


def count_pads(model):
    return sum(n.op_type == "Pad" for n in model.graph.node)


def fold(model):
    """Folds in place; returns how many Pads went."""
    before = count_pads(model)
    fold_pads_into_convs(model)
    return before - count_pads(model)


def main(argv=None):
    rewrite_main(argv, __doc__, "fold_pads.py", fold, "zero Pads folded into the convolutions' own padding")


if __name__ == "__main__":
    main()
