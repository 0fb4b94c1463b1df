"""Teachers' answers for train_mobilenet_emotion.py --teacher-probs: each aligned face's class probabilities,
mirror-averaged, one array per set ([faces, 7], the rows of make_aligned_faces.py's npz files; NaN where no
teacher answers, and on every face outside the training split).

- `--fer-teacher`: train_emotion.py checkpoints (48x48 FER2013 networks such as checkpoints/emotion-2.pt) answer for
  the FER2013 faces, on the Kaggle CSV's own 48x48 crops (the aligned faces follow its rows, checked by label).
- `--mobilenet-teacher`: train_mobilenet_emotion.py checkpoints answer for every set, on the aligned faces.
Where both answer a FER2013 face, `--fer-teacher-weight` weighs the FER2013 networks' mean against the others'.
Example, from conversion/:
  emotion-ai-make-teacher-probs --faces ../runs/aligned112 --fer-data ../../shared/data/fer2013/fer2013.csv.gz \\
      --fer-teacher checkpoints/emotion-2.pt checkpoints/emotion-3.pt --out ../runs/teachers-fer.npz
"""

import argparse

import numpy as np
import torch

from emotion_ai_train.checkpoints import load_checkpoint
from emotion_ai_train.cli.train_mobilenet_emotion import SETS, channels_first, load_faces
from emotion_ai_train.data.fer2013 import read_fer_csv
from emotion_ai_train.emotion_task import predict_probs, to_tensors
from emotion_ai_train.labels import FER2013_LABELS
from emotion_ai_train.nets.mobilenet import MobileNetEmotionNet


def mean_answer(nets, images):
    """Mirror-averaged probabilities of each network, averaged over the networks; images float [N, 1, H, W]."""
    return torch.stack([predict_probs(net, images, flip_average=True) for net in nets]).mean(0).numpy()


def fer_rows(csv_path, labels):
    """The Kaggle CSV's 48x48 crops in the aligned FER2013 faces' row order (Training then PublicTest)."""
    images, targets = to_tensors(read_fer_csv(csv_path, usages={"Training", "PublicTest"}), "fer7")
    if not np.array_equal(targets.numpy(), labels):
        raise SystemExit(f"{csv_path}: its rows do not follow the aligned FER2013 faces (labels differ)")
    return images


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--faces", required=True, help="make_aligned_faces.py output folder")
    ap.add_argument("--out", required=True, help=".npz to write")
    ap.add_argument("--fer-data", help="FER2013 Kaggle CSV (needed with --fer-teacher)")
    ap.add_argument("--fer-teacher", nargs="*", default=[], help="train_emotion.py checkpoints (FER2013 faces)")
    ap.add_argument("--mobilenet-teacher", nargs="*", default=[],
                    help="train_mobilenet_emotion.py checkpoints (every set)")
    ap.add_argument("--fer-teacher-weight", type=float, default=1.0,
                    help="on FER2013 faces answered by both kinds: the FER2013 networks' share "
                         "(default 1: theirs alone)")
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args(argv)
    if not args.fer_teacher and not args.mobilenet_teacher:
        ap.error("give --fer-teacher, --mobilenet-teacher or both")
    if args.fer_teacher and not args.fer_data:
        ap.error("--fer-teacher needs --fer-data")
    torch.set_num_threads(args.threads)
    faces = load_faces(args.faces)
    out = {}
    nets = [MobileNetEmotionNet.from_checkpoint(torch.load(p, map_location="cpu", weights_only=False))
            .to(memory_format=torch.channels_last) for p in args.mobilenet_teacher]
    for name in SETS:
        train = faces[name]["split"] == "train"
        probs = np.full((len(train), len(FER2013_LABELS)), np.nan, dtype=np.float32)
        fer_alone = name == "fer2013" and args.fer_teacher and args.fer_teacher_weight >= 1
        blend = nets and not fer_alone  # the MobileNetV2 networks answer these faces too
        if blend:
            images = torch.from_numpy(channels_first(faces[name]["images"][train]))
            probs[train] = mean_answer(nets, images)
        if name == "fer2013" and args.fer_teacher:
            crops = fer_rows(args.fer_data, faces[name]["labels"])[torch.from_numpy(train)]
            fer = mean_answer([load_checkpoint(p)[0] for p in args.fer_teacher], crops)
            probs[train] = args.fer_teacher_weight * fer + (1 - args.fer_teacher_weight) * probs[train] if blend \
                else fer
        answered = train & ~np.isnan(probs[:, 0])
        agree = float((probs[answered].argmax(1) == faces[name]["labels"][answered]).mean()) if answered.any() else 0
        print(f"{name}: {int(answered.sum())} faces answered, teachers agree with the label on {agree:.1%}", flush=True)
        out[name] = probs
    np.savez(args.out, **out)


if __name__ == "__main__":
    main()
