"""The machine code of castiron's hot loops: what the vectorized matmul's register loop must
look like on the host (x86-64 with AVX-512 or AVX2), read from the assembly that
--dump-dispatches-to writes. Numerics alone would not notice a kernel running at half speed."""
from __future__ import annotations

import glob
import os
import platform
import re

import numpy as np
import pytest

import castiron
from conftest import rand
from castiron.runtime import load_module

MATMUL = """
func.func @main(%a: tensor<196x96xf32>, %b: tensor<96x576xf32>) -> tensor<196x576xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<196x576xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<196x576xf32>) -> tensor<196x576xf32>
  %mm = linalg.matmul ins(%a, %b : tensor<196x96xf32>, tensor<96x576xf32>) outs(%f : tensor<196x576xf32>) -> tensor<196x576xf32>
  return %mm : tensor<196x576xf32>
}"""


def _blocks(asm: str) -> list[list[str]]:
    """The assembly's basic blocks (split at labels and after jumps), as instruction lines."""
    blocks, current = [], []
    for line in asm.splitlines():
        if re.match(r"^\.?[A-Za-z_0-9.$]+:", line):
            blocks.append(current)
            current = []
        elif line.startswith("\t") and not line.lstrip().startswith("."):
            current.append(line.strip())
            if line.strip().startswith("j"):
                blocks.append(current)
                current = []
    blocks.append(current)
    return blocks


@pytest.mark.skipif(platform.machine() not in ("x86_64", "AMD64"), reason="reads x86-64 assembly")
def test_matmul_register_loop_is_fmas_with_the_accumulators_in_registers(tmp_path):
    data = castiron.compile_str(MATMUL, dump_dispatches_to=str(tmp_path))
    asm = open(glob.glob(os.path.join(tmp_path, "module.*.s"))[0]).read()
    loops = [b for b in _blocks(asm) if any(i.startswith("vfmadd") for i in b)]
    assert loops, "no FMA in the matmul dispatch: products and sums were not contracted"
    hot = max(loops, key=lambda b: sum(i.startswith("vfmadd") for i in b))
    assert not any(i.startswith(("vmulps", "vaddps")) for i in hot), hot
    stores = [i for i in hot if re.match(r"vmov\w+\s+%[xyz]mm\d+, .*\(", i)]
    assert stores == [], f"the accumulator is stored inside the k loop: {stores}"
    a, b = rand((196, 96)), rand((96, 576), seed=1)
    got = load_module(data)["main"](a, b)
    np.testing.assert_allclose(got, a.astype(np.float64) @ b, rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("k,n,tile", [(1280, 1000, "tile=1x1000 vector=off"), (37, 1003, "tile=1x1003 vector=off"),
                                      (19, 2050, "tile=1x205 vector=off")])
def test_one_row_matmul_streams_b_by_rows(k, n, tile):
    """A batch-1 fully connected layer takes LLVM's loop vectorizer over n-wide column blocks
    (B streamed row by row), not register tiles reading B in narrow strips: whole rows up to
    1024 columns, longer ones in divisors of n."""
    from castiron.runtime.module_file import read_module

    text = f"""
func.func @main(%a: tensor<1x{k}xf32>, %b: tensor<{k}x{n}xf32>, %bias: tensor<1x{n}xf32>) -> tensor<1x{n}xf32> {{
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x{n}xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x{n}xf32>) -> tensor<1x{n}xf32>
  %mm = linalg.matmul ins(%a, %b : tensor<1x{k}xf32>, tensor<{k}x{n}xf32>) outs(%f : tensor<1x{n}xf32>) -> tensor<1x{n}xf32>
  %r = linalg.add ins(%mm, %bias : tensor<1x{n}xf32>, tensor<1x{n}xf32>) outs(%e : tensor<1x{n}xf32>) -> tensor<1x{n}xf32>
  return %r : tensor<1x{n}xf32>
}}"""
    data = castiron.compile_str(text)
    entries = read_module(data).manifest["executables"][0]["entries"]
    assert [e["config"] for e in entries.values()] == [tile]
    a, b, bias = rand((1, k)), rand((k, n), seed=1), rand((1, n), seed=2)
    for workers in (1, 2):
        got = load_module(data, workers=workers)["main"](a, b, bias)
        np.testing.assert_allclose(got, a.astype(np.float64) @ b + bias, rtol=1e-4, atol=1e-4)


NARROW = """
func.func @main(%a: tensor<3000x27xf32>, %b: tensor<27x16xf32>, %bias: tensor<16xf32>) -> tensor<3000x16xf32> {
  %zero = arith.constant 0.0 : f32
  %six = arith.constant 6.0 : f32
  %e = tensor.empty() : tensor<3000x16xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<3000x16xf32>) -> tensor<3000x16xf32>
  %mm = linalg.matmul ins(%a, %b : tensor<3000x27xf32>, tensor<27x16xf32>) outs(%f : tensor<3000x16xf32>) -> tensor<3000x16xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (j)>, affine_map<(i, j) -> (i, j)>],
                       iterator_types = ["parallel", "parallel"]} ins(%mm, %bias : tensor<3000x16xf32>, tensor<16xf32>) outs(%e : tensor<3000x16xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %s = arith.addf %x, %y : f32
    %lo = arith.maximumf %s, %zero : f32
    %hi = arith.minimumf %lo, %six : f32
    linalg.yield %hi : f32
  } -> tensor<3000x16xf32>
  return %r : tensor<3000x16xf32>
}"""


@pytest.mark.skipif(platform.machine() not in ("x86_64", "AMD64"), reason="reads x86-64 assembly")
def test_narrow_tiles_are_written_by_rows_not_scattered(tmp_path):
    """A 16-column matmul (a conv stem's im2col) and its epilogue: with the 16-wide inner loops
    unrolled, LLVM's vectorizer turned the fill and the epilogue into AVX-512 scatters across
    rows (zen4: the whole dispatch 4x slower); x86 targets prefer no gathers or scatters."""
    data = castiron.compile_str(NARROW, dump_dispatches_to=str(tmp_path))
    asm = open(glob.glob(os.path.join(tmp_path, "module.*.s"))[0]).read()
    assert re.findall(r"\bv(?:p?scatter|p?gather)\w*", asm) == []
    a, b, bias = rand((3000, 27)), rand((27, 16), seed=1), rand((16,), seed=2)
    got = load_module(data)["main"](a, b, bias)
    want = np.clip(a.astype(np.float64) @ b + bias, 0.0, 6.0)
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("m,k,n,tile,count", [(49, 960, 160, "tile=7x32 reg=7x32", 35),
                                              (49, 960, 320, "tile=49x32 reg=7x32", 10),
                                              (784, 144, 32, "tile=56x32 reg=8x32", 14),
                                              (196, 96, 576, "tile=49x64 reg=7x32", 36),
                                              (3025, 16, 32, "tile=121x32 reg=11x32", 25)])
def test_few_workgroups_come_in_an_even_count(m, k, n, tile, count):
    """workgroup_tiling._balanced: a matmul whose tiles would make an odd handful of workgroups
    (7 split over two threads as 4 + 3) gets narrower tiles; an even or large count is kept.
    _register_rows: an M tile of 11 x 11 rows gets 11-row register tiles, not 1-row ones."""
    from castiron.runtime.module_file import read_module

    text = f"""
func.func @main(%a: tensor<{m}x{k}xf32>, %b: tensor<{k}x{n}xf32>) -> tensor<{m}x{n}xf32> {{
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<{m}x{n}xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<{m}x{n}xf32>) -> tensor<{m}x{n}xf32>
  %mm = linalg.matmul ins(%a, %b : tensor<{m}x{k}xf32>, tensor<{k}x{n}xf32>) outs(%f : tensor<{m}x{n}xf32>) -> tensor<{m}x{n}xf32>
  return %mm : tensor<{m}x{n}xf32>
}}"""
    data = castiron.compile_str(text)
    entry = next(iter(read_module(data).manifest["executables"][0]["entries"].values()))
    assert " ".join(entry["config"].split()[:2]) == tile
    assert int(np.prod(entry["workgroup_count"])) == count
    a, b = rand((m, k)), rand((k, n), seed=1)
    for workers in (1, 2):
        got = load_module(data, workers=workers)["main"](a, b)
        np.testing.assert_allclose(got, a.astype(np.float64) @ b, rtol=1e-4, atol=1e-4)
