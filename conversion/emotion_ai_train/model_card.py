"""Writes the model card (README.md) of a model version from its model.json and measured metrics."""

import json
import os

from .test_vectors import TOLERANCE

DATA_LICENCES = {
    "emotion": "FER2013 (Goodfellow et al., ICML 2013 Challenges in Representation Learning): research use. "
               "Faces were collected by image search; labels are crowd-sourced and noisy.",
    "keypoints": "YouTube Faces DB frames (Wolf et al.) with 68-point iBUG annotations: research use.",
    "realphotos": "Real-photo fine-tuning and measurement: ../shared/data/realphotos, news photos of public "
                  "figures with crowd-sourced expression labels (noisy; rare classes have few photos), split by "
                  "person; not part of this repository.",
}

LIMITS = {
    "emotion": [
        "Trained on 48x48 gray FER2013 faces: frontal and near-frontal faces, mostly adults, web imagery. "
        "Expect lower accuracy on profile views, children, strong occlusion and video-call lighting.",
        "The output is the apparent facial expression (what the face shows), not the person's inner emotional "
        "state; classes are expression categories, not felt emotions.",
        "Disgust has few training examples (about 1.5% of the data); its recall is the least reliable.",
        "Validation (early stopping, learning-rate schedule) used FER2013 PublicTest, which is also the "
        "reported figure: it is slightly optimistic. PrivateTest was never used.",
    ],
    "keypoints": [
        "Expects a crop made by the crop rule above from a YuNet box; other detectors' boxes shift the crop "
        "and the error grows.",
        "Trained on about 2,500 photos of 300 people (YouTube Faces frames, mostly frontal, adult, "
        "low resolution); large yaw, heavy occlusion and extreme expressions are out of distribution.",
        "In-plane rotation: see the crop rule (an eye-line rule turns the face upright first) and the training "
        "augmentation in the training command; beyond about 30 degrees of roll the points drift.",
    ],
}

# What an expression model must not be used for, whatever its accuracy.
OUT_OF_SCOPE = [
    "Inferring emotions of people at the workplace or in education: the EU AI Act (Regulation 2024/1689, "
    "Art. 5(1)(f)) prohibits it, outside medical and safety reasons.",
    "Decisions about a person (hiring, credit, policing, border control, health, insurance) or judging "
    "honesty, intent or personality from a face.",
    "Biometric identification or categorisation of people by sensitive attributes.",
]

FAIRNESS = ("No figures per age, gender or skin tone exist: neither FER2013 nor the real photos carry such "
            "labels, so differences between groups are unmeasured and may be large.")


def _table(rows):
    out = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows[1:]]
    return "\n".join(out)


def _postprocessing_lines(meta):
    post = meta.get("postprocessing") or {}
    lines = []
    if post.get("flip_average_in_graph"):
        lines.append("- Inside the graph: the mirrored face is run too and the two predictions averaged"
                     + (" (mirrored points mapped back, left/right swapped)." if meta["name"] == "keypoints" else "."))
    served = meta["training"].get("served_label_set")
    if served:
        lines.append(f"- Trained on the `{served['trained_on']}` classes, served as `{served['served']}`: "
                     f"{served['how']} (softmax over the served classes).")
    logit_calibration = post.get("calibration")
    if logit_calibration:
        temperature = logit_calibration["temperature"]
        if isinstance(temperature, list):
            scaling = ("softmax(logits / T[c] + class_bias), T[c] the temperature of the class c the uncalibrated "
                       "output picks (so every answer keeps its class): "
                       + ", ".join(f"{name} {t}" for name, t in zip(meta["labels"], temperature)))
        else:
            scaling = f"softmax(logits / {temperature} + class_bias)"
        lines.append(f"- Calibration in the graph: {scaling}; "
                     f"class_bias {logit_calibration['class_bias']}, fitted on "
                     + ", ".join(f"{k.replace('_', ' ')} ({v} faces)" for k, v in logit_calibration["fitted_on"].items())
                     + f" ({logit_calibration['objective']}).")
    calibration = post.get("offset_calibration")
    if calibration:
        lines.append(f"- Then the {calibration['what']} on {calibration['data']} is subtracted (mean "
                     f"{calibration['mean_px_96']} px of the 96-px crop): a bias calibration that uses no "
                     "held-out data.")
    return lines


def _real_photo_lines(real):
    """The real-photo section of an emotion card: figures, recall per class and the confusion matrix."""
    labels = real["labels"]
    lines = ["### Real photos", "",
             f"- {real['split']}: {real['samples']} faces (the largest face of each photo, found in "
             f"{real['faces_found_rate']:.2%}, cut by the service's crop rule): accuracy **{real['accuracy']:.2%}**, "
             f"balanced accuracy (mean recall over the classes present) **{real['balanced_accuracy']:.2%}**, "
             f"expected calibration error {real['ece']:.2%}.", ""]
    rows = [["class", "recall", "photos"]] + [[n, "-" if real["recall"][n] is None else f"{real['recall'][n]:.0%}",
                                                real["support"][n]] for n in labels]
    lines += [_table(rows), "", "Confusion matrix (rows: label, columns: answer):", ""]
    lines += [_table([["", *labels]] + [[n, *row] for n, row in zip(labels, real["confusion_matrix"])]), ""]
    # known failure cases: the commonest confusions of classes with enough photos to tell
    cm = real["confusion_matrix"]
    confusions = sorted(((cm[i][j] / sum(cm[i]), labels[i], labels[j]) for i in range(len(labels))
                         for j in range(len(labels)) if i != j and sum(cm[i]) >= 20), reverse=True)[:4]
    lines += ["Known failure cases on real photos (share of the class's photos):", ""]
    lines += [f"- {true} read as {said}: {share:.0%}" for share, true, said in confusions] + [""]
    return lines


def write_card(folder, meta, metrics, reproduce):
    version = meta["version"]
    # the kind of model by task (a converted or derived model may carry another name, e.g. keras-emotion)
    name = "emotion" if meta["task"] == "emotion-classification" else "keypoints"
    lines = [f"# {meta['name']} / {version}", ""]
    if name == "emotion":
        lines += [f"Facial-expression classifier: 48x48 gray face -> probabilities over {len(meta['labels'])} "
                  f"classes ({', '.join(meta['labels'])}).", ""]
    else:
        lines += ["Facial keypoints: 96x96 gray face crop -> the 15 Kaggle Facial Keypoints "
                  "(plus the 68 iBUG landmarks they are derived from).", ""]
    crop = meta["preprocessing"]["crop"]
    lines += ["## Contract", "",
              f"- File `model.onnx` (ONNX opset {meta['training']['onnx_opset']}), input `input` float32 "
              f"{meta['input']['shape']} NCHW, `input = pixel / 255` on a gray image.",
              *[f"- Output `{o['name']}` {o['shape']}: {o['meaning']}." for o in meta["outputs"]],
              f"- Crop rule (applied by the service to a {crop['detector']} face box): square centred at the box "
              f"centre shifted by ({crop['shift_x']}, {crop['shift_y']}) box sizes, side = {crop['scale']} x "
              "mean(box width, box height), border replicated, resized with INTER_AREA"
              + ("; first turned about its centre so that YuNet's two eyes lie level." if crop.get("rotate") == "eye_line"
                 else "."),
              *_postprocessing_lines(meta),
              "- `test_vectors/`: PNG inputs and the outputs "
              + ("TensorFlow" if meta.get("conversion") else "ONNX Runtime" if meta.get("derived_from") else "PyTorch")
              + f" gave; any runtime must match them within {_tolerance(folder)}.", "",
              *_derivation_lines(meta),
              "## Training", "",
              f"- Data: {meta['training'].get('data', '')}",
              f"- Command: `{meta['training'].get('source_training_command', meta['training']['command'])}`",
              *([f"- Training run: `{meta['training']['train_command']}`"] if meta["training"].get("train_command")
                else []),
              f"- Framework: {meta['training']['framework']}; epochs run: {meta['training']['epochs_run']} "
              f"(best epoch {meta['training']['best_epoch']}).",
              *([f"- Export: `{meta['export_command']}`"] if meta.get("export_command") else []), "",
              "## Metrics", "", f"Reproduce: `{reproduce}`", ""]
    if name == "emotion":
        lines += [f"- Accuracy on {metrics['split']}: **{metrics['accuracy']:.2%}** "
                  f"({metrics['samples']} faces); macro F1 {metrics['macro_f1']:.3f}.", ""]
        rows = [["class", "precision", "recall", "F1", "support"]]
        rows += [[k, f"{v['precision']:.3f}", f"{v['recall']:.3f}", f"{v['f1']:.3f}", v["support"]]
                 for k, v in metrics["per_class"].items()]
        lines += [_table(rows), "", "![confusion matrix](confusion_matrix.png)", ""]
        if metrics.get("ece") is not None:
            lines += [f"- Expected calibration error (15 bins) on {metrics['split']}: {metrics['ece']:.2%}.", ""]
        real = metrics.get("realphotos")
        if real:
            lines += _real_photo_lines(real)
    else:
        lines += [f"- Held-out people: {metrics['samples']} photos of {metrics['people']} people "
                  f"(split by person); face found by YuNet in {metrics['faces_found_rate']:.2%}.",
                  f"- NME (mean point error / outer-eye-corner distance): **{metrics['nme_interocular']:.2%}**; "
                  f"median {metrics['nme_median']:.2%}; inter-pupil NME {metrics['nme_interpupil']:.2%}; "
                  f"failures (NME > 10%) {metrics['failure_rate_nme_over_10pct']:.2%}.",
                  f"- RMSE in 96-px crop units: {metrics['rmse_96px']:.2f}.", ""]
        rows = [["keypoint", "NME"]] + [[k, f"{v:.2%}"] for k, v in metrics["per_point_nme"].items()]
        lines += [_table(rows), ""]
    if os.path.exists(os.path.join(folder, "training_curves.png")):  # a derived or re-calibrated version has none
        lines += ["![training curves](training_curves.png)", ""]
    lines += ["Samples (held-out data):", "", "![samples](samples.png)", "", "## Limits", ""]
    lines += [f"- {item}" for item in LIMITS[name]]
    if name == "emotion":
        lines += ["", "## Out of scope", ""] + [f"- {item}" for item in OUT_OF_SCOPE] + ["", f"- {FAIRNESS}"]
    lines += ["", "## Licence", "",
              "- Model weights: MIT, like the rest of this project.",
              f"- Training data: {DATA_LICENCES[name]} The data is not part of this repository.", ""]
    if name == "emotion" and metrics.get("realphotos"):
        lines[-1:-1] = [f"- {DATA_LICENCES['realphotos']}"]
    if (meta["training"].get("arguments") or {}).get("face_api_weight"):
        from .face_api import LICENCE
        lines[-1:-1] = [f"- Distillation teacher: {LICENCE}; its soft targets, not its weights, went into training."]
    with open(os.path.join(folder, "README.md"), "w") as fh:
        fh.write("\n".join(lines))


def _tolerance(folder):
    """The tolerance the version's test vectors state (wider for int8 graphs, whose kernels differ by CPU)."""
    path = os.path.join(folder, "test_vectors", "expected.json")
    if not os.path.exists(path):
        return f"{TOLERANCE:g}"
    with open(path) as fh:
        doc = json.load(fh)
    return f"{doc['tolerance']:g}" + (f" ({doc['tolerance_why']})" if doc.get("tolerance_why") else "")


def _derivation_lines(meta):
    """A version derived by quantize.py: from which version, at which precision, how."""
    derived = meta.get("derived_from")
    if not derived:
        return []
    q = meta.get("quantization", {})
    return ["## Derivation", "",
            f"- Derived from `{derived}` at precision **{meta['precision']}**: {q.get('method', '')}.",
            *[f"- {k.replace('_', ' ')}: {v}" for k, v in q.items() if k != "method"],
            f"- Command: `{meta['training']['command']}`",
            f"- The training below is `{derived}`'s; this graph holds its weights at lower precision.", ""]


def write_converted_card(folder, meta):
    """The card of a model converted from Keras/TensorFlow (keras_to_onnx.py) or derived from another version
    (quantize.py): its contract, where it came from, and the figures measured so far (emotion-ai-evaluate
    replaces this card with the full one)."""
    name, version = meta["name"], meta["version"]
    task = meta["task"]
    crop = meta["preprocessing"]["crop"]
    side = meta["input"]["shape"][2]
    lines = [f"# {name} / {version}", ""]
    if task == "emotion-classification":
        lines += [f"Facial-expression classifier: {side}x{side} gray face -> probabilities over "
                  f"{len(meta['labels'])} classes ({', '.join(meta['labels'])}).", ""]
    else:
        lines += [f"Facial keypoints: {side}x{side} gray face crop -> the {len(meta['keypoint_names'])} Kaggle "
                  "Facial Keypoints.", ""]
    conv, derived = meta.get("conversion"), meta.get("derived_from")
    lines += ["## Contract", "",
              f"- File `model.onnx` (ONNX opset {meta['training'].get('onnx_opset')}), input `input` float32 "
              f"{meta['input']['shape']} NCHW, `input = pixel / 255` on a gray image.",
              *[f"- Output `{o['name']}` {o['shape']}: {o['meaning']}." for o in meta["outputs"]],
              f"- Crop rule (applied by the service to a {crop['detector']} face box): square centred at the box "
              f"centre shifted by ({crop['shift_x']}, {crop['shift_y']}) box sizes, side = {crop['scale']} x "
              "mean(box width, box height), border replicated, resized with INTER_AREA.",
              "- `test_vectors/`: PNG inputs and the reference outputs "
              + ("TensorFlow gave" if conv else "ONNX Runtime (CPU provider) gave for this graph")
              + f"; any runtime must match them within {_tolerance(folder)}.", ""]
    if conv:
        lines += ["## Conversion", "",
                  f"- Source: `{conv['source']}` ({conv['source_format']}, {conv['source_layout']} input"
                  + (", converted with `inputs_as_nchw`" if conv["inputs_as_nchw"] else "") + ").",
                  f"- Output: {conv['output']}.",
                  f"- Framework: {meta['training']['framework']}; {meta['training']['converted_with']}.",
                  f"- Command: `{meta['training']['command']}`",
                  f"- Parity with TensorFlow in ONNX Runtime: max abs error {conv['parity_max_abs_error']:.1e}.",
                  *([f"- Trained on: {meta['training']['data']}"] if meta["training"].get("data") else []), ""]
    lines += _derivation_lines(meta)
    metrics = meta.get("metrics")
    lines += ["## Metrics", ""]
    if metrics:
        lines += [f"- {k}: {v}" for k, v in metrics.items() if not isinstance(v, (dict, list))]
    else:
        lines += ["- Not measured here: run `emotion-ai-evaluate --model-dir <this folder>` with the data "
                  "(`--fer-data` or `--crops`) to write accuracy or NME into model.json and this card."]
    lines += ["", "## Limits", ""]
    lines += [f"- {item}" for item in LIMITS["emotion" if task == "emotion-classification" else "keypoints"]]
    lines += ["", "## Licence", "", "- Model weights: MIT, like the rest of this project (a converted model: "
              "the licence its owner gives it).", ""]
    with open(os.path.join(folder, "README.md"), "w") as fh:
        fh.write("\n".join(lines))
