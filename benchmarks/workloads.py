"""Benchmark workloads: MLIR text for castiron plus the same computation in numpy."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np


@dataclass
class Workload:
    name: str
    mlir: str
    inputs: Callable[[], list]       # numpy inputs
    reference: Callable[..., object] # numpy computation of the same function
    flops: int
    # An equivalent ONNX graph for onnxruntime: () -> (model bytes, inputs -> its inputs,
    # its output -> ours); None when there is none.
    onnx: Callable[[], tuple] | None = None
    numpy_is_reference: bool = True  # False: `reference` is not numpy's own implementation (not timed)


def _fill_matmul(m: int, k: int, n: int) -> str:
    return f"""
func.func @main(%a: tensor<{m}x{k}xf32>, %b: tensor<{k}x{n}xf32>) -> tensor<{m}x{n}xf32> {{
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<{m}x{n}xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<{m}x{n}xf32>) -> tensor<{m}x{n}xf32>
  %r = linalg.matmul ins(%a, %b : tensor<{m}x{k}xf32>, tensor<{k}x{n}xf32>) outs(%f : tensor<{m}x{n}xf32>) -> tensor<{m}x{n}xf32>
  return %r : tensor<{m}x{n}xf32>
}}"""


def matmul(n: int) -> Workload:
    rng = np.random.default_rng(0)
    def onnx():
        from .others import onnx_model

        def build(helper, T):
            return ([helper.make_node("MatMul", ["a", "b"], ["c"])],
                    [helper.make_tensor_value_info(x, T.FLOAT, [n, n]) for x in "ab"],
                    [helper.make_tensor_value_info("c", T.FLOAT, [n, n])])
        return onnx_model(build), (lambda a, b: [a, b]), (lambda c: c)

    return Workload(f"matmul_{n}", _fill_matmul(n, n, n),
                    lambda: [rng.standard_normal((n, n), dtype=np.float32), rng.standard_normal((n, n), dtype=np.float32)],
                    lambda a, b: a @ b, 2 * n ** 3, onnx)


def conv3x3(size: int, cin: int, cout: int) -> Workload:
    out = size - 2
    text = f"""
func.func @main(%x: tensor<1x{size}x{size}x{cin}xf32>, %w: tensor<3x3x{cin}x{cout}xf32>) -> tensor<1x{out}x{out}x{cout}xf32> {{
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x{out}x{out}x{cout}xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x{out}x{out}x{cout}xf32>) -> tensor<1x{out}x{out}x{cout}xf32>
  %r = linalg.conv_2d_nhwc_hwcf {{dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}}
     ins(%x, %w : tensor<1x{size}x{size}x{cin}xf32>, tensor<3x3x{cin}x{cout}xf32>) outs(%f : tensor<1x{out}x{out}x{cout}xf32>) -> tensor<1x{out}x{out}x{cout}xf32>
  return %r : tensor<1x{out}x{out}x{cout}xf32>
}}"""
    rng = np.random.default_rng(1)

    def reference(x, w):
        acc = np.zeros((1, out, out, cout), np.float32)
        for i in range(3):
            for j in range(3):
                acc += np.tensordot(x[:, i:i + out, j:j + out, :], w[i, j], axes=([3], [0]))
        return acc

    def onnx():  # onnxruntime's Conv is NCHW/OIHW: the layouts are converted outside the timing
        from .others import onnx_model

        def build(helper, T):
            return ([helper.make_node("Conv", ["x", "w"], ["y"], kernel_shape=[3, 3])],
                    [helper.make_tensor_value_info("x", T.FLOAT, [1, cin, size, size]),
                     helper.make_tensor_value_info("w", T.FLOAT, [cout, cin, 3, 3])],
                    [helper.make_tensor_value_info("y", T.FLOAT, [1, cout, out, out])])
        return (onnx_model(build), lambda x, w: [np.ascontiguousarray(x.transpose(0, 3, 1, 2)),
                                                 np.ascontiguousarray(w.transpose(3, 2, 0, 1))],
                lambda y: y.transpose(0, 2, 3, 1))

    return Workload(f"conv3x3_{size}x{size}x{cin}->{cout}", text,
                    lambda: [rng.standard_normal((1, size, size, cin), dtype=np.float32),
                             rng.standard_normal((3, 3, cin, cout), dtype=np.float32)],
                    reference, 2 * out * out * cout * 9 * cin, onnx)


def elementwise(n: int) -> Workload:
    text = f"""
#id = affine_map<(i) -> (i)>
func.func @main(%a: tensor<{n}xf32>, %b: tensor<{n}xf32>) -> tensor<{n}xf32> {{
  %e = tensor.empty() : tensor<{n}xf32>
  %r = linalg.generic {{indexing_maps = [#id, #id, #id], iterator_types = ["parallel"]}} ins(%a, %b : tensor<{n}xf32>, tensor<{n}xf32>) outs(%e : tensor<{n}xf32>) {{
  ^bb0(%x: f32, %y: f32, %o: f32):
    %s = arith.mulf %x, %y : f32
    %t = arith.addf %s, %x : f32
    %z = arith.constant 0.0 : f32
    %m = arith.maximumf %t, %z : f32
    linalg.yield %m : f32
  }} -> tensor<{n}xf32>
  return %r : tensor<{n}xf32>
}}"""
    rng = np.random.default_rng(2)
    def onnx():
        from .others import onnx_model

        def build(helper, T):
            return ([helper.make_node("Mul", ["a", "b"], ["s"]), helper.make_node("Add", ["s", "a"], ["t"]),
                     helper.make_node("Relu", ["t"], ["y"])],
                    [helper.make_tensor_value_info(x, T.FLOAT, [n]) for x in "ab"],
                    [helper.make_tensor_value_info("y", T.FLOAT, [n])])
        return onnx_model(build), (lambda a, b: [a, b]), (lambda y: y)

    return Workload(f"elementwise_{n}", text,
                    lambda: [rng.standard_normal(n, dtype=np.float32), rng.standard_normal(n, dtype=np.float32)],
                    lambda a, b: np.maximum(a * b + a, 0), 3 * n, onnx)


def softmax(rows: int, cols: int) -> Workload:
    text = f"""
#id = affine_map<(i, j) -> (i, j)>
#row = affine_map<(i, j) -> (i)>
func.func @main(%x: tensor<{rows}x{cols}xf32>) -> tensor<{rows}x{cols}xf32> {{
  %ninf = arith.constant 0xFF800000 : f32
  %zero = arith.constant 0.0 : f32
  %e1 = tensor.empty() : tensor<{rows}xf32>
  %init = linalg.fill ins(%ninf : f32) outs(%e1 : tensor<{rows}xf32>) -> tensor<{rows}xf32>
  %max = linalg.generic {{indexing_maps = [#id, #row], iterator_types = ["parallel", "reduction"]}} ins(%x : tensor<{rows}x{cols}xf32>) outs(%init : tensor<{rows}xf32>) {{
  ^bb0(%v: f32, %acc: f32):
    %m = arith.maximumf %v, %acc : f32
    linalg.yield %m : f32
  }} -> tensor<{rows}xf32>
  %e2 = tensor.empty() : tensor<{rows}x{cols}xf32>
  %ex = linalg.generic {{indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]}} ins(%x, %max : tensor<{rows}x{cols}xf32>, tensor<{rows}xf32>) outs(%e2 : tensor<{rows}x{cols}xf32>) {{
  ^bb0(%v: f32, %m: f32, %o: f32):
    %d = arith.subf %v, %m : f32
    %y = math.exp %d : f32
    linalg.yield %y : f32
  }} -> tensor<{rows}x{cols}xf32>
  %zinit = linalg.fill ins(%zero : f32) outs(%e1 : tensor<{rows}xf32>) -> tensor<{rows}xf32>
  %sum = linalg.generic {{indexing_maps = [#id, #row], iterator_types = ["parallel", "reduction"]}} ins(%ex : tensor<{rows}x{cols}xf32>) outs(%zinit : tensor<{rows}xf32>) {{
  ^bb0(%v: f32, %acc: f32):
    %s = arith.addf %v, %acc : f32
    linalg.yield %s : f32
  }} -> tensor<{rows}xf32>
  %r = linalg.generic {{indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]}} ins(%ex, %sum : tensor<{rows}x{cols}xf32>, tensor<{rows}xf32>) outs(%e2 : tensor<{rows}x{cols}xf32>) {{
  ^bb0(%v: f32, %s: f32, %o: f32):
    %q = arith.divf %v, %s : f32
    linalg.yield %q : f32
  }} -> tensor<{rows}x{cols}xf32>
  return %r : tensor<{rows}x{cols}xf32>
}}"""
    rng = np.random.default_rng(3)

    def reference(x):
        e = np.exp(x - x.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)

    def onnx():
        from .others import onnx_model

        def build(helper, T):
            return ([helper.make_node("Softmax", ["x"], ["y"], axis=1)],
                    [helper.make_tensor_value_info("x", T.FLOAT, [rows, cols])],
                    [helper.make_tensor_value_info("y", T.FLOAT, [rows, cols])])
        return onnx_model(build), (lambda x: [x]), (lambda y: y)

    return Workload(f"softmax_{rows}x{cols}", text, lambda: [rng.standard_normal((rows, cols), dtype=np.float32)],
                    reference, 5 * rows * cols, onnx)


def batch_matmul(b: int, m: int, k: int, n: int) -> Workload:
    text = f"""
func.func @main(%a: tensor<{b}x{m}x{k}xf32>, %w: tensor<{b}x{k}x{n}xf32>) -> tensor<{b}x{m}x{n}xf32> {{
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<{b}x{m}x{n}xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<{b}x{m}x{n}xf32>) -> tensor<{b}x{m}x{n}xf32>
  %r = linalg.batch_matmul ins(%a, %w : tensor<{b}x{m}x{k}xf32>, tensor<{b}x{k}x{n}xf32>) outs(%f : tensor<{b}x{m}x{n}xf32>) -> tensor<{b}x{m}x{n}xf32>
  return %r : tensor<{b}x{m}x{n}xf32>
}}"""
    rng = np.random.default_rng(5)

    def onnx():
        from .others import onnx_model

        def build(helper, T):
            return ([helper.make_node("MatMul", ["a", "w"], ["c"])],
                    [helper.make_tensor_value_info("a", T.FLOAT, [b, m, k]),
                     helper.make_tensor_value_info("w", T.FLOAT, [b, k, n])],
                    [helper.make_tensor_value_info("c", T.FLOAT, [b, m, n])])
        return onnx_model(build), (lambda x, y: [x, y]), (lambda c: c)

    return Workload(f"batch_matmul_{b}x{m}x{k}x{n}", text,
                    lambda: [rng.standard_normal((b, m, k), dtype=np.float32),
                             rng.standard_normal((b, k, n), dtype=np.float32)],
                    lambda x, y: x @ y, 2 * b * m * k * n, onnx)


def conv1x1(size: int, cin: int, cout: int) -> Workload:
    text = f"""
func.func @main(%x: tensor<1x{size}x{size}x{cin}xf32>, %w: tensor<1x1x{cin}x{cout}xf32>) -> tensor<1x{size}x{size}x{cout}xf32> {{
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x{size}x{size}x{cout}xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x{size}x{size}x{cout}xf32>) -> tensor<1x{size}x{size}x{cout}xf32>
  %r = linalg.conv_2d_nhwc_hwcf {{dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}}
     ins(%x, %w : tensor<1x{size}x{size}x{cin}xf32>, tensor<1x1x{cin}x{cout}xf32>) outs(%f : tensor<1x{size}x{size}x{cout}xf32>) -> tensor<1x{size}x{size}x{cout}xf32>
  return %r : tensor<1x{size}x{size}x{cout}xf32>
}}"""
    rng = np.random.default_rng(6)

    def onnx():
        from .others import onnx_model

        def build(helper, T):
            return ([helper.make_node("Conv", ["x", "w"], ["y"], kernel_shape=[1, 1])],
                    [helper.make_tensor_value_info("x", T.FLOAT, [1, cin, size, size]),
                     helper.make_tensor_value_info("w", T.FLOAT, [cout, cin, 1, 1])],
                    [helper.make_tensor_value_info("y", T.FLOAT, [1, cout, size, size])])
        return (onnx_model(build), lambda x, w: [np.ascontiguousarray(x.transpose(0, 3, 1, 2)),
                                                 np.ascontiguousarray(w.transpose(3, 2, 0, 1))],
                lambda y: y.transpose(0, 2, 3, 1))

    return Workload(f"conv1x1_{size}x{size}x{cin}->{cout}", text,
                    lambda: [rng.standard_normal((1, size, size, cin), dtype=np.float32),
                             rng.standard_normal((1, 1, cin, cout), dtype=np.float32)],
                    lambda x, w: np.tensordot(x, w[0, 0], axes=([3], [0])), 2 * size * size * cin * cout, onnx)


def depthwise3x3(size: int, channels: int, stride: int) -> Workload:
    out = (size - 3) // stride + 1
    text = f"""
func.func @main(%x: tensor<1x{size}x{size}x{channels}xf32>, %w: tensor<3x3x{channels}xf32>) -> tensor<1x{out}x{out}x{channels}xf32> {{
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x{out}x{out}x{channels}xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x{out}x{out}x{channels}xf32>) -> tensor<1x{out}x{out}x{channels}xf32>
  %r = linalg.depthwise_conv_2d_nhwc_hwc {{dilations = dense<1> : tensor<2xi64>, strides = dense<{stride}> : tensor<2xi64>}}
     ins(%x, %w : tensor<1x{size}x{size}x{channels}xf32>, tensor<3x3x{channels}xf32>) outs(%f : tensor<1x{out}x{out}x{channels}xf32>) -> tensor<1x{out}x{out}x{channels}xf32>
  return %r : tensor<1x{out}x{out}x{channels}xf32>
}}"""
    rng = np.random.default_rng(7)

    def reference(x, w):
        acc = np.zeros((1, out, out, channels), np.float32)
        for i in range(3):
            for j in range(3):
                acc += x[:, i:i + stride * (out - 1) + 1:stride, j:j + stride * (out - 1) + 1:stride, :] * w[i, j]
        return acc

    def onnx():
        from .others import onnx_model

        def build(helper, T):
            return ([helper.make_node("Conv", ["x", "w"], ["y"], kernel_shape=[3, 3], group=channels,
                                      strides=[stride, stride])],
                    [helper.make_tensor_value_info("x", T.FLOAT, [1, channels, size, size]),
                     helper.make_tensor_value_info("w", T.FLOAT, [channels, 1, 3, 3])],
                    [helper.make_tensor_value_info("y", T.FLOAT, [1, channels, out, out])])
        return (onnx_model(build), lambda x, w: [np.ascontiguousarray(x.transpose(0, 3, 1, 2)),
                                                 np.ascontiguousarray(w.transpose(2, 0, 1)[:, None])],
                lambda y: y.transpose(0, 2, 3, 1))

    return Workload(f"depthwise3x3_s{stride}_{size}x{size}x{channels}", text,
                    lambda: [rng.standard_normal((1, size, size, channels), dtype=np.float32),
                             rng.standard_normal((3, 3, channels), dtype=np.float32)],
                    reference, 2 * out * out * channels * 9, onnx)


def tiny_mobilenet() -> Workload:
    from castiron.examples import reference, tiny_mobilenet_mlir

    rng = np.random.default_rng(4)
    return Workload("example_cnn", tiny_mobilenet_mlir(),
                    lambda: [rng.uniform(0, 1, (1, 224, 224, 3)).astype(np.float32)], reference, 15_900_000)


def mobilenet_v2() -> Workload:
    """MobileNetV2 224 (castiron.models, 3.5 M weights) through castiron's ONNX importer; the
    reference is onnxruntime's output on the same model."""
    from castiron.importers.onnx import import_model
    from castiron.models.mobilenet_v2 import mobilenet_v2 as build

    model = build(seed=0)
    data = model.SerializeToString()
    x = np.random.default_rng(0).uniform(0, 1, (1, 224, 224, 3)).astype(np.float32)

    def reference(v):
        import onnxruntime as ort

        session = ort.InferenceSession(data, providers=["CPUExecutionProvider"])
        return session.run(None, {"input": v})[0]

    return Workload("mobilenet_v2", import_model(model), lambda: [x], reference, 600_000_000,
                    lambda: (data, lambda v: [v], lambda y: y), numpy_is_reference=False)


def default_workloads() -> list[Workload]:
    return [matmul(256), matmul(512), matmul(1024), matmul(2048), batch_matmul(8, 128, 256, 128),
            conv3x3(58, 32, 32), conv1x1(56, 24, 144), depthwise3x3(114, 32, 1), depthwise3x3(113, 96, 2),
            elementwise(1 << 20), softmax(256, 1000), tiny_mobilenet()]
