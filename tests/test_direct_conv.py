"""Convs computed in place (passes/direct_conv.py): numerics against numpy at awkward shapes
(stride 2, RGB input, 7- and 6-column register rows, 16-filter tiles, a batch of 2, a fused
bias/ReLU6 epilogue, two workers), that no im2col copy is made, and the register loop's code."""
from __future__ import annotations

import glob
import os
import platform
import re

import numpy as np
import pytest

import castiron
from castiron.runtime import load_module
from conftest import rand
from test_codegen_quality import _blocks
from test_e2e_linalg import conv_reference


def _conv(n, h, w, c, f, stride, epilogue=False) -> str:
    oh, ow = (h - 3) // stride + 1, (w - 3) // stride + 1
    out = f"tensor<{n}x{oh}x{ow}x{f}xf32>"
    text = f"""
func.func @main(%x: tensor<{n}x{h}x{w}x{c}xf32>, %k: tensor<3x3x{c}x{f}xf32>, %b: tensor<{f}xf32>) -> {out} {{
  %z = arith.constant 0.0 : f32
  %six = arith.constant 6.0 : f32
  %e = tensor.empty() : {out}
  %o = linalg.fill ins(%z : f32) outs(%e : {out}) -> {out}
  %r = linalg.conv_2d_nhwc_hwcf {{dilations = dense<1> : tensor<2xi64>, strides = dense<{stride}> : tensor<2xi64>}}
     ins(%x, %k : tensor<{n}x{h}x{w}x{c}xf32>, tensor<3x3x{c}x{f}xf32>) outs(%o : {out}) -> {out}
"""
    if not epilogue:
        return text + f"  return %r : {out}\n}}"
    return text + f"""  %a = linalg.generic {{indexing_maps = [affine_map<(n, h, w, c) -> (n, h, w, c)>, affine_map<(n, h, w, c) -> (c)>,
                                      affine_map<(n, h, w, c) -> (n, h, w, c)>],
                      iterator_types = ["parallel", "parallel", "parallel", "parallel"]}}
      ins(%r, %b : {out}, tensor<{f}xf32>) outs(%e : {out}) {{
  ^bb0(%v: f32, %bias: f32, %unused: f32):
    %s = arith.addf %v, %bias : f32
    %lo = arith.maximumf %s, %z : f32
    %hi = arith.minimumf %lo, %six : f32
    linalg.yield %hi : f32
  }} -> {out}
  return %a : {out}
}}"""


SHAPES = [  # n, h, w, c, f, stride, epilogue
    (1, 10, 10, 3, 16, 1, False),    # RGB input, one 8-column register row, 16 filters
    (1, 17, 17, 5, 32, 2, True),     # stride 2, with bias + ReLU6 fused
    (2, 9, 16, 8, 48, 1, False),     # 14 columns: 7-column rows; 48 filters: 16-wide tiles
    (1, 15, 15, 16, 96, 2, True),    # 7 columns; 96 filters in 32-filter workgroup tiles
    (1, 14, 8, 4, 64, 1, False),     # 6 columns
    (1, 58, 58, 32, 32, 1, True),    # MobileNet-sized: many workgroups
    (1, 65, 65, 3, 16, 2, True),     # the example CNN's stem: 16 filters, RGB, stride 2, ReLU6
]


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: "x".join(map(str, s)))
def test_direct_conv_matches_numpy(shape):
    n, h, w, c, f, stride, epilogue = shape
    data = castiron.compile_str(_conv(*shape))
    x, k, b = rand((n, h, w, c)), rand((3, 3, c, f), seed=1), rand((f,), seed=2)
    want = conv_reference(x, k, stride)
    if epilogue:
        want = np.clip(want + b, 0.0, 6.0)
    for workers in (1, 2):
        module = load_module(data, workers=workers)
        roots = sorted(e["root"] for e in module.executable["entries"].values())
        assert "linalg.matmul" not in roots and "linalg.conv_2d_nhwc_hwcf" in roots, roots
        np.testing.assert_allclose(module.main(x, k, b), want, rtol=1e-4, atol=1e-4)
        module.close()


def test_convs_it_does_not_take_keep_im2col():
    """Five output columns have no register row count dividing them: im2col + matmul."""
    module = load_module(castiron.compile_str(_conv(1, 7, 7, 8, 16, 1)))
    assert any(e["root"] == "linalg.matmul" for e in module.executable["entries"].values())
    x, k, b = rand((1, 7, 7, 8)), rand((3, 3, 8, 16), seed=1), rand((16,), seed=2)
    np.testing.assert_allclose(module.main(x, k, b), conv_reference(x, k, 1), rtol=1e-4, atol=1e-4)


@pytest.mark.skipif(platform.machine() not in ("x86_64", "AMD64"), reason="reads x86-64 assembly")
def test_direct_conv_register_loop_is_fmas_with_accumulators_in_registers(tmp_path):
    castiron.compile_str(_conv(1, 58, 58, 32, 32, 1), dump_dispatches_to=str(tmp_path))
    asm = open(glob.glob(os.path.join(tmp_path, "module.*.s"))[0]).read()
    loops = [b for b in _blocks(asm) if any(i.startswith("vfmadd") for i in b)]
    assert loops, "no FMA in the conv dispatch"
    hot = max(loops, key=lambda b: sum(i.startswith("vfmadd") for i in b))
    assert sum(i.startswith("vfmadd") for i in hot) >= 16, hot
    stores = [i for i in hot if re.match(r"vmov\w+\s+%[xyz]mm\d+, .*\(", i)]
    assert stores == [], f"accumulators are stored inside the register loop: {stores}"


def test_direct_conv_epilogue_is_vector_code(tmp_path):
    """epilogue-vectors takes the conv's NHWC epilogue too: left to LLVM, it was vectorized
    across output columns, 16 floats apart, into inserts and extracts (the example CNN's stem,
    one thread: 0.181 -> 0.112 ms)."""
    castiron.compile_str(_conv(1, 65, 65, 3, 16, 2, epilogue=True), dump_dispatches_to=str(tmp_path))
    text = (tmp_path / "main_dispatch_0.bufferized.mlir").read_text()
    assert "linalg.generic" not in text
    assert "arith.minimumf" in text and "vector<16xf32>" in text
