"""Rebuilds a trained network from a trainer checkpoint (the checkpoint carries its own arguments)."""

import torch

from .emotion_task import num_classes
from .nets.emotion import EmotionNet
from .nets.keypoints import KeypointNet


def load_checkpoint(path):
    state = torch.load(path, map_location="cpu")
    extra = state["config"]["extra"]
    args = extra["args"]
    if extra["task"] == "emotion":
        net = EmotionNet(num_classes(args["label_set"]), width=args["width"], identity_blocks=args["identity_blocks"])
    elif extra["task"] == "keypoints":
        net = KeypointNet(width=args["width"], identity_blocks=args["identity_blocks"])
    else:
        raise ValueError(f"{path}: unknown task {extra['task']}")
    net.load_state_dict(state["model"])
    return net.eval(), state


def init_matching_weights(model, path):
    """Transfer learning / warm restart: copies every tensor whose name and shape match (a classifier trained
    for another label set does not, and keeps its fresh initialisation)."""
    source = torch.load(path, map_location="cpu")["model"]
    own = model.state_dict()
    copied = {k: v for k, v in source.items() if k in own and own[k].shape == v.shape}
    own.update(copied)
    model.load_state_dict(own)
    print(f"initialised {len(copied)}/{len(own)} tensors from {path}", flush=True)
