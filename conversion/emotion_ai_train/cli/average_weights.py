"""Averages the weights of several checkpoints of one emotion training run (e.g. the last.pt of each of its
last epochs), measures batch-norm statistics again on the training faces, reports PublicTest accuracy
(flip-averaged, as exported) and writes a checkpoint that export_onnx.py takes like any best.pt.
Example:
  emotion-ai-average-weights --checkpoints runs/emotion-2c-epochs/epoch-{8..17}.pt \
      --data ../shared/data/fer2013/fer2013.csv.gz --out runs/emotion-2c-avg/best.pt
"""

import argparse
import os

import torch

from emotion_ai_train import metadata
from emotion_ai_train.checkpoints import load_checkpoint
from emotion_ai_train.data.fer2013 import read_fer
from emotion_ai_train.emotion_task import predict_probs, to_tensors
from emotion_ai_train.trainer import pick_device, setup_threads
from emotion_ai_train.weight_averaging import average_state_dicts, recompute_batch_norm


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoints", nargs="+", required=True, help="checkpoints of the same network")
    ap.add_argument("--data", required=True, help="FER2013 source (Training for batch norm, PublicTest to report)")
    ap.add_argument("--out", required=True, help="where to write the averaged checkpoint")
    ap.add_argument("--weights", nargs="+", type=float,
                    help="one weight per checkpoint (summing to 1): a weighted mean, e.g. 0.5 0.5 between a network "
                         "and its fine-tuned copy (WiSE-FT); default: the plain mean")
    ap.add_argument("--keep-batch-norm", action="store_true",
                    help="average the batch-norm statistics too instead of measuring them again on FER2013 "
                         "Training (a copy fine-tuned on other faces has statistics of its own)")
    ap.add_argument("--limit", type=int, help="rows per split (smoke runs)")
    ap.add_argument("--threads", type=int, default=0, help="CPU threads (0 = all cores)")
    ap.add_argument("--device", default="auto", help="auto, cpu or cuda")
    args = ap.parse_args(argv)
    setup_threads(args.threads)
    device = pick_device(args.device)

    net, first = load_checkpoint(args.checkpoints[0])
    others = [torch.load(p, map_location="cpu", weights_only=False) for p in args.checkpoints[1:]]
    states = [first["model"]] + [c["model"] for c in others]
    net.load_state_dict(average_state_dicts(states, args.weights))
    net = net.to(device).to(memory_format=torch.channels_last)
    label_set = first["config"]["extra"]["args"]["label_set"]
    data = read_fer(args.data, usages={"Training", "PublicTest"}, limit=args.limit)
    x_train, _ = to_tensors(data.split("Training"), label_set)
    x_val, y_val = to_tensors(data.split("PublicTest"), label_set)
    if not args.keep_batch_norm:
        recompute_batch_norm(net, x_train, device=device)
    accuracy = float((predict_probs(net, x_val, device=device).argmax(1) == y_val).float().mean())
    print(f"averaged {len(states)} checkpoints: PublicTest accuracy {accuracy:.4f} (flip-averaged)", flush=True)

    extra = dict(first["config"]["extra"], averaged_from=[os.path.abspath(p) for p in args.checkpoints],
                 train_command=first["config"]["extra"]["command"],
                 command=metadata.command_line("average_weights.py", argv))
    last_epoch = max(c.get("epoch", 0) for c in [first] + others)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    torch.save({"model": net.cpu().state_dict(), "config": {"extra": extra, "monitor": "accuracy"},
                "epoch": last_epoch, "best": accuracy}, args.out)
    print(f"wrote {args.out}", flush=True)


if __name__ == "__main__":
    main()
