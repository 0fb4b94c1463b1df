"""The figures that judge an emotion model where callers meet it: accuracy, balanced accuracy (mean recall over
the classes present), per-class recall, the confusion matrix and the expected calibration error (ECE: the gap
between confidence and accuracy, averaged over 15 equal-width confidence bins, weighted by their share)."""

import numpy as np

ECE_BINS = 15


def expected_calibration_error(probs, y, bins=ECE_BINS):
    conf, pred = probs.max(1), probs.argmax(1)
    edges = np.linspace(0, 1, bins + 1)
    ece = 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        inside = (conf > lo) & (conf <= hi)
        if inside.any():
            ece += inside.mean() * abs((pred[inside] == y[inside]).mean() - conf[inside].mean())
    return float(ece)


def figures(y, probs, labels):
    """y: class indices into `labels` [N]; probs [N, K]. Balanced accuracy averages the recall of the classes
    that have samples (a class with none cannot be measured)."""
    k = len(labels)
    pred = probs.argmax(1)
    cm = np.zeros((k, k), np.int64)
    np.add.at(cm, (y, pred), 1)
    support = cm.sum(1)
    recall = {labels[i]: (float(cm[i, i] / support[i]) if support[i] else None) for i in range(k)}
    present = [r for r in recall.values() if r is not None]
    return {"samples": int(len(y)), "accuracy": float((pred == y).mean()),
            "balanced_accuracy": float(np.mean(present)), "recall": recall,
            "support": {labels[i]: int(support[i]) for i in range(k)},
            "ece": expected_calibration_error(probs, y), "confusion_matrix": cm.tolist(), "labels": list(labels)}


def print_figures(title, f):
    print(f"{title}: {f['samples']} faces, accuracy {f['accuracy']:.2%}, balanced accuracy "
          f"{f['balanced_accuracy']:.2%}, ECE {f['ece']:.2%}")
    print("  recall: " + ", ".join(f"{n} {r:.0%} ({f['support'][n]})" for n, r in f["recall"].items()
                                   if r is not None))
    print("  confusion (rows true, columns predicted: " + " ".join(f["labels"]) + ")")
    for name, row in zip(f["labels"], f["confusion_matrix"]):
        if sum(row):
            print(f"    {name:9s} {row}")


def model_labels_of(fer_ids, labels):
    """FER2013 ids -> indices into a model's labels; -1 where the model has no such class (emotion/1 has no
    Fear or Neutral)."""
    from .labels import FER2013_LABELS
    index = {name: i for i, name in enumerate(labels)}
    return np.array([index.get(FER2013_LABELS[i], -1) for i in fer_ids], np.int64)
