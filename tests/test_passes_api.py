"""The pass API from Python: registration, options, pipelines, patterns, plugins."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
from mlir import ir

from castiron.context import make_context
from castiron.errors import CompileError, UsageError
from castiron.passes import apply_patterns, is_constant, register_pass, walk
from castiron.passes.pipeline import parse_pipeline, run_pipeline
from conftest import ROOT, run_tool

TEXT = """
func.func @f(%x: f32) -> f32 {
  %one = arith.constant 1.0 : f32
  %two = arith.constant 2.0 : f32
  %a = arith.mulf %x, %one : f32
  %b = arith.mulf %a, %two : f32
  return %b : f32
}
"""


@register_pass("api-test-fold", help="x * 1.0 -> x")
def _fold_pass(op, pass_):
    def fold(mul, rewriter):
        if is_constant(mul.operands[1], 1.0):
            rewriter.replace_op(mul, [mul.operands[0]])
            return True
        return False
    apply_patterns(op, {"arith.mulf": fold})


@register_pass("api-test-count", op_name="func.func")
class _Count:
    kind: str = "arith.mulf"
    at_least: int = 0
    seen: list = None

    def run(self, op, pass_):
        n = walk(op, self.kind, lambda o: None)
        op.attributes["n"] = ir.IntegerAttr.get(ir.IntegerType.get_signless(64), n)
        if n < self.at_least:
            raise CompileError(f"only {n} {self.kind}")


def run(pipeline: str, text: str = TEXT) -> str:
    with make_context(), ir.Location.unknown():
        module = ir.Module.parse(text)
        run_pipeline(module, pipeline)
        return str(module)


def test_function_pass_with_patterns_mixed_with_upstream():
    out = run("builtin.module(func.func(api-test-fold,canonicalize),api-test-count)")
    assert out.count("arith.mulf") == 1 and "n = 1 : i64" in out


def test_class_pass_options_are_typed_and_checked():
    assert "n = 0 : i64" in run("builtin.module(api-test-count{kind=arith.addf})")
    with pytest.raises(UsageError, match="option 'at-least' expects an integer, got 'many'"):
        run("builtin.module(api-test-count{at-least=many})")
    with pytest.raises(CompileError, match=r"pass 'api-test-count': only 2 arith.mulf"):
        run("builtin.module(func.func(api-test-count{at-least=3}))")


def test_nesting_under_the_wrong_anchor_is_refused():
    with pytest.raises(UsageError, match="runs on 'func.func', not nested under 'builtin.module'"):
        run("builtin.module(builtin.module(api-test-count))")


def test_pipeline_text_parses_nested_options_and_anchors():
    elements = parse_pipeline("builtin.module(func.func(a{x=1 y=[2,3]},b),c{z=q},d)")
    assert [e.name for e in elements] == ["func.func", "c", "d"]
    assert elements[0].children[0].options == "x=1 y=[2,3]" and elements[1].options == "z=q"
    assert elements[0].text() == "func.func(a{x=1 y=[2,3]},b)"
    with pytest.raises(UsageError, match="unclosed"):
        parse_pipeline("builtin.module(func.func(a)")


def test_unknown_pass_suggests_close_names():
    with pytest.raises(UsageError, match=r"unknown pass 'api-test-fodl' \(did you mean: api-test-fold"):
        run("builtin.module(api-test-fodl)")


def test_a_python_pass_over_many_ops_is_fast():
    import time
    body = "\n".join(f"  %v{i} = arith.addf %x, %x : f32" for i in range(5000))
    text = f"func.func @f(%x: f32) {{\n{body}\n  return\n}}"
    start = time.perf_counter()
    out = run("builtin.module(api-test-count{kind=arith.addf})", text)
    assert "n = 5000 : i64" in out
    assert time.perf_counter() - start < 30  # sanity only; the speed figure is benchmarks/pass_overhead.py


@pytest.fixture(scope="module")
def installed_example(tmp_path_factory):
    """The example plugin package, installed into a scratch directory (entry points and all)."""
    target = tmp_path_factory.mktemp("plugin")
    proc = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation",
                           "--target", str(target), os.path.join(ROOT, "examples", "castiron-example-passes")],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return str(target)


def _env(path):
    return dict(os.environ, PYTHONPATH=path + os.pathsep + os.environ.get("PYTHONPATH", ""))


def test_installed_plugin_is_seen_by_every_tool(installed_example, tmp_path):
    env = _env(installed_example)
    listing = subprocess.run([os.path.join(os.path.dirname(sys.executable), "castiron-opt"), "--list-passes"],
                             capture_output=True, text=True, env=env)
    assert "--fold-mul-by-one" in listing.stdout and "kind: a string = arith.mulf" in listing.stdout
    src = tmp_path / "m.mlir"
    src.write_text(TEXT.replace("f32", "f32"))
    opt = subprocess.run([os.path.join(os.path.dirname(sys.executable), "castiron-opt"), str(src),
                          "--fold-mul-by-one", "--tag-op-count"], capture_output=True, text=True, env=env)
    assert opt.returncode == 0, opt.stderr
    assert opt.stdout.count("arith.mulf") == 1 and "op_count = 1" in opt.stdout
    compiled = subprocess.run([os.path.join(os.path.dirname(sys.executable), "castiron-compile"), str(src),
                               "--passes-after=input:fold-mul-by-one", "--compile-to=global-opt"],
                              capture_output=True, text=True, env=env)
    assert compiled.returncode == 0, compiled.stderr
    assert compiled.stdout.count("arith.mulf") == 1


def test_installed_plugin_lit_suite_passes(installed_example):
    lit = os.path.join(os.path.dirname(sys.executable), "lit")
    proc = subprocess.run([lit, "-q", os.path.join(ROOT, "examples", "castiron-example-passes", "lit")],
                          capture_output=True, text=True, env=_env(installed_example))
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_load_pass_plugin_from_a_file(tmp_path):
    plugin = tmp_path / "p.py"
    plugin.write_text("from castiron.passes import register_pass\n"
                      "@register_pass('file-plugin-pass')\n"
                      "def run(op, pass_):\n    op.attributes['from_file'] = __import__('mlir').ir.UnitAttr.get()\n")
    src = tmp_path / "m.mlir"
    src.write_text(TEXT)
    proc = run_tool("castiron-opt", str(src), f"--load-pass-plugin={plugin}", "--pass-pipeline=builtin.module(func.func(file-plugin-pass))")
    assert proc.returncode == 0 and "from_file" in proc.stdout, proc.stderr
    proc = run_tool("castiron-opt", str(src), "--load-pass-plugin=no_such_plugin_module", "--cse")
    assert proc.returncode == 1 and "cannot load pass plugin 'no_such_plugin_module'" in proc.stderr
