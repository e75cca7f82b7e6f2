"""TopK against onnxruntime: largest and smallest, every axis, ties (the lower index first),
k of 1 and of the whole axis, float and int64."""
from __future__ import annotations

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")

from onnx import helper  # noqa: E402

from test_onnx_ops import check, make_model, rnd  # noqa: E402


@pytest.mark.parametrize("axis", [0, 1, -1])
@pytest.mark.parametrize("largest", [1, 0])
@pytest.mark.parametrize("k", [1, 3, "all"])
@pytest.mark.parametrize("dtype", [np.float32, np.int64])
def test_top_k(axis, largest, k, dtype):
    x = np.round(rnd(5, 7, 6) * 4).astype(dtype)  # few distinct values: many ties
    k = x.shape[axis] if k == "all" else k
    node = helper.make_node("TopK", ["x", "k"], ["values", "indices"], axis=axis, largest=largest)
    check(make_model([node], {"x": x}, ["values", "indices"], {"k": np.array([k], np.int64)}), {"x": x})


def test_top_k_of_a_long_axis_needs_no_heap():
    """k = 75 of 93 (the fuzzer's seed 1073): workgroup tiles that do not divide k once made the
    indices a temporary the values' gather read, too large for the stack."""
    x = rnd(93)
    node = helper.make_node("TopK", ["x", "k"], ["values", "indices"])
    check(make_model([node], {"x": x}, ["values", "indices"], {"k": np.array([75], np.int64)}), {"x": x})
