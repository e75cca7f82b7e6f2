"""InstanceNormalization, LpNormalization, LpPool, 1-D pooling, Hardmax and EyeLike against
onnxruntime at odd shapes."""
from __future__ import annotations

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")

from onnx import helper  # noqa: E402

from test_onnx_ops import check, make_model, one, rnd  # noqa: E402


@pytest.mark.parametrize("shape", [(2, 5, 7, 3), (1, 3, 11), (3, 2, 1, 1, 5)])
def test_instance_normalization(shape):
    c = shape[1]
    one("InstanceNormalization", {"x": rnd(*shape) * 4 + 1}, inits={"s": rnd(c, seed=1), "b": rnd(c, seed=2)},
        attrs={"epsilon": 1e-3}, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("p", [1, 2])
@pytest.mark.parametrize("axis", [0, 1, -1])
def test_lp_normalization_with_a_zero_row(p, axis):
    x = rnd(3, 7, 5)
    x[1] = 0.0
    x[:, 2] = 0.0
    x[:, :, 4] = 0.0
    one("LpNormalization", {"x": x}, attrs={"p": p, "axis": axis}, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("p, attrs", [(2, {"kernel_shape": [3, 2]}),
                                      (1, {"kernel_shape": [2, 3], "strides": [2, 1], "pads": [1, 0, 0, 2]}),
                                      (3, {"kernel_shape": [3, 3], "auto_pad": "SAME_UPPER"})])
def test_lp_pool(p, attrs):
    one("LpPool", {"x": rnd(1, 3, 7, 9)}, attrs={"p": p, **attrs}, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("op", ["MaxPool", "AveragePool", "LpPool"])
def test_one_dimensional_pooling(op):
    attrs = {"kernel_shape": [3], "strides": [2], "pads": [1, 2]}
    if op == "AveragePool":
        attrs["count_include_pad"] = 1
    one(op, {"x": rnd(2, 3, 13)}, attrs=attrs, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("axis", [0, 1, -1])
def test_hardmax_takes_the_first_of_tied_maxima(axis):
    x = np.round(rnd(4, 5, 6) * 2)  # ties along every axis
    one("Hardmax", {"x": x}, attrs={"axis": axis})


def test_eye_like_is_a_constant_of_the_input_shape():
    x = rnd(4, 7)
    nodes = [helper.make_node("EyeLike", ["x"], ["e"], k=2), helper.make_node("Add", ["x", "e"], ["y"])]
    check(make_model(nodes, {"x": x}, ["y"]), {"x": x})


@pytest.mark.parametrize("op", ["MaxPool", "AveragePool", "LpPool"])
@pytest.mark.parametrize("attrs", [{"kernel_shape": [2, 3, 2]},
                                   {"kernel_shape": [3, 2, 3], "strides": [2, 1, 2], "pads": [1, 0, 1, 1, 1, 0]},
                                   {"kernel_shape": [3, 3, 2], "strides": [2, 2, 1], "auto_pad": "SAME_UPPER"},
                                   {"kernel_shape": [2, 2, 3], "strides": [2, 2, 2], "ceil_mode": 1}])
def test_three_dimensional_pooling(op, attrs):
    """Pooled separably: H and W, then D."""
    attrs = dict(attrs)
    if op == "AveragePool" and "pads" in attrs:
        attrs["count_include_pad"] = 1
    if op == "LpPool" and "ceil_mode" in attrs:
        attrs["p"] = 3
    one(op, {"x": rnd(2, 3, 5, 7, 6)}, attrs=attrs, rtol=1e-4, atol=1e-5)
