"""MobileNetV2 (Sandler et al. 2018, torchvision's layout) as an ONNX graph, weights from a seed.

`mobilenet_v2(seed)` returns a ModelProto: input "input" 1x224x224x3 f32 NHWC (the seed's
`--function_input=1x224x224x3xf32=0`), transposed to NCHW by the graph's first node; output
"logits" 1x1000. 3x3/s2 stem conv to 32 channels, 17 inverted-residual blocks (1x1 expansion
by 6 — 1 in the first block — ReLU6 as Clip, 3x3 depthwise, linear 1x1 projection, residual
Add where shapes allow), 1x1 head conv to 1280, global average pool, Flatten, Gemm: 3.5 M weights.
Every convolution is followed by a BatchNormalization node unless fold_batchnorm folds it into
the convolution's weights and bias, as an exporter would.
"""
from __future__ import annotations

import sys

import numpy as np

# (expansion t, output channels c, repeats n, first stride s), as in the paper's Table 2.
INVERTED_RESIDUAL_SETTING = [(1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2),
                             (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1)]


class _Builder:
    def __init__(self, seed: int, fold_batchnorm: bool):
        self.rng = np.random.default_rng(seed)
        self.fold = fold_batchnorm
        self.nodes, self.weights = [], {}

    def weight(self, name: str, array: np.ndarray) -> str:
        self.weights[name] = array.astype(np.float32)
        return name

    def node(self, op: str, inputs, name: str, **attrs) -> str:
        from onnx import helper

        self.nodes.append(helper.make_node(op, list(inputs), [name], name=name, **attrs))
        return name

    def conv_bn(self, x: str, name: str, cin: int, cout: int, kernel: int, stride: int = 1, groups: int = 1,
                relu6: bool = True, gamma=(0.5, 1.0)) -> str:
        """Conv (no bias) → BatchNormalization → Clip(0, 6) unless linear."""
        fan_in = cin // groups * kernel * kernel
        w = self.rng.standard_normal((cout, cin // groups, kernel, kernel)) * np.sqrt(2.0 / fan_in)
        scale = self.rng.uniform(*gamma, cout)
        shift = self.rng.normal(0.0, 0.1, cout)
        mean = self.rng.normal(0.0, 0.1, cout)
        var = self.rng.uniform(0.5, 1.5, cout)
        pad = kernel // 2
        attrs = dict(kernel_shape=[kernel, kernel], strides=[stride, stride], pads=[pad] * 4, group=groups)
        if self.fold:
            s = scale / np.sqrt(var + 1e-5)
            y = self.node("Conv", [x, self.weight(f"{name}.weight", w * s[:, None, None, None]),
                                   self.weight(f"{name}.bias", shift - mean * s)], name, **attrs)
        else:
            y = self.node("Conv", [x, self.weight(f"{name}.weight", w)], name, **attrs)
            y = self.node("BatchNormalization", [y, self.weight(f"{name}.bn.scale", scale),
                                                 self.weight(f"{name}.bn.bias", shift),
                                                 self.weight(f"{name}.bn.mean", mean),
                                                 self.weight(f"{name}.bn.var", var)], f"{name}.bn", epsilon=1e-5)
        if relu6:
            y = self.node("Clip", [y, "relu6.min", "relu6.max"], f"{name}.relu6")
        return y


def mobilenet_v2(seed: int = 0, classes: int = 1000, fold_batchnorm: bool = False, name: str = "predict"):
    """The model as an onnx.ModelProto (opset 17); `name` names the graph (the imported function)."""
    from onnx import TensorProto, helper, numpy_helper

    b = _Builder(seed, fold_batchnorm)
    b.weight("relu6.min", np.array(0.0))
    b.weight("relu6.max", np.array(6.0))
    x = b.node("Transpose", ["input"], "input.nchw", perm=[0, 3, 1, 2])
    x = b.conv_bn(x, "stem", 3, 32, 3, stride=2)
    channels, index = 32, 0
    for t, c, n, s in INVERTED_RESIDUAL_SETTING:
        for i in range(n):
            stride, block = (s if i == 0 else 1), f"block{index}"
            hidden = channels * t
            y = x
            if t != 1:
                y = b.conv_bn(y, f"{block}.expand", channels, hidden, 1)
            y = b.conv_bn(y, f"{block}.depthwise", hidden, hidden, 3, stride=stride, groups=hidden)
            # The projection is linear; a small BN scale keeps the residual stream's variance bounded,
            # as in a trained network.
            y = b.conv_bn(y, f"{block}.project", hidden, c, 1, relu6=False, gamma=(0.2, 0.5))
            if stride == 1 and channels == c:
                y = b.node("Add", [x, y], f"{block}.residual")
            x, channels, index = y, c, index + 1
    x = b.conv_bn(x, "head", channels, 1280, 1)
    x = b.node("GlobalAveragePool", [x], "pool")
    x = b.node("Flatten", [x], "flatten", axis=1)
    fc_w = b.rng.standard_normal((classes, 1280)) * np.sqrt(1.0 / 1280)
    fc_b = b.rng.normal(0.0, 0.1, classes)
    b.node("Gemm", [x, b.weight("classifier.weight", fc_w), b.weight("classifier.bias", fc_b)], "logits", transB=1)
    graph = helper.make_graph(
        b.nodes, name,
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 224, 224, 3])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, [1, classes])],
        [numpy_helper.from_array(array, key) for key, array in b.weights.items()])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], ir_version=8,
                             producer_name="castiron.models.mobilenet_v2", doc_string=f"MobileNetV2, seed {seed}")


def weight_count(model) -> int:
    """Learned parameters (BatchNormalization's running mean and variance excluded, as usual)."""
    return sum(int(np.prod(init.dims)) for init in model.graph.initializer
               if not init.name.endswith((".bn.mean", ".bn.var")))


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1 or argv[0].startswith("-"):
        sys.stderr.write("usage: python -m castiron.models.mobilenet_v2 OUTPUT.onnx\n")
        return 2
    import onnx

    model = mobilenet_v2()
    onnx.save(model, argv[0])
    print(f"wrote {argv[0]}: MobileNetV2, predict(input: 1x224x224x3xf32) -> logits 1x1000xf32, "
          f"{weight_count(model) / 1e6:.2f} M weights")
    return 0


if __name__ == "__main__":
    sys.exit(main())
