"""castiron's own e2e corpus in IREE's check-test format (tests/e2e/**.mlir), run as IREE runs
tests/e2e/linalg and tests/e2e/tosa_ops: castiron-compile each file, then castiron-check-module.

Every `func.func @name()` of a corpus file must print `[ OK ] name`. Files under
tests/e2e/known_failures/ hold one function castiron gets wrong today (the `// KNOWN FAILURE:`
first line says why); they are not run as passing tests, but a test asserts that each still
fails, so a fix is noticed (move the function back into its family file then).
"""
from __future__ import annotations

import os
import re

import pytest

from conftest import ROOT, run_tool

E2E = os.path.join(ROOT, "tests", "e2e")
KNOWN_FAILURES = os.path.join(E2E, "known_failures")

_FUNC = re.compile(r"^\s*func\.func\s+(?:(?:public|private|nested)\s+)?@([\w$.-]+)", re.M)
_OK = re.compile(r"^\[ OK \] (\S+)\s*$", re.M)
_FAILED = re.compile(r"^\[ FAILED \] (\S+?): (.*)$", re.M)


def _mlir_files(folder):
    found = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames.sort()
        for name in sorted(filenames):
            if name.endswith(".mlir"):
                found.append(os.path.join(dirpath, name))
    return found


CORPUS = [p for p in _mlir_files(E2E) if not p.startswith(KNOWN_FAILURES + os.sep)]
KNOWN = _mlir_files(KNOWN_FAILURES) if os.path.isdir(KNOWN_FAILURES) else []


def _id(path):
    return os.path.relpath(path, E2E).replace(os.sep, "/")


def _functions(text):
    code = "\n".join(line.split("//", 1)[0] for line in text.splitlines())
    return _FUNC.findall(code)


def _compile(src, tmp_path):
    """Compiles with TMPDIR pointed at an empty scratch directory, which must stay empty:
    no compile of the corpus may leave a temporary file behind."""
    out = tmp_path / (os.path.basename(src)[: -len(".mlir")] + ".vmfb")
    scratch = tmp_path / "tmpdir"
    scratch.mkdir(exist_ok=True)
    proc = run_tool("castiron-compile", str(src), "-o", str(out), env=dict(os.environ, TMPDIR=str(scratch)))
    assert list(scratch.iterdir()) == [], f"temporary files left behind: {list(scratch.iterdir())}"
    return proc, out


def test_corpus_is_there():
    families = {os.path.relpath(p, E2E).split(os.sep)[0] for p in CORPUS}
    assert {"linalg", "tosa"} <= families, families
    assert sum(len(_functions(open(p).read())) for p in CORPUS) >= 70


@pytest.mark.parametrize("path", CORPUS, ids=[_id(p) for p in CORPUS])
def test_e2e_file(path, tmp_path):
    names = _functions(open(path).read())
    assert names, f"{path} defines no test functions"
    assert len(set(names)) == len(names), f"duplicate function names in {path}"
    proc, module = _compile(path, tmp_path)
    assert proc.returncode == 0, f"castiron-compile {_id(path)} failed:\n{proc.stderr[-4000:]}"
    run = run_tool("castiron-check-module", str(module))
    report = run.stdout + run.stderr
    failed = _FAILED.findall(run.stdout)
    assert run.returncode == 0, f"castiron-check-module {_id(path)} exit {run.returncode}:\n{report[-4000:]}"
    assert not failed, report
    ok = _OK.findall(run.stdout)
    assert len(ok) == len(names), f"{len(ok)} [ OK ] lines for {len(names)} functions:\n{report[-4000:]}"
    assert sorted(ok) == sorted(names)


@pytest.mark.parametrize("path", KNOWN, ids=[_id(p) for p in KNOWN])
def test_known_failure_still_fails(path, tmp_path):
    text = open(path).read()
    first = text.splitlines()[0] if text else ""
    assert first.startswith("// KNOWN FAILURE: ") and len(first) > len("// KNOWN FAILURE: "), \
        f"{_id(path)} must start with '// KNOWN FAILURE: <why>'"
    assert _functions(text), f"{_id(path)} defines no test function"
    proc, module = _compile(path, tmp_path)
    if proc.returncode != 0:
        assert proc.stderr.strip(), "compile failed without a diagnostic"
        return
    run = run_tool("castiron-check-module", str(module))
    assert run.returncode != 0 and "[ FAILED ]" in run.stdout, (
        f"known failure {_id(path)} now compiles and passes its checks: move it back into its family "
        f"file under tests/e2e/ and drop the KNOWN FAILURE file.\n{run.stdout}")


CHECKER = """
func.func @right() {
  %a = util.unfoldable_constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi32>
  %e = tensor.empty() : tensor<2x3xi32>
  %r = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]} ins(%a : tensor<2x3xi32>) outs(%e : tensor<2x3xi32>) {
  ^bb0(%x: i32, %o: i32):
    %s = arith.muli %x, %x : i32
    linalg.yield %s : i32
  } -> tensor<2x3xi32>
  check.expect_eq_const(%r, dense<[[1, 4, 9], [16, 25, 36]]> : tensor<2x3xi32>) : tensor<2x3xi32>
  return
}
func.func @wrong_int() {
  %a = util.unfoldable_constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi32>
  %e = tensor.empty() : tensor<2x3xi32>
  %r = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]} ins(%a : tensor<2x3xi32>) outs(%e : tensor<2x3xi32>) {
  ^bb0(%x: i32, %o: i32):
    %s = arith.muli %x, %x : i32
    linalg.yield %s : i32
  } -> tensor<2x3xi32>
  check.expect_eq_const(%r, dense<[[1, 4, 9], [16, 25, 99]]> : tensor<2x3xi32>) : tensor<2x3xi32>
  return
}
func.func @wrong_float() {
  %a = util.unfoldable_constant dense<[[0.5, 1.0, 1.5, 2.0], [2.5, 3.0, 3.5, 4.0], [4.5, 5.0, 5.5, 6.0]]> : tensor<3x4xf32>
  %b = util.unfoldable_constant dense<[[0.5, 1.0, 1.5, 2.0], [2.5, 3.0, 3.5, 4.0], [4.5, 5.0, 5.5, 6.0]]> : tensor<3x4xf32>
  %e = tensor.empty() : tensor<3x4xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]} ins(%a, %b : tensor<3x4xf32>, tensor<3x4xf32>) outs(%e : tensor<3x4xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %s = arith.addf %x, %y : f32
    linalg.yield %s : f32
  } -> tensor<3x4xf32>
  check.expect_almost_eq_const(%r, dense<[[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.25, 8.0], [9.0, 10.0, 11.0, 12.0]]> : tensor<3x4xf32>, atol 1.0e-03) : tensor<3x4xf32>
  return
}
"""


def test_checker_reports_first_mismatch(tmp_path):
    src = tmp_path / "checker.mlir"
    src.write_text(CHECKER)
    proc, module = _compile(src, tmp_path)
    assert proc.returncode == 0, proc.stderr
    run = run_tool("castiron-check-module", str(module))
    assert run.returncode == 1, run.stdout + run.stderr
    assert _OK.findall(run.stdout) == ["right"], run.stdout
    failed = dict(_FAILED.findall(run.stdout))
    assert sorted(failed) == ["wrong_float", "wrong_int"], run.stdout
    index = re.compile(r"first at index \[(\d+(?:, \d+)*)\]: expected (\S+), actual (\S+)$")

    m = index.search(failed["wrong_int"])
    assert m, failed["wrong_int"]
    assert (m.group(1), m.group(2), m.group(3)) == ("1, 2", "99", "36"), failed["wrong_int"]
    assert "1 of 6 elements differ" in failed["wrong_int"]
    assert "expect_eq_const" in failed["wrong_int"]

    m = index.search(failed["wrong_float"])
    assert m, failed["wrong_float"]
    assert m.group(1) == "1, 2", failed["wrong_float"]
    assert float(m.group(2)) == 7.25 and float(m.group(3)) == 7.0, failed["wrong_float"]
    assert "1 of 12 elements differ" in failed["wrong_float"]
    assert "expect_almost_eq_const" in failed["wrong_float"]
