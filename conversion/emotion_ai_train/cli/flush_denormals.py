"""Rewrites a version's model.onnx with its denormal float32 weights set to zero (onnx_export.flush_denormals;
every export does this since), updates model.json's sha256/crc32 and checks the version's test vectors in ONNX
Runtime. The outputs do not change (the test vectors hold to 1e-6); single-image inference on x86 gets faster.
Example:
  emotion-ai-flush-denormals --model-dir ../models-onnx/emotion/2
"""

from emotion_ai_train.graph_rewrite import rewrite_main
from emotion_ai_train.onnx_export import flush_denormals


def main(argv=None):
    rewrite_main(argv, __doc__, "flush_denormals.py", flush_denormals, "denormal float32 weights set to zero")


if __name__ == "__main__":
    main()
