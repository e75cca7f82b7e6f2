"""Elementwise math operators (onnx_ops_math) against numpy over their whole useful domain, ends
included: trigonometric and hyperbolic functions, Sign, Round, the activations, bitwise ops."""
from __future__ import annotations

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")

from onnx import helper  # noqa: E402

from test_onnx_ops import check, make_model, one  # noqa: E402


def _grid(low, high, n=997):
    return np.linspace(low, high, n, dtype=np.float32).reshape(1, n)


_DOMAINS = {
    "Sin": (-20, 20), "Cos": (-20, 20), "Tan": (-1.5, 1.5), "Atan": (-50, 50), "Asin": (-1, 1), "Acos": (-1, 1),
    "Sinh": (-10, 10), "Cosh": (-10, 10), "Asinh": (-1e3, 1e3), "Acosh": (1, 1e3), "Atanh": (-0.999, 0.999),
}


@pytest.mark.parametrize("op", sorted(_DOMAINS))
def test_trigonometric_and_hyperbolic_over_their_domain(op):
    x = _grid(*_DOMAINS[op])
    if op == "Sinh":  # the small-argument series and the exponential branch, and their seam at 0.25
        x = np.concatenate([x, _grid(-0.3, 0.3, 601)], axis=1)
    one(op, {"x": x}, rtol=2e-5, atol=2e-6)


def test_sign_round_on_ties_and_zero():
    x = np.array([[-2.5, -1.5, -0.5, -0.0, 0.0, 0.5, 1.5, 2.5, 3.49, -7.0, np.nan]], np.float32)
    one("Round", {"x": x})
    one("Sign", {"x": x})
    one("Sign", {"x": np.array([[-3, 0, 5, -1]], np.int64)})


@pytest.mark.parametrize("op, attrs", [("Selu", {}), ("Selu", {"alpha": 2.0, "gamma": 0.5}), ("ThresholdedRelu", {}),
                                       ("ThresholdedRelu", {"alpha": -0.5}), ("Shrink", {}),
                                       ("Shrink", {"lambd": 1.5, "bias": 0.25}), ("Softsign", {}), ("Mish", {})])
def test_activations(op, attrs):
    one(op, {"x": _grid(-30, 30, 601)}, attrs=attrs, rtol=2e-5, atol=2e-6)


def test_swish_matches_its_definition():
    """Swish (opset 24) is newer than onnxruntime's CPU kernels: x * sigmoid(alpha x) in numpy."""
    from test_onnx_ops import loaded
    from castiron.importers.onnx import import_model

    x = _grid(-30, 30, 601)
    model = make_model([helper.make_node("Swish", ["x"], ["y"], alpha=0.7)], {"x": x}, ["y"], opset=24)
    got = loaded(import_model(model))["main"](x)
    np.testing.assert_allclose(got, x / (1 + np.exp(-0.7 * x)), rtol=2e-5, atol=2e-6)


@pytest.mark.parametrize("op", ["BitwiseAnd", "BitwiseOr", "BitwiseXor"])
@pytest.mark.parametrize("dtype", [np.int32, np.int64, np.int8])
def test_bitwise(op, dtype):
    rng = np.random.default_rng(3)
    a = rng.integers(np.iinfo(dtype).min, np.iinfo(dtype).max, (3, 17), dtype=dtype)
    b = rng.integers(np.iinfo(dtype).min, np.iinfo(dtype).max, (17,), dtype=dtype)
    one(op, {"a": a, "b": b})


def test_bitwise_not():
    x = np.array([[0, -1, 5, np.iinfo(np.int32).max, np.iinfo(np.int32).min]], np.int32)
    check(make_model([helper.make_node("BitwiseNot", ["x"], ["y"])], {"x": x}, ["y"]), {"x": x})
