"""Cross-target libraries run for real: aarch64 and riscv64 code under qemu-user.

castiron-compile --static-objects-to writes each target's object; a small C harness (built for
the target by `zig cc`, statically, no sysroot needed since dispatch code is freestanding) fills
the inputs with a fixed pattern, runs every workgroup of every dispatch through the ABI entry
and prints the outputs, which must match numpy on the host.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys

import numpy as np
import pytest

from conftest import run_tool

pytest.importorskip("ziglang")

TEXT = """
func.func @main(%a: tensor<24x40xf32>, %b: tensor<40x32xf32>) -> tensor<24x32xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<24x32xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<24x32xf32>) -> tensor<24x32xf32>
  %mm = linalg.matmul ins(%a, %b : tensor<24x40xf32>, tensor<40x32xf32>) outs(%f : tensor<24x32xf32>) -> tensor<24x32xf32>
  %t = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>],
                       iterator_types = ["parallel", "parallel"]} ins(%mm : tensor<24x32xf32>) outs(%e : tensor<24x32xf32>) {
  ^bb0(%x: f32, %o: f32):
    %y = math.tanh %x : f32
    linalg.yield %y : f32
  } -> tensor<24x32xf32>
  return %t : tensor<24x32xf32>
}"""

HARNESS = r"""
#include <stdint.h>
#include <stdio.h>
typedef struct { void *const *bindings; const int64_t *push_constants; uint32_t workgroup_count[3]; } state_t;
%(decls)s
static float a[24 * 40], b[40 * 32], out[24 * 32];
int main(void) {
  for (int i = 0; i < 24 * 40; i++) a[i] = (float)(i %% 17) * 0.0625f - 0.5f;
  for (int i = 0; i < 40 * 32; i++) b[i] = (float)(i %% 13) * 0.03125f - 0.2f;
  void *bindings[] = {a, b, out};
%(calls)s
  for (int i = 0; i < 24 * 32; i++) printf("%%.9g\n", out[i]);
  return 0;
}
"""

QEMU = {"aarch64-linux-gnu": ("neoverse-v1", "qemu-aarch64", "aarch64-linux-musl"),
        "riscv64-linux-gnu": ("sifive-u74", "qemu-riscv64", "riscv64-linux-musl")}


@pytest.mark.parametrize("triple", sorted(QEMU))
def test_cross_library_runs_under_qemu_and_matches_numpy(triple, tmp_path):
    cpu, qemu, zig_target = QEMU[triple]
    if shutil.which(qemu) is None:
        pytest.skip(f"{qemu} is not installed (Debian package qemu-user); .ci/run installs it")
    (tmp_path / "m.mlir").write_text(TEXT)
    proc = run_tool("castiron-compile", "m.mlir", f"--target={triple}:{cpu}", "-o", "m.vmfb",
                    "--static-objects-to=objects", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    manifest = json.loads((tmp_path / "objects" / "manifest.json").read_text())
    plan = manifest["functions"]["main"]
    assert len(plan["dispatches"]) == 1 and plan["dispatches"][0]["bindings"] == [0, 1, 2]
    entries = manifest["executables"][0]["entries"]
    decls, calls = [], []
    for d in plan["dispatches"]:
        grid = entries[d["entry"]]["workgroup_count"]
        decls.append(f"int32_t {d['entry']}(const state_t *, uint32_t, uint32_t);")
        calls.append(f"  {{ state_t s = {{bindings, 0, {{{grid[0]}, {grid[1]}, {grid[2]}}}}};\n"
                     f"    if ({d['entry']}(&s, 0, {grid[0] * grid[1] * grid[2]})) return 1; }}")
    (tmp_path / "h.c").write_text(HARNESS % {"decls": "\n".join(decls), "calls": "\n".join(calls)})
    obj = tmp_path / "objects" / f"{triple}_{cpu}.o"
    build = subprocess.run([sys.executable, "-m", "ziglang", "cc", "-target", zig_target, "-static", "-O1",
                            "h.c", str(obj), "-o", "h"], cwd=tmp_path, capture_output=True, text=True)
    assert build.returncode == 0, build.stderr
    ran = subprocess.run([qemu, str(tmp_path / "h")], capture_output=True, text=True, timeout=120)
    assert ran.returncode == 0, ran.stderr
    got = np.array([float(v) for v in ran.stdout.split()], np.float32).reshape(24, 32)
    a = ((np.arange(24 * 40) % 17) * 0.0625 - 0.5).astype(np.float32).reshape(24, 40)
    b = ((np.arange(40 * 32) % 13) * 0.03125 - 0.2).astype(np.float32).reshape(40, 32)
    np.testing.assert_allclose(got, np.tanh(a.astype(np.float64) @ b), rtol=1e-5, atol=1e-6)
