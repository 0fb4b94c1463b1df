"""The MobileNetV2 expression family as TFLite, for apps that run on the device (the original project's "Mobile
deployment"): the PyTorch network rebuilt layer by layer in Keras (TensorFlow's own SAME padding, which the port
reproduces, so the weights carry over unchanged), the calibration in the graph, then TFLiteConverter. Input NHWC
float32 [N, side, side, 1] = pixel / 255 of the aligned gray face; output the same probabilities as model.onnx,
checked on the version's test vectors (`parity`)."""

import numpy as np
import torch
from torch import nn

from .nets.mobilenet import InvertedResidual, SameConv

TOLERANCE = 1e-4


def _conv(tf, module):
    """A Keras layer with the weights of a SameConv (regular or depthwise)."""
    w = module.weight.detach().numpy()
    b = module.bias.detach().numpy()
    if module.groups > 1:
        layer = tf.keras.layers.DepthwiseConv2D(module.kernel_size, module.stride, padding="same")
        layer.build((None, None, None, w.shape[0]))
        layer.set_weights([w.transpose(2, 3, 0, 1), b])  # C1HW -> HWC1
    else:
        layer = tf.keras.layers.Conv2D(w.shape[0], module.kernel_size, module.stride, padding="same")
        layer.build((None, None, None, w.shape[1]))
        layer.set_weights([w.transpose(2, 3, 1, 0), b])  # OIHW -> HWIO
    return layer


def _plan(tf, module):
    """The network as a list of steps over TF tensors (Keras layers built with the PyTorch weights)."""
    if isinstance(module, nn.Sequential):
        steps = [_plan(tf, child) for child in module]
        return lambda x: _chain(steps, x)
    if isinstance(module, InvertedResidual):
        inner = [_plan(tf, module.expand), _plan(tf, module.depthwise), _plan(tf, module.project)]
        return (lambda x: x + _chain(inner, x)) if module.residual else (lambda x: _chain(inner, x))
    if isinstance(module, SameConv):
        return _conv(tf, module)
    if isinstance(module, nn.ReLU6):
        return tf.nn.relu6
    if isinstance(module, nn.Identity):
        return lambda x: x
    raise TypeError(f"no TensorFlow form for {type(module).__name__}")


def _chain(steps, x):
    for step in steps:
        x = step(x)
    return x


def tf_function(net, temperatures, side):
    """A tf.function of a MobileNetEmotionNet (eval mode) with a temperature per predicted class, and the module
    that holds its variables."""
    import tensorflow as tf
    features = _plan(tf, nn.Sequential(net.trunk, net.top))
    dense = net.head[-1]
    holder = tf.Module()
    holder.weight = tf.constant(dense.weight.detach().numpy().T)
    holder.bias = tf.constant(dense.bias.detach().numpy())
    holder.inverse = tf.constant(1.0 / np.asarray(temperatures, np.float32))

    @tf.function(input_signature=[tf.TensorSpec([None, side, side, 1], tf.float32, name="input")])
    def probabilities(x):
        pooled = tf.reduce_mean(features(x * 2.0 - 1.0), axis=[1, 2])
        logits = tf.matmul(pooled, holder.weight) + holder.bias
        scale = tf.gather(holder.inverse, tf.argmax(logits, axis=1))[:, None]
        return {"probabilities": tf.nn.softmax(logits * scale, axis=1)}
    return probabilities, holder


def convert(net, temperatures, side, path):
    import tensorflow as tf
    fn, holder = tf_function(net.eval(), temperatures, side)
    converter = tf.lite.TFLiteConverter.from_concrete_functions([fn.get_concrete_function()], holder)
    with open(path, "wb") as fh:
        fh.write(converter.convert())
    return path


def run(path, batch_nchw):
    """TFLite outputs for float32 [N, 1, H, W] inputs (one at a time, as an app would run it)."""
    import tensorflow as tf
    it = tf.lite.Interpreter(model_path=str(path))
    inp, out = it.get_input_details()[0], it.get_output_details()[0]
    results = []
    for x in np.asarray(batch_nchw, np.float32).transpose(0, 2, 3, 1):
        it.resize_tensor_input(inp["index"], (1,) + x.shape)
        it.allocate_tensors()
        it.set_tensor(inp["index"], x[None])
        it.invoke()
        results.append(it.get_tensor(out["index"])[0])
    return np.stack(results)


def parity(path, inputs, expected):
    """Largest difference between the TFLite file and the expected (ONNX/PyTorch) outputs."""
    return float(np.abs(run(path, inputs) - np.asarray(expected)).max())


def torch_reference(net, temperatures, batch_nchw):
    with torch.no_grad():
        z = net(torch.from_numpy(np.asarray(batch_nchw, np.float32)))
        t = torch.as_tensor(temperatures, dtype=torch.float32)[z.argmax(1)][:, None]
        return torch.softmax(z / t, 1).numpy()
