"""Targets: one module with libraries for several CPUs; the runtime picks what this CPU can run."""
from __future__ import annotations

import io
import json
import zipfile

import numpy as np
import pytest

import castiron
from castiron.backend.target import resolve_target
from castiron.runtime import ModuleFormatError, load_module
from castiron.runtime import cpu as runtime_cpu
from castiron.runtime.loader import select_executable
from conftest import rand

pytest.importorskip("ziglang")

TEXT = """
func.func @main(%a: tensor<33x17xf32>, %b: tensor<17x9xf32>) -> tensor<33x9xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<33x9xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<33x9xf32>) -> tensor<33x9xf32>
  %mm = linalg.matmul ins(%a, %b : tensor<33x17xf32>, tensor<17x9xf32>) outs(%f : tensor<33x9xf32>) -> tensor<33x9xf32>
  %t = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>],
                       iterator_types = ["parallel", "parallel"]} ins(%mm : tensor<33x9xf32>) outs(%e : tensor<33x9xf32>) {
  ^bb0(%x: f32, %o: f32):
    %y = math.exp %x : f32
    linalg.yield %y : f32
  } -> tensor<33x9xf32>
  return %t : tensor<33x9xf32>
}"""

SPECS = [("x86_64-linux-gnu", "x86-64-v2"), ("x86_64-linux-gnu", "x86-64-v3"),
         ("aarch64-linux-gnu", "neoverse-v1"), ("riscv64-linux-gnu", "sifive-u74")]
MACHINES = {"x86_64": 62, "aarch64": 183, "riscv64": 243}


@pytest.fixture(scope="module")
def multi():
    targets = [resolve_target(t, c) for t, c in SPECS]
    return castiron.compile_str(TEXT, targets=targets)


def test_one_module_holds_a_freestanding_library_per_target(multi):
    archive = zipfile.ZipFile(io.BytesIO(multi))
    manifest = json.loads(archive.read("manifest.json"))
    assert [(e["triple"], e["cpu"]) for e in manifest["executables"]] == SPECS
    for exe in manifest["executables"]:
        elf = archive.read(exe["path"])
        assert elf[:4] == b"\x7fELF" and elf[4] == 2  # 64-bit
        assert int.from_bytes(elf[18:20], "little") == MACHINES[exe["triple"].split("-")[0]]
        assert b"castiron_abi_version" in elf and b"main_dispatch_0" in elf
    v3 = next(e for e in manifest["executables"] if e["cpu"] == "x86-64-v3")
    assert {"avx2", "fma"} <= set(v3["features"])


def test_runtime_runs_the_most_specific_library_this_cpu_has(multi):
    module = load_module(multi)
    assert module.selected_target == "x86_64-linux-gnu:x86-64-v3" or "avx2" not in runtime_cpu.cpu_flags()
    a, b = rand((33, 17)), rand((17, 9), seed=1)
    np.testing.assert_allclose(module.main(a, b), np.exp(a @ b), rtol=2e-5)


def test_a_cpu_without_the_features_gets_the_baseline_or_a_clear_refusal(multi, monkeypatch):
    manifest = json.loads(zipfile.ZipFile(io.BytesIO(multi)).read("manifest.json"))
    monkeypatch.setattr(runtime_cpu, "cpu_flags", lambda: frozenset({"sse2", "sse3", "ssse3", "sse4_1", "sse4_2",
                                                                     "popcnt", "cx16"}))
    assert select_executable(manifest, "m")["cpu"] == "x86-64-v2"
    v3_only = dict(manifest, executables=[e for e in manifest["executables"] if e["cpu"] != "x86-64-v2"])
    with pytest.raises(ModuleFormatError, match=r"x86_64-linux-gnu:x86-64-v3 \(this CPU lacks avx, avx2"):
        select_executable(v3_only, "m")
