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
    return Workload(f"matmul_{n}", _fill_matmul(n, n, n),
                    lambda: [rng.standard_normal((n, n), dtype=np.float32), rng.standard_normal((n, n), dtype=np.float32)],
                    lambda a, b: a @ b, 2 * n ** 3)


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

    return Workload(f"conv3x3_{size}x{size}x{cin}->{cout}", text,
                    lambda: [rng.standard_normal((1, size, size, cin), dtype=np.float32),
                             rng.standard_normal((3, 3, cin, cout), dtype=np.float32)],
                    reference, 2 * out * out * cout * 9 * cin)


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
    return Workload(f"elementwise_{n}", text,
                    lambda: [rng.standard_normal(n, dtype=np.float32), rng.standard_normal(n, dtype=np.float32)],
                    lambda a, b: np.maximum(a * b + a, 0), 3 * n)


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

    return Workload(f"softmax_{rows}x{cols}", text, lambda: [rng.standard_normal((rows, cols), dtype=np.float32)],
                    reference, 5 * rows * cols)


def tiny_mobilenet() -> Workload:
    from castiron.examples import reference, tiny_mobilenet_mlir

    rng = np.random.default_rng(4)
    return Workload("example_cnn", tiny_mobilenet_mlir(),
                    lambda: [rng.uniform(0, 1, (1, 224, 224, 3)).astype(np.float32)], reference, 15_900_000)


def default_workloads() -> list[Workload]:
    return [matmul(256), matmul(512), matmul(1024), conv3x3(56, 32, 32), elementwise(1 << 20),
            softmax(256, 1000), tiny_mobilenet()]
