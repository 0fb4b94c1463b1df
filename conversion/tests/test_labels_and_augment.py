import numpy as np
import torch

from emotion_ai_train.augment import AugmentConfig, augment
from emotion_ai_train.labels import (IBUG68_FLIP, KAGGLE_FLIP, KEYPOINT_NAMES, fer_id_map,
                                     kaggle_from_ibug_matrix)


def test_flip_permutations_are_involutions_that_swap_sides():
    for perm in (KAGGLE_FLIP, IBUG68_FLIP):
        assert all(perm[perm[i]] == i for i in range(len(perm)))
    name = dict(enumerate(KEYPOINT_NAMES))
    assert name[KAGGLE_FLIP[KEYPOINT_NAMES.index("left_eye_center")]] == "right_eye_center"
    assert name[KAGGLE_FLIP[KEYPOINT_NAMES.index("mouth_left_corner")]] == "mouth_right_corner"
    assert name[KAGGLE_FLIP[KEYPOINT_NAMES.index("nose_tip")]] == "nose_tip"
    assert IBUG68_FLIP[36] == 45 and IBUG68_FLIP[30] == 30 and IBUG68_FLIP[48] == 54


def test_kaggle_points_derive_from_ibug():
    m = kaggle_from_ibug_matrix()
    assert m.shape == (15, 68) and np.allclose(m.sum(axis=1), 1)
    pts = np.zeros((68, 2), np.float32)
    pts[42:48] = [10, 20]  # subject's left eye = image right
    assert np.allclose((m @ pts)[KEYPOINT_NAMES.index("left_eye_center")], [10, 20])


def test_label_sets_map_fer_ids():
    assert fer_id_map("fer7") == {i: i for i in range(7)}
    # original order: Angry, Disgust, Sad, Happy, Surprise; Fear (2) and Neutral (6) are dropped
    assert fer_id_map("orig5") == {0: 0, 1: 1, 4: 2, 3: 3, 5: 4}


def _no_jitter(flip_prob):
    return AugmentConfig(rotation_deg=0, scale=0, shift=0, flip_prob=flip_prob, brightness=0, contrast=0,
                         noise_std=0)


def test_flip_mirrors_image_and_swaps_keypoint_names():
    img = torch.zeros(1, 1, 96, 96)
    img[0, 0, 30:34, 60:64] = 1  # a bright blob on the image's right: the subject's left eye
    pts = torch.tensor(np.random.default_rng(0).uniform(0.2, 0.8, (1, 15, 2)), dtype=torch.float32)
    out, moved = augment(img, _no_jitter(1.0), torch.Generator().manual_seed(0), pts, KAGGLE_FLIP)
    assert torch.allclose(out, torch.flip(img, dims=[3]), atol=1e-5)
    left, right = KEYPOINT_NAMES.index("left_eye_center"), KEYPOINT_NAMES.index("right_eye_center")
    # the flipped face's left eye is the mirror image of the original right eye
    assert torch.allclose(moved[0, left], torch.tensor([1 - pts[0, right, 0], pts[0, right, 1]]), atol=1e-5)
    assert torch.allclose(moved[0, right], torch.tensor([1 - pts[0, left, 0], pts[0, left, 1]]), atol=1e-5)


def test_no_flip_is_identity_and_rotation_moves_points_with_pixels():
    img = torch.rand(2, 1, 48, 48)
    pts = torch.rand(2, 15, 2)
    out, moved = augment(img, _no_jitter(0.0), torch.Generator().manual_seed(0), pts, KAGGLE_FLIP)
    assert torch.allclose(out, img, atol=1e-5) and torch.allclose(moved, pts, atol=1e-6)
    dot = torch.zeros(1, 1, 96, 96)
    dot[0, 0, 20:24, 70:74] = 1
    cfg = AugmentConfig(rotation_deg=15, scale=0, shift=0, flip_prob=0, brightness=0, contrast=0, noise_std=0)
    rotated, where = augment(dot, cfg, torch.Generator().manual_seed(3), torch.tensor([[[72 / 96, 22 / 96]]]))
    ys, xs = torch.nonzero(rotated[0, 0] > 0.5, as_tuple=True)
    centre = torch.tensor([xs.float().mean() + 0.5, ys.float().mean() + 0.5]) / 96
    assert torch.allclose(centre, where[0, 0], atol=1.5 / 96)


def test_random_erasing_fills_one_rectangle_per_chosen_image():
    img = torch.full((8, 1, 48, 48), 0.5)
    cfg = AugmentConfig(rotation_deg=0, scale=0, shift=0, flip_prob=0, brightness=0, contrast=0, noise_std=0,
                        erase_prob=1.0, erase_area=(0.1, 0.1))
    out, _ = augment(img, cfg, torch.Generator().manual_seed(0))
    changed = (out != 0.5)[:, 0]
    for mask in changed:
        ys, xs = torch.nonzero(mask, as_tuple=True)
        box = (ys.max() - ys.min() + 1) * (xs.max() - xs.min() + 1)
        assert 0.05 * 48 * 48 < box < 0.15 * 48 * 48  # about the asked area, as one filled rectangle
        assert mask.sum() > 0.9 * box
    untouched, _ = augment(img, AugmentConfig(**{**cfg.__dict__, "erase_prob": 0.0}), torch.Generator().manual_seed(0))
    assert torch.equal(untouched, img)


def test_mobilenet_regularizers_erase_blur_faces_and_mix_labels_without_shifting_class_totals():
    from emotion_ai_train.cli.train_mobilenet_emotion import regularizers
    faces = torch.full((16, 1, 32, 32), 0.5)
    labels = torch.arange(16) % 7
    erased, same = regularizers(erase=1.0, mix=0.0, classes=7, seed=0)(faces, labels)
    assert torch.equal(same, labels)
    assert all((face != 0.5).any() and (face == 0.5).any() for face in erased)  # a patch of each, not all of it
    faces = torch.rand(16, 1, 32, 32)
    mixed, targets = regularizers(erase=0.0, mix=1.0, classes=7, seed=0)(faces, labels)
    assert targets.shape == (16, 7) and torch.allclose(targets.sum(1), torch.ones(16))
    assert ((targets > 0).sum(1) <= 2).all() and not torch.equal(mixed, faces)
    # each face is mixed with another of the batch in the same proportion as its label: no class gains weight
    assert torch.allclose(targets.sum(0), torch.bincount(labels, minlength=7).float(), atol=1e-5)
    untouched, plain = regularizers(erase=0.0, mix=0.0, classes=7, seed=0)(faces, labels)
    assert torch.equal(untouched, faces) and torch.equal(plain, labels)
    blurred, same = regularizers(erase=0.0, mix=0.0, classes=7, seed=0, lowres=1.0, lowres_sides=(8, 8))(faces, labels)
    assert torch.equal(same, labels) and blurred.shape == faces.shape
    detail = lambda x: (x[..., 1:] - x[..., :-1]).abs().mean()  # noise at 32 px loses its detail at 8 px
    assert detail(blurred) < 0.5 * detail(faces)
    assert torch.allclose(blurred.mean((1, 2, 3)), faces.mean((1, 2, 3)), atol=0.02)  # the same face, only coarser
