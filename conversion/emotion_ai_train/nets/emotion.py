"""Facial-expression CNN for 48x48 gray faces: convolution stem, residual stages (convolution block + identity
blocks) separated by max pooling, dropout, global pooling and a dense head."""

import copy

import torch
from torch import nn

from .blocks import conv_bn, stage

INPUT_SIDE = 48


class EmotionNet(nn.Module):
    def __init__(self, num_classes, width=32, identity_blocks=1, dropout=0.4):
        super().__init__()
        w = width
        self.stem = nn.Sequential(conv_bn(1, w), conv_bn(w, w))
        self.stages = nn.Sequential(
            nn.MaxPool2d(2), stage(w, 2 * w, identity_blocks), nn.Dropout2d(0.05),  # 24x24
            nn.MaxPool2d(2), stage(2 * w, 4 * w, identity_blocks), nn.Dropout2d(0.05),  # 12x12
            nn.MaxPool2d(2), stage(4 * w, 8 * w, identity_blocks),  # 6x6
        )
        self.head = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(dropout),
                                  nn.Linear(8 * w, num_classes))

    def forward(self, x):
        """x: float [N, 1, 48, 48] in [0, 1]; returns logits [N, classes]."""
        return self.head(self.stages(self.stem(x)))


def narrow_classes(net, keep):
    """A copy of `net` whose classifier keeps only the classes at indices `keep`, in that order: the rows of
    the final dense layer. Softmax over the kept logits is the trained network's distribution conditioned on
    those classes, so a network trained on all 7 FER2013 classes can serve a 5-class version; the exported
    graph has the same shape as a network trained on the 5 alone."""
    narrowed = copy.deepcopy(net)
    full = narrowed.head[-1]
    index = torch.as_tensor(list(keep), dtype=torch.long)
    dense = nn.Linear(full.in_features, len(index))
    with torch.no_grad():
        dense.weight.copy_(full.weight[index])
        dense.bias.copy_(full.bias[index])
    narrowed.head[-1] = dense
    return narrowed.eval()


class EmotionExport(nn.Module):
    """What goes into ONNX: probabilities (softmax in the graph). With `flip_average`, the graph also averages
    the prediction of the mirrored face (test-time augmentation done once, inside the model). `temperature`
    (temperature scaling, Guo et al. 2017) and `class_bias` (a log-prior correction per class) calibrate the
    logits before the softmax: softmax(logits / temperature + class_bias).

    `temperature` is one number, or one per class: then each face takes the temperature of the class its
    uncalibrated output picks, the same for both mirror passes. Scaling a face's logits by one positive number
    keeps their order, so the answer's class is the uncalibrated one's (up to the mirror average), while the
    confidence can be corrected class by class: one temperature cannot be right for FER2013 and for real photos
    at once (docs/benchmarks.md)."""

    def __init__(self, net, flip_average=True, temperature=1.0, class_bias=None, side=INPUT_SIDE):
        super().__init__()
        self.net, self.flip_average = net, flip_average
        # Mirroring as a matmul with an anti-diagonal matrix: plain MatMul is supported by every ONNX runtime.
        self.register_buffer("mirror", torch.eye(side).flip(0))
        temperature = torch.as_tensor(temperature, dtype=torch.float32)
        self.per_predicted_class = temperature.dim() == 1
        self.calibrated = bool((temperature != 1.0).any()) or class_bias is not None
        self.register_buffer("inverse_temperature", 1.0 / temperature)
        bias = torch.zeros(net.head[-1].out_features) if class_bias is None else torch.as_tensor(class_bias).float()
        self.register_buffer("class_bias", bias)

    def forward(self, x):
        views = [self.net(x)]
        if self.flip_average:
            views.append(self.net(torch.matmul(x, self.mirror)))
        if self.calibrated:
            scale = self.inverse_temperature
            if self.per_predicted_class:
                scale = scale[average_softmax(views).argmax(dim=1)].unsqueeze(1)
            views = [logits * scale + self.class_bias for logits in views]
        return average_softmax(views)


def average_softmax(views):
    """The mean of the views' softmax probabilities."""
    probs = torch.softmax(views[0], dim=1)
    for logits in views[1:]:
        probs = probs + torch.softmax(logits, dim=1)
    return probs / len(views)
