"""docs/passes.md is executable: its files are written and every sh command in it is run."""
from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from conftest import ROOT

DOC = os.path.join(ROOT, "docs", "passes.md")
FENCE = re.compile(r"```(\w+)\n(.*?)```", re.S)


def blocks():
    with open(DOC) as f:
        return FENCE.findall(f.read())


def test_doc_walkthrough_runs(tmp_path):
    bindir = os.path.dirname(sys.executable)
    env = dict(os.environ, PATH=bindir + os.pathsep + os.environ.get("PATH", ""))
    outputs = []
    try:
        for lang, body in blocks():
            first = body.splitlines()[0]
            match = re.match(r"(?:#|//) file: (\S+)", first)
            if match:
                path = tmp_path / match.group(1)
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(body.split("\n", 1)[1])
            elif lang == "sh":
                for command in filter(None, body.strip().splitlines()):
                    proc = subprocess.run(command, shell=True, cwd=tmp_path, env=env, capture_output=True, text=True)
                    assert proc.returncode == 0, f"{command}\n{proc.stdout}\n{proc.stderr}"
                    outputs.append((command, proc.stdout + proc.stderr))
    finally:
        subprocess.run([sys.executable, "-m", "pip", "uninstall", "-q", "-y", "my-passes"], capture_output=True)
    text = dict(outputs)
    assert "my-fold-mul-by-one" in text["castiron-opt --list-passes | grep my-fold-mul-by-one"]
    folded = next(out for cmd, out in outputs if "--compile-to=global-opt" in cmd)
    assert folded.strip() == "0"  # no arith.mulf left after the pass
    watched = next(out for cmd, out in outputs if "--mlir-timing" in cmd)
    assert "IR Dump Before my-fold-mul-by-one" in watched and "Execution time report" in watched
    ran = next(out for cmd, out in outputs if cmd.startswith("castiron-run-module"))
    assert "8xf32=1 2 3 4 5 6 7 8" in ran
