"""The MobileNetV2 expression family's parts: the five-point similarity (closed form) and the crop contract's shared
vectors that the Java service checks too; the ImageNet port against the TFLite interpreter; the gray stem."""

import glob
import json
import os

import cv2
import numpy as np
import pytest
import torch

from conftest import ROOT, SHARED
from emotion_ai_train.align import FivePointRule, similarity
from emotion_ai_train.cli.make_crop_vectors import cut
from emotion_ai_train.nets.mobilenet import MobileNetEmotionNet, MobileNetV2

CROP_VECTORS = os.path.join(ROOT, "models-onnx", "crop_vectors")
IMAGENET = os.path.join(SHARED, "models", "imagenet_mobilenet_v2", "tf2_mobilenet_v2_1.0_224_ptq.tflite")


def test_similarity_recovers_a_known_transform_and_fits_least_squares():
    rng = np.random.default_rng(0)
    src = rng.uniform(0, 100, (5, 2))
    angle, scale, shift = 0.3, 1.7, np.array([12.0, -4.0])
    rot = scale * np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    m = similarity(src, src @ rot.T + shift)
    np.testing.assert_allclose(m, np.hstack([rot, shift[:, None]]), atol=1e-9)
    noisy = src @ rot.T + shift + rng.normal(0, 1, (5, 2))
    best = similarity(src, noisy)
    residual = lambda mm: ((src @ mm[:, :2].T + mm[:, 2] - noisy) ** 2).sum()  # noqa: E731
    assert residual(best) <= residual(best + np.array([[1e-3, 0, 0], [0, 1e-3, 0]]))


def test_five_point_rule_puts_the_landmarks_on_the_template():
    template = np.array([[29.1, 36.4], [77.2, 37.4], [51.9, 63.1], [34.2, 83.3], [71.4, 83.6]])
    rule = FivePointRule(template, 112)
    landmarks = template * 2.5 + [40, 10]
    m = rule.matrix(landmarks, 56)
    np.testing.assert_allclose(landmarks @ m[:, :2].T + m[:, 2], template / 2, atol=1e-9)
    assert rule.apply(np.zeros((400, 400), np.uint8), landmarks, 56).shape == (56, 56)


@pytest.mark.skipif(not os.path.isdir(CROP_VECTORS), reason="no models-onnx/crop_vectors")
def test_crop_vectors_reproduce():
    """The same vectors the Java FaceCropper test reads: every committed crop rule, cut by Python's crop code."""
    doc = json.load(open(os.path.join(CROP_VECTORS, "expected.json")))
    photo = cv2.imread(os.path.join(CROP_VECTORS, doc["photo"]), cv2.IMREAD_GRAYSCALE)
    for case in doc["cases"]:
        face = doc["faces"][case["face"]]
        got = cut(photo, face["box"] + face["landmarks5"], case["crop"], case["side"])
        expected = cv2.imread(os.path.join(CROP_VECTORS, case["expected"]), cv2.IMREAD_GRAYSCALE)
        assert np.abs(got.astype(int) - expected).max() <= doc["tolerance_gray_levels"], case["expected"]
    rule = lambda crop, side: json.dumps([crop, side], sort_keys=True)  # noqa: E731
    covered = {rule(c["crop"], c["side"]) for c in doc["cases"]}
    for path in glob.glob(os.path.join(ROOT, "models-onnx", "*", "*", "model.json")):
        meta = json.load(open(path))
        if "input" in meta:  # a tensor model: its crop rule must have vectors (make_crop_vectors.py)
            assert rule(meta["preprocessing"]["crop"], meta["input"]["shape"][2]) in covered, path


def test_gray_stem_equals_the_rgb_stem_on_a_gray_image():
    torch.manual_seed(0)
    rgb = MobileNetV2().eval()
    gray = MobileNetEmotionNet(7).load_imagenet(rgb).eval()
    x = torch.rand(2, 1, 64, 64)
    with torch.no_grad():
        a = rgb.features[0](x.repeat(1, 3, 1, 1) * 2 - 1)
        b = gray.trunk[0](x * 2 - 1)
    torch.testing.assert_close(a, b, rtol=1e-4, atol=1e-4)


def test_rgb_network_started_from_a_gray_one_answers_gray_faces_alike():
    """--color rgb --init-from a gray run: the RGB network keeps ImageNet's RGB stem and the gray run's trained
    blocks, so a gray face (R = G = B) gets the gray network's answer; a colour face does not."""
    torch.manual_seed(0)
    imagenet = MobileNetV2().eval()
    gray = MobileNetEmotionNet(7).load_imagenet(imagenet)
    with torch.no_grad():  # "trained": every layer behind the stem moved
        for p in list(gray.top.parameters()) + list(gray.head.parameters()):
            p.add_(torch.randn_like(p) * 0.01)
    state = {"model": MobileNetEmotionNet(7, channels=3).load_imagenet(imagenet).load_trained(gray).state_dict(),
             "args": {"dropout": 0.3, "trunk_blocks": 0}}
    rgb = MobileNetEmotionNet.from_checkpoint(state).eval()
    gray.eval()
    assert rgb.channels == 3
    x = torch.rand(2, 1, 64, 64)
    with torch.no_grad():  # features (a random network's logits hardly depend on its input) and logits
        torch.testing.assert_close(rgb.embed(x.repeat(1, 3, 1, 1)), gray.embed(x), rtol=1e-4, atol=1e-4)
        torch.testing.assert_close(rgb(x.repeat(1, 3, 1, 1)), gray(x), rtol=1e-4, atol=1e-4)
        colour = x.repeat(1, 3, 1, 1) * torch.tensor([1.0, 0.5, 0.2]).view(1, 3, 1, 1)
        assert not torch.allclose(rgb.embed(colour), gray.embed(x), atol=1e-3)
    with torch.no_grad():
        gray.trunk[0][0].weight.add_(0.1)  # a stem that is not ImageNet's
    with pytest.raises(ValueError, match="stem"):
        MobileNetEmotionNet(7, channels=3).load_imagenet(imagenet).load_trained(gray)


@pytest.mark.parametrize("side", [64, 63])
def test_exported_same_padding_lives_in_the_convolutions(tmp_path, side):
    """TF's SAME padding (asymmetric at stride 2 on an even side) exports as each Conv's own pads: no Pad and no
    per-run shape arithmetic in the graph, and the same outputs as PyTorch."""
    import onnx
    from emotion_ai_train.onnx_export import export, run_onnx
    torch.manual_seed(0)
    net = MobileNetEmotionNet(7).load_imagenet(MobileNetV2()).eval()
    path = str(tmp_path / "net.onnx")
    export(net, side, path, ["logits"])
    ops = {n.op_type for n in onnx.load(path).graph.node}
    assert not ops & {"Pad", "Shape"}, ops
    x = torch.rand(3, 1, side, side)
    with torch.no_grad():
        expected = net(x).numpy()
    np.testing.assert_allclose(run_onnx(path, x.numpy(), ["logits"])["logits"], expected, rtol=1e-4, atol=1e-4)


@pytest.mark.skipif(not os.path.isfile(IMAGENET), reason=f"{IMAGENET} absent (../shared/models)")
def test_imagenet_port_agrees_with_the_tflite_interpreter():
    pytest.importorskip("tensorflow", reason="tensorflow-cpu (the keras extra) reads TFLite")
    from emotion_ai_train import pretrained
    files = sorted(glob.glob(os.path.join(SHARED, "data", "kdef", "images", "*")))[:12]
    if not files:
        pytest.skip("no KDEF photos in ../shared/data")
    images = np.stack([cv2.resize(cv2.imread(f)[:, :, ::-1], (224, 224), interpolation=cv2.INTER_AREA)
                       for f in files])
    figures = pretrained.parity(IMAGENET, images)
    # TFLite runs int8 activations, the port float: they agree on the class of most photos, not bit for bit
    assert figures["top1_agreement"] >= 0.75 and figures["probability_correlation"] >= 0.95, figures
