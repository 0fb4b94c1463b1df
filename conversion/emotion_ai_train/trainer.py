"""A small, resumable training loop: Adam, ReduceLROnPlateau and early stopping on a validation metric,
best checkpoint kept, fixed seeds, one line per epoch with loss, metric and time left."""

import json
import os
import random
import time
from dataclasses import dataclass, field

import numpy as np
import torch

from .progress import Progress, fmt_duration


@dataclass
class TrainConfig:
    out_dir: str
    epochs: int = 60
    batch_size: int = 128
    lr: float = 1e-3
    weight_decay: float = 1e-4
    lr_factor: float = 0.5
    lr_patience: int = 3
    early_stop_patience: int = 10
    monitor: str = "accuracy"
    mode: str = "max"  # "max" when a higher metric is better, "min" otherwise
    max_minutes: float = 0.0  # stop (resumably) after this wall time; 0 = no limit
    seed: int = 0
    keep_epochs: bool = False  # also write epochs/epoch-<n>.pt (weights only) for weight averaging
    amp: bool = False  # bfloat16 autocast on CUDA (no loss scaling needed); ignored on CPU
    extra: dict = field(default_factory=dict)  # written into checkpoints (architecture, data, command)


def seed_everything(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def shuffled_index_batches(n, batch_size, generator):
    """A fresh permutation of 0..n-1 cut into batches; seeded per epoch so a resumed run sees the same ones."""
    order = torch.randperm(n, generator=generator)
    return [order[i:i + batch_size] for i in range(0, n, batch_size)]


def pick_device(name="auto"):
    device = torch.device(("cuda" if torch.cuda.is_available() else "cpu") if name == "auto" else name)
    if device.type == "cuda":
        torch.backends.cudnn.benchmark = True  # fixed input sizes: let cuDNN pick its fastest kernels once
    return device


def setup_threads(threads):
    """Use the threads asked for, or every core (torch's own default is the physical cores)."""
    torch.set_num_threads(threads or os.cpu_count() or 1)


class Trainer:
    """`train_step(model, batch) -> loss tensor`; `evaluate(model) -> dict` that holds `cfg.monitor`;
    `batches(epoch, generator) -> (iterable, count)`."""

    def __init__(self, model, cfg, train_step, evaluate, batches, device):
        self.model, self.cfg, self.device = model, cfg, device
        self.train_step, self.evaluate, self.batches = train_step, evaluate, batches
        self.optimizer = torch.optim.Adam(model.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
        self.scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(
            self.optimizer, mode=cfg.mode, factor=cfg.lr_factor, patience=cfg.lr_patience)
        self.epoch, self.best, self.bad_epochs, self.history = 0, None, 0, []
        os.makedirs(cfg.out_dir, exist_ok=True)

    @property
    def last_path(self):
        return os.path.join(self.cfg.out_dir, "last.pt")

    @property
    def best_path(self):
        return os.path.join(self.cfg.out_dir, "best.pt")

    def _state(self):
        return {"model": self.model.state_dict(), "optimizer": self.optimizer.state_dict(),
                "scheduler": self.scheduler.state_dict(), "epoch": self.epoch, "best": self.best,
                "bad_epochs": self.bad_epochs, "history": self.history, "config": self.cfg.__dict__}

    def resume(self, path):
        state = torch.load(path, map_location=self.device, weights_only=False)
        self.model.load_state_dict(state["model"])
        self.optimizer.load_state_dict(state["optimizer"])
        self.scheduler.load_state_dict(state["scheduler"])
        self.epoch, self.best = state["epoch"], state["best"]
        self.bad_epochs, self.history = state["bad_epochs"], state["history"]
        print(f"resumed from {path} at epoch {self.epoch}, best {self.cfg.monitor} {self.best}", flush=True)

    def _improved(self, value):
        if self.best is None:
            return True
        return value > self.best if self.cfg.mode == "max" else value < self.best

    def run(self, resume_path=None):
        if resume_path:
            self.resume(resume_path)
        return self.fit()

    def fit(self):
        cfg, started = self.cfg, time.time()
        first_epoch = self.epoch
        while self.epoch < cfg.epochs:
            if self.bad_epochs >= cfg.early_stop_patience:
                print(f"early stop: no {cfg.monitor} gain for {self.bad_epochs} epochs", flush=True)
                break
            if cfg.max_minutes and (time.time() - started) / 60 >= cfg.max_minutes:
                print(f"time limit of {cfg.max_minutes} min reached; resume with --resume {self.last_path}",
                      flush=True)
                break
            t0 = time.time()
            self.model.train()
            gen = torch.Generator().manual_seed(cfg.seed * 1000 + self.epoch)  # same batches on resume
            batches, count = self.batches(self.epoch, gen)
            progress = Progress(f"epoch {self.epoch + 1} batch", count)
            total = 0.0
            use_amp = cfg.amp and self.device.type == "cuda"
            for i, batch in enumerate(batches):
                with torch.autocast(device_type=self.device.type, dtype=torch.bfloat16, enabled=use_amp):
                    loss = self.train_step(self.model, batch)
                self.optimizer.zero_grad(set_to_none=True)
                loss.backward()
                self.optimizer.step()
                total += loss.detach().float()  # stays on the device: no sync per step
                if progress.due(i):
                    progress.step(i, loss=float(total) / (i + 1))
            self.model.eval()
            with torch.no_grad():
                metrics = self.evaluate(self.model)
            value = metrics[cfg.monitor]
            self.scheduler.step(value)
            self.epoch += 1
            improved = self._improved(value)
            if improved:
                self.best, self.bad_epochs = value, 0
            else:
                self.bad_epochs += 1
            lr = self.optimizer.param_groups[0]["lr"]
            row = {"epoch": self.epoch, "loss": float(total) / max(1, count), "lr": lr, "seconds": time.time() - t0,
                   **metrics}
            self.history.append(row)
            torch.save(self._state(), self.last_path)
            if cfg.keep_epochs:
                os.makedirs(os.path.join(cfg.out_dir, "epochs"), exist_ok=True)
                weights = {"model": self.model.state_dict(), "config": self.cfg.__dict__, "epoch": self.epoch,
                           "best": self.best}
                torch.save(weights, os.path.join(cfg.out_dir, "epochs", f"epoch-{self.epoch}.pt"))
            if improved:
                torch.save(self._state(), self.best_path)
            per_epoch = (time.time() - started) / (self.epoch - first_epoch)
            left = per_epoch * (cfg.epochs - self.epoch)
            shown = " ".join(f"{k} {v:.4f}" for k, v in metrics.items() if isinstance(v, float))
            print(f"epoch {self.epoch}/{cfg.epochs} loss {row['loss']:.4f} {shown} lr {lr:.2e} "
                  f"{'*best* ' if improved else ''}time {fmt_duration(row['seconds'])} "
                  f"left <= {fmt_duration(left)}", flush=True)
            with open(os.path.join(cfg.out_dir, "history.json"), "w") as fh:
                json.dump(self.history, fh, indent=1)
        return self.history
