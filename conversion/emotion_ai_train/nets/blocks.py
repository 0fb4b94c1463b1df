"""Residual building blocks shared by both networks."""

from torch import nn


def conv_bn(cin, cout, k=3, stride=1, relu=True):
    layers = [nn.Conv2d(cin, cout, k, stride=stride, padding=k // 2, bias=False), nn.BatchNorm2d(cout)]
    if relu:
        layers.append(nn.ReLU(inplace=True))
    return nn.Sequential(*layers)


class ResidualBlock(nn.Module):
    """Two 3x3 convolutions plus a shortcut. With `project` (the 'convolution block') the shortcut is a 1x1
    convolution, needed when channels or stride change; otherwise it is the identity ('identity block')."""

    def __init__(self, cin, cout, stride=1, project=None):
        super().__init__()
        project = (cin != cout or stride != 1) if project is None else project
        self.body = nn.Sequential(conv_bn(cin, cout, 3, stride), conv_bn(cout, cout, 3, relu=False))
        self.shortcut = conv_bn(cin, cout, 1, stride, relu=False) if project else nn.Identity()
        self.relu = nn.ReLU(inplace=True)

    def forward(self, x):
        return self.relu(self.body(x) + self.shortcut(x))


def stage(cin, cout, identity_blocks, stride=1):
    """A convolution (projection) block followed by identity blocks."""
    return nn.Sequential(ResidualBlock(cin, cout, stride, project=True),
                         *[ResidualBlock(cout, cout) for _ in range(identity_blocks)])
