"""Derives a lower-precision variant of a model version, written as a full version folder (model.onnx, model.json
with `precision`, `derived_from` and `quantization`, card README.md, test_vectors/ recomputed from the new graph
in ONNX Runtime). Input and outputs stay float32, so the serving contract is unchanged.

- int8: ONNX Runtime static quantization (quantize_static, QDQ, per-channel weights) after
  quant_pre_process, calibrated on TRAINING inputs made by the model's own crop rule: emotion = FER2013
  Training faces (pixel / 255, as the exporter's preprocessing), keypoints = the 96x96 YuNet crops of the
  landmarks68 training people (make_keypoint_crops.py's train.npz, checked against the model's crop rule and
  held-out people; or --landmarks + --detector to cut them here, leaving the model's validation_people out).
- fp16: onnxruntime.transformers.float16 (keep_io_types=True) after quant_pre_process.
Examples:
  emotion-ai-quantize --model-dir ../models-onnx/emotion/2 --precision int8 --version 3 --out-dir ../runs/quant \\
      --fer-data ../../shared/data/fer2013/fer2013.csv.gz
  emotion-ai-quantize --model-dir ../models-onnx/keypoints/1 --precision int8 --version 3 --out-dir ../runs/quant \\
      --crops ../runs/kp-crops
  emotion-ai-quantize --model-dir ../models-onnx/emotion/2 --precision fp16 --version 4 --out-dir ../runs/quant
"""

import argparse
import contextlib
import json
import os
import shutil
import tempfile

import numpy as np
import onnx
import onnxruntime

from emotion_ai_train import metadata
from emotion_ai_train.onnx_export import onnx_session, run_onnx
from emotion_ai_train.test_vectors import read_vectors
# Lower-precision graphs are not bit-stable across runtimes: ONNX Runtime's fused int8 kernels and the same QDQ
# graph run op by op in float (optimizations off, its reference meaning) differ (each version's expected.json
# says by how much), and other CPUs' kernels (VNNI, AMX, AVX2) or providers may too. Their test vectors hold to
# this; vectors_document refuses a graph whose gap comes within half of it.
LOWER_PRECISION_TOLERANCE = 2e-2
# A derived graph against its fp32 parent's test vectors (parent_check).
PARENT_TOLERANCE = 6e-2


def reference_gap(fused, path, inputs, names):
    """Largest output difference between the optimized session `fused` (fused kernels) and the graph at `path`
    run op by op."""
    options = onnxruntime.SessionOptions()
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_DISABLE_ALL
    plain = onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    a, b = run_onnx(fused, inputs, names), run_onnx(plain, inputs, names)
    return max(float(np.abs(a[n] - b[n]).max()) for n in names)


def vectors_document(cases, precision, gap):
    if gap >= LOWER_PRECISION_TOLERANCE / 2:
        raise SystemExit(f"fused kernels and the op-by-op graph differ by {gap:.2e}: too close to the test-vector "
                         f"tolerance {LOWER_PRECISION_TOLERANCE}")
    return {"tolerance": LOWER_PRECISION_TOLERANCE, "normalisation": "input = pixel / 255, shape [1, 1, H, W]",
            "reference": f"onnxruntime {onnxruntime.__version__} CPUExecutionProvider, this {precision} graph",
            "tolerance_why": f"{precision} kernels differ between runtimes and CPUs; here the fused kernels and the "
                             f"graph run op by op (optimizations off) differ by up to {gap:.1e}",
            "cases": cases}


def parent_check(parent_meta, drift, tolerance=None):
    """How far this graph may be from its fp32 parent's committed outputs on the same inputs, on any CPU: the
    quantization error measured here, which every CPU reproduces when the kernels cannot saturate, within
    LOWER_PRECISION_TOLERANCE. A saturating CPU moves probabilities by 0.1 and more (issue 28), well beyond."""
    tolerance = PARENT_TOLERANCE if tolerance is None else tolerance
    if drift >= tolerance - LOWER_PRECISION_TOLERANCE:
        raise SystemExit(f"the derived graph is {drift:.3f} from its parent's test vectors: more than the "
                         f"{tolerance - LOWER_PRECISION_TOLERANCE:.2f} a parent check can allow")
    return {"version": f"{parent_meta['name']}/{parent_meta['version']}", "tolerance": tolerance,
            "max_difference_here": float(f"{drift:.3g}"),
            "meaning": "this graph, run on the parent's test-vector inputs, stays within tolerance of the parent's "
                       "expected outputs"}


def emotion_calibration(fer_data, count, seed):
    from emotion_ai_train.data.fer2013 import read_fer
    train = read_fer(fer_data, usages={"Training"}).split("Training")
    pick = np.sort(np.random.default_rng(seed).choice(len(train.images), min(count, len(train.images)), False))
    return (train.images[pick].astype(np.float32)[:, None] / 255.0,
            {"data": "FER2013 Training", "faces": int(len(pick)), "of": int(len(train.images)),
             "sampling": f"uniform without replacement, seed {seed}", "preprocessing": "pixel / 255 (48x48 gray)"})


def aligned_calibration(faces, count, seed):
    """Training faces of every set, five-point aligned (make_aligned_faces.py), for models of that crop rule."""
    sets = [np.load(os.path.join(faces, f"{name}.npz")) for name in ("rafdb", "fer2013", "realphotos", "kdef")]
    images = np.concatenate([s["images"][s["split"] == "train"] for s in sets])
    pick = np.sort(np.random.default_rng(seed).choice(len(images), min(count, len(images)), False))
    return (images[pick].astype(np.float32)[:, None] / 255.0,
            {"data": "training faces of RAF-DB, FER2013, realphotos and KDEF, five-point aligned", "source": faces,
             "faces": int(len(pick)), "of": int(len(images)), "sampling": f"uniform without replacement, seed {seed}",
             "preprocessing": f"pixel / 255 ({images.shape[1]}x{images.shape[2]} gray)"})


def keypoint_calibration(meta, crops, landmarks, detector, count, seed):
    """Training crops by the model's crop rule; the model's held-out people never enter."""
    held_out = set(meta["training"].get("validation_people") or [])
    rule = meta["preprocessing"]["crop"]
    if crops:
        with open(os.path.join(crops, "crops.json")) as fh:
            report = json.load(fh)
        if {k: report["crop_rule"].get(k) for k in ("scale", "shift_x", "shift_y")} != \
                {k: rule.get(k) for k in ("scale", "shift_x", "shift_y")}:
            raise SystemExit(f"{crops}: crop rule {report['crop_rule']} is not the model's {rule}")
        train = np.load(os.path.join(crops, "train.npz"))
        images, people = train["images"], train["people"]
        source = f"{crops}/train.npz (make_keypoint_crops.py)"
    else:
        from emotion_ai_train.crop import CropRule
        from emotion_ai_train.data.landmarks68 import read_landmarks68
        from emotion_ai_train.detector import YuNet
        from emotion_ai_train.keypoint_task import make_crops
        records = [r for r in read_landmarks68(landmarks) if r.person not in held_out]
        arrays, _ = make_crops(records, YuNet(detector), CropRule.from_json(rule), meta["input"]["shape"][2])
        images, people = arrays["images"], arrays["people"]
        source = f"{landmarks} cut here with YuNet ({os.path.basename(detector)})"
    leaked = held_out & set(people.tolist())
    if leaked:
        raise SystemExit(f"calibration crops hold {len(leaked)} of the model's held-out people: {sorted(leaked)[:3]}")
    pick = np.sort(np.random.default_rng(seed).choice(len(images), min(count, len(images)), False))
    return (images[pick].astype(np.float32)[:, None] / 255.0,
            {"data": "landmarks68 training people (YuNet crops by the model's crop rule)", "source": source,
             "crops": int(len(pick)), "of": int(len(images)), "people": int(len(set(people[pick].tolist()))),
             "held_out_people_excluded": len(held_out), "sampling": f"uniform without replacement, seed {seed}",
             "preprocessing": "pixel / 255 (96x96 gray)"})


class _Reader:
    """onnxruntime.quantization.CalibrationDataReader over a float32 [N,1,H,W] array, in equal batches (the
    histogram calibrators stack them; a short last batch is dropped)."""

    def __init__(self, x, batch=50):
        self.parts = iter([{"input": x[i:i + batch]} for i in range(0, len(x) - batch + 1, batch)])

    def get_next(self):
        return next(self.parts, None)


def nodes_after(model_path, op_type):
    """Names of the nodes downstream of every `op_type` node (not those nodes themselves)."""
    graph = onnx.load(model_path).graph
    consumers = {}
    for node in graph.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)
    tail, frontier = {}, [out for n in graph.node if n.op_type == op_type for out in n.output]
    while frontier:
        for node in consumers.get(frontier.pop(), []):
            if node.name not in tail:
                tail[node.name] = node
                frontier.extend(node.output)
    return sorted(tail)


# Why 7-bit weights give the same answers on every x86-64 CPU (docs/benchmarks.md, "int8 on every CPU"): ONNX
# Runtime's U8S8 kernels on AVX2 and on AVX-512 without VNNI multiply with vpmaddubsw, which adds each pair of
# uint8 x int8 products into an int16 with saturation. With activations in [0, 255] and weights in [-64, 64]
# (reduce_range) a pair is at most 2 * 255 * 64 = 32640 <= 32767, so no pair saturates; the int16 pairs are then
# widened and summed in int32 (vpmaddwd), as VNNI's vpdpbusd and AMX's tdpbusd sum every product in int32 at
# once. Integer sums that never overflow do not depend on their order, so every kernel gives the same int32
# accumulators. Full int8 weights ([-128, 127]) reach 2 * 255 * 127 = 64770 and saturate on AVX2.
WEIGHT_RANGE = {7: 64, 8: 128}
INT16_MAX = 32767


def pair_sum_bound(weight_bits, weights="int8"):
    """The largest |a1*w1 + a2*w2| of two uint8 activations and two weights at this precision: what one int16
    lane of vpmaddubsw must hold (uint8 weights are widened to int16 by the U8U8 kernels, never paired in int16)."""
    return 2 * 255 * (WEIGHT_RANGE[weight_bits] if weights == "int8" else 255)


def quantize_int8(src, dst, calibration, method, op_types=None, activations="int8", quant_format="QDQ",
                  float_after=None, weight_bits=7, weights="int8"):
    """activations uint8 = U8S8, the form x86's VNNI dot products take natively; int8 = S8S8, ONNX Runtime's
    default. weight_bits 7 = ONNX Runtime's reduce_range: weights in [-64, 64], which no x86 kernel can saturate
    (WEIGHT_RANGE above). weights uint8 (with uint8 activations) = U8U8, which AVX2 computes in int16 x int16.
    QOperator writes QLinearConv & co. directly; QDQ leaves the fusion to ONNX Runtime at load.
    float_after: an op type (the emotion classifier's Gemm) after which the graph stays float32, so that the
    calibration, softmax and mirror average give probabilities at full resolution that sum to 1."""
    from onnxruntime.quantization import CalibrationMethod, QuantFormat, QuantType, quantize_static
    quantize_static(src, dst, _Reader(calibration), quant_format=getattr(QuantFormat, quant_format), per_channel=True,
                    reduce_range=weight_bits == 7,
                    activation_type=QuantType.QUInt8 if activations == "uint8" else QuantType.QInt8,
                    weight_type=QuantType.QUInt8 if weights == "uint8" else QuantType.QInt8,
                    op_types_to_quantize=op_types,
                    nodes_to_exclude=nodes_after(src, float_after) if float_after else None,
                    calibrate_method=getattr(CalibrationMethod, method))
    form = ("U" if activations == "uint8" else "S") + "8" + ("U" if weights == "uint8" else "S") + "8"
    return {"method": f"onnxruntime {onnxruntime.__version__} quantize_static after quant_pre_process",
            "quant_format": quant_format, "per_channel": True,
            "activation_type": f"{activations} ({form})", "weight_type": weights,
            "weight_bits": weight_bits, "calibrate_method": method, "reduce_range": weight_bits == 7,
            "int16_pair_bound": {"largest_pair_sum": pair_sum_bound(weight_bits, weights), "int16_max": INT16_MAX},
            "op_types_quantized": op_types or "onnxruntime's default (every supported op)",
            **({"float32_after": f"{float_after} (the outputs' tail is not quantized)"} if float_after else {})}


def pre_process(src, dst):
    """quant_pre_process; ONNX Runtime's symbolic shape inference gives up on graphs whose shapes come from
    computed values (the mirror-averaging and integral-keypoint graphs: "Incomplete symbolic shape inference"),
    and ONNX's own shape inference is enough for them."""
    from onnxruntime.quantization.shape_inference import quant_pre_process
    try:
        quant_pre_process(src, dst)
        return "quant_pre_process"
    except Exception as e:  # onnxruntime raises a plain Exception here
        if "symbolic shape inference" not in str(e):
            raise
        quant_pre_process(src, dst, skip_symbolic_shape=True)
        return "quant_pre_process (skip_symbolic_shape: ONNX Runtime's symbolic inference is incomplete here)"


def convert_fp16(src, dst):
    from onnxruntime.transformers.float16 import convert_float_to_float16
    model = convert_float_to_float16(onnx.load(src), keep_io_types=True)
    onnx.save(model, dst)
    return {"method": f"onnxruntime {onnxruntime.__version__} transformers.float16.convert_float_to_float16 after "
                      "quant_pre_process", "keep_io_types": True}


def derive(model_dir, precision, version, out_dir, calibration=None, calibration_info=None, method="MinMax",
           command=None, op_types=None, activations="int8", quant_format="QDQ", weight_bits=7, weights="int8",
           parent_tolerance=None):
    meta = metadata.read(model_dir)
    src = os.path.join(model_dir, meta["file"])
    folder = os.path.join(out_dir, meta["name"], str(version))
    os.makedirs(folder, exist_ok=True)
    dst = os.path.join(folder, "model.onnx")
    src, dst = os.path.abspath(src), os.path.abspath(dst)
    # ONNX Runtime's calibrator and shape inference leave files in the working directory: work in the temporary one
    with tempfile.TemporaryDirectory() as tmp, contextlib.chdir(tmp):
        pre = os.path.join(tmp, "pre.onnx")
        pre_step = pre_process(src, pre)
        if precision == "int8":
            # probabilities stay float: quantized to 1/255 steps they would not sum to 1
            float_after = "Gemm" if meta["task"] == "emotion-classification" else None
            settings = quantize_int8(pre, dst, calibration, method, op_types, activations, quant_format, float_after,
                                     weight_bits, weights)
            settings["calibration"] = calibration_info
        else:
            settings = convert_fp16(pre, dst)
        settings["pre_processing"] = pre_step
    names = [o["name"] for o in meta["outputs"]]
    session = onnx_session(dst)  # loads in ONNX Runtime's CPU provider, or stops here

    # test vectors: the source version's PNG inputs, outputs of this graph
    vectors_in, vectors_out = os.path.join(model_dir, "test_vectors"), os.path.join(folder, "test_vectors")
    shutil.rmtree(vectors_out, ignore_errors=True)
    os.makedirs(vectors_out)
    source, inputs = read_vectors(vectors_in)
    cases, drift = [], 0.0
    for i, case in enumerate(source["cases"]):
        shutil.copy(os.path.join(vectors_in, case["input"]), vectors_out)
        out = run_onnx(session, inputs[i:i + 1], names)
        cases.append({"input": case["input"], "outputs": {n: out[n][0].round(7).tolist() for n in names}})
        drift = max(drift, max(float(np.abs(out[n][0] - np.array(case["outputs"][n])).max()) for n in names))
    doc = vectors_document(cases, precision, reference_gap(session, dst, inputs, names))
    doc["parent"] = parent_check(meta, drift, parent_tolerance)
    with open(os.path.join(vectors_out, "expected.json"), "w") as fh:
        json.dump(doc, fh)

    derived = {k: v for k, v in meta.items() if k not in ("sha256", "crc32", "metrics", "export_command")}
    derived.update(version=str(version), precision=precision, derived_from=f"{meta['name']}/{meta['version']}")
    settings["max_abs_change_on_test_vectors"] = float(f"{drift:.3g}")
    derived["quantization"] = settings
    derived["training"] = dict(meta["training"], command=command or f"derived by conversion/quantize.py")
    derived["training"]["source_training_command"] = meta["training"]["command"]
    parent = meta.get("summary", {})
    derived["summary"] = {"input": parent.get("input", f"as {meta['name']}/{meta['version']}"),
                          "output": f"{meta['name']}/{meta['version']} in {precision}"
                                    + (" (7-bit weights)" if settings.get("weight_bits") == 7 else ""),
                          "figure": "see its model card"}
    derived = metadata.write(derived, folder)
    from emotion_ai_train.model_card import write_converted_card
    write_converted_card(folder, derived)
    return folder, drift


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model-dir", required=True, help="the fp32 source version, e.g. ../models-onnx/emotion/2")
    ap.add_argument("--precision", choices=("int8", "fp16"), required=True)
    ap.add_argument("--version", required=True, help="version of the derived model")
    ap.add_argument("--out-dir", required=True, help="writes <out-dir>/<name>/<version>/ (e.g. ../runs/quant)")
    ap.add_argument("--fer-data", help="int8 emotion: FER2013 (Training faces calibrate)")
    ap.add_argument("--faces", help="int8 emotion with a five-point crop rule: make_aligned_faces.py's folder "
                    "(its training faces calibrate)")
    ap.add_argument("--crops", help="int8 keypoints: make_keypoint_crops.py folder (its train.npz calibrates)")
    ap.add_argument("--landmarks", help="int8 keypoints without --crops: landmarks68 folder, cut here with --detector")
    ap.add_argument("--detector", help="YuNet ONNX file (with --landmarks)")
    ap.add_argument("--calibration-size", type=int, default=2000)
    ap.add_argument("--calibrate-method", choices=("MinMax", "Entropy", "Percentile"), default="MinMax")
    ap.add_argument("--op-types", help="int8: comma-separated op types to quantize (default: all ONNX Runtime "
                    "supports); keypoints/1 keeps its accuracy only with Gemm (docs/benchmarks.md)")
    ap.add_argument("--activations", choices=("int8", "uint8"), default="int8",
                    help="int8: activations int8 (S8S8, ONNX Runtime's default); uint8: U8S8")
    ap.add_argument("--quant-format", choices=("QDQ", "QOperator"), default="QDQ")
    ap.add_argument("--weight-bits", type=int, choices=(7, 8), default=7,
                    help="int8: 7 (reduce_range, weights in [-64, 64]: no x86 kernel can saturate, the same answers "
                         "on every CPU) or 8 (full range: AVX2 and AVX-512 without VNNI saturate; never served)")
    ap.add_argument("--weights", choices=("int8", "uint8"), default="int8",
                    help="int8 weights (U8S8 with --activations uint8) or uint8 (U8U8)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)

    meta = metadata.read(args.model_dir)
    if meta.get("precision", "fp32") != "fp32":
        ap.error(f"{args.model_dir} is already {meta['precision']}: derive from the fp32 version")
    calibration = info = None
    if args.precision == "int8":
        if meta["task"] == "emotion-classification" and args.faces:
            calibration, info = aligned_calibration(args.faces, args.calibration_size, args.seed)
        elif meta["task"] == "emotion-classification":
            if not args.fer_data:
                ap.error("--fer-data (or --faces) is needed to calibrate an emotion model")
            calibration, info = emotion_calibration(args.fer_data, args.calibration_size, args.seed)
        else:
            if not (args.crops or (args.landmarks and args.detector)):
                ap.error("--crops (or --landmarks and --detector) is needed to calibrate a keypoint model")
            calibration, info = keypoint_calibration(meta, args.crops, args.landmarks, args.detector,
                                                     args.calibration_size, args.seed)
    folder, drift = derive(args.model_dir, args.precision, args.version, args.out_dir, calibration, info,
                           args.calibrate_method, metadata.RUN_PREFIX + metadata.command_line("quantize.py", argv),
                           args.op_types.split(",") if args.op_types else None, args.activations, args.quant_format,
                           args.weight_bits, args.weights)
    size = os.path.getsize(os.path.join(folder, "model.onnx")) / 1e6
    print(f"wrote {folder}: {args.precision} model.onnx {size:.2f} MB, largest change on the source's test vectors "
          f"{drift:.2e}", flush=True)


if __name__ == "__main__":
    main()
