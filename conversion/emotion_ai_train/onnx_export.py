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
    model = inline_identities(onnx.load(path))
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
