"""Everything can be seen: dispatch dumps and index, Chrome traces, per-dispatch statistics, graphs."""
from __future__ import annotations

import json
import re

import pytest

from conftest import run_tool

MODEL = """
func.func @main(%a: tensor<384x256xf32>, %b: tensor<256x320xf32>) -> tensor<384xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<384x320xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<384x320xf32>) -> tensor<384x320xf32>
  %mm = linalg.matmul ins(%a, %b : tensor<384x256xf32>, tensor<256x320xf32>) outs(%f : tensor<384x320xf32>) -> tensor<384x320xf32>
  %e1 = tensor.empty() : tensor<384xf32>
  %f1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<384xf32>) -> tensor<384xf32>
  %s = linalg.reduce ins(%mm : tensor<384x320xf32>) outs(%f1 : tensor<384xf32>) dimensions = [1]
    (%x: f32, %acc: f32) {
      %t = arith.addf %x, %acc : f32
      linalg.yield %t : f32
    }
  return %s : tensor<384xf32>
}"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    d = tmp_path_factory.mktemp("obs")
    (d / "m.mlir").write_text(MODEL)
    proc = run_tool("castiron-compile", "m.mlir", "-o", "m.vmfb", "--dump-dispatches-to=dumps", cwd=d)
    assert proc.returncode == 0, proc.stderr
    return d


def test_dispatch_index_describes_every_dispatch(built):
    index = json.loads((built / "dumps" / "dispatches.json").read_text())["dispatches"]
    assert [d["name"] for d in index] == ["main_dispatch_0", "main_dispatch_1"]
    mm, red = index
    assert mm["root"] == "linalg.matmul" and red["root"] == "linalg.reduce"
    assert mm["flops"] == 2 * 384 * 256 * 320
    assert mm["bytes"] == 4 * (384 * 256 + 256 * 320 + 384 * 320)
    assert mm["workgroup_count"][0] * mm["workgroup_count"][1] > 1 and len(mm["tile_sizes"]) == 3
    for stage in ("input.mlir", "bufferized.mlir", "distributed.mlir", "llvm-dialect.mlir"):
        assert f"main_dispatch_0.{stage}" in mm["files"]
    asm = next(built.glob("dumps/module.*.s")).read_text()
    assert re.search(r"^main_dispatch_0:", asm, re.M) and "castiron_abi_version" in asm


def test_trace_file_has_a_track_per_thread_and_chunks(built, tmp_path):
    trace = tmp_path / "run.json"
    proc = run_tool("castiron-run-module", f"--module_file={built / 'm.vmfb'}", "--input=384x256xf32=0.5",
                    "--input=256x320xf32=0.25", f"--trace_file={trace}", "--task_topology_max_group_count=2")
    assert proc.returncode == 0, proc.stderr
    events = json.loads(trace.read_text())["traceEvents"]
    names = {e["args"]["name"] for e in events if e["ph"] == "M"}
    assert "MainThread" in names and "castiron-worker-0" in names
    chunks = [e for e in events if e.get("cat") == "chunk" and e["name"] == "main_dispatch_0"]
    assert len({e["tid"] for e in chunks}) == 2  # the matmul's workgroups ran on both threads
    dispatches = [e["name"] for e in events if e.get("cat") == "dispatch"]
    assert dispatches == ["main_dispatch_0", "main_dispatch_1"]
    assert all(e["dur"] >= 0 for e in events if e["ph"] == "X")


def test_benchmark_prints_per_dispatch_statistics(built):
    proc = run_tool("castiron-benchmark-module", f"--module_file={built / 'm.vmfb'}", "--input=384x256xf32=0.5",
                    "--input=256x320xf32=0.25", "--benchmark_repetitions=3", "--print_dispatch_statistics")
    assert proc.returncode == 0, proc.stderr
    assert re.search(r"peak f32: [\d.]+ GFLOP/s \(\d+ f32 lanes x 2 FMA pipes", proc.stdout)
    row = next(line for line in proc.stdout.splitlines() if line.startswith("main_dispatch_0"))
    fields = row.split()
    assert fields[1] == "linalg.matmul" and fields[2] == "3"
    assert float(fields[5]) > 0.1  # GFLOP/s of a 63 MFLOP matmul: never zero


def test_graph_is_written_as_dot(built, tmp_path):
    out = tmp_path / "g.dot"
    proc = run_tool("castiron-graph", str(built / "m.vmfb"), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    dot = out.read_text()
    assert dot.startswith('digraph "main"') and dot.count(" -> ") == 1
    assert "linalg.matmul" in dot and "384x320xf32" in dot
    proc = run_tool("castiron-graph", str(built / "m.vmfb"), "-o", str(tmp_path / "g.bmp"))
    assert proc.returncode == 1 and "unknown output format" in proc.stderr


def test_roofline_plot_is_written(tmp_path):
    pytest.importorskip("matplotlib")
    import subprocess
    import sys

    out = tmp_path / "roof.png"
    proc = subprocess.run([sys.executable, "-m", "benchmarks.roofline", "--model", "matmul_256", "-o", str(out),
                           "--graph", str(tmp_path / "g.dot"), "--reps", "2"],
                          capture_output=True, text=True, cwd=__import__("conftest").ROOT)
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert re.search(r"1 dispatches; peak [\d.]+ GFLOP/s .* measured bandwidth [\d.]+ GB/s", proc.stdout)
    assert "main_dispatch_0" in (tmp_path / "g.dot").read_text()
