"""The original Emotion AI project's two Keras networks, as its notebooks built them (TensorFlow/Keras, NHWC):

- keypoints: 96x96x1 gray face -> 30 values, the 15 Kaggle Facial Keypoints as (x, y) in pixels of the
  96x96 input (Kaggle units), a ResNet: zero padding, 7x7/2 convolution stem, batch norm, 3x3/2 max pooling,
  two residual stages (`res_block`: one convolution block with a projection shortcut and max pooling on both
  paths, then two identity blocks), 2x2 average pooling, dense 4096 -> 2048 -> 30 with dropout;
- emotion: 48x48x1 gray face -> softmax over the original 5 classes (Angry, Disgust, Sad, Happy, Surprise =
  FER2013 ids 0, 1, 4, 3, 5), the same stem and residual stages, 4x4 average pooling, flatten, dense softmax.

`width` scales every channel count (1.0 = the original's 64/64/256 and 128/128/512 filters; the short CPU
runs of keras_train.py use less), `dense` the keypoint head's widths. TensorFlow is imported lazily, so this
module imports without it (it is the `keras` extra)."""

ORIG5_FER_IDS = (0, 1, 4, 3, 5)  # Angry, Disgust, Sad, Happy, Surprise: the output order of the original model


def _layers():
    import tensorflow as tf
    return tf.keras.layers, tf.keras.initializers


def res_block(x, filters, stage):
    """A convolution block (1x1 -> max pool -> 3x3 -> 1x1, shortcut 1x1 + max pool) and two identity blocks
    (1x1 -> 3x3 -> 1x1 + the block's input), batch norm after every convolution, ReLU after each add."""
    L, init = _layers()
    f1, f2, f3 = filters
    glorot = init.GlorotUniform(seed=0)

    def conv(t, f, k, name):
        return L.Conv2D(f, k, padding="same", name=f"res_{stage}_{name}", kernel_initializer=glorot)(t)

    def bn(t, name):
        return L.BatchNormalization(axis=3, name=f"bn_{stage}_{name}")(t)

    shortcut = x
    x = conv(x, f1, 1, "conv_a")
    x = L.MaxPooling2D(2, name=f"res_{stage}_pool_a")(x)
    x = L.Activation("relu")(bn(x, "conv_a"))
    x = L.Activation("relu")(bn(conv(x, f2, 3, "conv_b"), "conv_b"))
    x = bn(conv(x, f3, 1, "conv_c"), "conv_c")
    shortcut = conv(shortcut, f3, 1, "conv_copy")
    shortcut = bn(L.MaxPooling2D(2, name=f"res_{stage}_pool_copy")(shortcut), "conv_copy")
    x = L.Activation("relu")(L.Add(name=f"res_{stage}_add")([x, shortcut]))
    for block in ("identity_1", "identity_2"):
        shortcut = x
        y = L.Activation("relu")(bn(conv(x, f1, 1, f"{block}_a"), f"{block}_a"))
        y = L.Activation("relu")(bn(conv(y, f2, 3, f"{block}_b"), f"{block}_b"))
        y = bn(conv(y, f3, 1, f"{block}_c"), f"{block}_c")
        x = L.Activation("relu")(L.Add(name=f"res_{stage}_{block}_add")([y, shortcut]))
    return x


def _stem_and_stages(inputs, width):
    L, init = _layers()
    c = lambda n: max(4, int(round(n * width)))  # noqa: E731
    x = L.ZeroPadding2D(3)(inputs)
    x = L.Conv2D(c(64), 7, strides=2, name="conv1", kernel_initializer=init.GlorotUniform(seed=0))(x)
    x = L.Activation("relu")(L.BatchNormalization(axis=3, name="bn_conv1")(x))
    x = L.MaxPooling2D(3, strides=2)(x)
    x = res_block(x, (c(64), c(64), c(256)), stage=2)
    return res_block(x, (c(128), c(128), c(512)), stage=3)


def keypoint_resnet(width=1.0, dense=(4096, 2048), final_activation="relu"):
    """96x96x1 -> 30 (x, y pairs in 96-px Kaggle units). The original ends in a ReLU dense layer (pixel
    coordinates are positive); its bias starts at the crop centre (48 px) so no unit starts dead."""
    import tensorflow as tf
    L, _ = _layers()
    inputs = tf.keras.Input((96, 96, 1), name="image")
    x = _stem_and_stages(inputs, width)
    x = L.Flatten()(L.AveragePooling2D(2, name="average_pooling")(x))
    x = L.Dropout(0.2)(L.Dense(dense[0], activation="relu")(x))
    x = L.Dropout(0.1)(L.Dense(dense[1], activation="relu")(x))
    out = L.Dense(30, activation=final_activation, bias_initializer=tf.keras.initializers.Constant(48.0),
                  name="keypoints_px")(x)
    return tf.keras.Model(inputs, out, name="keypoint_resnet")


def emotion_resnet(width=1.0, classes=5, dropout=0.3, logits=False):
    """48x48x1 -> softmax over `classes` (the original's 5 in ORIG5_FER_IDS order); logits=True leaves the
    softmax out (the converter then adds it in the graph)."""
    import tensorflow as tf
    L, _ = _layers()
    inputs = tf.keras.Input((48, 48, 1), name="image")
    x = _stem_and_stages(inputs, width)  # 48 -> 24 -> 11 -> 5 -> 2
    x = L.AveragePooling2D(2, name="average_pooling")(x)
    x = L.Dropout(dropout)(L.Flatten()(x))
    out = L.Dense(classes, activation=None if logits else "softmax", name="emotion")(x)
    return tf.keras.Model(inputs, out, name="emotion_resnet")
