"""Rewrites a version's model.onnx with its denormal float32 weights set to zero (onnx_export.flush_denormals;
every export does this since), updates model.json's sha256/crc32 and checks the version's test vectors in ONNX
Runtime. The outputs do not change (the test vectors hold to 1e-6); single-image inference on x86 gets faster.
Example:
  emotion-ai-flush-denormals --model-dir ../models-onnx/emotion/2
"""

import argparse

from emotion_ai_train import metadata
from emotion_ai_train.graph_rewrite import rewrite_version
from emotion_ai_train.onnx_export import flush_denormals


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model-dir", required=True, nargs="+", help="models-onnx/<model>/<version> folders")
    args = ap.parse_args(argv)
    for folder in args.model_dir:
        flushed, worst, sha = rewrite_version(
            folder, flush_denormals, "denormal float32 weights set to zero",
            metadata.RUN_PREFIX + metadata.command_line("flush_denormals.py", ["--model-dir", folder]))
        if flushed == 0:
            print(f"{folder}: no denormal weights")
        else:
            print(f"{folder}: {flushed} denormal weights set to zero; test vectors hold ({worst:.1e}); "
                  f"sha256 {sha[:12]}")


if __name__ == "__main__":
    main()
