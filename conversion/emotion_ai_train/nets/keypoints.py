"""Facial-keypoint ResNet for 96x96 gray face crops. It regresses all 68 iBUG landmarks (more supervision
than 15 points give); the exported graph derives the 15 Kaggle keypoints from them with a fixed averaging
matrix, so the ONNX contract is the Kaggle one."""

import torch
from torch import nn

from .blocks import conv_bn, stage
from ..labels import IBUG68_FLIP, kaggle_from_ibug_matrix

INPUT_SIDE = 96


class KeypointNet(nn.Module):
    def __init__(self, num_points=68, width=16, identity_blocks=1, dropout=0.2):
        super().__init__()
        w = width
        self.num_points = num_points
        self.features = nn.Sequential(
            conv_bn(1, w, 3, stride=2),  # 48
            stage(w, 2 * w, identity_blocks, stride=2),  # 24
            stage(2 * w, 4 * w, identity_blocks, stride=2),  # 12
            stage(4 * w, 8 * w, identity_blocks, stride=2),  # 6
            stage(8 * w, 16 * w, identity_blocks, stride=2),  # 3
        )
        # Flatten keeps where features are; global pooling would throw away the geometry we regress.
        self.head = nn.Sequential(nn.Flatten(), nn.Dropout(dropout), nn.Linear(16 * w * 9, 2 * num_points))

    def forward(self, x):
        """x: float [N, 1, 96, 96] in [0, 1]; returns points [N, P, 2] normalised to the crop (0..1)."""
        return self.head(self.features(x)).view(-1, self.num_points, 2) + 0.5


class IntegralKeypointNet(nn.Module):
    """keypoints/2: integral (soft-argmax) regression on 24x24 heatmaps (Sun et al. 2018, "Integral Human Pose
    Regression"). A small feature pyramid brings the 6x6 context back up to 24x24; each landmark's heatmap is a
    spatial softmax and its coordinate the expected cell position. Unlike a fully connected head, the output
    stays tied to where features are, which generalises better from a few thousand faces; training still uses a
    plain L1 loss on the coordinates, so no heatmap targets are needed.

    The grid spans [-margin, 1 + margin] of the crop: a few landmarks (chin, brows) fall just outside a tight
    crop, and a soft-argmax cannot reach beyond its grid."""

    def __init__(self, num_points=68, width=24, identity_blocks=1, heatmap_side=24, margin=0.1,
                 pyramid_width=None):
        super().__init__()
        w = width
        self.num_points, self.heatmap_side = num_points, heatmap_side
        self.stem = conv_bn(1, w, 3, stride=2)  # 48
        self.down1 = stage(w, 2 * w, identity_blocks, stride=2)  # 24
        self.down2 = stage(2 * w, 4 * w, identity_blocks, stride=2)  # 12
        self.down3 = stage(4 * w, 8 * w, identity_blocks, stride=2)  # 6
        # the pyramid's two 3x3 convolutions at 24x24 cost most of the run: its width is the speed knob
        c = pyramid_width or 4 * w
        self.lateral3 = conv_bn(8 * w, c, 1, relu=False)
        self.lateral2 = conv_bn(4 * w, c, 1, relu=False)
        self.lateral1 = conv_bn(2 * w, c, 1, relu=False)
        self.up = nn.Upsample(scale_factor=2, mode="nearest")
        self.smooth = nn.Sequential(conv_bn(c, c, 3), conv_bn(c, c, 3))
        self.heatmaps = nn.Conv2d(c, num_points, 1)
        cells = (torch.arange(heatmap_side, dtype=torch.float32) + 0.5) / heatmap_side
        cells = cells * (1 + 2 * margin) - margin
        ys, xs = torch.meshgrid(cells, cells, indexing="ij")
        # [S*S, 2]: MatMul's constant second operand, (x, y) per cell in row-major order
        self.register_buffer("grid", torch.stack([xs.reshape(-1), ys.reshape(-1)], dim=1))

    def forward(self, x):
        """x: float [N, 1, 96, 96] in [0, 1]; returns points [N, P, 2] normalised to the crop."""
        f1 = self.down1(self.stem(x))
        f2 = self.down2(f1)
        f3 = self.down3(f2)
        p = self.up(self.lateral3(f3)) + self.lateral2(f2)
        p = self.up(p) + self.lateral1(f1)
        logits = self.heatmaps(self.smooth(torch.relu(p)))
        prob = torch.softmax(logits.flatten(2), dim=2)  # [N, P, S*S]
        return torch.matmul(prob, self.grid)


def build_keypoint_net(args):
    """The network a training run's arguments describe (older runs have no `head`: the regression one)."""
    if args.get("head", "regression") == "integral":
        return IntegralKeypointNet(width=args["width"], identity_blocks=args["identity_blocks"],
                                   margin=args.get("grid_margin", 0.1), pyramid_width=args.get("pyramid_width"))
    return KeypointNet(width=args["width"], identity_blocks=args["identity_blocks"])


class KeypointExport(nn.Module):
    """ONNX outputs: `keypoints` [N, 15, 2] (Kaggle order) and `landmarks68` [N, 68, 2], both crop-normalised.

    With `flip_average`, the graph also runs the mirrored crop, maps its points back (x -> 1 - x, left and right
    landmarks swapped) and averages the two: test-time augmentation done once, inside the model. `offset`
    ([68, 2], crop-normalised) is subtracted from the result: the mean residual measured on the training crops
    (`mean_training_offset`), a post-hoc bias calibration that uses no held-out data."""

    def __init__(self, net, flip_average=False, offset=None):
        super().__init__()
        self.net, self.flip_average = net, flip_average
        # Constants are MatMul's second operand throughout (OpenCV's importer requires it).
        self.register_buffer("to_kaggle_t", torch.from_numpy(kaggle_from_ibug_matrix().T.copy()))
        self.register_buffer("mirror", torch.eye(INPUT_SIDE).flip(0))
        self.register_buffer("swap_t", torch.eye(68)[list(IBUG68_FLIP)].T.contiguous())
        offset = torch.zeros(68, 2) if offset is None else torch.as_tensor(offset).float()
        # Written as MatMul by diag(-1, 1) plus one [68, 2] constant: OpenCV 4.6's importer rejects broadcasting
        # a [2] vector, and un-mirroring (x -> 1 - x, halved by the average) folds into the same constant.
        self.register_buffer("negate_x", torch.diag(torch.tensor([-1.0, 1.0])))
        self.register_buffer("bias", (torch.tensor([0.5, 0.0]) if flip_average else torch.zeros(2)) - offset)

    def landmarks(self, x):
        pts68 = self.net(x)
        if self.flip_average:
            mirrored = self.net(torch.matmul(x, self.mirror))
            swapped = torch.matmul(mirrored.transpose(1, 2), self.swap_t).transpose(1, 2)
            pts68 = (pts68 + torch.matmul(swapped, self.negate_x)) * 0.5
        return pts68 + self.bias

    def forward(self, x):
        pts68 = self.landmarks(x)
        kaggle = torch.matmul(pts68.transpose(1, 2), self.to_kaggle_t).transpose(1, 2)
        return kaggle, pts68


def mean_training_offset(net, images, points68, flip_average=True, batch_size=256):
    """Mean (prediction - truth) per landmark over un-augmented training crops (uint8 [N, 96, 96], points
    [N, 68, 2] crop-normalised): what `KeypointExport(offset=...)` subtracts."""
    module = KeypointExport(net, flip_average).eval()
    x = torch.from_numpy(images.astype("float32")[:, None] / 255.0)
    with torch.no_grad():
        pred = torch.cat([module.landmarks(x[i:i + batch_size]) for i in range(0, len(x), batch_size)])
    return (pred - torch.from_numpy(points68).float()).mean(0)
