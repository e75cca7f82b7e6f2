"""ConvTranspose against onnxruntime: strides, dilations, groups, pads, output_padding,
output_shape and auto_pad, 1-D and 2-D, at odd sizes."""
from __future__ import annotations

import pytest

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")

from castiron.errors import CompileError  # noqa: E402
from castiron.importers.onnx import import_model  # noqa: E402
from onnx import helper  # noqa: E402
from test_onnx_ops import make_model, one, rnd  # noqa: E402


@pytest.mark.parametrize("x_shape, w_shape, attrs", [
    ((1, 3, 5, 7), (3, 4, 3, 3), {}),
    ((2, 4, 5, 6), (4, 3, 3, 2), {"strides": [2, 3], "pads": [1, 0, 1, 1]}),
    ((1, 6, 7, 5), (6, 2, 3, 3), {"group": 3, "strides": [2, 2], "output_padding": [1, 0]}),
    ((1, 4, 6, 6), (4, 5, 2, 3), {"dilations": [2, 1], "strides": [1, 2]}),
    ((1, 2, 5, 5), (2, 3, 3, 3), {"strides": [3, 2], "output_shape": [16, 10]}),
    ((1, 2, 5, 7), (2, 3, 4, 4), {"strides": [2, 2], "auto_pad": "SAME_UPPER"}),
    ((1, 2, 5, 7), (2, 3, 3, 4), {"strides": [2, 2], "auto_pad": "SAME_LOWER"}),
    ((1, 8, 9, 9), (8, 1, 3, 3), {"group": 8, "strides": [2, 2], "pads": [1, 1, 1, 1]}),  # depthwise
    ((2, 3, 11), (3, 5, 4), {"strides": [3], "pads": [1, 2]}),  # 1-D
])
@pytest.mark.parametrize("with_bias", [False, True])
def test_conv_transpose(x_shape, w_shape, attrs, with_bias):
    inits = {"w": rnd(*w_shape, seed=1)}
    if with_bias:
        inits["b"] = rnd(w_shape[1] * attrs.get("group", 1), seed=2)
    one("ConvTranspose", {"x": rnd(*x_shape)}, inits=inits, attrs=attrs, rtol=1e-4, atol=1e-5)


def test_conv_transpose_refuses_pads_past_the_kernel():
    node = helper.make_node("ConvTranspose", ["x", "w"], ["y"], pads=[3, 3, 3, 3])
    model = make_model([node], {"x": rnd(1, 2, 9, 9)}, ["y"], {"w": rnd(2, 2, 3, 3)})
    with pytest.raises(CompileError, match="larger than the kernel's extent"):
        import_model(model)
