"""Batch augmentation in torch (runs on CPU or GPU alike): rotation, scale/shift jitter, horizontal flip,
brightness/contrast and Gaussian noise. Keypoints follow the same geometric transform; a flip also swaps
left/right point names through a permutation."""

import math
from dataclasses import dataclass

import torch
import torch.nn.functional as F


@dataclass
class AugmentConfig:
    rotation_deg: float = 15.0
    scale: float = 0.1  # zoom in 1 +/- scale
    shift: float = 0.08  # fraction of the side
    flip_prob: float = 0.5
    brightness: float = 0.2  # additive, in [0, 1] pixel units
    contrast: float = 0.2  # multiplicative 1 +/- contrast
    noise_std: float = 0.03
    erase_prob: float = 0.0  # random erasing (Zhong et al. 2017): a rectangle of noise hides part of the face
    erase_area: tuple = (0.02, 0.2)  # its area as a fraction of the image
    # Resolution loss, as on faces cut from real photos (a small face upscaled, a large one area-downscaled):
    # with this probability an image is shrunk to a side drawn from `downscale_sides` and scaled back up.
    downscale_prob: float = 0.0
    downscale_sides: tuple = (16, 40)


def augment(images, cfg, generator, points=None, flip_perm=None):
    """images: float [N,1,H,W] in [0,1]; points: float [N,P,2] normalised to the image (0..1), or None."""
    n, dev = images.shape[0], images.device

    def uniform(lo, hi):
        return torch.rand(n, generator=generator, device="cpu").to(dev) * (hi - lo) + lo

    angle = uniform(-cfg.rotation_deg, cfg.rotation_deg) * math.pi / 180
    zoom = uniform(1 - cfg.scale, 1 + cfg.scale)
    tx, ty = uniform(-cfg.shift, cfg.shift) * 2, uniform(-cfg.shift, cfg.shift) * 2  # grid units span 2
    flip = uniform(0, 1) < cfg.flip_prob
    sign = 1 - 2 * flip.float()

    # Forward map (input grid coords -> output grid coords): q = zoom * R p * [sign, 1] + t.
    cos, sin = torch.cos(angle), torch.sin(angle)
    fwd = torch.zeros(n, 3, 3, device=dev)
    fwd[:, 0, 0], fwd[:, 0, 1], fwd[:, 0, 2] = zoom * cos * sign, -zoom * sin, tx
    fwd[:, 1, 0], fwd[:, 1, 1], fwd[:, 1, 2] = zoom * sin * sign, zoom * cos, ty
    fwd[:, 2, 2] = 1
    theta = torch.inverse(fwd)[:, :2, :]  # affine_grid wants output -> input
    grid = F.affine_grid(theta, list(images.shape), align_corners=False)
    out = F.grid_sample(images, grid, mode="bilinear", padding_mode="border", align_corners=False)

    contrast = uniform(1 - cfg.contrast, 1 + cfg.contrast).view(n, 1, 1, 1)
    bright = uniform(-cfg.brightness, cfg.brightness).view(n, 1, 1, 1)
    mean = out.mean(dim=(2, 3), keepdim=True)
    out = (out - mean) * contrast + mean + bright
    noise = torch.randn(out.shape, generator=generator, device="cpu").to(dev) * cfg.noise_std
    out = (out + noise).clamp(0, 1)
    if cfg.downscale_prob > 0:
        out = downscale(out, cfg.downscale_prob, cfg.downscale_sides, generator)
    if cfg.erase_prob > 0:
        out = random_erase(out, cfg.erase_prob, generator, cfg.erase_area)

    if points is None:
        return out, None
    g = points * 2 - 1
    g = torch.cat([g, torch.ones_like(g[..., :1])], dim=-1)  # [N,P,3]
    moved = torch.einsum("nij,npj->npi", fwd[:, :2, :], g)
    moved = (moved + 1) / 2
    if flip_perm is not None and flip.any():
        perm = torch.as_tensor(flip_perm, device=dev)
        moved = torch.where(flip.view(n, 1, 1), moved[:, perm], moved)
    return out, moved


def downscale(images, prob, sides, generator):
    """Resolution loss: one side per batch (drawn from `sides`, inclusive), applied to each image with probability
    `prob`: area-shrink, then bilinear back to the input size."""
    n, _, h, w = images.shape
    side = int(torch.randint(sides[0], sides[1] + 1, (1,), generator=generator))
    if side >= min(h, w):
        return images
    small = F.interpolate(images, size=(side, side), mode="area")
    back = F.interpolate(small, size=(h, w), mode="bilinear", align_corners=False)
    chosen = (torch.rand(n, generator=generator, device="cpu").to(images.device) < prob).view(n, 1, 1, 1)
    return torch.where(chosen, back, images)


def random_erase(images, prob, generator, area=(0.02, 0.2)):
    """images: float [N,C,H,W] in [0,1]. Per image, with probability `prob`, fills one random rectangle (its area a
    fraction of the image drawn from `area`, its aspect at random) with uniform noise, so the network cannot rely on
    any single facial region."""
    n, _, h, w = images.shape
    dev = images.device

    def uniform(lo, hi):
        return torch.rand(n, generator=generator, device="cpu").to(dev) * (hi - lo) + lo

    area = uniform(*area) * h * w
    aspect = torch.exp(uniform(math.log(0.3), math.log(3.3)))
    eh, ew = (area * aspect).sqrt().clamp(max=h), (area / aspect).sqrt().clamp(max=w)
    y0, x0 = uniform(0, 1) * (h - eh), uniform(0, 1) * (w - ew)
    chosen = uniform(0, 1) < prob
    ys = torch.arange(h, device=dev).view(1, h, 1)
    xs = torch.arange(w, device=dev).view(1, 1, w)
    mask = ((ys >= y0.view(n, 1, 1)) & (ys < (y0 + eh).view(n, 1, 1)) & (xs >= x0.view(n, 1, 1))
            & (xs < (x0 + ew).view(n, 1, 1)) & chosen.view(n, 1, 1))
    fill = torch.rand(images.shape, generator=generator, device="cpu").to(dev)
    return torch.where(mask.unsqueeze(1), fill, images)
