"""Trains the facial-keypoint ResNet on detector-box crops made by make_keypoint_crops.py.

The network regresses the 68 iBUG landmarks (crop-normalised); the loss also weighs the 15 Kaggle keypoints
derived from them, and early stopping watches their NME on the held-out people.
Example:
  emotion-ai-train-keypoints --crops runs/kp-crops --out runs/keypoints-1
"""

import argparse
import os

import numpy as np
import torch

from emotion_ai_train.augment import AugmentConfig, augment
from emotion_ai_train.checkpoints import init_matching_weights
from emotion_ai_train import metadata
from emotion_ai_train.keypoint_task import crop_to_image, keypoint_metrics, to_kaggle
from emotion_ai_train.labels import IBUG68_FLIP, kaggle_from_ibug_matrix
from emotion_ai_train.nets.keypoints import build_keypoint_net
from emotion_ai_train.trainer import (TrainConfig, Trainer, pick_device, seed_everything, setup_threads,
                                     shuffled_index_batches)


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--crops", required=True, help="folder with train.npz and val.npz from make_keypoint_crops.py")
    p.add_argument("--out", required=True, help="run directory for checkpoints and history")
    p.add_argument("--epochs", type=int, default=150)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--lr-patience", type=int, default=4)
    p.add_argument("--kaggle-weight", type=float, default=1.0,
                   help="loss weight of the 15 Kaggle points relative to the 68 landmarks")
    p.add_argument("--width", type=int, default=16,
                   help="stem channels (>= 16: width 8 crashes in the channels-last CPU backward, torch 1.13 and 2.8)")
    p.add_argument("--identity-blocks", type=int, default=1)
    p.add_argument("--head", choices=("regression", "integral"), default="regression",
                   help="regression: fully connected on 3x3 features (keypoints/1); integral: soft-argmax on "
                        "24x24 heatmaps (keypoints/2)")
    p.add_argument("--grid-margin", type=float, default=0.1,
                   help="integral head: how far beyond the crop (its fraction) the heatmap grid reaches")
    p.add_argument("--pyramid-width", type=int,
                   help="integral head: channels of the 24x24 feature pyramid (default 4 x width)")
    p.add_argument("--rotation", type=float, default=15, help="augmentation: in-plane rotation, degrees")
    p.add_argument("--box-jitter", type=float, default=0.05,
                   help="augmentation: shift of the crop, fraction of its side (the detector box's jitter)")
    p.add_argument("--zoom", type=float, default=0.08, help="augmentation: scale 1 +/- this")
    p.add_argument("--max-minutes", type=float, default=0)
    p.add_argument("--resume", help="continue from a last.pt checkpoint")
    p.add_argument("--init-from", help="start from another run's best.pt with a fresh optimiser (warm restart)")
    p.add_argument("--threads", type=int, default=0)
    p.add_argument("--device", default="auto")
    p.add_argument("--seed", type=int, default=0)
    return p.parse_args(argv)


def load_split(folder, name):
    data = np.load(os.path.join(folder, f"{name}.npz"))
    images = torch.from_numpy(data["images"]).float().div_(255).unsqueeze(1)
    return images, torch.from_numpy(data["points68"]), data


def predict_points68(model, images, device, batch_size=256):
    out = []
    with torch.no_grad():
        for i in range(0, len(images), batch_size):
            x = images[i:i + batch_size].to(device).contiguous(memory_format=torch.channels_last)
            out.append(model(x).cpu())
    return torch.cat(out)


def main(argv=None):
    args = parse_args(argv)
    setup_threads(args.threads)
    seed_everything(args.seed)
    device = pick_device(args.device)
    x_train, y_train, _ = load_split(args.crops, "train")
    x_val, y_val, val_raw = load_split(args.crops, "val")
    to15 = torch.from_numpy(kaggle_from_ibug_matrix()).to(device)
    print(f"train {len(x_train)} crops, validation {len(x_val)} crops (held-out people), device {device}, "
          f"threads {torch.get_num_threads()}", flush=True)

    model = build_keypoint_net(vars(args)).to(device)
    model = model.to(memory_format=torch.channels_last)
    if args.init_from and not args.resume:
        init_matching_weights(model, args.init_from)
    aug = AugmentConfig(rotation_deg=args.rotation, scale=args.zoom, shift=args.box_jitter, brightness=0.2,
                        contrast=0.3, noise_std=0.03)

    def batches(epoch, gen):
        chunks = shuffled_index_batches(len(x_train), args.batch_size, gen)

        def it():
            for idx in chunks:
                x, pts = augment(x_train[idx].to(device), aug, gen, y_train[idx].to(device), IBUG68_FLIP)
                yield x.contiguous(memory_format=torch.channels_last), pts
        return it(), len(chunks)

    def train_step(m, batch):
        x, pts = batch
        pred = m(x)
        kaggle = (torch.matmul(to15, pred) - torch.matmul(to15, pts)).abs().mean()
        return (pred - pts).abs().mean() + args.kaggle_weight * kaggle

    true_norm = to_kaggle(y_val.numpy())
    true_img = crop_to_image(true_norm, val_raw["squares"])

    def evaluate(m):
        pred_norm = to_kaggle(predict_points68(m, x_val, device).numpy())
        figures = keypoint_metrics(crop_to_image(pred_norm, val_raw["squares"]), true_img, pred_norm, true_norm)
        return {"nme": figures["nme_interocular"], "rmse_96px": figures["rmse_96px"]}

    cfg = TrainConfig(out_dir=args.out, epochs=args.epochs, batch_size=args.batch_size, lr=args.lr,
                      lr_patience=args.lr_patience, max_minutes=args.max_minutes, seed=args.seed,
                      monitor="nme", mode="min",
                      extra={"task": "keypoints", "args": vars(args),
                             "command": metadata.command_line("train_keypoints.py", argv)})
    trainer = Trainer(model, cfg, train_step, evaluate, batches, device)
    trainer.run(args.resume)
    print(f"best held-out NME {trainer.best:.4f}; checkpoint {trainer.best_path}", flush=True)


if __name__ == "__main__":
    main()
