"""The ImageNet MobileNetV2 of ../shared/models/imagenet_mobilenet_v2 (TFLite, int8 weights per output channel,
BatchNorm folded) ported to PyTorch (`nets.mobilenet.MobileNetV2`), with a parity check against the TFLite
interpreter on the same inputs. Its README: weights are constant tensors, dequantized as (q - zero_point) * scale
per output channel; convolutions OHWI, depthwise 1HWC."""

import os

import numpy as np
import torch

from .nets.mobilenet import MobileNetV2, convolutions

TFLITE_FILE = "tf2_mobilenet_v2_1.0_224_ptq.tflite"
SOURCE = ("ImageNet-pretrained MobileNetV2 1.0/224 (TF2 Keras, post-training quantized TFLite), Apache-2.0, from the "
          "Coral project's test data (google-coral/test_data, commit 104342d2d348)")


def interpreter(path):
    """A TFLite interpreter that runs the file's own int8 kernels (no XNNPACK delegate, which would hide the ops)."""
    import tensorflow as tf
    it = tf.lite.Interpreter(model_path=str(path),
                             experimental_op_resolver_type=tf.lite.experimental.OpResolverType.BUILTIN_WITHOUT_DEFAULT_DELEGATES)
    it.allocate_tensors()
    return it


def _dequantize(it, index):
    q = it.get_tensor(index).astype(np.float32)
    detail = next(t for t in it.get_tensor_details() if t["index"] == index)
    scales, zeros = detail["quantization_parameters"]["scales"], detail["quantization_parameters"]["zero_points"]
    axis = detail["quantization_parameters"]["quantized_dimension"]
    shape = [1] * q.ndim
    if len(scales) > 1:
        shape[axis] = len(scales)
    return (q - zeros.reshape(shape)) * scales.reshape(shape)


def load_tflite(path):
    """The ported float network (eval mode) from the TFLite file."""
    it = interpreter(path)
    ops = [op for op in it._get_ops_details() if op["op_name"] in ("CONV_2D", "DEPTHWISE_CONV_2D")]
    net = MobileNetV2().eval()
    targets = convolutions(net)
    if len(ops) != len(targets):
        raise ValueError(f"{path}: {len(ops)} convolutions, the MobileNetV2 here has {len(targets)}")
    with torch.no_grad():
        for op, module in zip(ops, targets):
            weight = _dequantize(it, op["inputs"][1])
            bias = _dequantize(it, op["inputs"][2])
            if op["op_name"] == "DEPTHWISE_CONV_2D":
                weight = weight.transpose(3, 0, 1, 2)  # 1HWC -> C1HW
            else:
                weight = weight.transpose(0, 3, 1, 2)  # OHWI -> OIHW
            if tuple(weight.shape) != tuple(module.weight.shape):
                raise ValueError(f"{op['op_name']} {weight.shape} does not fit {tuple(module.weight.shape)}")
            module.weight.copy_(torch.from_numpy(np.ascontiguousarray(weight)))
            module.bias.copy_(torch.from_numpy(bias))
    return net


def parity(path, images):
    """TFLite (int8 kernels) against the port (float) on uint8 RGB images [N, 224, 224, 3]: share of equal top-1
    classes, and the mean correlation of their probabilities."""
    it = interpreter(path)
    net = load_tflite(path)
    inp, out = it.get_input_details()[0], it.get_output_details()[0]
    tflite, ours = [], []
    for image in images:
        it.set_tensor(inp["index"], image[None].astype(inp["dtype"]))
        it.invoke()
        q = it.get_tensor(out["index"]).astype(np.float32)
        scale, zero = out["quantization"]
        tflite.append((q - zero) * scale if scale else q)
    with torch.no_grad():
        x = torch.from_numpy(images.astype(np.float32) / 127.5 - 1.0).permute(0, 3, 1, 2)
        ours = torch.softmax(net(x), 1).numpy()
    tflite = np.concatenate(tflite)
    top1 = float((tflite.argmax(1) == ours.argmax(1)).mean())
    corr = float(np.mean([np.corrcoef(a, b)[0, 1] for a, b in zip(tflite, ours)]))
    return {"images": len(images), "top1_agreement": top1, "probability_correlation": corr}


def default_path(shared):
    return os.path.join(shared, "models", "imagenet_mobilenet_v2", TFLITE_FILE)
