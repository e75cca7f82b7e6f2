"""Operators ONNX defines as functions (Attention, GroupNormalization, Celu, MeanVariance-
Normalization...), imported through their bodies, against onnxruntime's own kernels."""
from __future__ import annotations

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")

from onnx import helper  # noqa: E402

from castiron.errors import CompileError  # noqa: E402
from castiron.importers.onnx import import_model  # noqa: E402
from test_onnx_ops import check, make_model, rnd  # noqa: E402


@pytest.mark.parametrize("q_heads, kv_heads, causal", [(3, 3, 0), (3, 3, 1), (6, 2, 1), (4, 1, 0)])
def test_attention_mha_gqa_mqa(q_heads, kv_heads, causal):
    """4-D Q/K/V of odd sequence lengths (7 queries, 11 keys), grouped and multi-query heads."""
    q, k, v = rnd(2, q_heads, 7, 5), rnd(2, kv_heads, 11, 5, seed=1), rnd(2, kv_heads, 11, 3, seed=2)
    feeds = {"q": q, "k": k, "v": v}
    node = helper.make_node("Attention", ["q", "k", "v"], ["y"], is_causal=causal)
    check(make_model([node], feeds, ["y"], opset=23), feeds, rtol=1e-4, atol=1e-5)


def test_attention_3d_with_float_mask_and_scale():
    q, k, v = rnd(1, 7, 12), rnd(1, 9, 12, seed=1), rnd(1, 9, 6, seed=2)
    mask = rnd(7, 9, seed=3)
    feeds = {"q": q, "k": k, "v": v, "mask": mask}
    node = helper.make_node("Attention", ["q", "k", "v", "mask"], ["y"], q_num_heads=3, kv_num_heads=3, scale=0.3)
    check(make_model([node], feeds, ["y"], opset=23), feeds, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("op, attrs, shape", [("GroupNormalization", {"num_groups": 3, "epsilon": 1e-3}, (2, 6, 5, 7)),
                                              ("Celu", {"alpha": 0.7}, (3, 13)),
                                              ("MeanVarianceNormalization", {}, (2, 3, 5, 7))])
def test_function_operators(op, attrs, shape):
    x = rnd(*shape)
    inputs, inits = ["x"], {}
    if op == "GroupNormalization":
        inits = {"scale": rnd(6, seed=1), "bias": rnd(6, seed=2)}
        inputs += list(inits)
    node = helper.make_node(op, inputs, ["y"], **attrs)
    check(make_model([node], {"x": x}, ["y"], inits, opset=21), {"x": x}, rtol=1e-4, atol=1e-5)


def test_an_operator_without_a_body_is_still_named():
    x = rnd(3, 5)
    node = helper.make_node("Det", ["x"], ["y"])
    with pytest.raises(CompileError, match="operator Det is not supported"):
        import_model(make_model([node], {"x": x}, ["y"]))
