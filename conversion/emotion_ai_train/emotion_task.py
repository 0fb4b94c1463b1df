"""FER2013 as tensors for the emotion model: label-set filtering, batches and flip-averaged evaluation."""

import numpy as np
import torch

from .labels import EMOTION_LABEL_SETS, fer_id_map


def to_tensors(fer_set, label_set):
    """Keeps the rows whose class is in `label_set`; returns (images float [N,1,48,48] 0..1, targets int64)."""
    mapping = fer_id_map(label_set)
    keep = np.isin(fer_set.fer_ids, list(mapping))
    targets = np.array([mapping[i] for i in fer_set.fer_ids[keep]], dtype=np.int64)
    images = torch.from_numpy(fer_set.images[keep]).float().div_(255).unsqueeze(1)
    return images, torch.from_numpy(targets)


def predict_probs(model, images, batch_size=512, flip_average=True, device="cpu"):
    model.eval()
    out = []
    with torch.no_grad():
        for i in range(0, len(images), batch_size):
            x = images[i:i + batch_size].to(device).contiguous(memory_format=torch.channels_last)
            p = torch.softmax(model(x), dim=1)
            if flip_average:
                p = (p + torch.softmax(model(torch.flip(x, dims=[3])), dim=1)) / 2
            out.append(p.cpu())
    return torch.cat(out)


def num_classes(label_set):
    return len(EMOTION_LABEL_SETS[label_set])
