"""One-line progress reports with time left, readable in a log file (no terminal control codes)."""

import sys
import time


def fmt_duration(seconds):
    seconds = int(max(0, seconds))
    h, rem = divmod(seconds, 3600)
    m, s = divmod(rem, 60)
    return f"{h}h{m:02d}m" if h else f"{m}m{s:02d}s"


class Progress:
    """Prints `label i/n ... eta` about `updates` times over a loop of n steps."""

    def __init__(self, label, total, updates=4, stream=sys.stdout):
        self.label, self.total, self.stream = label, total, stream
        self.every = max(1, total // updates)
        self.start = time.time()

    def due(self, i):
        """Whether step i prints: lets a caller skip computing figures (a GPU sync) on the other steps."""
        done = i + 1
        return not done % self.every or done == self.total

    def step(self, i, **figures):
        if not self.due(i):
            return
        done = i + 1
        elapsed = time.time() - self.start
        eta = elapsed / done * (self.total - done)
        extra = " ".join(f"{k} {v:.4f}" for k, v in figures.items())
        print(f"  {self.label} {done}/{self.total} {extra} elapsed {fmt_duration(elapsed)} "
              f"left {fmt_duration(eta)}", file=self.stream, flush=True)
