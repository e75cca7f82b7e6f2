"""The importer's comparison, boolean, activation and data-movement operators, and how it treats
whole models (one message for every unsupported operator, old opsets upgraded, shape subgraphs
folded): each case against onnxruntime, at awkward shapes."""
from __future__ import annotations

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")

from onnx import TensorProto, helper  # noqa: E402

import castiron  # noqa: E402
from castiron.errors import CompileError  # noqa: E402
from castiron.importers.onnx import import_model  # noqa: E402
from test_onnx_ops import check, make_model, one, rnd  # noqa: E402

_ELEM_BOOL = TensorProto.BOOL


@pytest.mark.parametrize("op", ["Equal", "Greater", "Less", "GreaterOrEqual", "LessOrEqual"])
@pytest.mark.parametrize("dtype", [np.float32, np.int64])
def test_comparisons_give_bool_tensors(op, dtype):
    a = np.round(rnd(3, 7, 5) * 3).astype(dtype)
    b = np.round(rnd(7, 1, seed=4) * 3).astype(dtype)  # broadcast, and equal elements occur
    one(op, {"a": a, "b": b})


@pytest.mark.parametrize("op", ["And", "Or", "Xor"])
def test_boolean_logic(op):
    a, b = rnd(5, 13) > 0, rnd(13, seed=2) > 0.3
    nodes = [helper.make_node(op, ["a", "b"], ["y"])]
    _check_bool_inputs(nodes, {"a": a, "b": b})


def test_not_and_where_on_a_mask():
    x, y = rnd(4, 11), rnd(4, 11, seed=5)
    nodes = [helper.make_node("Greater", ["x", "y"], ["g"]), helper.make_node("Not", ["g"], ["n"]),
             helper.make_node("Where", ["n", "x", "y"], ["out"])]
    check(make_model(nodes, {"x": x, "y": y}, ["out", "n"]), {"x": x, "y": y})


def test_where_broadcasts_condition_and_constant_branch():
    """BERT's mask: Where(mask == 0, -inf-ish, scores), the mask broadcast over heads."""
    mask = (rnd(1, 1, 1, 9) > 0).astype(np.int64)
    scores = rnd(1, 3, 9, 9, seed=7)
    nodes = [helper.make_node("Equal", ["mask", "zero"], ["m"]),
             helper.make_node("Where", ["m", "neg", "scores"], ["y"])]
    inits = {"zero": np.array(0, np.int64), "neg": np.array(-1e9, np.float32)}
    feeds = {"mask": mask, "scores": scores}
    check(make_model(nodes, feeds, ["y"], inits), feeds)


@pytest.mark.parametrize("to", [TensorProto.BOOL, TensorProto.FLOAT, TensorProto.INT64])
def test_cast_to_and_from_bool(to):
    x = np.array([[0.0, 1.5, -2.0, 0.0, 3.0]], np.float32)
    nodes = [helper.make_node("Cast", ["x"], ["b"], to=TensorProto.BOOL), helper.make_node("Cast", ["b"], ["y"], to=to)]
    check(make_model(nodes, {"x": x}, ["y"]), {"x": x})


@pytest.mark.parametrize("op, attrs", [("HardSigmoid", {}), ("HardSigmoid", {"alpha": 0.3, "beta": 0.4}),
                                       ("HardSwish", {}), ("LeakyRelu", {"alpha": 0.1}), ("Elu", {}),
                                       ("Softplus", {}), ("Floor", {}), ("Ceil", {}), ("Sin", {}), ("Cos", {})])
def test_activations(op, attrs):
    one(op, {"x": rnd(3, 17, low=-5, high=5)}, attrs=attrs, atol=2e-5)


def test_prelu_with_per_channel_slope():
    one("PRelu", {"x": rnd(1, 5, 3, 7, low=-2, high=2)}, inits={"s": rnd(5, 1, 1, seed=3)})


@pytest.mark.parametrize("split, attrs, outputs", [
    (None, {"axis": 1}, 3), (np.array([2, 5, 6], np.int64), {"axis": 2}, 3),
    (None, {"axis": -1, "num_outputs": 2}, 2)])
def test_split(split, attrs, outputs):
    names = [f"y{i}" for i in range(outputs)]
    inits = {"s": split} if split is not None else {}
    opset = 18 if "num_outputs" in attrs else 13
    node = helper.make_node("Split", ["x"] + (["s"] if split is not None else []), names, **attrs)
    x = rnd(2, 9, 13)
    check(make_model([node], {"x": x}, names, inits, opset=opset), {"x": x})


def test_tile_and_expand():
    x = rnd(3, 1, 5)
    nodes = [helper.make_node("Tile", ["x", "r"], ["t"]), helper.make_node("Expand", ["t", "s"], ["y"])]
    inits = {"r": np.array([2, 1, 3], np.int64), "s": np.array([2, 1, 4, 15], np.int64)}
    check(make_model(nodes, {"x": x}, ["y"], inits), {"x": x})


@pytest.mark.parametrize("axis", [0, 1, -1])
def test_gather_elements(axis):
    x = rnd(4, 6, 5)
    rng = np.random.default_rng(axis + 3)
    shape = list(x.shape)
    shape[axis] = 3
    idx = rng.integers(-x.shape[axis], x.shape[axis], shape).astype(np.int64)
    one("GatherElements", {"x": x, "i": idx}, attrs={"axis": axis})


@pytest.mark.parametrize("op", ["ReduceMin", "ReduceProd", "ReduceL2", "ReduceL1", "ReduceSumSquare"])
def test_more_reductions(op):
    one(op, {"x": rnd(3, 7, 5, low=0.5, high=1.5)}, inits={"axes": np.array([1], np.int64)}, inputs=["x", "axes"],
        opset=18)


def test_shape_subgraph_folds_at_import():
    """Shape → Gather → Unsqueeze → Concat → ConstantOfShape/Range/Expand: all known at import,
    so none of these operators reaches codegen (ConstantOfShape and Range have no converter)."""
    x = rnd(2, 5, 7)
    nodes = [helper.make_node("Shape", ["x"], ["shape"]),
             helper.make_node("Gather", ["shape", "one"], ["n"], axis=0),
             helper.make_node("Unsqueeze", ["n", "zero"], ["n1"]),
             helper.make_node("ConstantOfShape", ["n1"], ["ones"], value=helper.make_tensor("v", TensorProto.FLOAT, [1], [1.0])),
             helper.make_node("Range", ["start", "n", "step"], ["r"]),
             helper.make_node("Cast", ["r"], ["rf"], to=TensorProto.FLOAT),
             helper.make_node("Add", ["ones", "rf"], ["bias"]),
             helper.make_node("Unsqueeze", ["bias", "minus1"], ["col"]),
             helper.make_node("Add", ["x", "col"], ["y"])]
    inits = {"one": np.array(1, np.int64), "zero": np.array([0], np.int64), "start": np.array(0, np.int64),
             "step": np.array(1, np.int64), "minus1": np.array([-1], np.int64)}
    text = check(make_model(nodes, {"x": x}, ["y"], inits), {"x": x})
    assert "ConstantOfShape" not in text and text.count("linalg.generic") == 1


def test_every_unsupported_operator_is_named_in_one_message():
    nodes = [helper.make_node("Det", ["x"], ["h"], name="hm"), helper.make_node("Relu", ["h"], ["r"]),
             helper.make_node("NonZero", ["r"], ["y"], name="lp")]
    with pytest.raises(CompileError) as info:
        import_model(make_model(nodes, {"x": rnd(2, 3)}, ["y"]))
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith("2 operators of the model are not supported: Det (node 'hm'), "
                              "NonZero (node 'lp') (supported: ")


def test_old_opsets_are_upgraded_and_run():
    """Opset 9 (as the onnx wheel's light networks and most of the Model Zoo): converted to 13."""
    x = rnd(1, 3, 8, 8)
    nodes = [helper.make_node("Conv", ["x", "w"], ["c"], pads=[1, 1, 1, 1]), helper.make_node("Relu", ["c"], ["r"]),
             helper.make_node("Unsqueeze", ["r"], ["u"], axes=[0]), helper.make_node("Squeeze", ["u"], ["s"], axes=[0]),
             helper.make_node("Flatten", ["s"], ["y"])]
    check(make_model(nodes, {"x": x}, ["y"], {"w": rnd(4, 3, 3, 3, seed=2)}, opset=9), {"x": x})


def test_compile_file_takes_onnx(tmp_path):
    x = rnd(2, 3)
    path = tmp_path / "relu.onnx"
    onnx.save(make_model([helper.make_node("Relu", ["x"], ["y"])], {"x": x}, ["y"]), str(path))
    module = castiron.load_module(castiron.compile_file(str(path)))
    np.testing.assert_array_equal(module.main(x), np.maximum(x, 0))


def _check_bool_inputs(nodes, feeds):
    graph = helper.make_graph(nodes, "main", [helper.make_tensor_value_info(k, _ELEM_BOOL, v.shape) for k, v in feeds.items()],
                              [helper.make_value_info("y", onnx.TypeProto())])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)], ir_version=9)
    inferred = onnx.shape_inference.infer_shapes(model)
    model.graph.output[0].type.CopyFrom(inferred.graph.output[0].type)
    expected = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"]).run(None, feeds)[0]
    got = castiron.load_module(castiron.compile_str(import_model(model))).main(*feeds.values())
    assert got.dtype == np.bool_
    np.testing.assert_array_equal(got, expected)


def test_concat_feeding_batchnorm_relu_needs_no_heap():
    """DenseNet's block: Concat → BatchNorm → ReLU → Conv. With the concat fused into the
    elementwise consumer the dispatch needed a 1x144x56x56 temporary (refused: no heap); the
    concat now is its own dispatch, copying each input into its slice of the destination."""
    rng = np.random.default_rng(0)
    x = rng.standard_normal((1, 48, 56, 56)).astype(np.float32)
    nodes = [helper.make_node("Conv", ["x", "w1"], ["a"]), helper.make_node("Conv", ["x", "w2"], ["b"], pads=[1] * 4),
             helper.make_node("Concat", ["x", "a", "b"], ["c"], axis=1),
             helper.make_node("BatchNormalization", ["c", "s", "t", "mu", "var"], ["n"]),
             helper.make_node("Relu", ["n"], ["r"]), helper.make_node("Conv", ["r", "w3"], ["y"])]
    inits = {"w1": rng.standard_normal((48, 48, 1, 1)).astype(np.float32) * 0.1,
             "w2": rng.standard_normal((48, 48, 3, 3)).astype(np.float32) * 0.05,
             "s": rng.uniform(0.5, 1.5, 144).astype(np.float32), "t": rng.standard_normal(144).astype(np.float32),
             "mu": rng.standard_normal(144).astype(np.float32), "var": rng.uniform(0.5, 2, 144).astype(np.float32),
             "w3": rng.standard_normal((16, 144, 1, 1)).astype(np.float32) * 0.1}
    check(make_model(nodes, {"x": x}, ["y"], inits), {"x": x}, rtol=1e-3, atol=1e-3)


@pytest.mark.parametrize("channels, out_channels, groups, size, stride", [
    (64, 64, 8, 14, 1), (32, 64, 4, 9, 2), (30, 15, 3, 7, 1), (12, 12, 6, 5, 2), (58, 116, 29, 11, 2)])
def test_grouped_conv_is_one_batch_matmul_and_matches(channels, out_channels, groups, size, stride):
    rng = np.random.default_rng(channels + groups)
    x = rng.standard_normal((1, channels, size, size)).astype(np.float32)
    w = (rng.standard_normal((out_channels, channels // groups, 3, 3)) / np.sqrt(9 * channels // groups)).astype(np.float32)
    node = helper.make_node("Conv", ["x", "w", "b"], ["y"], group=groups, pads=[1] * 4, strides=[stride] * 2)
    text = check(make_model([node], {"x": x}, ["y"], {"w": w, "b": rng.standard_normal(out_channels).astype(np.float32)}),
                 {"x": x}, rtol=1e-4, atol=1e-4)
    assert text.count("linalg.batch_matmul") == 1 and "conv_2d" not in text and "tensor.concat" not in text


@pytest.mark.parametrize("op", ["ArgMax", "ArgMin"])
@pytest.mark.parametrize("axis, keepdims, last", [(0, 1, 0), (1, 0, 0), (-1, 1, 1)])
def test_arg_extremes_with_ties(op, axis, keepdims, last):
    x = np.round(rnd(5, 7, 3) * 2)  # few distinct values: ties everywhere
    one(op, {"x": x}, attrs={"axis": axis, "keepdims": keepdims, "select_last_index": last})


def test_cast_like_log_softmax_trilu_rms_norm():
    x = rnd(3, 5, 7, low=-3, high=3)
    one("CastLike", {"x": x, "like": np.zeros(2, np.int32)})
    one("LogSoftmax", {"x": x}, attrs={"axis": 1}, atol=2e-5)
    one("Trilu", {"x": x}, inits={"k": np.array(-1, np.int64)}, attrs={"upper": 0})
    one("Trilu", {"x": x}, inits={"k": np.array(2, np.int64)})
    one("RMSNormalization", {"x": x}, inits={"s": rnd(5, 7, seed=3)}, attrs={"axis": 1}, opset=23, atol=2e-5)


def test_pow_with_a_tensor_exponent():
    x = np.array([[-2.0, -2.0, -1.5, 0.0, 0.0, 3.0, 0.5]], np.float32)
    y = np.array([[3.0, 2.0, 2.0, 0.0, 2.0, -1.5, 0.5]], np.float32)
    one("Pow", {"x": x, "e": y}, atol=1e-6)


def test_layer_norm_mean_and_inverse_std_outputs():
    one("LayerNormalization", {"x": rnd(2, 5, 11)}, inits={"s": rnd(11, seed=2), "b": rnd(11, seed=3)},
        attrs={"axis": -1}, outputs=("y", "mean", "inv"), atol=2e-5)


def test_f16_matmul_and_sum_accumulate_in_f32():
    """A long f16 dot product: accumulated in f16 it drifts several ulps from onnxruntime."""
    a, b = rnd(3, 2048).astype(np.float16), rnd(2048, 5, seed=2).astype(np.float16)
    one("MatMul", {"a": a, "b": b}, rtol=2e-3, atol=2e-3)
    one("ReduceSum", {"x": rnd(4, 3000).astype(np.float16)}, inits={"axes": np.array([1], np.int64)},
        inputs=["x", "axes"], rtol=2e-3, atol=2e-3)


@pytest.mark.parametrize("size", [1, 3, 5])  # (onnxruntime takes odd sizes only)
def test_lrn(size):
    one("LRN", {"x": rnd(1, 7, 5, 6, low=-3, high=3)}, attrs={"size": size, "alpha": 0.01, "beta": 0.75, "bias": 2.0},
        atol=2e-5)


def test_sum_mean_and_dropout_mask():
    a, b, c = rnd(3, 5), rnd(5, seed=2), rnd(3, 1, seed=3)
    one("Sum", {"a": a, "b": b, "c": c})
    one("Mean", {"a": a, "b": b, "c": c})
    one("Dropout", {"x": a}, outputs=("y", "mask"))


def test_large_splat_filter_stays_a_host_weight():
    """Filters made by ConstantOfShape (splat constants) reach the conv's dispatch as a weights
    binding, not as a constant array inside it (LLVM folded every load of that: minutes)."""
    x = rnd(1, 16, 12, 12)
    nodes = [helper.make_node("ConstantOfShape", ["wshape"], ["w"],
                              value=helper.make_tensor("v", TensorProto.FLOAT, [1], [0.02])),
             helper.make_node("Conv", ["x", "w"], ["y"], pads=[1] * 4)]
    model = make_model(nodes, {"x": x}, ["y"], {"wshape": np.array([32, 16, 3, 3], np.int64)})
    text = check(model, {"x": x})
    dispatches = castiron.compile_str(text, compile_to="dispatch-creation")
    assert "tensor<3x3x16x32xf32> {castiron.weights}" in dispatches


@pytest.mark.parametrize("mode, transform, nearest", [
    ("nearest", "asymmetric", "floor"), ("nearest", "half_pixel", "round_prefer_floor"),
    ("nearest", "align_corners", "round_prefer_ceil"), ("nearest", "pytorch_half_pixel", "ceil"),
    ("linear", "half_pixel", "round_prefer_floor"), ("linear", "align_corners", "floor"),
    ("linear", "asymmetric", "floor"), ("linear", "pytorch_half_pixel", "floor")])
@pytest.mark.parametrize("given", ["scales", "sizes"])
def test_resize_with_constant_scales_or_sizes(mode, transform, nearest, given):
    x = rnd(1, 3, 5, 7)
    attrs = {"mode": mode, "coordinate_transformation_mode": transform, "nearest_mode": nearest}
    if given == "scales":
        inits = {"roi": np.array([], np.float32), "scales": np.array([1, 1, 2.0, 0.6], np.float32)}
        inputs = ["x", "roi", "scales"]
    else:
        inits = {"roi": np.array([], np.float32), "scales": np.array([], np.float32),
                 "sizes": np.array([1, 3, 11, 4], np.int64)}
        inputs = ["x", "roi", "scales", "sizes"]
    one("Resize", {"x": x}, inits=inits, attrs=attrs, inputs=inputs, atol=1e-5)


def test_a_scalar_constant_can_be_a_graph_output():
    """Size of a static tensor folds to a 0-d constant, returned as the function's result."""
    x = rnd(3, 4, 5)
    check(make_model([helper.make_node("Size", ["x"], ["y"])], {"x": x}, ["y"]), {"x": x})


def test_an_empty_split_piece_concatenated_back():
    """RotaryEmbedding's shape: rotate all of the head, keep the empty rest, Concat them."""
    x = rnd(2, 3, 5)
    nodes = [helper.make_node("Split", ["x", "sizes"], ["a", "rest"], axis=2), helper.make_node("Neg", ["a"], ["n"]),
             helper.make_node("Concat", ["n", "rest"], ["y"], axis=2)]
    check(make_model(nodes, {"x": x}, ["y"], {"sizes": np.array([5, 0], np.int64)}), {"x": x})


@pytest.mark.parametrize("mode", ["reflect", "edge", "wrap"])
@pytest.mark.parametrize("pads", [[0, 0, 2, 1, 0, 0, 1, 3], [1, 2, 0, 4, 0, 1, 3, 0]])
def test_pad_modes(mode, pads):
    """On an NCHW input and on a Conv's output (stored NHWC: the pad works in that layout)."""
    x = rnd(2, 3, 5, 7)
    one("Pad", {"x": x}, inits={"pads": np.array(pads, np.int64)}, attrs={"mode": mode})
    nodes = [helper.make_node("Conv", ["x", "w"], ["c"]), helper.make_node("Pad", ["c", "pads"], ["y"], mode=mode)]
    inits = {"w": rnd(3, 3, 1, 1, seed=2), "pads": np.array(pads, np.int64)}
    check(make_model(nodes, {"x": x}, ["y"], inits), {"x": x})


@pytest.mark.parametrize("base_t, exp_t", [(np.int64, np.int64), (np.int32, np.int64), (np.int64, np.int32),
                                           (np.float32, np.int64), (np.float32, np.int32)])
def test_pow_with_integer_operands(base_t, exp_t):
    """Integer powers wrap as the machine's multiply does; negative exponents of +-1 stay +-1."""
    base = np.array([[2, -3, 0, 1, -1, 7, -2, 5]], base_t)
    if base_t == np.float32:
        base = base + np.float32(0.5)
    exponent = np.array([3, 5, 0, -4, -7, 11, 31, -2], exp_t)
    one("Pow", {"x": base, "p": exponent}, rtol=1e-6)
