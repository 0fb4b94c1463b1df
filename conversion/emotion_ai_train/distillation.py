"""Knowledge distillation (Hinton et al. 2015): a small network that must serve fast on CPU learns from the
softened predictions of larger networks (teachers) as well as from the labels. On FER2013, whose labels are
noisy, the teachers' soft targets carry what a face looks like between classes."""

import torch
import torch.nn.functional as F

from .checkpoints import load_checkpoint


class TeacherEnsemble:
    """Teachers rebuilt from their trainer checkpoints; their softened class probabilities are averaged."""

    def __init__(self, paths, device, flip_average=False):
        self.flip_average = flip_average
        self.nets = []
        for path in paths:
            net, _ = load_checkpoint(path)
            self.nets.append(net.to(device).to(memory_format=torch.channels_last).eval())

    @torch.no_grad()
    def soft_targets(self, images, temperature):
        views = [images, torch.flip(images, dims=[3])] if self.flip_average else [images]
        probs = [torch.softmax(net(view).float() / temperature, dim=1) for net in self.nets for view in views]
        return torch.stack(probs).mean(0)


def distillation_loss(student_logits, teacher_probs, temperature, per_face=False):
    """KL(teacher || student) at `temperature`, scaled by T^2 so its gradients keep the size of the label loss:
    the batch mean, or one value per face."""
    log_student = F.log_softmax(student_logits.float() / temperature, dim=1)
    if per_face:
        return F.kl_div(log_student, teacher_probs, reduction="none").sum(1) * temperature ** 2
    return F.kl_div(log_student, teacher_probs, reduction="batchmean") * temperature ** 2
