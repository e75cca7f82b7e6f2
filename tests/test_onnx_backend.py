"""castiron as an ONNX backend, and graph inputs bound to values at import (constants=): a model
whose shape or axes come from a graph input, or whose inputs have symbolic dimensions, is
compiled for what each run brings, and compiled again when that changes."""
from __future__ import annotations

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")

from onnx import TensorProto, helper  # noqa: E402

from castiron.errors import CompileError, UsageError  # noqa: E402
from castiron.importers.onnx import InputNotConstant, import_model  # noqa: E402
from castiron.importers.onnx_backend import CastironBackend  # noqa: E402
from test_onnx_ops import loaded, rnd  # noqa: E402


def _reduce_sum_model(x_dims=("n", 7, 5), axes_dims=(None,)):
    """ReduceSum(x, axes) with both as graph inputs, x of symbolic first dimension."""
    graph = helper.make_graph(
        [helper.make_node("ReduceSum", ["x", "axes"], ["y"], keepdims=0)], "main",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, list(x_dims)),
         helper.make_tensor_value_info("axes", TensorProto.INT64, list(axes_dims))],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)], ir_version=9)


def _expected(model, *inputs):
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    return session.run(None, dict(zip([i.name for i in model.graph.input], inputs)))[0]


def test_a_graph_input_used_as_axes_is_named_and_can_be_bound():
    model = _reduce_sum_model((3, 7, 5), (2,))
    with pytest.raises(InputNotConstant, match=r"graph input 'axes'.*constants=\{'axes'"):
        import_model(model)
    text = import_model(model, constants={"axes": np.array([0, 2])})
    x = rnd(3, 7, 5)
    np.testing.assert_allclose(loaded(text)["main"](x), _expected(model, x, np.array([0, 2])), rtol=1e-5, atol=1e-6)
    with pytest.raises(UsageError, match="not an input of the model"):
        import_model(model, constants={"axis": np.array([0])})


def test_backend_compiles_per_shape_and_bound_value():
    model = _reduce_sum_model()
    rep = CastironBackend.prepare(model)
    try:
        for shape, axes in [((3, 7, 5), [1]), ((1, 7, 5), [1]), ((3, 7, 5), [0, -1]), ((3, 7, 5), [1])]:
            x, a = rnd(*shape), np.array(axes, np.int64)
            (got,) = rep.run([x, a])
            np.testing.assert_allclose(got, _expected(model, x, a), rtol=1e-5, atol=1e-6)
        assert rep.bound == ["axes"]
        assert len(rep.specialized) == 3  # the last run reuses the first compilation
    finally:
        rep.close()


def test_backend_compiles_a_static_model_once_at_prepare():
    graph = helper.make_graph([helper.make_node("Relu", ["x"], ["y"])], "main",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 3])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 3])])
    rep = CastironBackend.prepare(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)]))
    try:
        assert rep.module is not None
        x = rnd(2, 3)
        np.testing.assert_array_equal(rep.run([x])[0], np.maximum(x, 0))
    finally:
        rep.close()


def test_backend_refuses_a_model_that_would_only_fold():
    """Every input bound: the reference evaluator would compute it all at import, not castiron."""
    graph = helper.make_graph([helper.make_node("Reshape", ["w", "shape"], ["y"])], "main",
                              [helper.make_tensor_value_info("shape", TensorProto.INT64, [2])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)],
                              [onnx.numpy_helper.from_array(rnd(6), "w")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)])
    rep = CastironBackend.prepare(model)
    with pytest.raises(CompileError, match="compute nothing"):
        rep.run([np.array([2, 3])])
    rep.close()


def test_backend_refuses_empty_tensors_clearly():
    rep = CastironBackend.prepare(_reduce_sum_model())
    with pytest.raises(CompileError, match=r"input 'x' is empty \(shape 0x7x5\)"):
        rep.run([np.zeros((0, 7, 5), np.float32), np.array([1])])
    rep.close()


def test_an_operand_computed_from_graph_inputs_names_them():
    """Reshape's shape is Concat(a, b) of two graph inputs: both are named, and both bound."""
    nodes = [helper.make_node("Concat", ["a", "b"], ["shape"], axis=0), helper.make_node("Reshape", ["x", "shape"], ["y"])]
    graph = helper.make_graph(nodes, "main", [
        helper.make_tensor_value_info("x", TensorProto.FLOAT, [6, 5]),
        helper.make_tensor_value_info("a", TensorProto.INT64, [1]),
        helper.make_tensor_value_info("b", TensorProto.INT64, [1])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)])
    with pytest.raises(InputNotConstant, match=r"computed from the graph inputs 'a', 'b'") as info:
        import_model(model)
    assert info.value.input_names == ["a", "b"]
    rep = CastironBackend.prepare(model)
    try:
        x = rnd(6, 5)
        np.testing.assert_array_equal(rep.run([x, np.array([3]), np.array([10])])[0], x.reshape(3, 10))
        assert rep.bound == ["a", "b"]
    finally:
        rep.close()
