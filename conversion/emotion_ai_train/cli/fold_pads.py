"""Rewrites a version's model.onnx with each zero Pad that feeds a convolution moved into the convolution's own
padding (onnx_export.fold_pads_into_convs; every export does this since), updates model.json's sha256/crc32 and
checks the version's test vectors in ONNX Runtime. The outputs do not change (the test vectors hold to 1e-6);
the MobileNetV2 versions, exported with TensorFlow's SAME padding as separate Pads, run about twice as fast
(docs/benchmarks.md).
Example:
  emotion-ai-fold-pads --model-dir ../models-onnx/emotion/13
"""

import argparse

from emotion_ai_train import metadata
from emotion_ai_train.graph_rewrite import rewrite_version
from emotion_ai_train.onnx_export import fold_pads_into_convs


def count_pads(model):
    return sum(n.op_type == "Pad" for n in model.graph.node)


def fold(model):
    before = count_pads(model)
    fold_pads_into_convs(model)  # edits the model in place
    return before - count_pads(model)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model-dir", required=True, nargs="+", help="models-onnx/<model>/<version> folders")
    args = ap.parse_args(argv)
    for folder in args.model_dir:
        folded, worst, sha = rewrite_version(
            folder, fold, "zero Pads folded into the convolutions' own padding",
            metadata.RUN_PREFIX + metadata.command_line("fold_pads.py", ["--model-dir", folder]))
        if folded == 0:
            print(f"{folder}: no Pad to fold")
        else:
            print(f"{folder}: {folded} Pads folded into convolutions; test vectors hold ({worst:.1e}); "
                  f"sha256 {sha[:12]}")


if __name__ == "__main__":
    main()
