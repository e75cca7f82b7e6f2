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


def test_if_on_a_shape_condition_imports_the_taken_branch():
    """If(Size(x) == 12): the condition is known at import; the then branch reads x from outside."""
    x = rnd(3, 4)
    then_branch = helper.make_graph([helper.make_node("Neg", ["x"], ["t"])], "then", [],
                                    [helper.make_tensor_value_info("t", onnx.TensorProto.FLOAT, [3, 4])])
    else_branch = helper.make_graph([helper.make_node("Relu", ["x"], ["e"])], "else", [],
                                    [helper.make_tensor_value_info("e", onnx.TensorProto.FLOAT, [3, 4])])
    nodes = [helper.make_node("Size", ["x"], ["n"]), helper.make_node("Equal", ["n", "twelve"], ["c"]),
             helper.make_node("If", ["c"], ["y"], then_branch=then_branch, else_branch=else_branch)]
    check(make_model(nodes, {"x": x}, ["y"], {"twelve": np.array(12, np.int64)}, opset=18), {"x": x})


def test_if_on_a_run_time_condition_is_refused_clearly():
    then_branch = helper.make_graph([helper.make_node("Neg", ["x"], ["t"])], "then", [],
                                    [helper.make_tensor_value_info("t", onnx.TensorProto.FLOAT, [3])])
    nodes = [helper.make_node("ReduceSum", ["x"], ["s"], keepdims=0),
             helper.make_node("Greater", ["s", "zero"], ["c"]),
             helper.make_node("If", ["c"], ["y"], then_branch=then_branch, else_branch=then_branch)]
    model = make_model(nodes, {"x": rnd(3)}, ["y"], {"zero": np.array(0, np.float32)}, opset=18)
    with pytest.raises(CompileError, match="condition must be known at import"):
        import_model(model)


@pytest.mark.parametrize("align", [0, 1])
def test_affine_grid_with_its_size_bound(align):
    """AffineGrid's body computes shapes from its size input and branches on its rank (If):
    bound to a value, the size makes both known at import."""
    from castiron.importers.onnx import InputNotConstant

    theta = rnd(2, 2, 3)
    size = np.array([2, 3, 5, 7], np.int64)
    node = helper.make_node("AffineGrid", ["theta", "size"], ["grid"], align_corners=align)
    model = make_model([node], {"theta": theta, "size": size}, ["grid"], opset=20)
    with pytest.raises(InputNotConstant, match="'size'"):
        import_model(model)
    expected = ort.InferenceSession(model.SerializeToString()).run(None, {"theta": theta, "size": size})[0]
    from test_onnx_ops import loaded
    got = loaded(import_model(model, constants={"size": size}))["main"](theta)
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6)
