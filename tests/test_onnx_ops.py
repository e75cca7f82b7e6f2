"""The ONNX importer, operator by operator: tiny models run by onnxruntime and by castiron agree."""
from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")

from onnx import TensorProto, helper, numpy_helper  # noqa: E402

from castiron.errors import CompileError, UsageError  # noqa: E402
from castiron.importers.onnx import import_model, supported_operators  # noqa: E402
from conftest import loaded  # noqa: E402

_ELEM = {np.dtype(np.float32): TensorProto.FLOAT, np.dtype(np.float16): TensorProto.FLOAT16, np.dtype(np.int64): TensorProto.INT64,
         np.dtype(np.int32): TensorProto.INT32, np.dtype(np.int8): TensorProto.INT8}


def make_model(nodes, inputs: dict, outputs, inits: dict | None = None, opset: int = 18, name: str = "main"):
    """inputs: {name: example array} (graph inputs); outputs: names; inits: {name: array} (weights)."""
    graph = helper.make_graph(
        nodes, name,
        [helper.make_tensor_value_info(k, _ELEM[v.dtype], v.shape) for k, v in inputs.items()],
        [helper.make_value_info(o, onnx.TypeProto()) for o in outputs],
        [numpy_helper.from_array(np.asarray(v), k) for k, v in (inits or {}).items()])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)], ir_version=9)
    # The outputs' types, as onnxruntime wants them declared: from shape inference.
    inferred = onnx.shape_inference.infer_shapes(model)
    types = {v.name: v.type for v in [*inferred.graph.value_info, *inferred.graph.output]}
    for out in model.graph.output:
        out.type.CopyFrom(types[out.name])
    return model


def check(model, feeds: dict, rtol=1e-4, atol=1e-5, input_shapes=None) -> str:
    """Runs model with onnxruntime and through castiron; returns the imported MLIR."""
    expected = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"]).run(None, feeds)
    text = import_model(model, input_shapes=input_shapes)
    got = loaded(text)["main"](*feeds.values())
    got = got if isinstance(got, tuple) else (got,)
    assert len(got) == len(expected)
    for g, e in zip(got, expected):
        assert g.shape == e.shape and g.dtype == e.dtype, (g.shape, g.dtype, e.shape, e.dtype)
        np.testing.assert_allclose(g, e, rtol=rtol, atol=atol)
    return text


def one(op, feeds: dict, inits=None, attrs=None, inputs=None, opset=18, outputs=("y",), **tol):
    """A one-node model: op(inputs...) → y; `inputs` orders runtime and constant names ("" = omitted)."""
    inits = inits or {}
    order = inputs if inputs is not None else [*feeds, *inits]
    node = helper.make_node(op, list(order), list(outputs), **(attrs or {}))
    return check(make_model([node], feeds, list(outputs), inits, opset), feeds, **tol)


def rnd(*shape, seed=0, low=-1.0, high=1.0, dtype=np.float32):
    return np.random.default_rng(seed + 31 * len(shape) + sum(shape)).uniform(low, high, shape).astype(dtype)


# -- elementwise -------------------------------------------------------------------------------
@pytest.mark.parametrize("op", ["Add", "Sub", "Mul", "Div"])
@pytest.mark.parametrize("b_shape", [(2, 3, 4), (4,), (3, 1), ()], ids=["same", "row", "col", "scalar"])
def test_binary_broadcasts_like_onnxruntime(op, b_shape):
    one(op, {"a": rnd(2, 3, 4), "b": rnd(*b_shape, seed=1, low=0.5, high=2.0)})


@pytest.mark.parametrize("op", ["Add", "Mul", "Div"])
def test_binary_with_a_constant_operand(op):
    one(op, {"a": rnd(2, 5)}, inits={"w": rnd(5, seed=2, low=0.5, high=2.0), })
    one(op, {"a": rnd(2, 5)}, inits={"s": np.array(1.5, np.float32)})


def test_integer_add_mul_div_are_exact():
    a, b = np.arange(-6, 6, dtype=np.int64).reshape(3, 4), np.array([1, 2, 3, -4], np.int64)
    for op in ("Add", "Mul", "Div", "Sub"):
        one(op, {"a": a, "b": b})


@pytest.mark.parametrize("op", ["Max", "Min"])
def test_variadic_max_min(op):
    one(op, {"a": rnd(3, 4), "b": rnd(4, seed=1), "c": rnd(3, 1, seed=2)})


UNARY = [("Relu", -2, 2), ("Sigmoid", -8, 8), ("Tanh", -4, 4), ("Exp", -10, 10), ("Sqrt", 0, 50),
         ("Erf", -3, 3), ("Log", 0.01, 100), ("Abs", -3, 3), ("Neg", -3, 3), ("Reciprocal", 0.1, 10),
         ("Identity", -1, 1)]


@pytest.mark.parametrize("op,low,high", UNARY, ids=[u[0] for u in UNARY])
def test_unary_math(op, low, high):
    one(op, {"x": rnd(4, 33, low=low, high=high)}, rtol=2e-5, atol=1e-6)


@pytest.mark.parametrize("approximate", ["none", "tanh"])
def test_gelu(approximate):
    one("Gelu", {"x": rnd(5, 17, low=-4, high=4)}, attrs={"approximate": approximate}, opset=20, atol=1e-6)


@pytest.mark.parametrize("exponent", [2.0, 3.0, 0.5, -1.0, 1.7])
def test_pow_with_a_constant_exponent(exponent):
    one("Pow", {"x": rnd(3, 7, low=0.1, high=3)}, inits={"e": np.array(exponent, np.float32)})


@pytest.mark.parametrize("bounds", [(0.0, 6.0), (-0.5, None), (None, None)])
def test_clip(bounds):
    inits = {k: np.array(v, np.float32) for k, v in zip(("lo", "hi"), bounds) if v is not None}
    names = ["x"] + [k if v is not None else "" for k, v in zip(("lo", "hi"), bounds)]
    while names[-1] == "":
        names.pop()
    one("Clip", {"x": rnd(4, 9, low=-8, high=8)}, inits=inits, inputs=names)


@pytest.mark.parametrize("src,to", [(np.float32, TensorProto.INT64), (np.int64, TensorProto.FLOAT),
                                    (np.int32, TensorProto.INT64), (np.int64, TensorProto.INT32),
                                    (np.float32, TensorProto.FLOAT)])
def test_cast(src, to):
    x = (rnd(3, 8, low=-50, high=50)).astype(src)
    one("Cast", {"x": x}, attrs={"to": to})


# -- shapes and data movement ------------------------------------------------------------------
def test_reshape_with_zero_and_minus_one():
    one("Reshape", {"x": rnd(2, 3, 4)}, inits={"s": np.array([0, -1, 2], np.int64)})


@pytest.mark.parametrize("axis", [0, 1, 2, -1])
def test_flatten(axis):
    one("Flatten", {"x": rnd(2, 3, 4)}, attrs={"axis": axis})


def test_transpose_then_elementwise_and_output():
    x = rnd(2, 3, 4)
    nodes = [helper.make_node("Transpose", ["x"], ["t"], perm=[2, 0, 1]),
             helper.make_node("Add", ["t", "b"], ["y"])]
    check(make_model(nodes, {"x": x}, ["y"], {"b": rnd(4, 2, 1, seed=3)}), {"x": x})


def test_squeeze_and_unsqueeze():
    one("Squeeze", {"x": rnd(1, 3, 1, 4)}, inits={"axes": np.array([0, 2], np.int64)})
    one("Squeeze", {"x": rnd(1, 3, 1, 4)})
    one("Unsqueeze", {"x": rnd(3, 4)}, inits={"axes": np.array([0, -1], np.int64)})


def test_chains_of_reshapes_and_transposes_copy_without_transposing():
    x = rnd(2, 3, 4)
    nodes = [helper.make_node("Reshape", ["x", "s"], ["r"]),
             helper.make_node("Unsqueeze", ["r", "axes"], ["u"]),
             helper.make_node("Transpose", ["u"], ["t"], perm=[2, 1, 0]),
             helper.make_node("Flatten", ["t"], ["y"], axis=2)]
    inits = {"s": np.array([6, 4], np.int64), "axes": np.array([0], np.int64)}
    text = check(make_model(nodes, {"x": x}, ["y"], inits), {"x": x})
    assert "linalg.transpose" not in text


def test_concat_mixes_runtime_and_constant_inputs():
    one("Concat", {"a": rnd(2, 3, 4), "b": rnd(2, 5, 4, seed=1)}, inits={"c": rnd(2, 1, 4, seed=2)},
        attrs={"axis": 1})


@pytest.mark.parametrize("starts,ends,axes,steps", [
    ([1, 0], [3, 10], [0, 2], [1, 3]),
    ([-1], [-100], [1], [-2]),
    ([0, 5], [2, 1], [0, 2], [1, -1]),
])
def test_slice(starts, ends, axes, steps):
    arrays = {k: np.array(v, np.int64) for k, v in zip(("st", "en", "ax", "sp"), (starts, ends, axes, steps))}
    one("Slice", {"x": rnd(4, 5, 7)}, inits=arrays)


def test_pad_constant_mode():
    one("Pad", {"x": rnd(2, 3, 4)}, inits={"p": np.array([0, 1, 2, 1, 0, 3], np.int64),
                                           "v": np.array(0.5, np.float32)})


def test_gather_with_constant_runtime_and_scalar_indices():
    data = rnd(7, 5)
    one("Gather", {"d": data}, inits={"i": np.array([[0, 6], [-1, 2]], np.int64)})
    one("Gather", {"d": data, "i": np.array([3, -2, 0], np.int64)}, attrs={"axis": 0})
    one("Gather", {"d": data}, inits={"i": np.array(2, np.int64)}, attrs={"axis": 1})
    one("Gather", {"i": np.array([[1, 4, 0]], np.int64)}, inits={"d": data}, inputs=["d", "i"])


def test_constant_and_shape_fold_at_import():
    x = rnd(2, 3, 4)
    nodes = [helper.make_node("Shape", ["x"], ["s"]),
             helper.make_node("Constant", [], ["k"], value=numpy_helper.from_array(np.array([1], np.int64))),
             helper.make_node("Gather", ["s", "k"], ["d"]),
             helper.make_node("Constant", [], ["m"], value_ints=[-1]),
             helper.make_node("Concat", ["m", "d"], ["shape"], axis=0),
             helper.make_node("Reshape", ["x", "shape"], ["r"]),
             helper.make_node("Constant", [], ["two"], value_float=2.0),
             helper.make_node("Mul", ["r", "two"], ["y"])]
    text = check(make_model(nodes, {"x": x}, ["y"]), {"x": x})
    assert "linalg.generic" in text and text.count("arith.constant dense") == 0


# -- reductions and normalization --------------------------------------------------------------
@pytest.mark.parametrize("op", ["ReduceMean", "ReduceSum", "ReduceMax"])
@pytest.mark.parametrize("keepdims", [0, 1])
def test_reductions_axes_as_input(op, keepdims):
    one(op, {"x": rnd(3, 4, 5)}, inits={"axes": np.array([0, -1], np.int64)}, attrs={"keepdims": keepdims})


@pytest.mark.parametrize("keepdims", [0, 1])
def test_reduce_over_all_axes_gives_a_scalar_or_ones(keepdims):
    one("ReduceMean", {"x": rnd(3, 4, 5)}, attrs={"keepdims": keepdims})


def test_reduce_mean_axes_attribute_opset13():
    one("ReduceMean", {"x": rnd(2, 6, 5)}, attrs={"axes": [1], "keepdims": 0}, opset=13)


@pytest.mark.parametrize("axis", [-1, 1, 0])
def test_softmax(axis):
    one("Softmax", {"x": rnd(3, 4, 9, low=-5, high=5)}, attrs={"axis": axis})


@pytest.mark.parametrize("axis,bias", [(-1, True), (1, True), (-1, False)])
def test_layer_normalization(axis, bias):
    x = rnd(2, 4, 6, low=-3, high=3)
    normalized = x.shape[axis:]  # Scale and B have the normalized dims' shape
    inits = {"g": rnd(*normalized, seed=2), "b": rnd(*normalized, seed=3)} if bias else {"g": rnd(*normalized, seed=2)}
    one("LayerNormalization", {"x": x}, inits=inits, attrs={"axis": axis, "epsilon": 1e-3})


def test_batch_normalization_constant_and_runtime_parameters():
    c = 5
    params = {"s": rnd(c, seed=1), "b": rnd(c, seed=2), "m": rnd(c, seed=3), "v": rnd(c, seed=4, low=0.5, high=2)}
    one("BatchNormalization", {"x": rnd(2, c, 3, 4)}, inits=params, attrs={"epsilon": 1e-3})
    one("BatchNormalization", {"x": rnd(2, c, 3, 4), **params})


# -- convolution and pooling -------------------------------------------------------------------
CONVS = {
    "3x3_s2_pads_bias": dict(x=(1, 3, 11, 11), w=(8, 3, 3, 3), bias=True,
                             attrs=dict(strides=[2, 2], pads=[1, 1, 1, 1])),
    "asymmetric_pads_dilation": dict(x=(2, 4, 9, 10), w=(5, 4, 3, 2), attrs=dict(dilations=[2, 1], pads=[0, 1, 2, 0])),
    "same_upper_s2": dict(x=(1, 3, 10, 9), w=(4, 3, 3, 3), attrs=dict(auto_pad="SAME_UPPER", strides=[2, 2])),
    "pointwise": dict(x=(1, 16, 7, 7), w=(24, 16, 1, 1), bias=True, attrs={}),
    "depthwise": dict(x=(1, 6, 9, 9), w=(6, 1, 3, 3), bias=True,
                      attrs=dict(group=6, pads=[1, 1, 1, 1], strides=[2, 2])),
    "depth_multiplier": dict(x=(1, 3, 8, 8), w=(6, 1, 3, 3), attrs=dict(group=3)),
    "two_groups": dict(x=(1, 4, 8, 8), w=(6, 2, 3, 3), bias=True, attrs=dict(group=2, pads=[1, 1, 1, 1])),
}


@pytest.mark.parametrize("case", list(CONVS))
def test_conv(case):
    spec = CONVS[case]
    inits = {"w": rnd(*spec["w"], seed=5)}
    if spec.get("bias"):
        inits["b"] = rnd(spec["w"][0], seed=6)
    one("Conv", {"x": rnd(*spec["x"])}, inits=inits, attrs=spec["attrs"])


def test_conv_with_runtime_weights():
    one("Conv", {"x": rnd(1, 3, 6, 6), "w": rnd(4, 3, 3, 3, seed=1)}, attrs=dict(pads=[1, 1, 1, 1]))


POOLS = {
    "max_3x3_s2_pads": ("MaxPool", dict(kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1])),
    "max_ceil_mode": ("MaxPool", dict(kernel_shape=[2, 2], strides=[2, 2], ceil_mode=1)),
    "avg_exclude_pad": ("AveragePool", dict(kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1])),
    "avg_include_pad": ("AveragePool", dict(kernel_shape=[3, 2], pads=[1, 0, 1, 1], count_include_pad=1)),
    "avg_plain": ("AveragePool", dict(kernel_shape=[2, 2], strides=[2, 2])),
}


@pytest.mark.parametrize("case", list(POOLS))
def test_pooling(case):
    op, attrs = POOLS[case]
    one(op, {"x": rnd(2, 3, 9, 9)}, attrs=attrs)


@pytest.mark.parametrize("op", ["GlobalAveragePool", "GlobalMaxPool"])
def test_global_pooling(op):
    one(op, {"x": rnd(2, 5, 6, 7)})


# -- matrix products ---------------------------------------------------------------------------
@pytest.mark.parametrize("a,b", [((5, 7), (7, 3)), ((2, 4, 7), (7, 3)), ((2, 3, 4, 7), (2, 3, 7, 5)),
                                 ((3, 4, 7), (1, 7, 5)), ((7,), (7, 3)), ((2, 5, 7), (7,))])
def test_matmul(a, b):
    one("MatMul", {"a": rnd(*a), "b": rnd(*b, seed=1)})


def test_matmul_with_constant_weights():
    one("MatMul", {"a": rnd(2, 6, 8)}, inits={"w": rnd(8, 4, seed=1)})


@pytest.mark.parametrize("attrs,c_shape", [({}, (4,)), (dict(transA=1, transB=1, alpha=0.5, beta=2.0), (3, 4)),
                                           (dict(transB=1), None), (dict(alpha=2.0), (1, 4))])
def test_gemm(attrs, c_shape):
    a = rnd(6, 3) if attrs.get("transA") else rnd(3, 6)
    inits = {"b": rnd(4, 6, seed=1) if attrs.get("transB") else rnd(6, 4, seed=1)}
    if c_shape:
        inits["c"] = rnd(*c_shape, seed=2)
    one("Gemm", {"a": a}, inits=inits, attrs=attrs)


def test_gemm_with_runtime_operands():
    one("Gemm", {"a": rnd(3, 6), "b": rnd(4, 6, seed=1), "c": rnd(3, 4, seed=2)}, attrs=dict(transB=1, beta=0.5))


# -- layouts -----------------------------------------------------------------------------------
def test_nhwc_input_runs_convolutions_without_transposes():
    """Transpose(NHWC→NCHW) → Conv → BN → Clip → depthwise Conv → Add → MaxPool → GAP: the
    whole chain stays NHWC, so the MLIR holds no linalg.transpose."""
    x = rnd(1, 10, 10, 3)
    inits = {"w1": rnd(8, 3, 3, 3, seed=1), "w2": rnd(8, 1, 3, 3, seed=2), "s": rnd(8, seed=3),
             "b": rnd(8, seed=4), "m": rnd(8, seed=5), "v": rnd(8, seed=6, low=0.5, high=1.5),
             "lo": np.array(0, np.float32), "hi": np.array(6, np.float32)}
    nodes = [helper.make_node("Transpose", ["x"], ["xt"], perm=[0, 3, 1, 2]),
             helper.make_node("Conv", ["xt", "w1"], ["c1"], pads=[1, 1, 1, 1]),
             helper.make_node("BatchNormalization", ["c1", "s", "b", "m", "v"], ["n1"]),
             helper.make_node("Clip", ["n1", "lo", "hi"], ["r1"]),
             helper.make_node("Conv", ["r1", "w2"], ["c2"], group=8, pads=[1, 1, 1, 1]),
             helper.make_node("Add", ["c2", "r1"], ["sum"]),
             helper.make_node("MaxPool", ["sum"], ["p"], kernel_shape=[2, 2], strides=[2, 2]),
             helper.make_node("GlobalAveragePool", ["p"], ["g"]),
             helper.make_node("Flatten", ["g"], ["y"])]
    text = check(make_model(nodes, {"x": x}, ["y"], inits), {"x": x})
    assert "linalg.transpose" not in text


# -- errors and the command line ---------------------------------------------------------------
def test_unsupported_operator_is_one_line_naming_node_and_op():
    node = helper.make_node("Det", ["x"], ["y"], name="hm")
    with pytest.raises(CompileError) as info:
        import_model(make_model([node], {"x": rnd(2, 3)}, ["y"]))
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith("node 'hm' (op Det): operator Det is not supported (supported: ")
    assert "Conv" in message and len(supported_operators()) >= 40


def test_symbolic_dims_need_an_input_shape():
    graph = helper.make_graph([helper.make_node("Relu", ["x"], ["y"])], "g",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 4])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", 4])])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], ir_version=9)
    with pytest.raises(CompileError, match="symbolic dimension 'batch'.*--input-shape=x:"):
        import_model(model)
    text = import_model(model, input_shapes={"x": "3x4"})
    assert "func.func @g(%x: tensor<3x4xf32>) -> tensor<3x4xf32>" in text
    with pytest.raises(UsageError, match="not an input"):
        import_model(model, input_shapes={"nope": (1,)})


def test_old_opsets_that_do_not_convert_are_refused_in_one_line():
    graph = helper.make_graph([helper.make_node("Scatter", ["x"], ["y"])], "g",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2])])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 9)], ir_version=9)
    with pytest.raises(CompileError, match="opset 9, and onnx.version_converter could not upgrade it") as info:
        import_model(model)
    assert "\n" not in str(info.value)


def test_cli_writes_mlir_and_reports_errors_in_one_line(tmp_path):
    model = make_model([helper.make_node("Relu", ["x"], ["y"])], {"x": rnd(2, 3)}, ["y"], name="relu")
    onnx.save(model, tmp_path / "m.onnx")
    cli = [sys.executable, "-m", "castiron.tools.import_onnx"]
    proc = subprocess.run([*cli, str(tmp_path / "m.onnx"), "-o", str(tmp_path / "m.mlir")],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "func.func @relu(%x: tensor<2x3xf32>)" in (tmp_path / "m.mlir").read_text()
    bad = make_model([helper.make_node("Det", ["x"], ["y"], name="hm")], {"x": rnd(2, 3)}, ["y"])
    onnx.save(bad, tmp_path / "bad.onnx")
    for args, expected in [([str(tmp_path / "bad.onnx")], "castiron-import-onnx: error: node 'hm' (op Det)"),
                           ([str(tmp_path / "none.onnx")], "castiron-import-onnx: error: cannot read ONNX model"),
                           ([str(tmp_path / "m.onnx"), "--input-shape=x"], "expects NAME:D0xD1")]:
        proc = subprocess.run([*cli, *args], capture_output=True, text=True)
        assert proc.returncode == 1 and proc.stderr.count("\n") == 1 and expected in proc.stderr, proc.stderr


# -- realistic sizes: tiled into many workgroups -----------------------------------------------
N = helper.make_node


def conv_input_nodes():
    return [N("Transpose", ["x"], ["xt"], perm=[0, 3, 1, 2]), N("Conv", ["xt", "w"], ["c"])]


LARGE = {  # (nodes, input shapes, weight shapes or integer constants)
    "matmul_3d_by_2d": ([N("MatMul", ["x", "w"], ["y"])], {"x": (8, 64, 256)}, {"w": (256, 256)}),
    "matmul_reshape_add": ([N("MatMul", ["x", "w"], ["m"]), N("Reshape", ["m", "s"], ["r"]), N("Add", ["r", "b"], ["y"])],
                           {"x": (512, 256)}, {"w": (256, 256), "s": np.array([8, 64, 256]), "b": (256,)}),
    "attention_heads": ([helper.make_node("Reshape", ["x", "s"], ["h"]),
                         helper.make_node("Transpose", ["h"], ["q"], perm=[0, 2, 1, 3]),
                         helper.make_node("Transpose", ["h"], ["k"], perm=[0, 2, 3, 1]),
                         helper.make_node("MatMul", ["q", "k"], ["y"])],
                        {"x": (4, 64, 256)}, {"s": np.array([4, 64, 4, 64])}),
    "concat_nhwc": (conv_input_nodes() + [helper.make_node("Relu", ["c"], ["r"]),
                                          helper.make_node("Concat", ["c", "r"], ["y"], axis=1)],
                    {"x": (1, 56, 56, 64)}, {"w": (64, 64, 1, 1)}),
    "reversed_slice_nhwc": (conv_input_nodes() + [helper.make_node("Slice", ["c", "st", "en", "ax", "sp"], ["y"])],
                            {"x": (1, 56, 56, 64)}, {"w": (64, 64, 1, 1), "st": np.array([-1, 40]),
                                                     "en": np.array([-100, 2]), "ax": np.array([1, 3]),
                                                     "sp": np.array([-2, -3])}),
    "grouped_conv": (conv_input_nodes()[:1] + [N("Conv", ["xt", "w"], ["y"], group=4, pads=[1, 1, 1, 1])],
                     {"x": (1, 56, 56, 64)}, {"w": (64, 16, 3, 3)}),
    "depth_multiplier_conv": ([helper.make_node("Conv", ["x", "w"], ["y"], group=64)],
                              {"x": (1, 64, 56, 56)}, {"w": (128, 1, 3, 3)}),
    "softmax_over_channels": (conv_input_nodes() + [helper.make_node("Softmax", ["c"], ["y"], axis=1)],
                              {"x": (1, 56, 56, 64)}, {"w": (64, 64, 1, 1)}),
}


@pytest.mark.parametrize("case", list(LARGE))
def test_realistic_sizes(case):
    nodes, inputs, weights = LARGE[case]
    feeds = {k: rnd(*shape) for k, shape in inputs.items()}
    inits = {k: (v.astype(np.int64) if isinstance(v, np.ndarray) else rnd(*v, seed=1, low=-0.2, high=0.2))
             for k, v in weights.items()}
    check(make_model(nodes, feeds, ["y"], inits), feeds, rtol=1e-4, atol=1e-4)
