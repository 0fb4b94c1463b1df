"""Brings a foreign ONNX graph (e.g. from tf2onnx) into this project's contract: input `input` float32
NCHW with a dynamic batch axis; emotion output `probabilities` [N, C]; keypoint output `keypoints`
[N, 15, 2] normalised to the crop. Pure `onnx` graph edits, so they are tested without TensorFlow."""

import numpy as np
import onnx
from onnx import helper, numpy_helper


def _rename_value(graph, old, new):
    for node in graph.node:
        node.input[:] = [new if n == old else n for n in node.input]
        node.output[:] = [new if n == old else n for n in node.output]
    for value in list(graph.input) + list(graph.output):
        if value.name == old:
            value.name = new


def _set_single_output(graph, name, elem_shape):
    del graph.output[:]
    graph.output.append(helper.make_tensor_value_info(name, onnx.TensorProto.FLOAT, ["batch", *elem_shape]))


def adapt_to_contract(model, task, num_outputs, logits=False, keypoint_scale=1.0):
    """task `emotion`: appends Softmax when the graph ends in logits; `keypoints`: divides by
    `keypoint_scale` (96 for Kaggle pixel units) and reshapes [N, 30] to [N, 15, 2]."""
    graph = model.graph
    if len(graph.input) != 1 or len(graph.output) != 1:
        raise ValueError("expected a graph with one input and one output")
    _rename_value(graph, graph.input[0].name, "input")
    graph.input[0].type.tensor_type.shape.dim[0].dim_param = "batch"
    last = graph.output[0].name
    if task == "emotion":
        if logits:
            graph.node.append(helper.make_node("Softmax", [last], ["probabilities"], axis=-1))
        else:
            _rename_value(graph, last, "probabilities")
        _set_single_output(graph, "probabilities", [num_outputs])
    elif task == "keypoints":
        graph.initializer.extend([numpy_helper.from_array(np.array([keypoint_scale], np.float32), "kp_scale"),
                                  numpy_helper.from_array(np.array([-1, num_outputs // 2, 2], np.int64), "kp_shape")])
        graph.node.extend([helper.make_node("Div", [last, "kp_scale"], ["kp_scaled"]),
                           helper.make_node("Reshape", ["kp_scaled", "kp_shape"], ["keypoints"])])
        _set_single_output(graph, "keypoints", [num_outputs // 2, 2])
    else:
        raise ValueError(f"unknown task {task}")
    onnx.checker.check_model(model)
    return model


def reference_outputs(raw, task, logits=False, keypoint_scale=1.0):
    """The same post-processing in numpy, for test vectors computed from the source framework's outputs."""
    if task == "emotion":
        if not logits:
            return raw
        e = np.exp(raw - raw.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)
    return (raw / keypoint_scale).reshape(len(raw), -1, 2)
