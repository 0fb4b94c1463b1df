"""Rewrites a version's model.onnx with its denormal float32 weights set to zero (onnx_export.flush_denormals;
every export does this since), updates model.json's sha256/crc32 and checks the version's test vectors in ONNX
Runtime. The outputs do not change (the test vectors hold to 1e-6); single-image inference on x86 gets faster.
Example:
  emotion-ai-flush-denormals --model-dir ../models-onnx/emotion/2
"""

import argparse
import json
import os

import cv2
import numpy as np
import onnx

from emotion_ai_train import metadata
from emotion_ai_train.onnx_export import flush_denormals, onnx_session, run_onnx


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model-dir", required=True, nargs="+", help="models-onnx/<model>/<version> folders")
    args = ap.parse_args(argv)
    for folder in args.model_dir:
        meta = metadata.read(folder)
        path = os.path.join(folder, meta["file"])
        model = onnx.load(path)
        flushed = flush_denormals(model)
        if flushed == 0:
            print(f"{folder}: no denormal weights")
            continue
        onnx.save(model, path)
        meta = metadata.write(meta, folder)
        vectors = os.path.join(folder, "test_vectors")
        with open(os.path.join(vectors, "expected.json")) as fh:
            cases = json.load(fh)["cases"]
        session, worst = onnx_session(path), 0.0
        for case in cases:
            img = cv2.imread(os.path.join(vectors, case["input"]), cv2.IMREAD_GRAYSCALE)
            out = run_onnx(session, img.astype(np.float32)[None, None] / 255.0, list(case["outputs"]))
            worst = max(worst, max(float(np.abs(out[k][0] - np.array(v)).max()) for k, v in case["outputs"].items()))
        if worst > 1e-6:
            raise SystemExit(f"{folder}: test vectors moved by {worst:.2e} after the flush")
        print(f"{folder}: {flushed} denormal weights set to zero; test vectors hold ({worst:.1e}); "
              f"sha256 {meta['sha256'][:12]}")


if __name__ == "__main__":
    main()
