"""Weight averaging of checkpoints along one training run (stochastic weight averaging, Izmailov et al. 2018):
the mean of the weights of the last epochs usually sits in a flatter, better-generalising spot than any one of
them, at no cost at inference. Batch-norm statistics do not average: they are measured again on training data."""

import torch
from torch.optim.swa_utils import update_bn


def average_state_dicts(states, weights=None):
    """Element-wise (weighted) mean of floating-point tensors; integer buffers (num_batches_tracked) come from the
    last. Weights between a network and its fine-tuned copy interpolate the two (WiSE-FT, Wortsman et al. 2022):
    a fine-tune's gains on new data with less of its loss on the old."""
    if not states:
        raise ValueError("no checkpoints to average")
    keys = states[0].keys()
    for s in states[1:]:
        if s.keys() != keys:
            raise ValueError("checkpoints of different networks cannot be averaged")
    w = torch.full((len(states),), 1.0 / len(states)) if weights is None else torch.as_tensor(weights).float()
    if len(w) != len(states) or abs(float(w.sum()) - 1) > 1e-6:
        raise ValueError("one weight per checkpoint, summing to 1")
    return {k: ((torch.stack([s[k].float() for s in states]) * w.view(-1, *[1] * states[0][k].dim())).sum(0)
                if states[0][k].is_floating_point() else states[-1][k].clone()) for k in keys}


def recompute_batch_norm(model, images, batch_size=256, device="cpu"):
    """Resets every BatchNorm's running mean/variance and measures them again as an exact average over `images`
    (float [N, C, H, W], un-augmented training data): torch's own update_bn, fed channels-last batches."""
    batches = (images[i:i + batch_size].to(device).contiguous(memory_format=torch.channels_last)
               for i in range(0, len(images), batch_size))
    with torch.no_grad():
        update_bn(batches, model)
    return model
