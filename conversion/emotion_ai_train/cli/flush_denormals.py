"""Rewrites a version's model.onnx with its denormal float32 weights set to zero (onnx_export.flush_denormals;
every export does this since), updates model.json's sha256/crc32 and checks the version's test vectors in ONNX
Runtime. The outputs do not change (the test vectors hold to 1e-6); single-image inference on x86 gets faster.
Example:
  emotion-ai-flush-denormals --model-dir ../models-onnx/emotion/2
"""

import argparse
import os

import numpy as np
import onnx

from emotion_ai_train import metadata
from emotion_ai_train.onnx_export import flush_denormals, onnx_session, run_onnx
from emotion_ai_train.test_vectors import read_vectors


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
        doc, inputs = read_vectors(os.path.join(folder, "test_vectors"))
        names = [o["name"] for o in meta["outputs"]]
        out = run_onnx(onnx_session(path), inputs, names)
        worst = max(float(np.abs(out[n][i] - np.array(case["outputs"][n])).max())
                    for i, case in enumerate(doc["cases"]) for n in names)
        if worst > 1e-6:
            raise SystemExit(f"{folder}: test vectors moved by {worst:.2e} after the flush")
        print(f"{folder}: {flushed} denormal weights set to zero; test vectors hold ({worst:.1e}); "
              f"sha256 {meta['sha256'][:12]}")


if __name__ == "__main__":
    main()
