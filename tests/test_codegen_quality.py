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
