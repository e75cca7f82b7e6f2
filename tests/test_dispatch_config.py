"""Dispatch configs: the text syntax, how codegen applies them (numerics at awkward shapes), and
how castiron-compile takes them (flags, files, errors)."""
from __future__ import annotations

import json

import numpy as np
import pytest

import castiron
from castiron.backend.dispatch_config import DispatchConfig, parse_assignment, parse_config, read_config_file
from castiron.errors import CompileError, UsageError
from castiron.runtime import load_module

from conftest import rand, run_tool

MATMUL = """
func.func @main(%a: tensor<{m}x{k}xf32>, %b: tensor<{k}x{n}xf32>, %bias: tensor<{n}xf32>) -> tensor<{m}x{n}xf32> {{
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<{m}x{n}xf32>
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<{m}x{n}xf32>) -> tensor<{m}x{n}xf32>
  %r = linalg.matmul ins(%a, %b : tensor<{m}x{k}xf32>, tensor<{k}x{n}xf32>) outs(%f : tensor<{m}x{n}xf32>) -> tensor<{m}x{n}xf32>
  %o = linalg.generic {{indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (j)>, affine_map<(i, j) -> (i, j)>],
                       iterator_types = ["parallel", "parallel"]}}
       ins(%r, %bias : tensor<{m}x{n}xf32>, tensor<{n}xf32>) outs(%e : tensor<{m}x{n}xf32>) {{
  ^bb0(%x: f32, %y: f32, %out: f32):
    %s = arith.addf %x, %y : f32
    %c = arith.maximumf %s, %z : f32
    linalg.yield %c : f32
  }} -> tensor<{m}x{n}xf32>
  return %o : tensor<{m}x{n}xf32>
}}
"""

EXP = """
func.func @main(%a: tensor<30x17xf32>) -> tensor<30x17xf32> {
  %e = tensor.empty() : tensor<30x17xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>],
                       iterator_types = ["parallel", "parallel"]} ins(%a : tensor<30x17xf32>) outs(%e : tensor<30x17xf32>) {
  ^bb0(%x: f32, %o: f32):
    %y = math.exp %x : f32
    linalg.yield %y : f32
  } -> tensor<30x17xf32>
  return %r : tensor<30x17xf32>
}
"""


def test_syntax_round_trips_and_fills_in_defaults():
    config = parse_config("tile=8x64  reg=4x32 vector=on")
    assert config == DispatchConfig(tile=(8, 64), reg=(4, 32), vector=True)
    assert str(config) == "tile=8x64 reg=4x32 vector=on"
    assert parse_config(str(config)) == config
    assert parse_config("default").is_default and str(DispatchConfig()) == "default"
    merged = parse_config("vector=off").merged_over(config)
    assert merged == DispatchConfig(tile=(8, 64), reg=(4, 32), vector=False)


@pytest.mark.parametrize("text, message", [
    ("tile=8x", "tile must be sizes like 8x64, got '8x'"),
    ("tiles=8", "unknown knob 'tiles' (knobs: tile, reg, vector, kc, pack, fault)"),
    ("tile=8 tile=4", "knob 'tile' given twice"),
    ("reg=8", "reg must be ROWSxCOLUMNS, both positive"),
    ("vector=yes", "vector must be on or off, got 'yes'"),
    ("tile", "expected knob=value, got 'tile'"),
    ("fault=segv", "fault must be one of crash, hang, wrong"),
])
def test_syntax_errors_name_the_knob(text, message):
    with pytest.raises(UsageError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_config(text)


def test_assignments_and_files(tmp_path):
    assert parse_assignment("main_dispatch_0=tile=4x4 vector=off") == \
        ("main_dispatch_0", DispatchConfig(tile=(4, 4), vector=False))
    with pytest.raises(UsageError, match="expected KEY=CONFIG"):
        parse_assignment("tile=4x4")
    path = tmp_path / "configs.txt"
    path.write_text("# tuned by hand\nmatmul_a=tile=4x8  # comment\n\nmain_dispatch_1=default\n")
    assert read_config_file(str(path)) == {"matmul_a": DispatchConfig(tile=(4, 8)), "main_dispatch_1": DispatchConfig()}
    path.write_text("ok=tile=4\nbroken=tile=x\n")
    with pytest.raises(UsageError, match=r"configs.txt:2: dispatch config 'tile=x'"):
        read_config_file(str(path))


def _compile(text: str, configs: dict) -> bytes:
    return castiron.compile_str(text, dispatch_configs={k: parse_config(v) for k, v in configs.items()})


@pytest.mark.parametrize("config", [
    "tile=16x8 reg=8x8",            # small whole tiles
    "tile=48x40 reg=6x8",           # register rows other than powers of two
    "tile=96x40 reg=16x8",          # one workgroup row, 16 register rows
    "tile=3x5 vector=off",          # scalar code with boundary tiles (96 % 3 == 0, 40 % 5 == 0)
    "tile=7x9 vector=off",          # tiles that divide nothing: remainders everywhere
    "tile=96x40 vector=off",        # one workgroup: the untiled code
    "reg=2x8",                      # the heuristics' tiles with another register tile
    "tile=48x40 reg=6x8 kc=32 pack=on",   # k blocked, B's blocks packed on the stack (k = 96)
    "tile=16x8 reg=8x8 kc=48",            # k blocked, unpacked
    "tile=96x40 reg=8x8 pack=on",         # one workgroup, whole-k packing
])
def test_configured_matmul_matches_numpy(config):
    m, n, k = 96, 40, 96 if ("kc" in config or "pack" in config) else 37
    text = MATMUL.format(m=m, n=n, k=k)
    module = load_module(_compile(text, {"main_dispatch_0": config}))
    a, b, bias = rand((m, k)), rand((k, n), seed=1), rand((n,), seed=2)
    got = module.main(a, b, bias)
    np.testing.assert_allclose(got, np.maximum(a @ b + bias, 0), rtol=1e-5, atol=1e-5)
    entry = module.executable["entries"]["main_dispatch_0"]
    assert entry["config_source"] == "given"
    for knob in config.split():
        if not knob.startswith("reg") or "vector=off" not in config:
            assert knob in entry["config"], entry["config"]


@pytest.mark.parametrize("config, grid", [("tile=7x4", [5, 5, 1]), ("tile=0x17", [1, 1, 1]), ("tile=1x1", [17, 30, 1])])
def test_configured_elementwise_matches_numpy(config, grid):
    module = load_module(_compile(EXP, {"main_dispatch_0": config}))
    a = rand((30, 17))
    np.testing.assert_allclose(module.main(a), np.exp(a), rtol=2e-6)
    assert module.executable["entries"]["main_dispatch_0"]["workgroup_count"] == grid


def test_key_is_structural_and_configs_apply_by_key():
    """The same computation has the same key in another model; a key selects its dispatch."""
    text = MATMUL.format(m=32, n=16, k=8)
    key = load_module(castiron.compile_str(text)).executable["entries"]["main_dispatch_0"]["key"]
    assert key.startswith("generic_32x16_f32_") or key.startswith("matmul_32x16x8_f32_")
    renamed = text.replace("@main", "@forward")
    module = load_module(_compile(renamed, {key: "tile=8x16 reg=8x16"}))
    entry = module.executable["entries"]["forward_dispatch_0"]
    assert entry["key"] == key and entry["config"] == "tile=8x16 reg=8x16 vector=on kc=0 pack=off"


@pytest.mark.parametrize("config, message", [
    ("tile=7x8", "a vectorized matmul needs whole tiles, but 7x8 does not divide 96x40"),
    ("tile=16x8 reg=3x8", "register tile 3x8 does not divide the workgroup tile 16x8"),
    ("tile=1x2x3", "gives 3 sizes; this dispatch's root has 2 parallel loops (96x40)"),
    ("tile=16x8 kc=5", "kc=5 must divide the matmul's k range 8 and be smaller"),
])
def test_configs_that_cannot_apply_are_errors(config, message):
    with pytest.raises(CompileError, match=message.replace("(", r"\(").replace(")", r"\)")):
        _compile(MATMUL.format(m=96, n=40, k=8), {"main_dispatch_0": config})


def test_compile_flags(tmp_path):
    src = tmp_path / "exp.mlir"
    src.write_text(EXP)
    out = tmp_path / "exp.vmfb"
    proc = run_tool("castiron-compile", str(src), "-o", str(out), "--dispatch-config=main_dispatch_0=tile=5x17",
                    f"--dump-dispatches-to={tmp_path / 'dump'}")
    assert proc.returncode == 0, proc.stderr
    index = json.loads((tmp_path / "dump" / "dispatches.json").read_text())["dispatches"][0]
    assert index["config"] == "tile=5x17" and index["config_source"] == "flag"
    proc = run_tool("castiron-compile", str(src), "-o", str(out), "--dispatch-config=nothing=tile=5x17")
    assert proc.returncode == 1
    assert proc.stderr.startswith("castiron-compile: error: --dispatch-config 'nothing' matches no dispatch")
    assert len(proc.stderr.strip().splitlines()) == 1
    (tmp_path / "c.txt").write_text("main_dispatch_0 = tile=6x17\n")
    proc = run_tool("castiron-compile", str(src), "-o", str(out), f"--dispatch-config-file={tmp_path / 'c.txt'}",
                    f"--dump-dispatches-to={tmp_path / 'dump'}")
    assert proc.returncode == 0, proc.stderr
    index = json.loads((tmp_path / "dump" / "dispatches.json").read_text())["dispatches"][0]
    assert index["config"] == "tile=6x17" and index["config_source"] == "file c.txt"


def test_large_register_tiles_do_not_grow_the_stack():
    """A 16x48 register tile's vector temporaries stay in stack slots; inside the workgroup loop
    they once grew the stack each iteration until this MobileNetV2 matmul segfaulted."""
    m, n, k = 3136, 144, 24
    module = load_module(_compile(MATMUL.format(m=m, n=n, k=k), {"main_dispatch_0": "tile=64x48 reg=16x48"}))
    a, b, bias = rand((m, k)), rand((k, n), seed=1), rand((n,), seed=2)
    np.testing.assert_allclose(module.main(a, b, bias), np.maximum(a @ b + bias, 0), rtol=1e-5, atol=1e-5)


def test_identical_dispatches_share_one_code():
    """Dispatches equal up to their names compile once: the others' entries call that code
    (serial and parallel library builds alike), and the manifest says which they share."""
    steps = 18
    lines = ["func.func @main(%x0: tensor<16x16xf32>, %w: tensor<16x16xf32>) -> tensor<16x16xf32> {",
             "  %z = arith.constant 0.0 : f32", "  %e = tensor.empty() : tensor<16x16xf32>",
             "  %f = linalg.fill ins(%z : f32) outs(%e : tensor<16x16xf32>) -> tensor<16x16xf32>"]
    for i in range(steps):
        lines.append(f"  %x{i + 1} = linalg.matmul ins(%x{i}, %w : tensor<16x16xf32>, tensor<16x16xf32>) "
                     f"outs(%f : tensor<16x16xf32>) -> tensor<16x16xf32>")
    lines += [f"  return %x{steps} : tensor<16x16xf32>", "}"]
    text = "\n".join(lines)
    x, w = rand((16, 16)), rand((16, 16), seed=1) * 0.25
    want = x
    for _ in range(steps):
        want = want @ w
    for jobs in (1, 2):
        module = load_module(castiron.compile_str(text, jobs=jobs))
        np.testing.assert_allclose(module.main(x, w), want, rtol=1e-4, atol=1e-6)
        entries = module.executable["entries"]
        shared = [e for e in entries.values() if e.get("same_code_as")]
        assert len(entries) == steps and len(shared) == steps - 1
        assert {e["same_code_as"] for e in shared} == {"main_dispatch_0"}
