"""Evaluates the checks of IREE-style e2e test functions (castiron-check-module's engine).

The compiler turned each `check.expect_*` into function results plus a record in the manifest
(passes/checks_to_results.py); this module calls the function and compares with numpy.
Defaults follow iree-check-module: expect_almost_eq passes when |actual - expected| <= atol
(1e-4) + rtol (0) * |expected|.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

DEFAULT_ATOL = 1e-4
DEFAULT_RTOL = 0.0


@dataclass
class CheckResult:
    function: str
    ok: bool
    message: str = ""


def _index(flat_index: int, shape) -> str:
    if not shape:
        return "[]"
    return "[" + ", ".join(str(i) for i in np.unravel_index(flat_index, shape)) + "]"


def _mismatch(check: dict, actual: np.ndarray, expected: np.ndarray, bad: np.ndarray) -> str:
    where = int(np.flatnonzero(bad)[0])
    a, e = actual.reshape(-1)[where], expected.reshape(-1)[where]
    return (f"{check['op']} at line {check['line']}: {int(bad.sum())} of {bad.size} elements differ, "
            f"first at index {_index(where, actual.shape)}: expected {e}, actual {a}")


def evaluate(check: dict, results: list) -> str | None:
    """None when the check holds, else a one-line description of the first mismatch."""
    values = [np.asarray(results[i]) for i in check["results"]]
    kind = check["kind"]
    if kind in ("true", "false", "all_true"):
        value = values[0]
        truth = value != 0
        want = kind != "false"
        bad = truth != want
        if bad.any():
            where = int(np.flatnonzero(bad)[0]) if value.ndim else 0
            return (f"{check['op']} at line {check['line']}: value at index {_index(where, value.shape)} is "
                    f"{value.reshape(-1)[where]}, expected {'non-zero' if want else 'zero'}")
        return None
    actual, expected = values
    if actual.shape != expected.shape or actual.dtype != expected.dtype:
        return (f"{check['op']} at line {check['line']}: compared {actual.dtype}{list(actual.shape)} "
                f"with {expected.dtype}{list(expected.shape)}")
    if kind == "eq":
        bad = ~((actual == expected) | (np.isnan(actual) & np.isnan(expected))
                if actual.dtype.kind == "f" else (actual == expected))
    else:
        atol, rtol = check.get("atol", DEFAULT_ATOL), check.get("rtol", DEFAULT_RTOL)
        close = np.abs(actual.astype(np.float64) - expected) <= atol + rtol * np.abs(expected.astype(np.float64))
        bad = ~(close | (np.isnan(actual) & np.isnan(expected)))
    return _mismatch(check, actual, expected, bad) if bad.any() else None


def run_checks(module, name: str) -> CheckResult:
    """Calls test function `name` (no inputs) and evaluates its checks."""
    function = module[name]
    results = function()
    results = list(results) if isinstance(results, tuple) else [results]
    for check in function.checks:
        problem = evaluate(check, results)
        if problem:
            return CheckResult(name, False, problem)
    return CheckResult(name, True)
