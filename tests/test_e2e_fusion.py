"""End-to-end numerics of the fused paths an inverted-residual block takes: a pointwise (1x1)
convolution as a matmul with its batch-norm + ReLU6 epilogue in the same dispatch, the zero pad
in front of a depthwise convolution, and the depthwise convolution with its own epilogue, at
awkward shapes (odd pixels and channels, one-pixel images, asymmetric pads, stride 2)."""
from __future__ import annotations

import numpy as np
import pytest

from castiron.runtime.module_file import read_module
from conftest import compiled, loaded, rand


def _block(n, h, w, c, f, low, high, stride) -> str:
    ph, pw = h + low + high, w + low + high
    oh, ow = (ph - 3) // stride + 1, (pw - 3) // stride + 1
    return f"""
#id = affine_map<(a, b, c, d) -> (a, b, c, d)>
#ch = affine_map<(a, b, c, d) -> (d)>
func.func @main(%x: tensor<{n}x{h}x{w}x{c}xf32>, %w1: tensor<1x1x{c}x{f}xf32>, %scale: tensor<{f}xf32>,
                %shift: tensor<{f}xf32>, %dw: tensor<3x3x{f}xf32>, %bias: tensor<{f}xf32>) -> tensor<{n}x{oh}x{ow}x{f}xf32> {{
  %zero = arith.constant 0.0 : f32
  %six = arith.constant 6.0 : f32
  %e = tensor.empty() : tensor<{n}x{h}x{w}x{f}xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<{n}x{h}x{w}x{f}xf32>) -> tensor<{n}x{h}x{w}x{f}xf32>
  %pw = linalg.conv_2d_nhwc_hwcf {{dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}}
      ins(%x, %w1 : tensor<{n}x{h}x{w}x{c}xf32>, tensor<1x1x{c}x{f}xf32>) outs(%z : tensor<{n}x{h}x{w}x{f}xf32>) -> tensor<{n}x{h}x{w}x{f}xf32>
  %bn = linalg.generic {{indexing_maps = [#id, #ch, #ch, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}}
      ins(%pw, %scale, %shift : tensor<{n}x{h}x{w}x{f}xf32>, tensor<{f}xf32>, tensor<{f}xf32>) outs(%e : tensor<{n}x{h}x{w}x{f}xf32>) {{
  ^bb0(%v: f32, %s: f32, %t: f32, %o: f32):
    %m = arith.mulf %v, %s : f32
    %a = arith.addf %m, %t : f32
    %lo = arith.maximumf %a, %zero : f32
    %hi = arith.minimumf %lo, %six : f32
    linalg.yield %hi : f32
  }} -> tensor<{n}x{h}x{w}x{f}xf32>
  %p = tensor.pad %bn low[0, {low}, {low}, 0] high[0, {high}, {high}, 0] {{
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  }} : tensor<{n}x{h}x{w}x{f}xf32> to tensor<{n}x{ph}x{pw}x{f}xf32>
  %e2 = tensor.empty() : tensor<{n}x{oh}x{ow}x{f}xf32>
  %z2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<{n}x{oh}x{ow}x{f}xf32>) -> tensor<{n}x{oh}x{ow}x{f}xf32>
  %d = linalg.depthwise_conv_2d_nhwc_hwc {{dilations = dense<1> : tensor<2xi64>, strides = dense<{stride}> : tensor<2xi64>}}
      ins(%p, %dw : tensor<{n}x{ph}x{pw}x{f}xf32>, tensor<3x3x{f}xf32>) outs(%z2 : tensor<{n}x{oh}x{ow}x{f}xf32>) -> tensor<{n}x{oh}x{ow}x{f}xf32>
  %r = linalg.generic {{indexing_maps = [#id, #ch, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}}
      ins(%d, %bias : tensor<{n}x{oh}x{ow}x{f}xf32>, tensor<{f}xf32>) outs(%e2 : tensor<{n}x{oh}x{ow}x{f}xf32>) {{
  ^bb0(%v: f32, %b: f32, %o: f32):
    %a = arith.addf %v, %b : f32
    %lo = arith.maximumf %a, %zero : f32
    linalg.yield %lo : f32
  }} -> tensor<{n}x{oh}x{ow}x{f}xf32>
  return %r : tensor<{n}x{oh}x{ow}x{f}xf32>
}}"""


def _reference(x, w1, scale, shift, dw, bias, low, high, stride):
    pw = np.einsum("nhwc,cf->nhwf", x.astype(np.float64), w1[0, 0].astype(np.float64))
    bn = np.clip(pw * scale + shift, 0.0, 6.0)
    p = np.pad(bn, ((0, 0), (low, high), (low, high), (0, 0)))
    oh, ow = (p.shape[1] - 3) // stride + 1, (p.shape[2] - 3) // stride + 1
    out = np.zeros((x.shape[0], oh, ow, w1.shape[3]))
    for i in range(3):
        for j in range(3):
            out += p[:, i:i + stride * (oh - 1) + 1:stride, j:j + stride * (ow - 1) + 1:stride, :] * dw[i, j]
    return np.maximum(out + bias, 0.0)


SHAPES = [  # n, h, w, c, f, pad low, pad high, stride
    (1, 9, 7, 13, 21, 1, 1, 1),
    (1, 12, 10, 8, 33, 1, 0, 2),   # MobileNetV2's stride-2 pads (ONNX 'SAME_UPPER' style)
    (2, 5, 6, 3, 17, 1, 1, 2),
    (1, 1, 1, 5, 7, 1, 1, 1),      # one-pixel image: the output is all border
    (1, 30, 29, 16, 96, 1, 1, 1),  # big enough for several workgroups per dispatch
]


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: "x".join(map(str, s)))
def test_inverted_residual_block_matches_numpy(shape):
    n, h, w, c, f, low, high, stride = shape
    text = _block(*shape)
    args = [rand((n, h, w, c)), rand((1, 1, c, f), seed=1), rand((f,), seed=2, low=0.5, high=1.5),
            rand((f,), seed=3), rand((3, 3, f), seed=4), rand((f,), seed=5)]
    got = loaded(text)["main"](*args)
    np.testing.assert_allclose(got, _reference(*args, low, high, stride), rtol=2e-5, atol=2e-5)


def test_pointwise_convolution_epilogue_shares_the_matmul_dispatch():
    """conv1x1 → (expand) → batch-norm/ReLU6: the epilogue fuses into the matmul's dispatch."""
    manifest = read_module(compiled(_block(*SHAPES[0]))).manifest
    entries = {e: v for exe in manifest["executables"] for e, v in exe["entries"].items()}
    dispatches = [entries[d["entry"]] for d in manifest["functions"]["main"]["dispatches"]]
    assert [d["root"] for d in dispatches if d["root"] == "linalg.generic"] == []
    matmul = next(d for d in dispatches if d["root"] == "linalg.matmul")
    assert matmul["binding_types"] == ["memref<63x13xf32>", "memref<13x21xf32>", "memref<21xf32>",
                                       "memref<21xf32>", "memref<63x21xf32>"]


PADS = [  # shape, low, high, value: rows of every kind the row-parallel pad handles
    ((5, 7), (2, 1), (0, 3), 0.0),              # rank 2: rows are the first dim
    ((3, 4, 6), (1, 0, 2), (2, 1, 1), 1.5),     # the last dim padded: fill + strided copy
    ((1, 6, 5, 8), (0, 1, 1, 0), (0, 0, 2, 0), -2.0),
    ((2, 1, 1, 3), (1, 2, 0, 0), (0, 1, 1, 0), 0.0),  # whole padded batch and rows
]


@pytest.mark.parametrize("shape,low,high,value", PADS, ids=lambda v: str(v).replace(" ", ""))
def test_pad_dispatch_matches_numpy(shape, low, high, value):
    out = [s + lo + hi for s, lo, hi in zip(shape, low, high)]
    t = lambda dims: "x".join(map(str, dims)) + "xf32"  # noqa: E731
    idx = ", ".join(f"%i{k}: index" for k in range(len(shape)))
    text = f"""
func.func @main(%x: tensor<{t(shape)}>) -> tensor<{t(out)}> {{
  %v = arith.constant {value:e} : f32
  %p = tensor.pad %x low{list(low)} high{list(high)} {{
  ^bb0({idx}):
    tensor.yield %v : f32
  }} : tensor<{t(shape)}> to tensor<{t(out)}>
  return %p : tensor<{t(out)}>
}}"""
    x = rand(shape)
    expected = np.pad(x, list(zip(low, high)), constant_values=value)
    np.testing.assert_array_equal(loaded(text)["main"](x), expected)
    np.testing.assert_array_equal(loaded(text, workers=2)["main"](x), expected)


def _padded_depthwise(shape, low, high, stride, value) -> str:
    n, h, w, c = shape
    ph, pw = h + low[0] + high[0], w + low[1] + high[1]
    oh, ow = (ph - 3) // stride + 1, (pw - 3) // stride + 1
    return f"""
func.func @main(%x: tensor<{n}x{h}x{w}x{c}xf32>, %k: tensor<3x3x{c}xf32>) -> tensor<{n}x{oh}x{ow}x{c}xf32> {{
  %zero = arith.constant 0.0 : f32
  %pv = arith.constant {value} : f32
  %p = tensor.pad %x low[0, {low[0]}, {low[1]}, 0] high[0, {high[0]}, {high[1]}, 0] {{
  ^bb0(%i: index, %j: index, %l: index, %m: index):
    tensor.yield %pv : f32
  }} : tensor<{n}x{h}x{w}x{c}xf32> to tensor<{n}x{ph}x{pw}x{c}xf32>
  %e = tensor.empty() : tensor<{n}x{oh}x{ow}x{c}xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<{n}x{oh}x{ow}x{c}xf32>) -> tensor<{n}x{oh}x{ow}x{c}xf32>
  %r = linalg.depthwise_conv_2d_nhwc_hwc {{dilations = dense<1> : tensor<2xi64>, strides = dense<{stride}> : tensor<2xi64>}}
     ins(%p, %k : tensor<{n}x{ph}x{pw}x{c}xf32>, tensor<3x3x{c}xf32>) outs(%f : tensor<{n}x{oh}x{ow}x{c}xf32>) -> tensor<{n}x{oh}x{ow}x{c}xf32>
  return %r : tensor<{n}x{oh}x{ow}x{c}xf32>
}}"""


PADDED_DEPTHWISE = [  # image shape, pad low (h, w), pad high (h, w), stride, pad value
    ((1, 12, 30, 32), (1, 1), (1, 1), 1, 0.0),     # interior and border tiles, even width
    ((1, 9, 17, 16), (1, 1), (1, 1), 1, 0.0),      # odd output width: one-column tiles
    ((1, 12, 10, 32), (1, 1), (1, 1), 1, 0.0),     # small images: the pad's own dispatch, row tiles
    ((1, 7, 7, 48), (1, 1), (1, 1), 1, 0.0),       # (7 columns x 16 channels)
    ((1, 14, 14, 64), (0, 0), (1, 1), 2, 0.0),     # stride 2, pads high only
    ((1, 14, 14, 24), (1, 1), (0, 0), 2, 0.0),     # MobileNetV2's stride-2 pads (low only)
    ((2, 6, 11, 8), (2, 0), (1, 3), 1, -1.5),      # uneven pads, a batch of 2, a nonzero value
    ((1, 1, 1, 5), (1, 1), (1, 1), 1, 0.0),        # one pixel: every window is mostly padding
    ((1, 2, 2, 3), (3, 3), (3, 3), 1, 2.0),        # windows entirely in the padding
]


@pytest.mark.parametrize("shape,low,high,stride,value", PADDED_DEPTHWISE, ids=lambda v: str(v).replace(" ", ""))
def test_padded_depthwise_conv_matches_numpy(shape, low, high, stride, value):
    """The pad joins the depthwise conv's dispatch (no pad dispatch); tiles inside the image
    read it in place, border tiles a padded copy of their window (passes/tiled_pads.py). Small
    images with channels in whole vectors keep the pad's dispatch and take row tiles."""
    from castiron.passes.workgroup_tiling import SMALL_DEPTHWISE_COLUMNS

    text = _padded_depthwise(shape, low, high, stride, value)
    manifest = read_module(compiled(text)).manifest
    entries = {e: v for exe in manifest["executables"] for e, v in exe["entries"].items()}
    roots = [entries[d["entry"]]["root"] for d in manifest["functions"]["main"]["dispatches"]]
    ow = (shape[2] + low[1] + high[1] - 3) // stride + 1
    if ow <= SMALL_DEPTHWISE_COLUMNS and shape[3] % 16 == 0:
        assert roots == ["linalg.fill", "linalg.depthwise_conv_2d_nhwc_hwc"], roots  # (a pad's root)
        config = entries[manifest["functions"]["main"]["dispatches"][1]["entry"]]["config"]
        assert config.startswith("tile=1x1x") and config.split("x")[2] != "1", config
    else:
        assert roots == ["linalg.depthwise_conv_2d_nhwc_hwc"], roots
    x, k = rand(shape), rand((3, 3, shape[3]), seed=1)
    padded = np.pad(x.astype(np.float64), [(0, 0), (low[0], high[0]), (low[1], high[1]), (0, 0)], constant_values=value)
    oh, ow = (padded.shape[1] - 3) // stride + 1, (padded.shape[2] - 3) // stride + 1
    want = np.zeros((shape[0], oh, ow, shape[3]))
    for i in range(3):
        for j in range(3):
            want += padded[:, i:i + stride * (oh - 1) + 1:stride, j:j + stride * (ow - 1) + 1:stride, :] * k[i, j]
    for workers in (1, 2):
        np.testing.assert_allclose(loaded(text, workers=workers)["main"](x, k), want, rtol=1e-5, atol=1e-5)


def test_depthwise_conv_tiles_are_vector_fmas(tmp_path):
    """Channels in whole vectors: the workgroup's depthwise conv is vectorized (1-D convs of 16
    channels, passes/depthwise_vectors.py); 24 channels are not, and stay LLVM's loops."""
    import castiron
    import glob
    import os

    for channels, vectorized in ((32, True), (24, False)):
        out = tmp_path / str(channels)
        castiron.compile_str(_padded_depthwise((1, 12, 30, channels), (1, 1), (1, 1), 1, 0.0), dump_dispatches_to=str(out))
        text = open(glob.glob(os.path.join(out, "*.distributed.mlir"))[0]).read()
        assert ("vector.fma" in text) == vectorized, channels
    out = tmp_path / "small"  # a small image's row tiles (its pad in a dispatch of its own)
    castiron.compile_str(_padded_depthwise((1, 7, 7, 64), (1, 1), (1, 1), 1, 0.0), dump_dispatches_to=str(out))
    assert "vector.fma" in open(os.path.join(out, "main_dispatch_1.distributed.mlir")).read()


def _matmul_epilogue(m, k, n) -> str:
    return f"""
#id = affine_map<(i, j) -> (i, j)>
#col = affine_map<(i, j) -> (j)>
func.func @main(%a: tensor<{m}x{k}xf32>, %b: tensor<{k}x{n}xf32>, %scale: tensor<{n}xf32>, %shift: tensor<{n}xf32>,
                %res: tensor<{m}x{n}xf32>) -> tensor<{m}x{n}xf32> {{
  %zero = arith.constant 0.0 : f32
  %six = arith.constant 6.0 : f32
  %e = tensor.empty() : tensor<{m}x{n}xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<{m}x{n}xf32>) -> tensor<{m}x{n}xf32>
  %mm = linalg.matmul ins(%a, %b : tensor<{m}x{k}xf32>, tensor<{k}x{n}xf32>) outs(%f : tensor<{m}x{n}xf32>) -> tensor<{m}x{n}xf32>
  %r = linalg.generic {{indexing_maps = [#id, #col, #col, #id, #id], iterator_types = ["parallel", "parallel"]}}
      ins(%mm, %scale, %shift, %res : tensor<{m}x{n}xf32>, tensor<{n}xf32>, tensor<{n}xf32>, tensor<{m}x{n}xf32>)
      outs(%e : tensor<{m}x{n}xf32>) {{
  ^bb0(%v: f32, %s: f32, %t: f32, %x: f32, %o: f32):
    %p = arith.mulf %v, %s : f32
    %q = arith.addf %p, %t : f32
    %lo = arith.maximumf %q, %zero : f32
    %hi = arith.minimumf %lo, %six : f32
    %y = arith.addf %hi, %x : f32
    linalg.yield %y : f32
  }} -> tensor<{m}x{n}xf32>
  return %r : tensor<{m}x{n}xf32>
}}"""


EPILOGUES = [  # m, k, n: short k (the epilogue runs per register tile) and long k (per workgroup tile)
    (129, 16, 16), (37, 20, 24), (50, 144, 24), (64, 40, 80), (45, 300, 96), (33, 200, 1000), (7, 960, 40),
    (605, 16, 32),  # 121-row tiles: 11-row register tiles
]


@pytest.mark.parametrize("shape", EPILOGUES, ids=lambda s: "x".join(map(str, s)))
def test_matmul_epilogue_vectors_match_numpy(shape):
    m, k, n = shape
    args = [rand((m, k)), rand((k, n), seed=1), rand((n,), seed=2, low=0.5, high=1.5), rand((n,), seed=3),
            rand((m, n), seed=4)]
    got = loaded(_matmul_epilogue(m, k, n))["main"](*args)
    mm = args[0].astype(np.float64) @ args[1]
    want = np.clip(mm * args[2] + args[3], 0.0, 6.0) + args[4]
    np.testing.assert_allclose(got, want, rtol=2e-5, atol=2e-5)


def test_matmul_epilogue_leaves_no_scalar_generic(tmp_path):
    """epilogue-vectors: the batch-norm/ReLU6/residual epilogue is vector code before LLVM."""
    import castiron

    castiron.compile_str(_matmul_epilogue(50, 144, 24), dump_dispatches_to=str(tmp_path))
    text = (tmp_path / "main_dispatch_0.bufferized.mlir").read_text()
    assert "linalg.generic" not in text
    assert "vector<24xf32>" in text and "arith.minimumf" in text
