import torch

from conftest import FER_CSV, ROOT, needs_shared
from emotion_ai_train.cli import average_weights
from emotion_ai_train.checkpoints import load_checkpoint
from emotion_ai_train.nets.emotion import EmotionNet
from emotion_ai_train.weight_averaging import average_state_dicts, recompute_batch_norm


def test_average_is_the_mean_of_float_tensors_and_keeps_counters():
    torch.manual_seed(0)
    a, b = EmotionNet(7, width=4).state_dict(), EmotionNet(7, width=4).state_dict()
    avg = average_state_dicts([a, b])
    key = next(k for k in a if k.endswith("weight"))
    assert torch.allclose(avg[key], (a[key] + b[key]) / 2)
    counter = next(k for k in a if k.endswith("num_batches_tracked"))
    assert avg[counter].dtype == torch.long


def test_batch_norm_statistics_are_measured_again():
    torch.manual_seed(0)
    net = EmotionNet(7, width=4).eval()
    images = torch.rand(64, 1, 48, 48) * 0.5 + 0.25
    recompute_batch_norm(net, images, batch_size=16)
    conv, bn = net.stem[0][0], net.stem[0][1]
    with torch.no_grad():
        expected = conv(images).mean(dim=(0, 2, 3))  # equal batches: the mean of batch means is the mean
    assert torch.allclose(bn.running_mean, expected, atol=1e-5)
    assert not net.training and bn.momentum == 0.1


@needs_shared
def test_averaged_checkpoint_exports_like_a_trained_one(tmp_path):
    slim = f"{ROOT}/conversion/checkpoints/emotion-2.pt"
    out = tmp_path / "avg.pt"
    average_weights.main(["--checkpoints", slim, slim, "--data", FER_CSV, "--limit", "300", "--out", str(out),
                          "--threads", "1"])
    net, state = load_checkpoint(str(out))
    assert state["config"]["extra"]["args"]["label_set"] == "fer7"
    assert state["config"]["extra"]["command"].startswith("average_weights.py")
    assert 0 < state["best"] <= 1
