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


def test_mobilenet_loss_distils_where_a_teacher_answers_and_keeps_the_labels_elsewhere():
    from emotion_ai_train.cli.train_mobilenet_emotion import label_and_teacher_loss
    torch.manual_seed(0)
    logits, labels, weights = torch.randn(6, 7), torch.arange(6), torch.ones(7)
    no_teacher = torch.full((6, 7), float("nan"))
    labels_alone = torch.nn.functional.cross_entropy(logits, labels)
    assert torch.isclose(label_and_teacher_loss(logits, labels, no_teacher, weights, 0.0, 0.7, 4.0), labels_alone)
    agreeing = torch.softmax(logits, 1)  # a teacher that answers as the student does: nothing left to distil
    assert label_and_teacher_loss(logits, labels, agreeing, weights, 0.0, 1.0, 4.0).abs() < 1e-5
    half = torch.cat([agreeing[:3], no_teacher[:3]])
    per_face = torch.nn.functional.cross_entropy(logits, labels, reduction="none")
    expected = (0.3 * per_face[:3].sum() + per_face[3:].sum()) / 6
    assert torch.isclose(label_and_teacher_loss(logits, labels, half, weights, 0.0, 0.7, 4.0), expected, atol=1e-5)


def test_teacher_probs_follow_the_aligned_faces_rows(tmp_path, fer_csv):
    """make_teacher_probs.py: the FER2013 networks answer the FER2013 training faces from the CSV's crops, the
    MobileNetV2 networks every other training face; validation faces and unanswered rows stay NaN."""
    import numpy as np
    from emotion_ai_train.cli import make_teacher_probs
    from emotion_ai_train.data.fer2013 import read_fer_csv
    from emotion_ai_train.nets.mobilenet import MobileNetEmotionNet
    _, csv = fer_csv
    fer = read_fer_csv(str(csv), usages={"Training", "PublicTest"})
    rng = np.random.default_rng(0)
    faces = tmp_path / "faces"
    faces.mkdir()
    sets = {"rafdb": ["train", "train", "val"], "realphotos": ["train", "val", "test"], "kdef": ["train", "val"],
            "fer2013": ["train" if u == "Training" else "test" for u in fer.usage]}
    for name, split in sets.items():
        labels = fer.fer_ids if name == "fer2013" else np.arange(len(split)) % 7
        np.savez(faces / f"{name}.npz", images=rng.integers(0, 256, (len(split), 112, 112), dtype=np.uint8),
                 labels=labels, split=np.array(split), angle=np.array(["S"] * len(split)))
    train_emotion.main(["--data", str(csv), "--epochs", "1", "--threads", "1", "--batch-size", "8", "--width", "4",
                        "--out", str(tmp_path / "fer-net")])
    mobilenet = tmp_path / "mobilenet.pt"
    torch.save({"model": MobileNetEmotionNet(7, 0.3, 0).state_dict(), "args": {"dropout": 0.3, "trunk_blocks": 0}},
               mobilenet)
    out = tmp_path / "teachers.npz"
    make_teacher_probs.main(["--faces", str(faces), "--fer-data", str(csv), "--fer-teacher",
                             str(tmp_path / "fer-net" / "best.pt"), "--mobilenet-teacher", str(mobilenet),
                             "--threads", "1", "--out", str(out)])
    probs = np.load(out)
    for name, split in sets.items():
        train = np.array(split) == "train"
        assert probs[name].shape == (len(split), 7)
        assert np.allclose(probs[name][train].sum(1), 1, atol=1e-5) and np.isnan(probs[name][~train]).all()
    # the FER2013 network's answers, not the MobileNetV2's: its own mirror-averaged probabilities on the CSV's crops
    fer_net, _ = load_checkpoint(str(tmp_path / "fer-net" / "best.pt"))
    training = fer.split("Training")
    expected = make_teacher_probs.mean_answer([fer_net], torch.from_numpy(training.images).float().div(255)[:, None])
    assert np.allclose(probs["fer2013"][:len(training.fer_ids)], expected, atol=1e-6)
