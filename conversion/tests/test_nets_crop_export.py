import json
import os

import jsonschema
import numpy as np
import onnx
import pytest
import torch
import cv2

from conftest import ROOT
from emotion_ai_train.crop import CropRule, cut_square
from emotion_ai_train.labels import IBUG68_FLIP
from emotion_ai_train.nets.emotion import EmotionExport, EmotionNet, narrow_classes
from emotion_ai_train.nets.keypoints import KeypointExport, KeypointNet, build_keypoint_net
from emotion_ai_train.onnx_export import export, max_parity_error, run_onnx

SCHEMA = os.path.join(ROOT, "models-onnx", "model.schema.json")


def test_architecture_shapes():
    assert EmotionNet(7, width=8)(torch.rand(3, 1, 48, 48)).shape == (3, 7)
    assert EmotionExport(EmotionNet(5, width=8).eval())(torch.rand(2, 1, 48, 48)).shape == (2, 5)
    kaggle, pts68 = KeypointExport(KeypointNet(width=4).eval())(torch.rand(2, 1, 96, 96))
    assert kaggle.shape == (2, 15, 2) and pts68.shape == (2, 68, 2)


def test_integral_net_pyramid_width_is_recorded_and_rebuilt():
    """keypoints/3's narrow pyramid: the run's arguments rebuild the same network (older runs have no
    pyramid_width: 4 x width)."""
    args = {"head": "integral", "width": 8, "identity_blocks": 1, "grid_margin": 0.1, "pyramid_width": 12}
    net = build_keypoint_net(args).eval()
    assert net.heatmaps.in_channels == 12
    assert net(torch.rand(2, 1, 96, 96)).shape == (2, 68, 2)
    assert build_keypoint_net({**args, "pyramid_width": None}).heatmaps.in_channels == 32


def test_emotion_export_outputs_probabilities_that_match_pytorch(tmp_path):
    torch.manual_seed(0)
    module = EmotionExport(EmotionNet(7, width=8).eval())
    path = str(tmp_path / "e.onnx")
    model = export(module, 48, path, ["probabilities"])
    assert model.opset_import[0].version <= 17
    assert [i.name for i in model.graph.input] == ["input"]
    assert model.graph.input[0].type.tensor_type.shape.dim[0].dim_param == "batch"
    for n in (1, 5):  # dynamic batch axis
        x = np.random.default_rng(n).random((n, 1, 48, 48), dtype=np.float32)
        assert max_parity_error(path, module, x, ["probabilities"]) < 1e-5
        probs = run_onnx(path, x, ["probabilities"])["probabilities"]
        assert probs.shape == (n, 7) and np.allclose(probs.sum(axis=1), 1, atol=1e-5)


def test_flip_average_is_mirror_invariant():
    torch.manual_seed(0)
    module = EmotionExport(EmotionNet(7, width=8).eval())
    x = torch.rand(2, 1, 48, 48)
    with torch.no_grad():
        assert torch.allclose(module(x), module(torch.flip(x, dims=[3])), atol=1e-6)


def test_temperature_per_predicted_class_keeps_the_answer_and_exports(tmp_path):
    """Each face's logits are divided by the temperature of the class its uncalibrated output picks: the class
    stays, the confidence moves the way that class's temperature says, and ONNX (ArgMax, Gather) agrees."""
    torch.manual_seed(0)
    net = EmotionNet(7, width=8).eval()
    temperatures = [0.5, 2.0, 0.8, 1.5, 1.0, 0.7, 1.2]
    plain, calibrated = EmotionExport(net), EmotionExport(net, temperature=temperatures)
    x = torch.rand(64, 1, 48, 48)
    with torch.no_grad():
        before, after = plain(x), calibrated(x)
    picked = before.argmax(1)
    assert torch.equal(after.argmax(1), picked)
    sharper = torch.tensor(temperatures)[picked] < 1
    assert (after.max(1).values[sharper] >= before.max(1).values[sharper] - 1e-6).all()
    assert (after.max(1).values[~sharper] <= before.max(1).values[~sharper] + 1e-6).all()
    path = str(tmp_path / "e.onnx")
    model = export(calibrated, 48, path, ["probabilities"])
    assert {"ArgMax", "Gather"} <= {node.op_type for node in model.graph.node}
    assert max_parity_error(path, calibrated, x.numpy(), ["probabilities"]) < 1e-5


def test_narrowed_classifier_is_the_full_one_conditioned_on_the_kept_classes():
    torch.manual_seed(0)
    full = EmotionNet(7, width=8).eval()
    keep = [0, 1, 4, 3, 5]  # orig5 order out of fer7: Angry, Disgust, Sad, Happy, Surprise
    narrow = narrow_classes(full, keep)
    x = torch.rand(3, 1, 48, 48)
    with torch.no_grad():
        expected = torch.softmax(full(x)[:, keep], dim=1)
        assert torch.allclose(torch.softmax(narrow(x), dim=1), expected, atol=1e-6)
        assert full(x).shape == (3, 7)  # the source network is left as it was
    assert narrow.head[-1].out_features == 5


def test_keypoint_export_matches_pytorch(tmp_path):
    torch.manual_seed(0)
    module = KeypointExport(KeypointNet(width=4).eval())
    path = str(tmp_path / "k.onnx")
    export(module, 96, path, ["keypoints", "landmarks68"])
    x = np.random.default_rng(0).random((3, 1, 96, 96), dtype=np.float32)
    assert max_parity_error(path, module, x, ["keypoints", "landmarks68"]) < 1e-5


def test_keypoint_flip_average_with_offset_exports_and_mirrors(tmp_path):
    torch.manual_seed(0)
    offset = torch.rand(68, 2) * 0.01
    module = KeypointExport(KeypointNet(width=4).eval(), flip_average=True, offset=offset).eval()
    path = str(tmp_path / "k.onnx")
    export(module, 96, path, ["keypoints", "landmarks68"])
    x = np.random.default_rng(0).random((3, 1, 96, 96), dtype=np.float32)
    assert max_parity_error(path, module, x, ["keypoints", "landmarks68"]) < 1e-5
    # A mirrored face gives the mirrored landmarks, left and right swapped (offset aside).
    t = torch.from_numpy(x)
    with torch.no_grad():
        _, pts = module(t)
        _, mirrored = module(torch.flip(t, dims=[3]))
    pts, mirrored = pts + offset, mirrored + offset
    back = mirrored[:, list(IBUG68_FLIP)]
    back[..., 0] = 1 - back[..., 0]
    assert torch.allclose(back, pts, atol=1e-5)


def test_crop_rule_square_border_and_points():
    rule = CropRule(scale=1.5, shift_x=0.1, shift_y=-0.1)
    x0, y0, side = rule.square((10, 20, 40, 60))  # centre (34, 44), side 75
    assert (x0, y0, side) == (-4, 6, 75)
    gray = np.arange(100 * 100, dtype=np.uint32).reshape(100, 100).astype(np.uint8)
    cut = cut_square(gray, x0, y0, side)
    assert cut.shape == (75, 75)
    assert (cut[:, 0] == gray[6:81, 0]).all()  # replicated left border
    crop, pts = rule.apply(gray, (10, 20, 40, 60), 48, np.array([[x0 + 37.5, y0 + 75.0]]))
    assert crop.shape == (48, 48) and np.allclose(pts, [[0.5, 1.0]])
    assert cut_square(gray, 500, 500, 10).shape == (10, 10)  # wholly outside: no crash


def test_crop_rule_json_round_trip():
    rule = CropRule(scale=1.157, shift_x=0.003, shift_y=0.013)
    d = rule.to_json()
    assert d["type"] == "square_around_detector_box" and CropRule.from_json(json.loads(json.dumps(d))) == rule


def test_schema_rejects_a_broken_model_json():
    with open(SCHEMA) as fh:
        schema = json.load(fh)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"schema_version": 1, "name": "emotion", "task": "emotion-classification"}, schema)


def test_slim_checkpoint_restores_the_network(tmp_path):
    from emotion_ai_train.checkpoints import init_matching_weights, load_checkpoint, save_slim
    torch.manual_seed(0)
    net = EmotionNet(5, width=8).eval()
    state = {"model": net.state_dict(), "epoch": 3, "best": 0.5,
             "config": {"monitor": "accuracy", "extra": {"task": "emotion", "command": "x",
                                                         "args": {"label_set": "orig5", "width": 8,
                                                                  "identity_blocks": 1}}}}
    save_slim(state, tmp_path / "slim.pt")
    restored, _ = load_checkpoint(tmp_path / "slim.pt")
    x = torch.rand(2, 1, 48, 48)
    with torch.no_grad():
        assert torch.allclose(restored(x), net(x), atol=2e-2)
    other = EmotionNet(7, width=8)
    init_matching_weights(other, tmp_path / "slim.pt")  # all but the 5-class classifier
    assert torch.equal(other.stem[0][0].weight, restored.stem[0][0].weight)


def test_record_path_rewrites_nested_strings_and_refuses_a_bad_pair():
    import argparse
    from emotion_ai_train.cli.export_onnx import path_replacement, rewrite_paths
    record = {"command": "train.py --data /tmp/fer.csv", "arguments": {"data": "/tmp/fer.csv", "epochs": 3},
              "teachers": ["../.gpu/a.pt"]}
    out = rewrite_paths(record, [path_replacement("/tmp/fer.csv=../shared/fer.csv.gz"),
                                 path_replacement("../.gpu=../runs")])
    assert out == {"command": "train.py --data ../shared/fer.csv.gz", "teachers": ["../runs/a.pt"],
                   "arguments": {"data": "../shared/fer.csv.gz", "epochs": 3}}
    with pytest.raises(argparse.ArgumentTypeError):
        path_replacement("no-equals-sign")


def test_eye_line_rotation_levels_the_eyes_and_moves_points_with_the_pixels():
    # two bright dots as eyes on a line falling 20 degrees to the right; the turned crop has them level
    gray = np.zeros((200, 200), np.uint8)
    centre, d, angle = np.array([100.0, 100.0]), 30.0, np.radians(20)
    eyes = np.array([centre - d * np.array([np.cos(angle), np.sin(angle)]),
                     centre + d * np.array([np.cos(angle), np.sin(angle)])])
    for x, y in eyes:
        cv2.circle(gray, (int(round(x)), int(round(y))), 3, 255, -1)
    rule = CropRule(scale=1.0, rotate="eye_line")
    assert abs(rule.eye_angle(eyes) - 20) < 1e-6
    crop, pts = rule.apply(gray, (50, 50, 100, 100), 100, eyes, landmarks5=eyes)
    assert abs(pts[0, 1] - pts[1, 1]) < 1e-5  # level
    for x, y in pts * 100:  # the points still sit on the dots
        assert crop[int(round(y)), int(round(x))] > 128
    assert CropRule(scale=1.0).apply(gray, (50, 50, 100, 100), 100, eyes, landmarks5=eyes)[1][0, 1] < 0.45
