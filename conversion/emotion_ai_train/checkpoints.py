"""Rebuilds a trained network from a trainer checkpoint (the checkpoint carries its own arguments)."""

import torch

from .emotion_task import num_classes
from .nets.emotion import EmotionNet
from .nets.keypoints import build_keypoint_net


def load_checkpoint(path):
    state = torch.load(path, map_location="cpu", weights_only=False)  # our own checkpoints: arguments, history
    extra = state["config"]["extra"]
    args = extra["args"]
    if extra["task"] == "emotion":
        net = EmotionNet(num_classes(args["label_set"]), width=args["width"], identity_blocks=args["identity_blocks"])
    elif extra["task"] == "keypoints":
        net = build_keypoint_net(args)
    else:
        raise ValueError(f"{path}: unknown task {extra['task']}")
    net.load_state_dict({k: v.float() if v.is_floating_point() else v for k, v in state["model"].items()})
    return net.eval(), state


def save_slim(state, path):
    """Weights (float16) and the run's arguments, without optimiser state: small enough to keep in the
    repository so a later session can continue training (`--init-from`) or serve the PyTorch baseline."""
    slim = {"model": {k: (v.half() if v.is_floating_point() else v) for k, v in state["model"].items()},
            "config": {"extra": state["config"]["extra"], "monitor": state["config"]["monitor"]},
            "epoch": state["epoch"], "best": state["best"]}
    torch.save(slim, path)


def init_matching_weights(model, path):
    """Transfer learning / warm restart: copies every tensor whose name and shape match (a classifier trained
    for another label set does not, and keeps its fresh initialisation)."""
    source = torch.load(path, map_location="cpu", weights_only=False)["model"]
    own = model.state_dict()
    copied = {k: v.to(own[k].dtype) for k, v in source.items() if k in own and own[k].shape == v.shape}
    own.update(copied)
    model.load_state_dict(own)
    print(f"initialised {len(copied)}/{len(own)} tensors from {path}", flush=True)
