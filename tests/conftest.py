"""Shared helpers: compile MLIR text once per test session and load it with the runtime."""
from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys

import numpy as np
import pytest

import castiron
from castiron.runtime import load_module

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@functools.lru_cache(maxsize=None)
def compiled(text: str) -> bytes:
    return castiron.compile_str(text)


@functools.lru_cache(maxsize=None)
def loaded(text: str, driver: str = "local-task", workers: int | None = None):
    return load_module(compiled(text), driver=driver, workers=workers)


def rand(shape, dtype=np.float32, seed=0, low=-1.0, high=1.0):
    rng = np.random.default_rng(seed + sum(shape) * 7 + len(shape))
    if np.issubdtype(np.dtype(dtype), np.integer):
        return rng.integers(int(low * 10), int(high * 10) + 1, size=shape).astype(dtype)
    return rng.uniform(low, high, size=shape).astype(dtype)


def tool(name: str) -> str:
    """Path of a castiron console script in the running interpreter's environment."""
    candidate = os.path.join(os.path.dirname(sys.executable), name)
    return candidate if os.path.exists(candidate) else shutil.which(name) or name


def run_tool(name: str, *args, cwd=None, input_text=None, env=None):
    return subprocess.run([tool(name), *args], capture_output=True, text=True, cwd=cwd, input=input_text, env=env)


def tuning_rows(db_path: str) -> list[dict]:
    """Every trial a tuning database records, in order."""
    from castiron.tuning.database import TuningDatabase

    with TuningDatabase(db_path, readonly=True) as db:
        return db.trials()


def tuning_rows_so_far(db_path: str) -> list[dict]:
    """Rows of a database another process may be creating right now (none until it exists)."""
    from castiron.errors import UsageError

    try:
        return tuning_rows(db_path)
    except UsageError:
        return []


@pytest.fixture
def tmp_module(tmp_path):
    """Writes MLIR text to a file, compiles it with castiron-compile, returns the module path."""
    def make(text: str, name: str = "model"):
        src = tmp_path / f"{name}.mlir"
        src.write_text(text)
        out = tmp_path / f"{name}.vmfb"
        proc = run_tool("castiron-compile", "--iree-hal-target-backends=dylib-llvm-aot", str(src), "-o", str(out))
        assert proc.returncode == 0, proc.stderr
        return out
    return make


_CONFORMANCE = []


@pytest.fixture
def conformance_summary():
    """A list a test appends one-line summaries to; printed after the run."""
    return _CONFORMANCE


def pytest_terminal_summary(terminalreporter):
    for line in _CONFORMANCE:
        terminalreporter.write_line(line)
