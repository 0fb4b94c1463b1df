import shutil

import torch

import measure_ensemble
from conftest import FER_CSV, needs_shared
from emotion_ai_train.cli import train_emotion
from emotion_ai_train.checkpoints import load_checkpoint
from emotion_ai_train.distillation import TeacherEnsemble, distillation_loss


def test_distillation_loss_is_zero_when_student_matches_teacher_and_grows_apart():
    logits = torch.tensor([[2.0, 0.5, -1.0], [0.1, 0.2, 0.3]])
    teacher = torch.softmax(logits / 4, dim=1)
    assert distillation_loss(logits, teacher, 4).abs() < 1e-5
    assert distillation_loss(-logits, teacher, 4) > 0.1


@needs_shared
def test_student_trains_from_an_ensemble_of_teachers(tmp_path):
    common = ["--data", FER_CSV, "--limit", "200", "--epochs", "1", "--threads", "1", "--batch-size", "64"]
    train_emotion.main(common + ["--width", "8", "--out", str(tmp_path / "teacher"), "--random-erasing", "0.5"])
    teacher = str(tmp_path / "teacher" / "best.pt")
    ensemble = TeacherEnsemble([teacher, teacher], torch.device("cpu"))
    soft = ensemble.soft_targets(torch.rand(4, 1, 48, 48), 4.0)
    assert soft.shape == (4, 7) and torch.allclose(soft.sum(1), torch.ones(4))
    train_emotion.main(common + ["--width", "4", "--out", str(tmp_path / "student"), "--teacher", teacher,
                                 "--teacher", teacher])
    net, state = load_checkpoint(str(tmp_path / "student" / "best.pt"))
    assert state["config"]["extra"]["args"]["teacher"] == [teacher, teacher]
    assert net.head[-1].in_features == 32  # the student's own width, not the teacher's


def test_ensemble_ceiling_measures_each_network_and_their_ensembles(tmp_path, fer_csv, capsys):
    _, csv = fer_csv
    train_emotion.main(["--data", str(csv), "--epochs", "1", "--threads", "1", "--batch-size", "8",
                        "--width", "4", "--out", str(tmp_path / "net")])
    net = str(tmp_path / "net" / "best.pt")
    copy = str(tmp_path / "copy.pt")
    shutil.copy(net, copy)
    measure_ensemble.main([net, copy, "--fer-data", str(csv), "--threads", "1"])
    out = capsys.readouterr().out
    assert out.count("mirror-averaged") == 3  # two networks, one 2-ensemble
    assert "best 2-ensemble" in out
