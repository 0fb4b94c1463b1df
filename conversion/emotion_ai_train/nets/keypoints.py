"""Facial-keypoint ResNet for 96x96 gray face crops. It regresses all 68 iBUG landmarks (more supervision
than 15 points give); the exported graph derives the 15 Kaggle keypoints from them with a fixed averaging
matrix, so the ONNX contract is the Kaggle one."""

import torch
from torch import nn

from .blocks import conv_bn, stage
from ..labels import kaggle_from_ibug_matrix

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


class KeypointExport(nn.Module):
    """ONNX outputs: `keypoints` [N, 15, 2] (Kaggle order) and `landmarks68` [N, 68, 2], both crop-normalised."""

    def __init__(self, net):
        super().__init__()
        self.net = net
        # Stored transposed so the constant is MatMul's second operand (OpenCV's importer requires it).
        self.register_buffer("to_kaggle_t", torch.from_numpy(kaggle_from_ibug_matrix().T.copy()))

    def forward(self, x):
        pts68 = self.net(x)
        kaggle = torch.matmul(pts68.transpose(1, 2), self.to_kaggle_t).transpose(1, 2)
        return kaggle, pts68
