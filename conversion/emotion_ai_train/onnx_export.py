"""ONNX export with a dynamic batch axis, and the parity check of the exported graph against PyTorch.

The exported graph is run by ONNX Runtime's CPU provider, the runtime of the Java service (which proves parity
again on the saved test vectors)."""

import os

import numpy as np
import onnx
import onnxruntime
import torch

OPSET = 17


def export(module, input_side, path, output_names, opset=OPSET):
    module = module.eval()
    dummy = torch.rand(2, 1, input_side, input_side)
    axes = {"input": {0: "batch"}, **{name: {0: "batch"} for name in output_names}}
    # dynamo=False: the TorchScript-based exporter every committed model was exported with (torch >= 2.9
    # defaults to the dynamo one)
    torch.onnx.export(module, dummy, path, input_names=["input"], output_names=list(output_names),
                      dynamic_axes=axes, opset_version=opset, do_constant_folding=True, dynamo=False)
    model = fold_pads_into_convs(inline_identities(onnx.load(path)))
    flush_denormals(model)
    onnx.checker.check_model(model)
    onnx.save(model, path)
    return model


def flush_denormals(model):
    """Sets float32 weights below the smallest normal value (1.2e-38) to zero; returns how many there were.
    Training can leave them (emotion/1 and emotion/2 had many). They change no output, but x86 CPUs compute on
    them in microcode, several times slower (figures in docs/benchmarks.md). ONNX Runtime's
    session.set_denormal_as_zero does not reach a single-threaded session, whose work runs on the caller's thread
    (the service's default), so the weights themselves are cleaned."""
    from onnx import numpy_helper
    flushed = 0
    for i, tensor in enumerate(model.graph.initializer):
        if tensor.data_type != onnx.TensorProto.FLOAT:
            continue
        values = numpy_helper.to_array(tensor)
        tiny = (values != 0) & (np.abs(values) < np.finfo(np.float32).tiny)
        if tiny.any():
            flushed += int(tiny.sum())
            model.graph.initializer[i].CopyFrom(numpy_helper.from_array(np.where(tiny, 0, values).astype(np.float32),
                                                                        tensor.name))
    return flushed


def inline_identities(model):
    """Drops the Identity nodes torch emits when a module runs twice (the flip average shares weights): they
    are no-ops, and without them the graph also loads in OpenCV's DNN importer (4.6 rejects them)."""
    graph = model.graph
    outputs = {o.name for o in graph.output}
    alias = {n.output[0]: n.input[0] for n in graph.node if n.op_type == "Identity" and n.output[0] not in outputs}
    kept = [n for n in graph.node if not (n.op_type == "Identity" and n.output[0] in alias)]
    for node in kept:
        for i, name in enumerate(node.input):
            while name in alias:
                name = alias[name]
            node.input[i] = name
    del graph.node[:]
    graph.node.extend(kept)
    return model


def fold_pads_into_convs(model):
    """Moves each constant zero Pad that feeds only a Conv into that Conv's own `pads` (ONNX allows them
    asymmetric; PyTorch's Conv2d does not, so TF-style SAME padding exports as Pad + Conv). A separate Pad costs
    ONNX Runtime a copy of the tensor, and a layout change on each side when the convolutions run blocked (NCHWc).
    Returns the model; a graph without such Pads is returned unchanged."""
    graph = model.graph
    consumers = {}
    for node in graph.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)
    outputs = {o.name for o in graph.output}
    pads = [n for n in graph.node if n.op_type == "Pad" and n.output[0] not in outputs
            and len(consumers.get(n.output[0], [])) == 1 and consumers[n.output[0]][0].op_type == "Conv"
            and len(n.input) >= 2  # opset >= 11: the amounts are an input (an attribute before)
            and (len(n.input) < 3 or not n.input[2])  # no constant value given: zeros
            and (len(n.input) < 4 or not n.input[3])  # every axis
            and all(a.name != "mode" or a.s in (b"", b"constant") for a in n.attribute)]
    fixed = all(isinstance(d, int) for i in _inputs(model) for d in i[1:])
    if not pads or not fixed:  # amounts worked out from a varying input side cannot become constants
        return model
    folded = set()
    for pad, amounts in zip(pads, _constant_values(model, [n.input[1] for n in pads])):
        if amounts is None:
            continue
        amounts = [int(v) for v in amounts]
        rank = len(amounts) // 2
        if any(amounts[:2] + amounts[rank:rank + 2]) or min(amounts) < 0:  # pads batch or channels, or crops
            continue
        conv = consumers[pad.output[0]][0]
        attrs = {a.name: a for a in conv.attribute}
        if "auto_pad" in attrs and attrs["auto_pad"].s not in (b"", b"NOTSET"):
            continue
        spatial = rank - 2
        before = list(attrs["pads"].ints) if "pads" in attrs else [0] * (2 * spatial)
        merged = ([before[i] + amounts[2 + i] for i in range(spatial)]
                  + [before[spatial + i] + amounts[rank + 2 + i] for i in range(spatial)])
        kept = [a for a in conv.attribute if a.name != "pads"]
        del conv.attribute[:]
        conv.attribute.extend(kept + [onnx.helper.make_attribute("pads", merged)])
        conv.input[0] = pad.input[0]
        folded.add(pad.output[0])
    kept = [n for n in graph.node if not (n.op_type == "Pad" and n.output[0] in folded)]
    del graph.node[:]
    graph.node.extend(kept)
    return _drop_unused(model)


def _inputs(model):
    """Each graph input's shape: ints where fixed, names or None where not."""
    return [[d.dim_value if d.HasField("dim_value") else (d.dim_param or None)
             for d in i.type.tensor_type.shape.dim] for i in model.graph.input]


def _constant_values(model, names):
    """Values of tensors that depend on nothing but the graph inputs' fixed sides (a Pad's amounts, which the
    TorchScript exporter may work out from the input's shape): a run of the graph on zeros and one on noise; None
    for a tensor that differs between them (it follows the input's values)."""
    probe = onnx.ModelProto()
    probe.CopyFrom(model)
    del probe.graph.output[:]
    probe.graph.output.extend(onnx.helper.make_empty_tensor_value_info(n) for n in names)
    options = onnxruntime.SessionOptions()
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_DISABLE_ALL
    session = onnxruntime.InferenceSession(probe.SerializeToString(), options, providers=["CPUExecutionProvider"])
    shapes = {i.name: [d if isinstance(d, int) else 1 for d in i.shape] for i in session.get_inputs()}
    zeros = session.run(names, {n: np.zeros(s, np.float32) for n, s in shapes.items()})
    noise = session.run(names, {n: np.random.default_rng(0).random(s, np.float32) for n, s in shapes.items()})
    return [z if np.array_equal(z, r) else None for z, r in zip(zeros, noise)]


def _drop_unused(model):
    """Removes the nodes and initializers no graph output depends on."""
    graph = model.graph
    needed = {o.name for o in graph.output}
    kept = []
    for node in reversed(graph.node):
        if any(o in needed for o in node.output):
            kept.append(node)
            needed.update(i for i in node.input if i)
    kept.reverse()
    del graph.node[:]
    graph.node.extend(kept)
    initializers = [t for t in graph.initializer if t.name in needed]
    del graph.initializer[:]
    graph.initializer.extend(initializers)
    return model


def onnx_session(path):
    """An ONNX Runtime session on the CPU provider for an ONNX file. Its threads do not spin between runs (an
    evaluation beside a training run would take the trainer's cores); EMOTION_AI_ORT_THREADS caps their number."""
    options = onnxruntime.SessionOptions()
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.intra_op_num_threads = int(os.environ.get("EMOTION_AI_ORT_THREADS", "0"))
    return onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def run_onnx(model, batch, output_names):
    """Runs an ONNX file (a path) or an `onnx_session` on float32 [N,1,H,W] as input `input`; returns the named
    outputs. Callers that run many batches pass one session."""
    session = model if isinstance(model, onnxruntime.InferenceSession) else onnx_session(model)
    outs = session.run(list(output_names), {"input": np.ascontiguousarray(batch, dtype=np.float32)})
    return dict(zip(output_names, outs))


def run_torch(module, batch):
    with torch.no_grad():
        out = module.eval()(torch.from_numpy(np.asarray(batch, np.float32)))
    out = out if isinstance(out, tuple) else (out,)
    return [o.numpy() for o in out]


def max_parity_error(path, module, batch, output_names):
    expected = run_torch(module, batch)
    got = run_onnx(path, batch, output_names)
    return max(float(np.abs(got[name].reshape(e.shape) - e).max()) for name, e in zip(output_names, expected))
