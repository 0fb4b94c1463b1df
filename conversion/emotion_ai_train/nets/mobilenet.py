"""MobileNetV2 (Sandler et al. 2018, width 1.0) as TensorFlow builds it, so that the ImageNet weights of
../shared/models/imagenet_mobilenet_v2 (TFLite, BatchNorm folded into the convolutions) load unchanged: TF's
"SAME" padding (stride 2 pads bottom/right only on even sides), ReLU6, convolutions with a bias and no BatchNorm.
`MobileNetEmotionNet` puts an expression head on it for gray or RGB faces."""

import math

import torch
from torch import nn
from torch.nn import functional

# (expansion, output channels, repeats, first stride) per stage, the paper's table 2
STAGES = [(1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1)]
STEM_CHANNELS = 32
LAST_CHANNELS = 1280


class SameConv(nn.Conv2d):
    """nn.Conv2d with TensorFlow's SAME padding (asymmetric when the total is odd: the extra row goes last)."""

    def forward(self, x):
        pads = []
        for size, k, s in zip(x.shape[:1:-1], self.kernel_size[::-1], self.stride[::-1]):  # width, then height
            # int(): an exported graph pads by constants (its input side is fixed), which
            # onnx_export.fold_pads_into_convs moves into the convolutions; traced sizes would compute them per run
            size = int(size)
            total = max((math.ceil(size / s) - 1) * s + k - size, 0)
            pads += [total // 2, total - total // 2]
        return super().forward(functional.pad(x, pads) if any(pads) else x)


def conv(cin, cout, k=1, stride=1, groups=1, relu=True):
    layers = [SameConv(cin, cout, k, stride, groups=groups)]
    return nn.Sequential(*layers, nn.ReLU6(inplace=True)) if relu else layers[0]


class InvertedResidual(nn.Module):
    def __init__(self, cin, cout, expansion, stride):
        super().__init__()
        hidden = cin * expansion
        self.expand = conv(cin, hidden) if expansion != 1 else nn.Identity()
        self.depthwise = conv(hidden, hidden, 3, stride, groups=hidden)
        self.project = conv(hidden, cout, relu=False)
        self.residual = stride == 1 and cin == cout

    def forward(self, x):
        y = self.project(self.depthwise(self.expand(x)))
        return x + y if self.residual else y


def blocks():
    """The 17 inverted residual blocks, in order."""
    out, cin = [], STEM_CHANNELS
    for expansion, cout, repeats, stride in STAGES:
        for i in range(repeats):
            out.append(InvertedResidual(cin, cout, expansion, stride if i == 0 else 1))
            cin = cout
    return out


class MobileNetV2(nn.Module):
    """The ImageNet classifier as in the TFLite file: input RGB in [-1, 1], logits of 1001 classes (0 = background)."""

    def __init__(self, classes=1001):
        super().__init__()
        self.features = nn.Sequential(conv(3, STEM_CHANNELS, 3, 2), *blocks(), conv(320, LAST_CHANNELS))
        self.classifier = nn.Conv2d(LAST_CHANNELS, classes, 1)

    def forward(self, x):
        return self.classifier(self.features(x).mean((2, 3), keepdim=True)).flatten(1)


def convolutions(module):
    """The network's convolutions in execution order (as TFLite lists its CONV_2D/DEPTHWISE_CONV_2D ops)."""
    return [m for m in module.modules() if isinstance(m, nn.Conv2d)]


class MobileNetEmotionNet(nn.Module):
    """MobileNetV2 features on a face (pixel / 255), dropout and a dense layer over the 1280 pooled features.
    `channels` 1: a gray face, which stands for R = G = B, so the stem's three input channels are summed into one;
    3: an RGB face. `trunk_blocks` splits the features into a frozen trunk (the stem and the first blocks) and the
    trained top, so that training can run the trunk once per augmented face (features cached) and train the rest."""

    def __init__(self, num_classes, dropout=0.3, trunk_blocks=0, channels=1):
        super().__init__()
        self.channels = channels
        features = [conv(channels, STEM_CHANNELS, 3, 2), *blocks(), conv(320, LAST_CHANNELS)]
        self.trunk_blocks = trunk_blocks
        self.trunk = nn.Sequential(*features[:1 + trunk_blocks])
        self.top = nn.Sequential(*features[1 + trunk_blocks:])
        self.head = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(dropout),
                                  nn.Linear(LAST_CHANNELS, num_classes))

    @classmethod
    def from_checkpoint(cls, ckpt):
        """The network of a train_mobilenet_emotion.py checkpoint (best.pt, last.pt, epoch-N.pt), loaded as a dict."""
        net = cls(len(ckpt["model"]["head.3.bias"]), ckpt["args"]["dropout"], ckpt["args"]["trunk_blocks"],
                  cls.input_channels(ckpt["model"]))
        net.load_state_dict(ckpt["model"])
        return net

    @staticmethod
    def input_channels(state_dict):
        """1 (gray) or 3 (RGB): the stem's input channels in a state dict."""
        return state_dict["trunk.0.0.weight"].shape[1]

    def embed(self, x):
        """The trunk's output for faces x: float [N, channels, H, W] in [0, 1]."""
        return self.trunk(x * 2.0 - 1.0)

    def classify(self, trunk_features):
        return self.head(self.top(trunk_features))

    def forward(self, x):
        """x: float [N, channels, H, W] in [0, 1]; returns logits [N, classes]."""
        return self.classify(self.embed(x))

    def load_trained(self, other):
        """Copies another MobileNetEmotionNet's weights whatever its trunk/top split (a run that trains more blocks
        can start from one that trained fewer). An RGB network can start from a gray one: every run keeps the stem
        at ImageNet's weights, so the gray stem is the RGB stem summed over its channels, and the RGB network keeps
        its own (load_imagenet first), which gives the same features on a gray face (R = G = B)."""
        with torch.no_grad():
            for i, (s, t) in enumerate(zip(convolutions(nn.Sequential(other.trunk, other.top)),
                                           convolutions(nn.Sequential(self.trunk, self.top)))):
                if i == 0 and s.weight.shape != t.weight.shape:
                    # within 0.01 (weights up to 7): emotion/13's stem differs from today's port by 0.002
                    if not (other.channels == 1 and torch.allclose(t.weight.sum(1, keepdim=True), s.weight,
                                                                   atol=1e-2) and torch.allclose(t.bias, s.bias,
                                                                                                 atol=1e-2)):
                        raise ValueError(f"a {other.channels}-channel stem cannot start a {self.channels}-channel "
                                         "network unless it is this network's ImageNet stem summed")
                    continue
                t.weight.copy_(s.weight)
                t.bias.copy_(s.bias)
            self.head.load_state_dict(other.head.state_dict())
        return self

    def load_imagenet(self, imagenet):
        """Copies a ported `MobileNetV2`'s features (a gray network's stem summed over the RGB input channels)."""
        source = convolutions(imagenet.features)
        target = convolutions(nn.Sequential(self.trunk, self.top))
        assert len(source) == len(target) == 52, (len(source), len(target))
        with torch.no_grad():
            for i, (s, t) in enumerate(zip(source, target)):
                weight = s.weight.sum(1, keepdim=True) if i == 0 and self.channels == 1 else s.weight
                t.weight.copy_(weight)
                t.bias.copy_(s.bias)
        return self
