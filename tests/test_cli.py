"""The command lines of the seed, tool names changed: compile, run, benchmark, and their errors."""
from __future__ import annotations

import numpy as np
import pytest

from castiron.examples import reference, tiny_mobilenet_mlir
from conftest import run_tool

SMALL = """
func.func @predict(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> (tensor<2x3xf32>, tensor<2xf32>) {
  %e = tensor.empty() : tensor<2x3xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (j)>, affine_map<(i, j) -> (i, j)>],
                       iterator_types = ["parallel", "parallel"]} ins(%a, %b : tensor<2x3xf32>, tensor<3xf32>) outs(%e : tensor<2x3xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %m = arith.mulf %x, %y : f32
    linalg.yield %m : f32
  } -> tensor<2x3xf32>
  %z = arith.constant 0.0 : f32
  %e1 = tensor.empty() : tensor<2xf32>
  %f = linalg.fill ins(%z : f32) outs(%e1 : tensor<2xf32>) -> tensor<2xf32>
  %s = linalg.reduce ins(%a : tensor<2x3xf32>) outs(%f : tensor<2xf32>) dimensions = [1]
    (%x: f32, %acc: f32) {
      %t = arith.addf %x, %acc : f32
      linalg.yield %t : f32
    }
  return %r, %s : tensor<2x3xf32>, tensor<2xf32>
}"""


@pytest.fixture(scope="module")
def small_module(tmp_path_factory):
    d = tmp_path_factory.mktemp("small")
    (d / "small.mlir").write_text(SMALL)
    proc = run_tool("castiron-compile", "--iree-hal-target-backends=dylib-llvm-aot", str(d / "small.mlir"),
                    "-o", str(d / "small.vmfb"))
    assert proc.returncode == 0, proc.stderr
    return d / "small.vmfb"


def test_run_module_prints_results_like_iree(small_module):
    proc = run_tool("castiron-run-module", "--driver=dylib", f"--module_file={small_module}",
                    "--entry_function=predict", "--function_input=2x3xf32=[1 2 3][4 5 6]",
                    "--input=3xf32=1 0.5 2")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["EXEC @predict", "result[0]: hal.buffer_view", "2x3xf32=[1 1 6][4 2.5 12]",
                                        "result[1]: hal.buffer_view", "2xf32=6 15"]


def test_single_dash_flags_and_npy_output(small_module, tmp_path):
    np.save(tmp_path / "a.npy", np.ones((2, 3), np.float32))
    proc = run_tool("castiron-run-module", "-module_file", str(small_module), "-entry_function=predict",
                    f"-function_input=@{tmp_path / 'a.npy'}", "-function_input=3xf32=2",
                    f"--output=@{tmp_path / 'out.npy'}", "--driver=local-sync")
    assert proc.returncode == 0, proc.stderr
    np.testing.assert_array_equal(np.load(tmp_path / "out.npy"), np.full((2, 3), 2, np.float32))
    assert "2xf32=3 3" in proc.stdout


def test_seed_spelling_compiles_and_runs_the_example(tmp_path):
    (tmp_path / "iree_input.mlir").write_text(tiny_mobilenet_mlir())
    out = tmp_path / "mobilenet-dylib.vmfb"
    proc = run_tool("castiron-compile", "-iree-mlir-to-vm-bytecode-module", "-iree-hal-target-backends=dylib-llvm-aot",
                    str(tmp_path / "iree_input.mlir"), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    proc = run_tool("castiron-run-module", "--driver=dylib", f"--module_file={out}", "--entry_function=predict",
                    "--function_input=1x224x224x3xf32=0", f"--output=@{tmp_path / 'probs.npy'}")
    assert proc.returncode == 0, proc.stderr
    probs = np.load(tmp_path / "probs.npy")
    np.testing.assert_allclose(probs, reference(np.zeros((1, 224, 224, 3), np.float32)), rtol=1e-4, atol=1e-7)
    proc = run_tool("castiron-run-module", f"--module_file={out}", "--function_input=1x224x224x3xf32=0.5")
    assert proc.returncode == 0 and proc.stdout.splitlines()[2].startswith("1x1000xf32=[")


def test_benchmark_module_reports_latency(small_module):
    proc = run_tool("castiron-benchmark-module", f"--module_file={small_module}", "--entry_function=predict",
                    "--input=2x3xf32=1", "--input=3xf32=1", "--benchmark_repetitions=5")
    assert proc.returncode == 0, proc.stderr
    for key in ("repetitions: 5", "median:", "min:", "max:"):
        assert key in proc.stdout


@pytest.mark.parametrize("args,message", [
    (["--entry_function=nope", "--input=2x3xf32=1", "--input=3xf32=1"], "module has no function 'nope'"),
    (["--input=2x3xf32=1"], r"expects 2 input\(s\) \(2x3xf32, 3xf32\), got 1"),
    (["--input=3x2xf32=1", "--input=3xf32=1"], "input 0 of predict must be 2x3xf32, got shape 3x2"),
    (["--input=2x3xi32=1", "--input=3xf32=1"], "input 0 of predict must be 2x3xf32, got dtype int32"),
    (["--input=2x3xf32=1 2", "--input=3xf32=1"], "expected 6 values for 2x3xf32, got 2"),
    (["--input=2x3xf32=1", "--input=3xf32=1", "--bogus"], "unrecognized arguments: --bogus"),
    (["--input=2x3xf32=1", "--input=3xf32=1", "--driver=cuda"], "unknown driver 'cuda'"),
])
def test_run_module_errors_are_one_line(small_module, args, message):
    import re
    proc = run_tool("castiron-run-module", f"--module_file={small_module}", *args)
    assert proc.returncode != 0
    assert re.search(message, proc.stderr), proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_missing_and_corrupt_module_files(tmp_path):
    proc = run_tool("castiron-run-module", f"--module_file={tmp_path / 'nope.vmfb'}", "--input=f32=1")
    assert proc.returncode == 1 and "does not exist" in proc.stderr
    (tmp_path / "junk.vmfb").write_bytes(b"PK\x03\x04garbage")
    proc = run_tool("castiron-run-module", f"--module_file={tmp_path / 'junk.vmfb'}", "--input=f32=1")
    assert proc.returncode == 1 and "not a castiron module" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize("text,message", [
    ("func.func @f(%a: tensor<4xf32>) -> tensor<4xf32> {\n  %0 = arith.addf %a, %b : tensor<4xf32>\n"
     "  return %0 : tensor<4xf32>\n}\n", r"^bad\.mlir:2:23: error: use of undeclared SSA value name$"),
    ("func.func @f(%a: tensor<4xf32>) -> tensor<4xf32> {\n  %0 = \"foo.bar\"(%a) : (tensor<4xf32>) -> tensor<4xf32>\n"
     "  return %0 : tensor<4xf32>\n}\n", r"^bad\.mlir:2:8: error: .*unsupported op 'foo\.bar'"),
    ("func.func @f(%a: tensor<?xf32>) -> tensor<?xf32> {\n  return %a : tensor<?xf32>\n}\n",
     r"statically shaped tensors"),
])
def test_compile_errors_name_file_line_col(tmp_path, text, message):
    import re
    (tmp_path / "bad.mlir").write_text(text)
    proc = run_tool("castiron-compile", "bad.mlir", "-o", "out.vmfb", cwd=tmp_path)
    assert proc.returncode == 1
    assert re.search(message, proc.stderr.strip()), proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out.vmfb").exists()


@pytest.mark.parametrize("args,message", [
    (["--iree-hal-target-backends=vulkan-spirv"], "unknown target backend 'vulkan-spirv'"),
    (["--target=sparc-sun-solaris"], "unknown target triple"),
    (["--compile-to=lowering"], "unknown phase 'lowering'"),
    (["--no-such-flag"], "unrecognized arguments: --no-such-flag"),
])
def test_compile_flag_errors(tmp_path, args, message):
    (tmp_path / "ok.mlir").write_text(SMALL)
    proc = run_tool("castiron-compile", "ok.mlir", "-o", "out.vmfb", *args, cwd=tmp_path)
    assert proc.returncode != 0 and message in proc.stderr and "Traceback" not in proc.stderr


def test_every_stage_can_be_printed_and_dumped(tmp_path):
    (tmp_path / "m.mlir").write_text(SMALL)
    proc = run_tool("castiron-compile", "m.mlir", "-o", "m.vmfb", "--mlir-print-ir-after-all",
                    "--dump-dispatches-to=dumps", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    for marker in ("IR Dump After LinalgElementwiseOpFusionPass", "IR Dump After castiron-create-dispatches",
                   "IR Dump After codegen:bufferized (predict_dispatch_0)",
                   "IR Dump After codegen:llvm-dialect (predict_dispatch_1)"):
        assert marker in proc.stderr
    dumps = sorted(p.name for p in (tmp_path / "dumps").iterdir())
    for stage in ("bufferized.mlir", "distributed.mlir", "llvm-dialect.mlir"):
        assert f"predict_dispatch_0.{stage}" in dumps
    assert any(name.endswith(".optimized.ll") for name in dumps)
    distributed = (tmp_path / "dumps" / "predict_dispatch_0.distributed.mlir").read_text()
    assert ": index, %arg" in distributed and "memref.alloc" not in distributed  # (begin, end) ABI
