"""Trains the MobileNetV2 expression family (nets/mobilenet.py) from the ImageNet weights of
../shared/models/imagenet_mobilenet_v2 on five-point aligned gray faces (make_aligned_faces.py): RAF-DB train,
FER2013 Training, the real photos' training people and KDEF's training people; validated on RAF-DB's tenth,
FER2013 PublicTest, the real photos' validation people and KDEF's validation people (frontal and all angles).

Budgeted for a 2-core CPU (docs/benchmarks.md): the stem and the first `--trunk-blocks` blocks stay at their
ImageNet weights and run once per augmented view of each training face (ONNX Runtime, `--views` views: rotation,
scale, shift, mirror, brightness, contrast, noise), their outputs cached as float16; the remaining blocks and the
head train on the cached views (a view drawn afresh per face and epoch), with Adam, class weights (inverse square
root of the class frequency), label smoothing, a plateau learning rate and early stopping on the mean of the
validation figures. A checkpoint per epoch; --resume continues a run. --device cuda runs the same recipe on a GPU.

`--views 0` trains online instead: every face is augmented afresh each time it is drawn and the whole network
behind the stem trains (channels-last tensors; about 110 faces/s on 2 Xeon cores with AVX-512), usually continuing
a cached run with --init-from. Online training can also hide a random patch of a face under noise (`--erase`, as
hands, glasses and masks do) and mix batches (`--mix`, torchvision's MixUp or CutMix, labels mixed in the same
proportion).

`--color rgb` trains on RGB faces (make_aligned_faces.py --color; FER2013's gray faces repeated into three
channels) with ImageNet's own RGB stem; --init-from may name a gray run's checkpoint.

`--teacher-probs` (make_teacher_probs.py) distils teachers' answers into the network as well: each face with a
teacher row learns from (1 - w) x its label loss + w x the KL divergence from the teacher at temperature T
(`--distill-weight`, `--distill-temperature`); faces without one learn from their labels alone.
Examples:
  emotion-ai-train-mobilenet-emotion --faces ../runs/aligned112 --shared ../../shared --out ../runs/mnv2-emotion
  emotion-ai-train-mobilenet-emotion --faces ../runs/aligned112 --shared ../../shared --out ../runs/mnv2-full \
      --views 0 --trunk-blocks 0 --lr 2e-4 --init-from checkpoints/emotion-11.pt
"""

import argparse
import json
import os
import tempfile
import time

import cv2
import numpy as np
import onnxruntime
import torch
from torch.nn import functional
from torchvision.transforms import v2

from emotion_ai_train import expression_figures, pretrained
from emotion_ai_train.augment import downscale, random_erase
from emotion_ai_train.distillation import distillation_loss
from emotion_ai_train.labels import FER2013_LABELS
from emotion_ai_train.nets.mobilenet import MobileNetEmotionNet

SETS = ("rafdb", "fer2013", "realphotos", "kdef")


def load_faces(folder, color="gray"):
    """The sets of a make_aligned_faces.py folder, images [N, H, W] (gray) or [N, H, W, 3] (RGB; a set without
    colour, as FER2013, repeated into three channels)."""
    faces = {name: dict(np.load(os.path.join(folder, f"{name}.npz"))) for name in SETS}
    for name, d in faces.items():
        if color == "rgb" and d["images"].ndim == 3:
            d["images"] = np.repeat(d["images"][..., None], 3, axis=3)
        elif color == "gray" and d["images"].ndim == 4:
            raise ValueError(f"{folder}/{name}.npz holds RGB faces: train with --color rgb")
    return faces


def channels_first(images):
    """uint8 faces [N, H, W] or [N, H, W, C] as float [N, C, H, W] in [0, 1]."""
    x = images.astype(np.float32) / 255.0
    return x[:, None] if x.ndim == 3 else x.transpose(0, 3, 1, 2)


def augment(img, rng):
    """One training view of an aligned face: rotation +-15 degrees, scale +-10%, shift +-5%, mirror, brightness
    +-25, contrast x0.75-1.25, Gaussian noise (sigma up to 6) half the time."""
    side = img.shape[0]
    angle, scale = rng.uniform(-15, 15), rng.uniform(0.9, 1.1)
    m = cv2.getRotationMatrix2D((side / 2, side / 2), angle, scale)
    m[:, 2] += rng.uniform(-0.05, 0.05, 2) * side
    out = cv2.warpAffine(img, m, (side, side), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    if rng.random() < 0.5:
        out = out[:, ::-1]
    out = out.astype(np.float32)
    out = (out - out.mean()) * rng.uniform(0.75, 1.25) + out.mean() + rng.uniform(-25, 25)
    if rng.random() < 0.5:
        out = out + rng.normal(0, rng.uniform(0, 6), out.shape)
    return np.clip(out, 0, 255).astype(np.uint8)


def trunk_session(net, side, folder):
    """The frozen trunk as an ONNX Runtime session (several times faster than PyTorch's CPU depthwise kernels)."""
    path = os.path.join(folder, "trunk.onnx")
    torch.onnx.export(_Trunk(net).eval(), torch.rand(1, net.channels, side, side), path, input_names=["input"],
                      output_names=["features"], dynamic_axes={"input": {0: "n"}, "features": {0: "n"}},
                      opset_version=17, dynamo=False)
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = torch.get_num_threads()
    return onnxruntime.InferenceSession(path, options, providers=["CPUExecutionProvider"])


class _Trunk(torch.nn.Module):
    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, x):
        return self.net.embed(x)


def embed_all(session, images, batch=256):
    out = []
    for i in range(0, len(images), batch):
        x = np.ascontiguousarray(channels_first(images[i:i + batch]))
        out.append(session.run(["features"], {"input": x})[0].astype(np.float16))
    return np.concatenate(out)


def class_weights(labels, classes=7, power=0.5):
    """Loss weights proportional to count^-power (0.5: inverse square root; 1: inverse frequency), mean 1 per face."""
    counts = np.bincount(labels, minlength=classes).astype(np.float64)
    w = np.maximum(counts, 1) ** -power
    return torch.tensor(w / (w * counts).sum() * counts.sum(), dtype=torch.float32)


def as_input(images, device):
    """uint8 faces [N, H, W] (gray) or [N, H, W, 3] (RGB) as the network's input: float [N, C, H, W] in [0, 1],
    channels-last."""
    x = torch.from_numpy(channels_first(images)).to(device)
    return x.contiguous(memory_format=torch.channels_last)


def regularizers(erase, mix, classes, seed, lowres=0.0, lowres_sides=(28, 64)):
    """Batch transforms of online training: (images [N, C, H, W], labels [N]) -> (images, labels or mixed label
    distributions [N, classes]). Each face loses resolution with probability `lowres` (shrunk to a side drawn from
    `lowres_sides`, one per batch, and scaled back) and has a patch erased with probability `erase`; a batch is
    mixed with probability `mix`, by MixUp or CutMix at random."""
    generator = torch.Generator().manual_seed(seed)
    mixing = v2.RandomApply([v2.RandomChoice([v2.MixUp(num_classes=classes), v2.CutMix(num_classes=classes)])],
                            p=mix) if mix > 0 else None

    def apply(x, y):
        if lowres > 0:
            x = downscale(x, lowres, lowres_sides, generator)
        if erase > 0:
            x = random_erase(x, erase, generator)
        if mixing is not None:
            x, y = mixing(x, y)
        return x.contiguous(memory_format=torch.channels_last), y
    return apply


def soften(probs, temperature):
    """Teacher probabilities at a temperature: p^(1/T), renormalised (softmax(logits / T) for a single network)."""
    p = probs.clamp_min(1e-8) ** (1.0 / temperature)
    return p / p.sum(1, keepdim=True)


def label_and_teacher_loss(logits, y, teacher, weights, label_smoothing, distill_weight, temperature):
    """Mean over the batch of (1 - w) x the class-weighted label loss + w x the distillation loss, w = distill_weight
    for faces with a teacher row (no NaN) and 0 for the rest."""
    ce = functional.cross_entropy(logits, y, weight=weights, label_smoothing=label_smoothing, reduction="none")
    has = ~torch.isnan(teacher[:, 0])
    kd = distillation_loss(logits, soften(torch.where(has[:, None], teacher, 1.0), temperature), temperature,
                           per_face=True)
    w = has.float() * distill_weight
    return ((1 - w) * ce + w * kd).mean()


def evaluate(net, features, labels, device, batch=512):
    """features: cached trunk outputs (float16), or the aligned faces themselves (uint8) in online training."""
    net.eval()
    probs = []
    with torch.no_grad():
        for i in range(0, len(features), batch):
            if features.dtype == np.uint8:
                logits = net(as_input(features[i:i + batch], device))
            else:
                logits = net.classify(torch.from_numpy(features[i:i + batch].astype(np.float32)).to(device))
            probs.append(torch.softmax(logits, 1).cpu().numpy())
    probs = np.concatenate(probs)
    f = expression_figures.figures(labels, probs, FER2013_LABELS)
    return {"accuracy": f["accuracy"], "balanced_accuracy": f["balanced_accuracy"], "faces": f["samples"]}, probs


def validation_sets(faces, test_people=False):
    """name -> (images, labels): RAF-DB val, FER2013 PublicTest, realphotos val people, KDEF val frontal / all;
    test_people adds the real photos' held-out test people (for the record: nothing is chosen on them)."""
    def pick(name, mask):
        return faces[name]["images"][mask], faces[name]["labels"][mask]
    kdef_val = faces["kdef"]["split"] == "val"
    sets = {"rafdb_val": pick("rafdb", faces["rafdb"]["split"] == "val"),
            "fer2013_publictest": pick("fer2013", faces["fer2013"]["split"] == "test"),
            "realphotos_val": pick("realphotos", faces["realphotos"]["split"] == "val"),
            "kdef_val_frontal": pick("kdef", kdef_val & (faces["kdef"]["angle"] == "S")),
            "kdef_val_all": pick("kdef", kdef_val)}
    if test_people:
        sets["realphotos_test_people"] = pick("realphotos", faces["realphotos"]["split"] == "test")
    return sets


def monitor(figures):
    """What early stopping and the plateau follow: the mean over the sets; for the real photos the mean of accuracy
    and balanced accuracy (balanced alone swings by 0.2 between epochs: its rare classes have a handful of faces)."""
    real = figures["realphotos_val"]
    return float(np.mean([figures["rafdb_val"]["accuracy"], figures["fer2013_publictest"]["accuracy"],
                          (real["accuracy"] + real["balanced_accuracy"]) / 2, figures["kdef_val_all"]["accuracy"]]))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--faces", required=True, help="make_aligned_faces.py output folder")
    ap.add_argument("--shared", required=True, help="../shared (the ImageNet MobileNetV2)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--color", choices=("gray", "rgb"), default="gray",
                    help="the faces the network reads: rgb needs make_aligned_faces.py --color faces")
    ap.add_argument("--trunk-blocks", type=int, default=6)
    ap.add_argument("--views", type=int, default=3,
                    help="cached augmented views per training face; 0 augments online and trains behind the stem")
    ap.add_argument("--fer-per-epoch", type=int, default=10000, help="FER2013 Training faces drawn per epoch")
    ap.add_argument("--epochs", type=int, default=14)
    ap.add_argument("--batch-size", type=int, default=128)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--dropout", type=float, default=0.3)
    ap.add_argument("--class-weight-power", type=float, default=0.5, help="loss weight per class: count^-power")
    ap.add_argument("--label-smoothing", type=float, default=0.1)
    ap.add_argument("--erase", type=float, default=0.0,
                    help="online training: probability of hiding a random patch of a face under noise")
    ap.add_argument("--lowres", type=float, default=0.0,
                    help="online training: probability of shrinking a face to 28-64 px and scaling it back "
                         "(as FER2013's 48 px faces and small faces in photos reach the network)")
    ap.add_argument("--mix", type=float, default=0.0,
                    help="online training: probability of mixing a batch by MixUp or CutMix")
    ap.add_argument("--teacher-probs",
                    help="make_teacher_probs.py output: teachers' probabilities per face, distilled with the labels")
    ap.add_argument("--distill-weight", type=float, default=0.7, help="weight of the teacher's loss (0..1)")
    ap.add_argument("--distill-temperature", type=float, default=4.0)
    ap.add_argument("--patience", type=int, default=4, help="epochs without a better monitor before stopping")
    ap.add_argument("--lr-patience", type=int, default=1,
                    help="epochs without a better monitor before the learning rate falls 0.3x (a large value keeps "
                         "it constant, so that paired runs follow the same schedule)")
    ap.add_argument("--max-minutes", type=float, default=170)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--resume", action="store_true", help="continue from <out>/last.pt")
    ap.add_argument("--init-from", help="best.pt of an earlier run (any --trunk-blocks) to start from")
    ap.add_argument("--keep-epochs", action="store_true",
                    help="also keep each epoch's weights as <out>/epoch-N.pt (to average: export_mobilenet_emotion.py "
                         "--checkpoint epoch-6.pt epoch-7.pt ...)")
    ap.add_argument("--limit", type=int, help="N random faces of each set (smoke runs)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    if args.views and (args.erase or args.mix or args.lowres):
        ap.error("--erase, --mix and --lowres apply to online training (--views 0)")
    if args.teacher_probs and args.mix:
        ap.error("--mix mixes labels, which --teacher-probs' rows do not follow: use one or the other")
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    os.makedirs(args.out, exist_ok=True)
    started = time.time()

    try:
        faces = load_faces(args.faces, args.color)
    except ValueError as e:
        ap.error(str(e))
    if args.teacher_probs:  # a column of the faces, so that --limit picks its rows with theirs
        with np.load(args.teacher_probs) as z:
            for name in SETS:
                if z[name].shape != (len(faces[name]["labels"]), len(FER2013_LABELS)):
                    ap.error(f"--teacher-probs: {name} has {z[name].shape} for {len(faces[name]['labels'])} faces")
                faces[name]["teacher"] = z[name].astype(np.float32)
    if args.limit:
        picks = {k: np.sort(rng.choice(len(d["labels"]), min(args.limit, len(d["labels"])), False))
                 for k, d in faces.items()}  # spread over every split
        faces = {k: {f: v[picks[k]] for f, v in d.items()} for k, d in faces.items()}
    net = MobileNetEmotionNet(len(FER2013_LABELS), args.dropout, args.trunk_blocks, 3 if args.color == "rgb" else 1)
    net.load_imagenet(pretrained.load_tflite(pretrained.default_path(args.shared)))
    side = faces["rafdb"]["images"].shape[1]

    cache = os.path.join(args.out, f"views-{args.trunk_blocks}-{args.views}.npz")
    train_parts = {name: faces[name]["split"] == "train" for name in SETS}
    online = args.views == 0
    if online:
        val = validation_sets(faces)
        train = {name: (faces[name]["images"][train_parts[name]], faces[name]["labels"][train_parts[name]])
                 for name in SETS}
    elif not os.path.isfile(cache):
        with tempfile.TemporaryDirectory() as tmp:
            session = trunk_session(net, side, tmp)
            t0 = time.time()
            arrays = {}
            for name in SETS:
                images = faces[name]["images"][train_parts[name]]
                views = [embed_all(session, np.stack([augment(img, rng) for img in images]))
                         for _ in range(args.views)]
                arrays[f"{name}_train"] = np.stack(views, 1)  # [N, views, C, H, W]
                arrays[f"{name}_labels"] = faces[name]["labels"][train_parts[name]]
                print(f"cached {name}: {arrays[f'{name}_train'].shape} after {time.time() - t0:.0f} s", flush=True)
            for name, (images, labels) in validation_sets(faces).items():
                arrays[f"val_{name}"] = embed_all(session, images)
                arrays[f"val_{name}_labels"] = labels
            np.savez(cache, **arrays)
            del arrays  # read back below: one copy in memory, not two
    if not online:
        cached = dict(np.load(cache))
        val = {k[4:]: (cached[k], cached[k + "_labels"]) for k in cached if k.startswith("val_") and
               not k.endswith("_labels")}
        train = {name: (cached[f"{name}_train"], cached[f"{name}_labels"]) for name in SETS}
    teachers = {name: faces[name]["teacher"][train_parts[name]] for name in SETS} if args.teacher_probs else None
    all_labels = np.concatenate([train[n][1] for n in SETS if n != "fer2013"] +
                                [train["fer2013"][1][:args.fer_per_epoch]])
    weights = class_weights(all_labels, power=args.class_weight_power).to(args.device)

    if args.init_from:  # read after caching (the trunk is ImageNet's either way), so a run still going can feed it
        ckpt = torch.load(args.init_from, map_location="cpu", weights_only=False)
        net.load_trained(MobileNetEmotionNet.from_checkpoint(ckpt))
        print(f"started from {args.init_from} (epoch {ckpt['epoch']})", flush=True)
    regularize = regularizers(args.erase, args.mix, len(FER2013_LABELS), args.seed, args.lowres)
    net.trunk.requires_grad_(False)
    net.to(args.device, memory_format=torch.channels_last)
    params = list(net.top.parameters()) + list(net.head.parameters())
    opt = torch.optim.Adam(params, lr=args.lr)
    plateau = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, mode="max", factor=0.3, patience=args.lr_patience)
    state = {"epoch": 0, "best": -1.0, "best_epoch": 0, "history": []}
    last = os.path.join(args.out, "last.pt")
    if args.resume and os.path.isfile(last):
        ckpt = torch.load(last, map_location=args.device, weights_only=False)
        net.load_state_dict(ckpt["model"])
        opt.load_state_dict(ckpt["optimizer"])
        plateau.load_state_dict(ckpt["plateau"])
        state = ckpt["state"]
        print(f"resumed after epoch {state['epoch']}", flush=True)

    while state["epoch"] < args.epochs:
        epoch = state["epoch"] + 1
        net.train()
        fer_pick = rng.choice(len(train["fer2013"][1]), min(args.fer_per_epoch, len(train["fer2013"][1])), False)
        index = [(n, i) for n in SETS for i in (fer_pick if n == "fer2013" else range(len(train[n][1])))]
        order = rng.permutation(len(index))
        t0, total, seen = time.time(), 0.0, 0
        for b in range(0, len(order), args.batch_size):
            chosen = [index[j] for j in order[b:b + args.batch_size]]
            y = torch.tensor([int(train[n][1][i]) for n, i in chosen], device=args.device)
            if online:
                x, y = regularize(as_input(np.stack([augment(train[n][0][i], rng) for n, i in chosen]), args.device), y)
                logits = net(x)
            else:
                x = np.stack([train[n][0][i, rng.integers(args.views)] for n, i in chosen]).astype(np.float32)
                logits = net.classify(torch.from_numpy(x).to(args.device))
            if teachers is None:
                loss = functional.cross_entropy(logits, y, weight=weights, label_smoothing=args.label_smoothing)
            else:
                teacher = torch.from_numpy(np.stack([teachers[n][i] for n, i in chosen])).to(args.device)
                loss = label_and_teacher_loss(logits, y, teacher, weights, args.label_smoothing, args.distill_weight,
                                              args.distill_temperature)
            opt.zero_grad()
            loss.backward()
            opt.step()
            total, seen = total + loss.item() * len(chosen), seen + len(chosen)
        figures = {name: evaluate(net, f, l, args.device)[0] for name, (f, l) in val.items()}
        score = monitor(figures)
        plateau.step(score)
        row = {"epoch": epoch, "loss": total / seen, "faces": seen, "seconds": round(time.time() - t0),
               "lr": opt.param_groups[0]["lr"], "monitor": score, **{k: v for k, v in figures.items()}}
        state["history"].append(row)
        state["epoch"] = epoch
        print(json.dumps(row), flush=True)
        if score > state["best"]:
            state.update(best=score, best_epoch=epoch)
            torch.save({"model": net.state_dict(), "args": vars(args), "epoch": epoch, "figures": figures},
                       os.path.join(args.out, "best.pt"))
        torch.save({"model": net.state_dict(), "optimizer": opt.state_dict(), "plateau": plateau.state_dict(),
                    "state": state, "args": vars(args)}, last)
        if args.keep_epochs:
            torch.save({"model": net.state_dict(), "args": vars(args), "epoch": epoch, "figures": figures},
                       os.path.join(args.out, f"epoch-{epoch}.pt"))
        with open(os.path.join(args.out, "history.json"), "w") as fh:
            json.dump(state["history"], fh, indent=1)
        if epoch - state["best_epoch"] >= args.patience:
            print(f"early stop: no better monitor since epoch {state['best_epoch']}", flush=True)
            break
        if (time.time() - started) / 60 > args.max_minutes:
            print("time budget spent", flush=True)
            break
    print(f"best epoch {state['best_epoch']}: monitor {state['best']:.4f}", flush=True)


if __name__ == "__main__":
    main()
