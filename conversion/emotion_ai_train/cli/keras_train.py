"""Trains the original project's Keras networks (emotion_ai_train/keras_nets.py) on the shared data, a short
CPU run, and saves the best epoch in the three forms keras_to_onnx.py converts: model.keras, model.h5 and a
SavedModel folder (saved_model/), plus history.json and result.json.

- emotion: FER2013 Training faces of the original 5 classes (Angry, Disgust, Sad, Happy, Surprise; FER ids
  0, 1, 4, 3, 5), validated on PublicTest (accuracy); random horizontal flips.
- keypoints: the 96x96 YuNet crops of make_keypoint_crops.py (training people), targets the 15 Kaggle points
  derived from the 68 landmarks (labels.py) in 96-px Kaggle units, trained on the crops and their mirror
  images (left/right names swapped), validated on the held-out people by NME (mean error / outer-eye-corner
  distance, in image pixels, as evaluate.py measures it).
Examples:
  emotion-ai-keras-train --task emotion --fer-data ../shared/data/fer2013/fer2013.csv.gz --out runs/keras/emotion
  emotion-ai-keras-train --task keypoints --crops runs/kp-crops --out runs/keras/keypoints
"""

import argparse
import json
import os
import time

import numpy as np


def load_emotion(fer_data, limit=None):
    from emotion_ai_train.data.fer2013 import read_fer
    from emotion_ai_train.emotion_task import to_tensors
    fer = read_fer(fer_data, usages={"Training", "PublicTest"}, limit=limit)
    out = []
    for usage in ("Training", "PublicTest"):
        images, targets = to_tensors(fer.split(usage), "orig5")
        out.append((images.numpy().transpose(0, 2, 3, 1).copy(), targets.numpy()))
    return out


def load_keypoints(crops):
    from emotion_ai_train.keypoint_task import to_kaggle
    from emotion_ai_train.labels import KAGGLE_FLIP
    train, val = (np.load(os.path.join(crops, f"{part}.npz")) for part in ("train", "val"))
    x = train["images"].astype(np.float32)[..., None] / 255.0
    y = to_kaggle(train["points68"]) * 96.0  # [N,15,2] in 96-px Kaggle units
    mirrored = y[:, list(KAGGLE_FLIP)].copy()
    mirrored[..., 0] = 96.0 - mirrored[..., 0]
    x = np.concatenate([x, x[:, :, ::-1]])
    y = np.concatenate([y, mirrored]).reshape(len(x), 30)
    return (x, y), val


def keypoint_nme(pred_px, val):
    from emotion_ai_train.keypoint_task import crop_to_image, keypoint_metrics, to_kaggle
    pred = pred_px.reshape(-1, 15, 2) / 96.0
    true = to_kaggle(val["points68"])
    return keypoint_metrics(crop_to_image(pred, val["squares"]), crop_to_image(true, val["squares"]), pred, true)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--task", choices=("emotion", "keypoints"), required=True)
    ap.add_argument("--fer-data", help="FER2013 Kaggle CSV (emotion)")
    ap.add_argument("--crops", help="make_keypoint_crops.py output folder (keypoints)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--width", type=float, default=0.5, help="channel multiplier (1.0 = the original's filters)")
    ap.add_argument("--dense", default="1024,512", help="keypoints: the two dense layers' widths (original 4096,2048)")
    ap.add_argument("--epochs", type=int, default=100)
    ap.add_argument("--max-minutes", type=float, default=4.0, help="stop after the epoch that passes this")
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--limit", type=int, help="rows per FER2013 usage (smoke runs)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)

    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import tensorflow as tf

    from emotion_ai_train import keras_nets
    tf.config.threading.set_intra_op_parallelism_threads(args.threads)
    tf.config.threading.set_inter_op_parallelism_threads(1)
    tf.keras.utils.set_random_seed(args.seed)

    if args.task == "emotion":
        if not args.fer_data:
            ap.error("--fer-data is needed for emotion")
        (x, y), (vx, vy) = load_emotion(args.fer_data, args.limit)
        model = keras_nets.emotion_resnet(width=args.width)
        model.compile(tf.keras.optimizers.Adam(args.lr), "sparse_categorical_crossentropy")
        flip = np.random.default_rng(args.seed)

        def batches():
            mask = flip.random(len(x)) < 0.5
            return np.where(mask[:, None, None, None], x[:, :, ::-1], x), y

        def validate():
            acc = float((model.predict(vx, batch_size=256, verbose=0).argmax(1) == vy).mean())
            return {"accuracy": acc}, acc
    else:
        if not args.crops:
            ap.error("--crops is needed for keypoints")
        (x, y), val = load_keypoints(args.crops)
        vx = val["images"].astype(np.float32)[..., None] / 255.0
        model = keras_nets.keypoint_resnet(width=args.width, dense=tuple(int(v) for v in args.dense.split(",")))
        model.compile(tf.keras.optimizers.Adam(args.lr), "mse")

        def batches():
            return x, y

        def validate():
            m = keypoint_nme(model.predict(vx, batch_size=128, verbose=0), val)
            return {"nme": m["nme_interocular"], "rmse_96px": m["rmse_96px"]}, -m["nme_interocular"]

    os.makedirs(args.out, exist_ok=True)
    print(f"{args.task}: {len(x)} training items, {len(vx)} validation, {model.count_params():,} parameters",
          flush=True)
    history, best, best_weights, best_epoch, start = [], -np.inf, None, 0, time.time()
    for epoch in range(1, args.epochs + 1):
        bx, by = batches()
        loss = model.fit(bx, by, batch_size=args.batch_size, epochs=1, shuffle=True, verbose=0).history["loss"][-1]
        figures, score = validate()
        history.append({"epoch": epoch, "loss": float(loss), **figures, "seconds": round(time.time() - start, 1)})
        if score > best:
            best, best_weights, best_epoch = score, model.get_weights(), epoch
        print(f"epoch {epoch}: loss {loss:.4f} " + " ".join(f"{k} {v:.4f}" for k, v in figures.items())
              + f" ({time.time() - start:.0f} s)", flush=True)
        if time.time() - start > args.max_minutes * 60:
            break
    model.set_weights(best_weights)
    figures, _ = validate()
    model.save(os.path.join(args.out, "model.keras"))
    model.save(os.path.join(args.out, "model.h5"))
    model.export(os.path.join(args.out, "saved_model"), verbose=False)
    result = {"task": args.task, "best_epoch": best_epoch, "epochs_run": len(history), **figures,
              "validation": "FER2013 PublicTest, 5 classes" if args.task == "emotion" else
              "landmarks68 held-out people (YuNet crops)", "parameters": int(model.count_params()),
              "seconds": round(time.time() - start, 1), "tensorflow": tf.__version__, "arguments": vars(args)}
    with open(os.path.join(args.out, "history.json"), "w") as fh:
        json.dump(history, fh, indent=1)
    with open(os.path.join(args.out, "result.json"), "w") as fh:
        json.dump(result, fh, indent=1)
    print(f"best epoch {best_epoch}: " + " ".join(f"{k} {v:.4f}" for k, v in figures.items())
          + f"; saved model.keras, model.h5, saved_model/ in {args.out}", flush=True)


if __name__ == "__main__":
    main()
