"""fp32 vs int8 vs fp16 variants (quantize.py) in ONNX Runtime's Python API on this CPU, one thread per session
(intra_op_num_threads=1), every variant interleaved in the same loop: quality (emotion: accuracy on the full
FER2013 PublicTest; keypoints: NME on the held-out people's YuNet crops, as evaluate.py), single-image latency
(p50, p90) and batch-32 throughput.
  python experiments/measure_precision.py --fer-data ../../shared/data/fer2013/fer2013.csv.gz \\
      --crops ../runs/kp-crops --emotion ../models-onnx/emotion/2 ../runs/quant/emotion/3 ../runs/quant/emotion/4 \\
      --keypoints ../models-onnx/keypoints/1 ../runs/quant/keypoints/3 ../runs/quant/keypoints/4 --out ../runs/quant/figures.json
"""

import argparse
import json
import os
import time

import numpy as np
import onnxruntime

from emotion_ai_train import metadata
from emotion_ai_train.data.fer2013 import read_fer
from emotion_ai_train.emotion_task import to_tensors
from emotion_ai_train.keypoint_task import crop_to_image, keypoint_metrics, to_kaggle
from emotion_ai_train.labels import EMOTION_LABEL_SETS


def session(folder):
    opts = onnxruntime.SessionOptions()
    opts.intra_op_num_threads = 1
    opts.inter_op_num_threads = 1
    return onnxruntime.InferenceSession(os.path.join(folder, "model.onnx"), opts, providers=["CPUExecutionProvider"])


def outputs_of(sess, x, name, batch=256):
    return np.concatenate([sess.run([name], {"input": x[i:i + batch]})[0] for i in range(0, len(x), batch)])


def timings(sessions, x, rounds, batch):
    """Per variant: seconds of `rounds` runs on `batch` items, variants interleaved run by run."""
    out = {k: [] for k in sessions}
    for _ in range(5):  # warm-up
        for s in sessions.values():
            s.run(None, {"input": x[:batch]})
    for r in range(rounds):
        items = x[(r * batch) % (len(x) - batch):][:batch]
        for k, s in sessions.items():
            t = time.perf_counter()
            s.run(None, {"input": items})
            out[k].append(time.perf_counter() - t)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--fer-data", required=True)
    ap.add_argument("--crops", help="keypoint crop folder (with --keypoints)")
    ap.add_argument("--emotion", nargs="+", default=[], help="version folders, fp32 first")
    ap.add_argument("--keypoints", nargs="+", default=[], help="version folders, fp32 first (needs --crops)")
    ap.add_argument("--rounds", type=int, default=300, help="single-image runs per variant")
    ap.add_argument("--batch-rounds", type=int, default=40, help="batch-32 runs per variant")
    ap.add_argument("--out")
    args = ap.parse_args()

    results = {}
    if args.keypoints and not args.crops:
        ap.error("--keypoints needs --crops")
    for task, folders in (("emotion", args.emotion), ("keypoints", args.keypoints)):
        if not folders:
            continue
        metas = {f: metadata.read(f) for f in folders}
        label = {f: f"{m['name']}/{m['version']} {m.get('precision', 'fp32')}" for f, m in metas.items()}
        sessions = {label[f]: session(f) for f in folders}
        if task == "emotion":
            m0 = metas[folders[0]]
            label_set = next(k for k, v in EMOTION_LABEL_SETS.items() if list(v) == m0["labels"])
            images, targets = to_tensors(read_fer(args.fer_data, usages={"PublicTest"}).split("PublicTest"), label_set)
            x, y = images.numpy().astype(np.float32), targets.numpy()
            quality = {}
            for k, s in sessions.items():
                p = outputs_of(s, x, "probabilities")
                quality[k] = {"accuracy": float((p.argmax(1) == y).mean()), "samples": int(len(y))}
            ref = outputs_of(sessions[label[folders[0]]], x, "probabilities").argmax(1)
            for k, s in sessions.items():
                quality[k]["agreement_with_fp32"] = float((outputs_of(s, x, "probabilities").argmax(1) == ref).mean())
        else:
            val = np.load(os.path.join(args.crops, "val.npz"))
            x = val["images"].astype(np.float32)[:, None] / 255.0
            true = to_kaggle(val["points68"])
            quality = {}
            for k, s in sessions.items():
                pred = outputs_of(s, x, "keypoints").reshape(-1, 15, 2)
                m = keypoint_metrics(crop_to_image(pred, val["squares"]), crop_to_image(true, val["squares"]), pred,
                                     true)
                quality[k] = {"nme": m["nme_interocular"], "rmse_96px": m["rmse_96px"], "samples": int(len(x)),
                              "people": int(len(set(val["people"].tolist())))}
        single = timings(sessions, x, args.rounds, 1)
        batched = timings(sessions, x, args.batch_rounds, 32)
        for k in sessions:
            quality[k].update(p50_ms=float(np.percentile(single[k], 50) * 1e3),
                              p90_ms=float(np.percentile(single[k], 90) * 1e3),
                              batch32_items_per_s=float(32 / np.median(batched[k])),
                              size_mb=os.path.getsize(os.path.join(
                                  [f for f in folders if label[f] == k][0], "model.onnx")) / 1e6)
            print(f"{k:22s} " + " ".join(f"{n} {v:.4f}" if isinstance(v, float) else f"{n} {v}"
                                         for n, v in quality[k].items()), flush=True)
        results[task] = quality
    results["cpu"] = open("/proc/cpuinfo").read().split("model name")[1].split("\n")[0].strip(" :\t")
    flags = set(open("/proc/cpuinfo").read().split("flags")[1].split("\n")[0].split())
    results["cpu_flags"] = sorted(f for f in flags if "vnni" in f or f.startswith("amx") or f in ("avx2", "avx512f",
                                                                                                   "avx512_bf16"))
    results["onnxruntime"] = onnxruntime.__version__
    if args.out:
        with open(args.out, "w") as fh:
            json.dump(results, fh, indent=1)


if __name__ == "__main__":
    main()
