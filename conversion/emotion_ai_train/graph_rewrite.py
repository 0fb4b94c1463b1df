"""Rewrites a committed version's model.onnx in place with a transformation that must not change its answers:
the version's own test vectors are checked after the rewrite (1e-6), and model.json's sha256/crc32 follow."""

import argparse
import os

import numpy as np
import onnx

from emotion_ai_train import metadata
from emotion_ai_train.onnx_export import onnx_session, run_onnx
from emotion_ai_train.test_vectors import read_vectors

TOLERANCE = 1e-6


def rewrite_version(folder, transform, what, command):
    """transform(model) edits an onnx.ModelProto in place and returns how many things it changed (0: nothing to
    do, the file stays as it is). model.json's training.graph_rewrites records `what` and `command`.
    Returns (count, worst test-vector change, new sha256)."""
    meta = metadata.read(folder)
    path = os.path.join(folder, meta["file"])
    model = onnx.load(path)
    changed = transform(model)
    if changed == 0:
        return 0, 0.0, meta["sha256"]
    onnx.checker.check_model(model)
    candidate = path + ".rewritten"  # replaces the version's file only once its test vectors hold
    onnx.save(model, candidate)
    try:
        doc, inputs = read_vectors(os.path.join(folder, "test_vectors"))
        names = [o["name"] for o in meta["outputs"]]
        out = run_onnx(onnx_session(candidate), inputs, names)
        worst = max(float(np.abs(out[n][i] - np.array(case["outputs"][n])).max())
                    for i, case in enumerate(doc["cases"]) for n in names)
        if worst > TOLERANCE:
            raise SystemExit(f"{folder}: test vectors would move by {worst:.2e}; the version is left as it was")
        os.replace(candidate, path)
    finally:
        if os.path.exists(candidate):
            os.remove(candidate)
    meta["training"].setdefault("graph_rewrites", []).append(
        {"what": what, "changed": changed, "command": command, "max_test_vector_change": float(f"{worst:.2g}")})
    meta = metadata.write(meta, folder)
    return changed, worst, meta["sha256"]


def rewrite_main(argv, doc, script, transform, what):
    """The command line of a rewrite: --model-dir folders, one line per folder ("nothing to do" or what changed)."""
    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model-dir", required=True, nargs="+", help="models-onnx/<model>/<version> folders")
    args = ap.parse_args(argv)
    for folder in args.model_dir:
        command = metadata.RUN_PREFIX + metadata.command_line(script, ["--model-dir", folder])
        changed, worst, sha = rewrite_version(folder, transform, what, command)
        if changed == 0:
            print(f"{folder}: nothing to do ({what})")
        else:
            print(f"{folder}: {what}: {changed}; test vectors hold ({worst:.1e}); sha256 {sha[:12]}")
