"""Resize's table path (cubic, antialias, exclude_outside, half_pixel_symmetric,
tf_crop_and_resize, keep_aspect_ratio_policy) against onnxruntime, up and down, at odd sizes.
(Nearest and linear with the common transforms: test_onnx_ops_more.)"""
from __future__ import annotations

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")

from test_onnx_ops import one, rnd  # noqa: E402

EMPTY = np.array([], np.float32)


def _resize(attrs, scales=None, sizes=None, roi=EMPTY, x=None, **tol):
    x = rnd(1, 3, 5, 7) if x is None else x
    inits = {"roi": roi, "scales": EMPTY if scales is None else np.array(scales, np.float32)}
    inputs = ["x", "roi", "scales"]
    if sizes is not None:
        inits["sizes"] = np.array(sizes, np.int64)
        inputs.append("sizes")
    one("Resize", {"x": x}, inits=inits, attrs=attrs, inputs=inputs, opset=19, rtol=1e-4, atol=tol.get("atol", 1e-5))


@pytest.mark.parametrize("transform", ["half_pixel", "align_corners", "asymmetric", "pytorch_half_pixel",
                                       "half_pixel_symmetric"])
@pytest.mark.parametrize("scales", [[1, 1, 2.0, 1.6], [1, 1, 0.6, 0.45]])
def test_cubic(transform, scales):
    _resize({"mode": "cubic", "coordinate_transformation_mode": transform}, scales)


@pytest.mark.parametrize("a, exclude", [(-0.5, 1), (-0.75, 1), (-0.6, 0)])
def test_cubic_coefficient_and_exclude_outside(a, exclude):
    _resize({"mode": "cubic", "cubic_coeff_a": a, "exclude_outside": exclude}, sizes=[1, 3, 13, 4])


@pytest.mark.parametrize("mode", ["linear", "cubic"])
def test_antialiased_downsampling(mode):
    _resize({"mode": mode, "antialias": 1}, sizes=[1, 3, 3, 4], x=rnd(1, 3, 11, 13))


@pytest.mark.parametrize("mode", ["nearest", "linear"])
def test_half_pixel_symmetric(mode):
    _resize({"mode": mode, "coordinate_transformation_mode": "half_pixel_symmetric"}, scales=[1, 1, 1.7, 0.55])


def test_tf_crop_and_resize_with_extrapolation():
    roi = np.array([0, 0, -0.2, 0.3, 1, 1, 0.9, 1.3], np.float32)  # reaches past both ends of H and W
    _resize({"mode": "linear", "coordinate_transformation_mode": "tf_crop_and_resize", "extrapolation_value": 7.5},
            sizes=[1, 3, 6, 9], roi=roi)


@pytest.mark.parametrize("policy", ["not_larger", "not_smaller"])
@pytest.mark.parametrize("mode", ["nearest", "linear"])
def test_keep_aspect_ratio(policy, mode):
    _resize({"mode": mode, "keep_aspect_ratio_policy": policy, "axes": [2, 3]}, sizes=[11, 9])
