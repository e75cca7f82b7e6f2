"""castiron-tune on this machine: search space, database, fault isolation, resume, Ctrl-C,
tuned modules, reports. (The Ray cluster runs are in test_tuning_ray.py.)"""
from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import time

import numpy as np
import pytest

from castiron.backend.dispatch_config import DispatchConfig
from castiron.errors import UsageError
from castiron.runtime import load_module
from castiron.tuning import search
from castiron.tuning.database import SCHEMA_VERSION, Trial, TuningDatabase
from castiron.tuning.space import SearchSpace, tile_choices
from castiron.tuning.tuner import check_outputs

from conftest import rand, run_tool, tool, tuning_rows, tuning_rows_so_far

MATMUL = """
func.func @main(%a: tensor<64x48xf32>, %b: tensor<48x96xf32>) -> tensor<64x96xf32> {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<64x96xf32>
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<64x96xf32>) -> tensor<64x96xf32>
  %r = linalg.matmul ins(%a, %b : tensor<64x48xf32>, tensor<48x96xf32>) outs(%f : tensor<64x96xf32>) -> tensor<64x96xf32>
  return %r : tensor<64x96xf32>
}
"""


def test_space_samples_and_mutations_are_valid():
    space = SearchSpace.for_dispatch([64, 96], [64, 96])
    assert tile_choices(96, whole_only=True) == [1, 2, 3, 4, 6, 8, 12, 24, 48, 96][:10] or \
        all(96 % t == 0 for t in tile_choices(96, whole_only=True))
    rng = random.Random(0)
    seen = set()
    for _ in range(200):
        config = space.sample(rng)
        assert space.valid(config), config
        seen.add(str(config))
        child = space.mutate(config, rng)
        assert child is None or (space.valid(child) and child != config)
    assert len(seen) > 100  # it explores, not repeats
    assert any("vector=off" in c for c in seen) and any("reg=" in c for c in seen)
    conv = SearchSpace.for_dispatch([1, 56, 56, 32], [])
    config = conv.sample(rng)
    assert len(config.tile) == 4 and config.reg is None and conv.valid(config)
    assert not conv.valid(DispatchConfig(tile=(1, 56, 56, 32), reg=(8, 8)))


def test_proposals_skip_recorded_configs():
    space = SearchSpace.for_dispatch([64, 96], [64, 96])
    records = [{"config": "default", "status": "ok", "median_s": 1.0},
               {"config": "tile=64x32 reg=8x32 vector=on", "status": "ok", "median_s": 0.5},
               {"config": "tile=8x8 vector=off", "status": "crashed", "median_s": None}]
    default = DispatchConfig(tile=(64, 64), reg=(8, 32), vector=True)
    for strategy in search.STRATEGIES:
        proposed = [str(c) for c in search.propose(strategy, space, records, 30, random.Random(1), default)]
        assert len(proposed) == len(set(proposed)) == 30
        assert not {r["config"] for r in records} & set(proposed) and str(default) not in proposed
    with pytest.raises(UsageError, match="unknown search strategy 'annealing'"):
        search.propose("annealing", space, records, 1, random.Random(1))


def test_database_guards(tmp_path):
    path = str(tmp_path / "t.sqlite")
    target = ("x86_64-unknown-linux-gnu", "cpu", "+a")
    with TuningDatabase(path) as db:
        trial = Trial("k", target, "tile=1x2", "ok", median_s=1.0, min_s=1.0, max_s=1.0, repetitions=3)
        assert db.record(trial) and not db.record(trial)  # never twice
        assert len(db.trials("k", target)) == 1
        with pytest.raises(ValueError):
            db.record(Trial("k", target, "tile=1x3", "exploded"))
    con = sqlite3.connect(path)
    con.execute("UPDATE meta SET value='99' WHERE name='schema_version'")
    con.commit()
    con.close()
    with pytest.raises(UsageError, match=f"has schema version 99; this castiron reads version {SCHEMA_VERSION}"):
        TuningDatabase(path)
    (tmp_path / "junk.sqlite").write_bytes(b"not a database" * 100)
    with pytest.raises(UsageError, match="is not a castiron tuning database"):
        TuningDatabase(str(tmp_path / "junk.sqlite"))
    with pytest.raises(UsageError, match="does not exist"):
        TuningDatabase(str(tmp_path / "missing.sqlite"), readonly=True)


def test_output_check():
    ref = [np.array([[1.0, 2.0], [3.0, 1000.0]], np.float32)]
    assert check_outputs([ref[0] * (1 + 1e-6)], ref) == ""
    assert "output 0 differs at [0, 1]" in check_outputs([np.array([[1.0, 2.5], [3.0, 1000.0]], np.float32)], ref)
    assert "int32[2]" in check_outputs([np.zeros(2, np.int32)], ref)


def test_tune_records_faults_resumes_and_tunes_a_module(tmp_path):
    model = tmp_path / "mm.mlir"
    model.write_text(MATMUL)
    db = str(tmp_path / "tuning.sqlite")
    args = ["castiron-tune", str(model), "--db", db, "--trials", "9", "--timeout", "3", "--jobs", "2",
            "--config", "fault=crash", "--config", "fault=hang", "--config", "fault=wrong",
            "--config", "tile=7x96"]
    proc = run_tool(*args)
    assert proc.returncode == 0, proc.stderr
    assert "[1/1] matmul_64x96x48_f32_" in proc.stderr and "9/9 trials, best" in proc.stderr
    rows = tuning_rows(db)
    assert len(rows) == 9
    status = {r["config"]: r["status"] for r in rows}
    assert status["default"] == "ok" and status["fault=crash"] == "crashed"
    assert status["fault=hang"] == "timeout" and status["fault=wrong"] == "wrong-result"
    assert status["tile=7x96"] == "compile-error"
    assert {r["strategy"] for r in rows} == {"default", "manual", "evolutionary"}
    assert sum(s == "ok" for s in status.values()) == 5
    ok = [r for r in rows if r["status"] == "ok"]
    assert all(r["median_s"] > 0 and r["min_s"] <= r["median_s"] <= r["max_s"] and r["node"] == "local" for r in ok)
    crashed = next(r for r in rows if r["status"] == "crashed")
    assert "SIGILL" in crashed["error"] or "SIGTRAP" in crashed["error"]

    # resuming with the same budget measures nothing; a larger one adds exactly the difference
    proc = run_tool(*args)
    assert proc.returncode == 0 and "0 new trials" in proc.stderr
    assert [r["id"] for r in tuning_rows(db)] == [r["id"] for r in rows]
    args[args.index("9")] = "12"
    proc = run_tool(*args)
    assert proc.returncode == 0 and "3 new trials" in proc.stderr
    assert len(tuning_rows(db)) == 12

    # the tuned module computes what the untuned one does, with the recorded best config
    tuned, plain = tmp_path / "tuned.vmfb", tmp_path / "plain.vmfb"
    assert run_tool("castiron-compile", str(model), "-o", str(tuned), "--tuning-db", db).returncode == 0
    assert run_tool("castiron-compile", str(model), "-o", str(plain)).returncode == 0
    a, b = rand((64, 48)), rand((48, 96), seed=3)
    tuned_module, plain_module = load_module(tuned.read_bytes()), load_module(plain.read_bytes())
    np.testing.assert_allclose(tuned_module.main(a, b), plain_module.main(a, b), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(tuned_module.main(a, b), a @ b, rtol=1e-5, atol=1e-5)
    entry = tuned_module.executable["entries"]["main_dispatch_0"]
    with TuningDatabase(db, readonly=True) as handle:
        best = handle.best(entry["key"], next(iter([(r["triple"], r["cpu"], r["features"]) for r in rows])))
    if best["config"] == "default":
        assert entry["config_source"] == "tuning-db (default)"
    else:
        assert entry["config_source"] == "tuning-db" and entry["config"] == best["config"]

    # the per-dispatch table names the config and where it came from
    proc = run_tool("castiron-benchmark-module", f"--module_file={tuned}", "--function_input=64x48xf32=1",
                    "--function_input=48x96xf32=1", "--print_dispatch_statistics", "--benchmark_repetitions=2")
    assert proc.returncode == 0, proc.stderr
    assert f"({entry['config_source']}: {entry['key']})" in proc.stdout + proc.stderr

    # --list names the model's dispatches by key with their heuristic configs
    proc = run_tool("castiron-tune", str(model), "--list")
    assert proc.returncode == 0 and entry["key"] in proc.stdout and "main_dispatch_0" in proc.stdout

    # reports: a table, and a PNG
    proc = run_tool("castiron-tune", "--report", db)
    assert proc.returncode == 0 and entry["key"] in proc.stdout and "speedup" in proc.stdout
    png = tmp_path / "report.png"
    proc = run_tool("castiron-tune", "--report", db, "-o", str(png))
    assert proc.returncode == 0, proc.stderr
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000


def test_tune_errors_are_one_line(tmp_path):
    model = tmp_path / "mm.mlir"
    model.write_text(MATMUL)
    for args, message in [
        ([str(model)], "give --db FILE"),
        ([str(model), "--db", str(tmp_path / "d.sqlite"), "--strategy", "annealing"], "unknown search strategy"),
        ([str(model), "--db", str(tmp_path / "d.sqlite"), "--only", "nothing"], "--only matches no dispatch"),
        ([str(model), "--db", str(tmp_path / "d.sqlite"), "--config", "tile=x"], "tile must be sizes"),
        (["--report", str(tmp_path / "none.sqlite")], "does not exist"),
        ([str(model), "--db", str(tmp_path / "e.sqlite"), "--target-triple", "aarch64-unknown-linux-gnu",
          "--target-cpu", "neoverse-v1"], "cannot measure aarch64-linux-gnu:neoverse-v1 on this machine"),
    ]:
        proc = run_tool("castiron-tune", *args)
        assert proc.returncode in (1, 2), proc.stderr
        last = proc.stderr.strip().splitlines()[-1]  # after any progress lines: one error line
        assert last.startswith("castiron-tune: error: ") and message in last, proc.stderr
        assert "Traceback" not in proc.stderr


def test_ctrl_c_stops_cleanly_and_resumes(tmp_path):
    model = tmp_path / "mm.mlir"
    model.write_text(MATMUL)
    db = str(tmp_path / "tuning.sqlite")
    args = [tool("castiron-tune"), str(model), "--db", db, "--trials", "40", "--jobs", "1", "--strategy", "random"]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if len(tuning_rows_so_far(db)) >= 3:
            break
        time.sleep(0.1)
    assert proc.poll() is None, proc.communicate()
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "interrupted;" in err and "run the same command again to resume" in err and "Traceback" not in err
    done = tuning_rows(db)
    assert 3 <= len(done) < 40
    assert all(r["status"] == "ok" for r in done)  # the interrupt was not mistaken for a failure
    proc = run_tool("castiron-tune", *args[1:], "--quiet")
    assert proc.returncode == 0, proc.stderr
    rows = tuning_rows(db)
    assert len(rows) == 40 and [r["id"] for r in rows[:len(done)]] == [r["id"] for r in done]
    assert len({r["config"] for r in rows}) == 40
