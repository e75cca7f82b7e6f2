"""End-to-end numerics of linalg named ops against numpy, at awkward shapes (1, primes, odd)."""
from __future__ import annotations

import numpy as np
import pytest

from conftest import loaded, rand

MATMUL = """
func.func @main(%a: tensor<{m}x{k}x{t}>, %b: tensor<{k}x{n}x{t}>) -> tensor<{m}x{n}x{t}> {{
  %e = tensor.empty() : tensor<{m}x{n}x{t}>
  %z = arith.constant {zero} : {t}
  %f = linalg.fill ins(%z : {t}) outs(%e : tensor<{m}x{n}x{t}>) -> tensor<{m}x{n}x{t}>
  %r = linalg.matmul ins(%a, %b : tensor<{m}x{k}x{t}>, tensor<{k}x{n}x{t}>) outs(%f : tensor<{m}x{n}x{t}>) -> tensor<{m}x{n}x{t}>
  return %r : tensor<{m}x{n}x{t}>
}}
"""


@pytest.mark.parametrize("m,k,n", [(1, 1, 1), (7, 13, 5), (64, 64, 64), (129, 67, 33), (3, 257, 2)])
def test_matmul_f32_matches_numpy(m, k, n):
    fn = loaded(MATMUL.format(m=m, k=k, n=n, t="f32", zero="0.0"))["main"]
    a, b = rand((m, k)), rand((k, n), seed=1)
    np.testing.assert_allclose(fn(a, b), a @ b, rtol=1e-5, atol=1e-5)


def test_matmul_i32_is_exact():
    fn = loaded(MATMUL.format(m=17, k=9, n=23, t="i32", zero="0"))["main"]
    a, b = rand((17, 9), np.int32), rand((9, 23), np.int32, seed=3)
    np.testing.assert_array_equal(fn(a, b), a @ b)


def test_matmul_f16_matches_numpy():
    fn = loaded(MATMUL.format(m=8, k=16, n=12, t="f16", zero="0.0"))["main"]
    a, b = rand((8, 16), np.float16), rand((16, 12), np.float16, seed=2)
    np.testing.assert_allclose(fn(a, b).astype(np.float32), a.astype(np.float32) @ b.astype(np.float32),
                               rtol=2e-2, atol=2e-2)


def test_batch_matmul_matches_numpy():
    text = """
func.func @main(%a: tensor<3x17x9xf32>, %b: tensor<3x9x11xf32>) -> tensor<3x17x11xf32> {
  %e = tensor.empty() : tensor<3x17x11xf32>
  %z = arith.constant 0.0 : f32
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<3x17x11xf32>) -> tensor<3x17x11xf32>
  %r = linalg.batch_matmul ins(%a, %b : tensor<3x17x9xf32>, tensor<3x9x11xf32>) outs(%f : tensor<3x17x11xf32>) -> tensor<3x17x11xf32>
  return %r : tensor<3x17x11xf32>
}"""
    a, b = rand((3, 17, 9)), rand((3, 9, 11), seed=5)
    np.testing.assert_allclose(loaded(text)["main"](a, b), a @ b, rtol=1e-5, atol=1e-5)


def test_matvec_matches_numpy():
    text = """
func.func @main(%a: tensor<37x53xf32>, %x: tensor<53xf32>) -> tensor<37xf32> {
  %e = tensor.empty() : tensor<37xf32>
  %z = arith.constant 0.0 : f32
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<37xf32>) -> tensor<37xf32>
  %r = linalg.matvec ins(%a, %x : tensor<37x53xf32>, tensor<53xf32>) outs(%f : tensor<37xf32>) -> tensor<37xf32>
  return %r : tensor<37xf32>
}"""
    a, x = rand((37, 53)), rand((53,), seed=9)
    np.testing.assert_allclose(loaded(text)["main"](a, x), a @ x, rtol=1e-5, atol=1e-5)


def conv_reference(x, w, stride):
    n, h, wd, c = x.shape
    kh, kw, _, f = w.shape
    oh, ow = (h - kh) // stride + 1, (wd - kw) // stride + 1
    out = np.zeros((n, oh, ow, f), dtype=np.float64)
    for i in range(kh):
        for j in range(kw):
            patch = x[:, i:i + stride * oh:stride, j:j + stride * ow:stride, :]
            out += np.einsum("nhwc,cf->nhwf", patch, w[i, j])
    return out


@pytest.mark.parametrize("size,channels,filters,stride", [(15, 3, 8, 2), (9, 5, 7, 1), (3, 1, 1, 1)])
def test_conv_2d_nhwc_hwcf_matches_numpy(size, channels, filters, stride):
    out = (size - 3) // stride + 1
    text = f"""
func.func @main(%x: tensor<1x{size}x{size}x{channels}xf32>, %w: tensor<3x3x{channels}x{filters}xf32>) -> tensor<1x{out}x{out}x{filters}xf32> {{
  %e = tensor.empty() : tensor<1x{out}x{out}x{filters}xf32>
  %z = arith.constant 0.0 : f32
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<1x{out}x{out}x{filters}xf32>) -> tensor<1x{out}x{out}x{filters}xf32>
  %r = linalg.conv_2d_nhwc_hwcf {{dilations = dense<1> : tensor<2xi64>, strides = dense<{stride}> : tensor<2xi64>}}
     ins(%x, %w : tensor<1x{size}x{size}x{channels}xf32>, tensor<3x3x{channels}x{filters}xf32>)
     outs(%f : tensor<1x{out}x{out}x{filters}xf32>) -> tensor<1x{out}x{out}x{filters}xf32>
  return %r : tensor<1x{out}x{out}x{filters}xf32>
}}"""
    x, w = rand((1, size, size, channels)), rand((3, 3, channels, filters), seed=4)
    np.testing.assert_allclose(loaded(text)["main"](x, w), conv_reference(x, w, stride), rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("stride", [1, 2])
def test_depthwise_conv_matches_numpy(stride):
    out = (13 - 3) // stride + 1
    text = f"""
func.func @main(%x: tensor<1x13x13x5xf32>, %w: tensor<3x3x5xf32>) -> tensor<1x{out}x{out}x5xf32> {{
  %e = tensor.empty() : tensor<1x{out}x{out}x5xf32>
  %z = arith.constant 0.0 : f32
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<1x{out}x{out}x5xf32>) -> tensor<1x{out}x{out}x5xf32>
  %r = linalg.depthwise_conv_2d_nhwc_hwc {{dilations = dense<1> : tensor<2xi64>, strides = dense<{stride}> : tensor<2xi64>}}
     ins(%x, %w : tensor<1x13x13x5xf32>, tensor<3x3x5xf32>) outs(%f : tensor<1x{out}x{out}x5xf32>) -> tensor<1x{out}x{out}x5xf32>
  return %r : tensor<1x{out}x{out}x5xf32>
}}"""
    x, w = rand((1, 13, 13, 5)), rand((3, 3, 5), seed=6)
    ref = np.zeros((1, out, out, 5))
    for i in range(3):
        for j in range(3):
            ref += x[:, i:i + stride * out:stride, j:j + stride * out:stride, :] * w[i, j]
    np.testing.assert_allclose(loaded(text)["main"](x, w), ref, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("kind,init,reduce", [("max", "-3.4e38", np.max), ("sum", "0.0", np.sum)])
def test_pooling_nhwc_matches_numpy(kind, init, reduce):
    text = f"""
func.func @main(%x: tensor<2x9x9x3xf32>) -> tensor<2x4x4x3xf32> {{
  %win = tensor.empty() : tensor<2x2xf32>
  %e = tensor.empty() : tensor<2x4x4x3xf32>
  %z = arith.constant {init} : f32
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<2x4x4x3xf32>) -> tensor<2x4x4x3xf32>
  %r = linalg.pooling_nhwc_{kind} {{dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}}
     ins(%x, %win : tensor<2x9x9x3xf32>, tensor<2x2xf32>) outs(%f : tensor<2x4x4x3xf32>) -> tensor<2x4x4x3xf32>
  return %r : tensor<2x4x4x3xf32>
}}"""
    x = rand((2, 9, 9, 3))
    windows = np.stack([x[:, i:i + 8:2, j:j + 8:2, :] for i in range(2) for j in range(2)])
    np.testing.assert_allclose(loaded(text)["main"](x), reduce(windows, axis=0), rtol=1e-5, atol=1e-6)


def test_fill_result_is_returned():
    text = """
func.func @main() -> tensor<5x3xi32> {
  %e = tensor.empty() : tensor<5x3xi32>
  %c = arith.constant 7 : i32
  %f = linalg.fill ins(%c : i32) outs(%e : tensor<5x3xi32>) -> tensor<5x3xi32>
  return %f : tensor<5x3xi32>
}"""
    np.testing.assert_array_equal(loaded(text)["main"](), np.full((5, 3), 7, np.int32))


def test_matmul_accumulating_into_an_input_leaves_the_input_alone():
    text = """
func.func @main(%a: tensor<33x20xf32>, %b: tensor<20x17xf32>, %c: tensor<33x17xf32>) -> tensor<33x17xf32> {
  %r = linalg.matmul ins(%a, %b : tensor<33x20xf32>, tensor<20x17xf32>) outs(%c : tensor<33x17xf32>) -> tensor<33x17xf32>
  return %r : tensor<33x17xf32>
}"""
    a, b, c = rand((33, 20)), rand((20, 17), seed=1), rand((33, 17), seed=2)
    c_before = c.copy()
    np.testing.assert_allclose(loaded(text)["main"](a, b, c), c + a @ b, rtol=1e-5, atol=1e-5)
    assert np.array_equal(c, c_before)


@pytest.mark.parametrize("m,k,n", [(128, 80, 96), (136, 40, 100)])
def test_vectorized_matmul_matches_numpy_and_uses_vector_fmas(m, k, n, tmp_path):
    import castiron
    castiron.compile_str(MATMUL.format(m=m, k=k, n=n, t="f32", zero="0.0"), dump_dispatches_to=str(tmp_path))
    stage = (tmp_path / "main_dispatch_0.bufferized.mlir").read_text()
    if (m, k, n) == (128, 80, 96):  # whole tiles (all 96 columns = 3 x 32): an 8x32 vector accumulator
        assert "vector<8x32xf32>" in stage and "vector.transfer_read" in stage
    fn = loaded(MATMUL.format(m=m, k=k, n=n, t="f32", zero="0.0"))["main"]
    a, b = rand((m, k)), rand((k, n), seed=1)
    np.testing.assert_allclose(fn(a, b), a @ b, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("b,m,k,n", [(3, 24, 40, 48), (2, 7, 13, 16), (4, 64, 520, 32)])
def test_vectorized_batch_matmul_matches_numpy(b, m, k, n):
    """Batch matmuls take the register-tile vector path (batch tiled by one; 7 rows, a k of 13,
    and a long k that is blocked)."""
    import castiron
    from castiron.runtime import load_module

    text = f"""
func.func @main(%a: tensor<{b}x{m}x{k}xf32>, %w: tensor<{b}x{k}x{n}xf32>) -> tensor<{b}x{m}x{n}xf32> {{
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<{b}x{m}x{n}xf32>
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<{b}x{m}x{n}xf32>) -> tensor<{b}x{m}x{n}xf32>
  %r = linalg.batch_matmul ins(%a, %w : tensor<{b}x{m}x{k}xf32>, tensor<{b}x{k}x{n}xf32>) outs(%f : tensor<{b}x{m}x{n}xf32>) -> tensor<{b}x{m}x{n}xf32>
  return %r : tensor<{b}x{m}x{n}xf32>
}}"""
    module = load_module(castiron.compile_str(text))
    assert "vector=on" in module.executable["entries"]["main_dispatch_0"]["config"]
    x, y = rand((b, m, k)), rand((b, k, n), seed=1)
    np.testing.assert_allclose(module.main(x, y), x @ y, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("n,h,w,c,f,stride", [(1, 13, 11, 8, 24, 1), (2, 9, 10, 16, 8, 2)])
def test_conv3x3_through_im2col_matches_numpy(n, h, w, c, f, stride):
    """3x3 convs over >= 8 channels become an im2col copy and a vectorized matmul (odd sizes,
    stride 2, a batch of 2)."""
    import castiron
    from castiron.runtime import load_module

    oh, ow = (h - 3) // stride + 1, (w - 3) // stride + 1
    text = f"""
func.func @main(%x: tensor<{n}x{h}x{w}x{c}xf32>, %k: tensor<3x3x{c}x{f}xf32>) -> tensor<{n}x{oh}x{ow}x{f}xf32> {{
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<{n}x{oh}x{ow}x{f}xf32>
  %o = linalg.fill ins(%z : f32) outs(%e : tensor<{n}x{oh}x{ow}x{f}xf32>) -> tensor<{n}x{oh}x{ow}x{f}xf32>
  %r = linalg.conv_2d_nhwc_hwcf {{dilations = dense<1> : tensor<2xi64>, strides = dense<{stride}> : tensor<2xi64>}}
     ins(%x, %k : tensor<{n}x{h}x{w}x{c}xf32>, tensor<3x3x{c}x{f}xf32>) outs(%o : tensor<{n}x{oh}x{ow}x{f}xf32>) -> tensor<{n}x{oh}x{ow}x{f}xf32>
  return %r : tensor<{n}x{oh}x{ow}x{f}xf32>
}}"""
    module = load_module(castiron.compile_str(text))
    assert any(e["root"] == "linalg.matmul" for e in module.executable["entries"].values())
    x, k = rand((n, h, w, c)), rand((3, 3, c, f), seed=1)
    want = np.zeros((n, oh, ow, f), np.float32)
    for i in range(3):
        for j in range(3):
            patch = x[:, i:i + stride * (oh - 1) + 1:stride, j:j + stride * (ow - 1) + 1:stride, :]
            want += np.tensordot(patch, k[i, j], axes=([3], [0]))
    np.testing.assert_allclose(module.main(x, k), want, rtol=1e-4, atol=1e-4)
