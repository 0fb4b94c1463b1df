"""PNG figures for model cards: confusion matrix, training curves, sample overlays."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402


def confusion_matrix_png(cm, labels, path, title):
    cm = np.asarray(cm, dtype=np.float64)
    norm = cm / np.maximum(cm.sum(axis=1, keepdims=True), 1)
    fig, ax = plt.subplots(figsize=(1.1 * len(labels) + 2, 1.1 * len(labels) + 1.5))
    ax.imshow(norm, cmap="Blues", vmin=0, vmax=1)
    ax.set_xticks(range(len(labels)), labels, rotation=45, ha="right")
    ax.set_yticks(range(len(labels)), labels)
    for i in range(len(labels)):
        for j in range(len(labels)):
            ax.text(j, i, f"{norm[i, j]:.2f}\n({int(cm[i, j])})", ha="center", va="center", fontsize=8,
                    color="white" if norm[i, j] > 0.5 else "black")
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    ax.set_title(title)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


def training_curves_png(history, metric_keys, path, title):
    epochs = [h["epoch"] for h in history]
    fig, axes = plt.subplots(1, 1 + len(metric_keys), figsize=(4.5 * (1 + len(metric_keys)), 3.5))
    axes[0].plot(epochs, [h["loss"] for h in history])
    axes[0].set_title("training loss")
    for ax, key in zip(axes[1:], metric_keys):
        ax.plot(epochs, [h[key] for h in history])
        ax.set_title(f"validation {key}")
    for ax in axes:
        ax.set_xlabel("epoch")
        ax.grid(alpha=0.3)
    fig.suptitle(title)
    fig.tight_layout()
    fig.savefig(path, dpi=80)
    plt.close(fig)


def _grid(count, cell_w, cell_h, cols=8):
    """A figure of `count` image cells, axes switched off; yields (index, axis) for the used cells."""
    rows = (count + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(cols * cell_w, rows * cell_h), squeeze=False)
    for ax in axes.flat:
        ax.axis("off")
    return fig, list(enumerate(axes.flat))[:count]


def emotion_samples_png(images, true_idx, pred_idx, probs, labels, path, n=24):
    fig, cells = _grid(min(n, len(images)), 1.5, 1.8)
    for k, ax in cells:
        ax.imshow(images[k], cmap="gray", vmin=0, vmax=255)
        ok = true_idx[k] == pred_idx[k]
        ax.set_title(f"{labels[pred_idx[k]]} {probs[k]:.2f}\n(true {labels[true_idx[k]]})", fontsize=7,
                     color="green" if ok else "red")
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


def keypoint_samples_png(crops, pred, true, path, n=16):
    """crops uint8 [N,96,96]; pred/true crop-normalised [N,15,2]."""
    fig, cells = _grid(min(n, len(crops)), 1.6, 1.6)
    for k, ax in cells:
        side = crops[k].shape[0]
        ax.imshow(crops[k], cmap="gray", vmin=0, vmax=255)
        ax.scatter(true[k, :, 0] * side, true[k, :, 1] * side, s=6, c="red", label="truth")
        ax.scatter(pred[k, :, 0] * side, pred[k, :, 1] * side, s=6, c="lime", label="model")
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)
