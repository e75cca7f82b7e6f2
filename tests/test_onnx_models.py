"""Whole ONNX models through the importer, compiler and runtime, against onnxruntime:
MobileNetV2 (castiron.models) and a transformer encoder block."""
from __future__ import annotations

import math
import subprocess
import sys
import time

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")

from onnx import TensorProto, helper, numpy_helper  # noqa: E402

from castiron.importers.onnx import import_model  # noqa: E402
from castiron.models.mobilenet_v2 import mobilenet_v2, weight_count  # noqa: E402
from castiron.runtime import load_module  # noqa: E402
from conftest import compiled, loaded, run_tool  # noqa: E402


def onnxruntime_run(model, feeds: dict) -> list:
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    return session.run(None, feeds)


# -- MobileNetV2 -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def mobilenet():
    """The model, its MLIR and compiled module, compiled once for the tests below."""
    model = mobilenet_v2(seed=0)
    start = time.perf_counter()
    text = import_model(model)
    imported = time.perf_counter()
    data = compiled(text)
    done = time.perf_counter()
    print(f"\nMobileNetV2: import {imported - start:.1f} s, compile {done - imported:.1f} s, "
          f"MLIR {len(text) / 1e6:.0f} MB, module {len(data) / 1e6:.1f} MB")
    return model, text, data


def test_mobilenet_v2_is_the_real_architecture(mobilenet):
    model, text, _ = mobilenet
    ops = [n.op_type for n in model.graph.node]
    assert 3.4e6 < weight_count(model) < 3.6e6
    assert ops.count("Conv") == 52 and ops.count("BatchNormalization") == 52 and ops.count("Add") == 10
    groups = [a.i for n in model.graph.node if n.op_type == "Conv" for a in n.attribute if a.name == "group"]
    assert sum(g > 1 for g in groups) == 17  # the depthwise convolutions
    assert text.count("func.func @predict(%input: tensor<1x224x224x3xf32>) -> tensor<1x1000xf32>") == 1
    # The NHWC input feeds NHWC convolutions: the importer emits no transpose at all.
    assert "linalg.transpose" not in text
    assert text.count("linalg.depthwise_conv_2d_nhwc_hwc ") == 17


def test_mobilenet_v2_matches_onnxruntime(mobilenet):
    model, _, data = mobilenet
    x = np.random.default_rng(7).standard_normal((1, 224, 224, 3)).astype(np.float32)
    (expected,) = onnxruntime_run(model, {"input": x})
    module = load_module(data)
    start = time.perf_counter()
    got = module.predict(x)
    print(f"\nMobileNetV2 run: {1e3 * (time.perf_counter() - start):.0f} ms, "
          f"max |error| {np.abs(got - expected).max():.2e} (logits std {expected.std():.2f})")
    assert got.shape == (1, 1000)
    np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-5)
    assert np.argmax(got) == np.argmax(expected)


def test_mobilenet_v2_with_batchnorm_folded_into_convolutions_imports_the_same_function():
    folded = mobilenet_v2(seed=0, fold_batchnorm=True)
    assert "BatchNormalization" not in {n.op_type for n in folded.graph.node}
    x = np.random.default_rng(5).standard_normal((1, 224, 224, 3)).astype(np.float32)
    np.testing.assert_allclose(onnxruntime_run(folded, {"input": x})[0],
                               onnxruntime_run(mobilenet_v2(seed=0), {"input": x})[0], rtol=1e-4, atol=1e-5)
    text = import_model(folded)
    assert text.count("linalg.conv_2d_nhwc_hwcf") == 35 and "linalg.transpose" not in text


def test_mobilenet_v2_through_the_seed_command_lines(mobilenet, tmp_path):
    """castiron-import-onnx → (the same MLIR) → module file → castiron-run-module, zero input."""
    model, text, data = mobilenet
    onnx.save(model, tmp_path / "model.onnx")
    proc = subprocess.run([sys.executable, "-m", "castiron.tools.import_onnx", str(tmp_path / "model.onnx"),
                           "-o", str(tmp_path / "model.mlir"), "--input-shape=input:1x224x224x3"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "model.mlir").read_text() == text
    (tmp_path / "model.vmfb").write_bytes(data)  # castiron-compile of that text: already compiled once
    proc = run_tool("castiron-run-module", "--driver=dylib", f"--module_file={tmp_path / 'model.vmfb'}",
                    "--entry_function=predict", "--function_input=1x224x224x3xf32=0",
                    f"--output=@{tmp_path / 'logits.npy'}")
    assert proc.returncode == 0, proc.stderr
    (expected,) = onnxruntime_run(model, {"input": np.zeros((1, 224, 224, 3), np.float32)})
    np.testing.assert_allclose(np.load(tmp_path / "logits.npy"), expected, rtol=1e-4, atol=1e-5)


# -- a transformer encoder block ---------------------------------------------------------------
def encoder_block(seed=0, batch=2, seq=16, dim=64, heads=4, ff=256, gelu="erf"):
    """Pre-LayerNorm encoder block: multi-head self-attention (Reshape/Transpose into heads,
    MatMul, scale, Softmax) and a GELU MLP, each with a residual Add. gelu="erf" spells GELU
    with Erf as exporters before opset 20 do; gelu="op" uses the Gelu operator (opset 20)."""
    rng = np.random.default_rng(seed)
    head = dim // heads
    weights, nodes = {}, []

    def w(name, *shape, scale=None):
        scale = 1 / math.sqrt(shape[0]) if scale is None else scale
        weights[name] = (rng.standard_normal(shape) * scale).astype(np.float32)
        return name

    def node(op, inputs, output, **attrs):
        nodes.append(helper.make_node(op, inputs, [output], name=output, **attrs))
        return output

    def linear(x, name, n_in, n_out):
        return node("Add", [node("MatMul", [x, w(f"{name}.w", n_in, n_out)], f"{name}.mm"),
                            w(f"{name}.b", n_out, scale=0.1)], name)

    def layernorm(x, name):
        weights[f"{name}.g"] = (1 + 0.1 * rng.standard_normal(dim)).astype(np.float32)
        return node("LayerNormalization", [x, f"{name}.g", w(f"{name}.b", dim, scale=0.1)], name, axis=-1,
                    epsilon=1e-5)

    weights["heads_shape"] = np.array([0, 0, heads, head], np.int64)
    weights["merged_shape"] = np.array([0, 0, -1], np.int64)
    weights["scale"] = np.array(math.sqrt(head), np.float32)
    h = layernorm("x", "ln1")
    q = node("Transpose", [node("Reshape", [linear(h, "q", dim, dim), "heads_shape"], "q.heads")], "q.t",
             perm=[0, 2, 1, 3])
    k = node("Transpose", [node("Reshape", [linear(h, "k", dim, dim), "heads_shape"], "k.heads")], "k.t",
             perm=[0, 2, 3, 1])
    v = node("Transpose", [node("Reshape", [linear(h, "v", dim, dim), "heads_shape"], "v.heads")], "v.t",
             perm=[0, 2, 1, 3])
    scores = node("Div", [node("MatMul", [q, k], "qk"), "scale"], "scores")
    probs = node("Softmax", [scores], "probs", axis=-1)
    context = node("Transpose", [node("MatMul", [probs, v], "context.heads")], "context.t", perm=[0, 2, 1, 3])
    context = node("Reshape", [context, "merged_shape"], "context")
    h1 = node("Add", ["x", linear(context, "out", dim, dim)], "residual1")
    f = linear(layernorm(h1, "ln2"), "fc1", dim, ff)
    if gelu == "erf":
        weights.update({"half": np.array(0.5, np.float32), "one": np.array(1.0, np.float32),
                        "sqrt2": np.array(math.sqrt(2), np.float32)})
        erf = node("Erf", [node("Div", [f, "sqrt2"], "gelu.scaled")], "gelu.erf")
        f = node("Mul", [node("Mul", [f, "half"], "gelu.half"), node("Add", [erf, "one"], "gelu.sum")], "gelu")
    else:
        f = node("Gelu", [f], "gelu")
    node("Add", [h1, linear(f, "fc2", ff, dim)], "y")
    graph = helper.make_graph(nodes, "main", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [batch, seq, dim])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [batch, seq, dim])],
                              [numpy_helper.from_array(a, k) for k, a in weights.items()])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17 if gelu == "erf" else 20)],
                             ir_version=9)


@pytest.mark.parametrize("gelu", ["erf", "op"])
def test_transformer_encoder_block_matches_onnxruntime(gelu):
    model = encoder_block(gelu=gelu)
    x = np.random.default_rng(3).standard_normal((2, 16, 64)).astype(np.float32)
    (expected,) = onnxruntime_run(model, {"x": x})
    text = import_model(model)
    got = loaded(text)["main"](x)
    np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-5)
    assert text.count("linalg.batch_matmul") == 2 and text.count("linalg.matmul") == 6
