"""GridSample against onnxruntime: every mode, padding mode and align_corners, with grid points
well outside [-1, 1] (where padding matters), at odd sizes."""
from __future__ import annotations

import pytest

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")

from test_onnx_ops import one, rnd  # noqa: E402


@pytest.mark.parametrize("mode", ["nearest", "linear", "cubic"])
@pytest.mark.parametrize("padding", ["zeros", "border", "reflection"])
@pytest.mark.parametrize("align", [0, 1])
def test_grid_sample_2d(mode, padding, align):
    x, grid = rnd(2, 3, 5, 7), rnd(2, 4, 6, 2, seed=1, low=-1.7, high=1.7)
    one("GridSample", {"x": x, "grid": grid}, attrs={"mode": mode, "padding_mode": padding, "align_corners": align},
        opset=20, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("mode", ["nearest", "linear"])
@pytest.mark.parametrize("padding", ["zeros", "border", "reflection"])
def test_grid_sample_3d(mode, padding):
    x, grid = rnd(1, 2, 3, 5, 4), rnd(1, 2, 3, 5, 3, seed=2, low=-1.4, high=1.4)
    one("GridSample", {"x": x, "grid": grid}, attrs={"mode": mode, "padding_mode": padding}, opset=20,
        rtol=1e-4, atol=1e-5)
