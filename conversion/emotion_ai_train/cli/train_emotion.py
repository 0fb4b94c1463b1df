"""Trains the facial-expression CNN on FER2013 (Kaggle CSV or image folders).

Validation and early stopping use PublicTest (the only held-out split available; PrivateTest is held back).
Example (emotion/2, 7 classes):
  emotion-ai-train-emotion --data ../shared/data/fer2013/fer2013.csv.gz --label-set fer7 \
      --out runs/emotion-2
"""

import argparse

import torch
import torch.nn.functional as F

from emotion_ai_train.augment import AugmentConfig, augment
from emotion_ai_train.data.fer2013 import read_fer
from emotion_ai_train.distillation import TeacherEnsemble, distillation_loss
from emotion_ai_train.emotion_task import num_classes, predict_probs, to_tensors
from emotion_ai_train import metadata
from emotion_ai_train.labels import EMOTION_LABEL_SETS
from emotion_ai_train.nets.emotion import EmotionNet
from emotion_ai_train.checkpoints import init_matching_weights
from emotion_ai_train.trainer import (TrainConfig, Trainer, pick_device, seed_everything, setup_threads,
                                     shuffled_index_batches)


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", required=True, help="fer2013.csv[.gz] or a folder with train/<class>/ and test/<class>/")
    p.add_argument("--label-set", choices=sorted(EMOTION_LABEL_SETS), default="fer7",
                   help="fer7 = 7 FER2013 classes (emotion/2); orig5 = Angry, Disgust, Sad, Happy, Surprise (emotion/1)")
    p.add_argument("--out", required=True, help="run directory for checkpoints and history")
    p.add_argument("--epochs", type=int, default=60)
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--width", type=int, default=24, help="channels of the stem; stages use 2x, 4x, 8x")
    p.add_argument("--identity-blocks", type=int, default=1, help="identity blocks per residual stage")
    p.add_argument("--dropout", type=float, default=0.4, help="dropout before the dense head")
    p.add_argument("--label-smoothing", type=float, default=0.1)
    p.add_argument("--random-erasing", type=float, default=0.0, help="probability of erasing a random rectangle")
    p.add_argument("--downscale", type=float, default=0.0,
                   help="probability of a resolution loss (shrink to 16-40 px and back), as on real-photo crops")
    p.add_argument("--real-crops", help="realphotos train.npz folder (make_realphoto_crops.py): mixed into training")
    p.add_argument("--real-repeat", type=int, default=4, help="times each real-photo face appears per epoch")
    p.add_argument("--real-val-fraction", type=float, default=0.25,
                   help="share of the real-photo training people kept aside for validation")
    p.add_argument("--fer-per-epoch", type=int, default=0,
                   help="FER2013 training faces drawn afresh each epoch (0 = all): shorter epochs for CPU fine-tuning")
    p.add_argument("--monitor", default="accuracy", choices=("accuracy", "mixed"),
                   help="early stopping on PublicTest accuracy, or on the mean of it and real-photo validation "
                        "balanced accuracy (with --real-crops)")
    p.add_argument("--served-without-flip", action="store_true",
                   help="validate (and pick the best epoch) as exported with --no-flip-average: one pass per face")
    p.add_argument("--teacher", action="append", default=[],
                   help="distil from this trained checkpoint (repeat for an ensemble of teachers)")
    p.add_argument("--teacher-flip-average", action="store_true",
                   help="teachers answer for the face and its mirror image averaged, as a flip-averaged export "
                        "does: a student served without mirror averaging learns the averaged answer")
    p.add_argument("--face-api-weight", type=float, default=0.0,
                   help="share of face-api's expression net (an outside teacher, face_api.py; needs Node and "
                        "`npm ci` in teachers/face-api) in the soft targets, the --teacher ensemble having the rest")
    p.add_argument("--real-class-repeat", action="append", default=[], metavar="CLASS=N",
                   help="real-photo faces of this class appear N times per epoch instead of --real-repeat "
                        "(rare classes, e.g. Disgust=12)")
    p.add_argument("--distill-weight", type=float, default=0.7, help="share of the distillation loss (with --teacher)")
    p.add_argument("--distill-temperature", type=float, default=4.0, help="softening of teacher and student")
    p.add_argument("--amp", action="store_true", help="bfloat16 mixed precision on CUDA")
    p.add_argument("--max-minutes", type=float, default=0, help="stop resumably after this many minutes")
    p.add_argument("--resume", help="continue from a last.pt checkpoint")
    p.add_argument("--init-from", help="start from another run's best.pt (all but the classifier layer)")
    p.add_argument("--keep-epochs", action="store_true",
                   help="also keep every epoch's weights in <out>/epochs/ (for average_weights.py)")
    p.add_argument("--limit", type=int, help="rows per split (smoke runs)")
    p.add_argument("--threads", type=int, default=0, help="CPU threads (0 = all cores)")
    p.add_argument("--device", default="auto", help="auto, cpu or cuda")
    p.add_argument("--seed", type=int, default=0)
    return p.parse_args(argv)


def real_photo_tensors(folder, label_set, val_fraction, seed):
    """((train images, targets), (validation images, targets)) from a realphotos train.npz, split by person;
    faces of classes outside the label set are left out."""
    import numpy as np
    from emotion_ai_train.labels import fer_id_map
    data = np.load(f"{folder}/train.npz")
    mapping = fer_id_map(label_set)
    keep = np.isin(data["fer_ids"], list(mapping))
    people = sorted(set(data["people"][keep]))
    np.random.default_rng(seed).shuffle(people)
    val_people = set(people[:int(round(len(people) * val_fraction))])
    is_val = np.array([p in val_people for p in data["people"]])

    def part(mask):
        images = torch.from_numpy(data["images"][mask]).float().div_(255).unsqueeze(1)
        return images, torch.tensor([mapping[i] for i in data["fer_ids"][mask]], dtype=torch.long)
    return part(keep & ~is_val), part(keep & is_val)


def parse_class_repeats(items, label_set):
    labels = EMOTION_LABEL_SETS[label_set]
    repeats = {}
    for item in items:
        name, _, count = item.partition("=")
        if name not in labels or not count.isdigit():
            raise SystemExit(f"--real-class-repeat {item}: expected CLASS=N with CLASS one of {', '.join(labels)}")
        repeats[labels.index(name)] = int(count)
    return repeats


def repeat_index(y, times, class_repeats):
    """Indices that repeat each face `times` times, or as often as its class's entry in class_repeats says."""
    counts = torch.full((len(y),), times, dtype=torch.long)
    for label, count in class_repeats.items():
        counts[y == label] = count
    return torch.repeat_interleave(torch.arange(len(y)), counts)


def face_api_soft_targets(images, out_dir, temperature):
    """face-api's probabilities for the training images (cached in the run folder), softened like the ensemble's."""
    import os
    from emotion_ai_train.face_api import cached_probabilities
    os.makedirs(out_dir, exist_ok=True)
    u8 = (images[:, 0] * 255).round().clamp(0, 255).to(torch.uint8).numpy()
    probs = torch.from_numpy(cached_probabilities(u8, os.path.join(out_dir, "face-api-probs.npy")))
    return torch.softmax(torch.log(probs.clamp(min=1e-6)) / temperature, dim=1)


def build_model(args):
    return EmotionNet(num_classes(args.label_set), width=args.width, identity_blocks=args.identity_blocks,
                      dropout=args.dropout)


def main(argv=None):
    args = parse_args(argv)
    setup_threads(args.threads)
    seed_everything(args.seed)
    device = pick_device(args.device)
    data = read_fer(args.data, usages={"Training", "PublicTest"}, limit=args.limit)
    x_train, y_train = to_tensors(data.split("Training"), args.label_set)
    x_val, y_val = to_tensors(data.split("PublicTest"), args.label_set)
    real_val = None
    fer_count = len(y_train)
    faces, rows = x_train, torch.arange(fer_count)  # each face once, and which face every training row is
    if args.real_crops:
        (x_real, y_real), real_val = real_photo_tensors(args.real_crops, args.label_set, args.real_val_fraction,
                                                        args.seed)
        print(f"real photos: {len(y_real)} training faces x {args.real_repeat}, {len(real_val[1])} validation "
              f"faces (other people)", flush=True)
        real_rows = repeat_index(y_real, args.real_repeat, parse_class_repeats(args.real_class_repeat, args.label_set))
        faces, rows = torch.cat([x_train, x_real]), torch.cat([rows, fer_count + real_rows])
        x_train, y_train = faces[rows], torch.cat([y_train, y_real[real_rows]])
    if device.type == "cuda":  # the whole set fits in GPU memory: batches are cut there, not copied per step
        x_train, y_train = x_train.to(device), y_train.to(device)
    print(f"train {len(y_train)} images, validation (PublicTest) {len(y_val)}, device {device}, "
          f"threads {torch.get_num_threads()}", flush=True)

    model = build_model(args).to(device).to(memory_format=torch.channels_last)
    if args.init_from and not args.resume:
        init_matching_weights(model, args.init_from)
    aug = AugmentConfig(erase_prob=args.random_erasing, downscale_prob=args.downscale)
    teachers = TeacherEnsemble(args.teacher, device, args.teacher_flip_average) if args.teacher else None
    face_api = None
    if args.face_api_weight > 0:
        face_api = face_api_soft_targets(faces, args.out, args.distill_temperature)[rows].to(device)
    del faces  # the faces once each were for face-api: training holds its rows in x_train

    def batches(epoch, gen):
        if args.fer_per_epoch and args.fer_per_epoch < fer_count:
            # a fresh draw of FER faces plus every real-photo face, shuffled together
            pool = torch.cat([torch.randperm(fer_count, generator=gen)[:args.fer_per_epoch],
                              torch.arange(fer_count, len(y_train))])
            order = pool[torch.randperm(len(pool), generator=gen)]
            chunks = [order[i:i + args.batch_size] for i in range(0, len(order), args.batch_size)]
        else:
            chunks = shuffled_index_batches(len(y_train), args.batch_size, gen)

        def it():
            for idx in chunks:
                idx = idx.to(x_train.device)
                x, _ = augment(x_train[idx].to(device), aug, gen)
                yield x.contiguous(memory_format=torch.channels_last), y_train[idx].to(device), idx
        return it(), len(chunks)

    def train_step(m, batch):
        x, y, idx = batch
        logits = m(x)
        loss = F.cross_entropy(logits.float(), y, label_smoothing=args.label_smoothing)
        if teachers is None and face_api is None:
            return loss
        if face_api is None:
            soft = teachers.soft_targets(x, args.distill_temperature)
        elif teachers is None:
            soft = face_api[idx]
        else:  # face-api's targets are for the unaugmented face: the geometric jitter is small next to 48 px
            soft = ((1 - args.face_api_weight) * teachers.soft_targets(x, args.distill_temperature)
                    + args.face_api_weight * face_api[idx])
        kd = distillation_loss(logits, soft, args.distill_temperature)
        return (1 - args.distill_weight) * loss + args.distill_weight * kd

    def evaluate(m):
        served_flip = not args.served_without_flip
        probs = predict_probs(m, x_val, device=device, flip_average=served_flip)
        plain = probs if not served_flip else predict_probs(m, x_val, device=device, flip_average=False)
        figures = {"accuracy": float((probs.argmax(1) == y_val).float().mean()),
                   "accuracy_no_flip": float((plain.argmax(1) == y_val).float().mean())}
        if real_val is not None:
            pred = predict_probs(m, real_val[0], device=device, flip_average=served_flip).argmax(1)
            recalls = [float((pred[real_val[1] == c] == c).float().mean()) for c in torch.unique(real_val[1])]
            figures["real_val_accuracy"] = float((pred == real_val[1]).float().mean())
            figures["real_val_balanced"] = sum(recalls) / len(recalls)
            figures["mixed"] = (figures["accuracy"] + figures["real_val_balanced"]) / 2
        return figures

    cfg = TrainConfig(out_dir=args.out, epochs=args.epochs, batch_size=args.batch_size, lr=args.lr,
                      max_minutes=args.max_minutes, seed=args.seed, monitor=args.monitor, mode="max",
                      keep_epochs=args.keep_epochs, amp=args.amp,
                      extra={"task": "emotion", "args": vars(args),
                             "command": metadata.command_line("train_emotion.py", argv)})
    trainer = Trainer(model, cfg, train_step, evaluate, batches, device)
    trainer.run(args.resume)
    print(f"best PublicTest accuracy {trainer.best:.4f}; checkpoint {trainer.best_path}", flush=True)


if __name__ == "__main__":
    main()
