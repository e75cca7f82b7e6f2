"""Tuned against the heuristic default, and the guided search against random search.

    python -m benchmarks.tuning [--trials 48] [--workloads matmul_256,matmul_1024,matmul_2048,mobilenet_v2]
                                [--dir /tmp/castiron-tuning] [--reps 20]

For each workload, in one run: `castiron-tune` with the evolutionary search and with random
search at the same number of trials (separate databases, same seed), then the whole module
compiled with the heuristics and with each database, all timed with castiron's runtime on one
thread, interleaved. The databases are kept (`--dir`), so a second run resumes the searches.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

import numpy as np


def _workload(name: str):
    from . import workloads

    if name.startswith("matmul_"):
        w = workloads.matmul(int(name.split("_")[1]))
        return w.mlir, w.inputs(), "main"
    if name == "mobilenet_v2":
        from castiron.importers.onnx import import_model
        from castiron.models.mobilenet_v2 import mobilenet_v2

        x = np.random.default_rng(0).uniform(0, 1, (1, 224, 224, 3)).astype(np.float32)
        return import_model(mobilenet_v2(seed=0)), [x], "predict"
    raise SystemExit(f"unknown workload {name}")


def _tool(name: str) -> str:
    candidate = os.path.join(os.path.dirname(sys.executable), name)
    return candidate if os.path.exists(candidate) else name


def _time(fn, inputs, reps: int) -> float:
    fn(*inputs)
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        fn(*inputs)
        times.append(time.perf_counter() - start)
    return float(np.median(times)) * 1e3


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.tuning")
    p.add_argument("--trials", type=int, default=48, help="trials per dispatch for each strategy")
    p.add_argument("--workloads", default="matmul_256,matmul_1024,matmul_2048,mobilenet_v2")
    p.add_argument("--dir", default="/tmp/castiron-tuning", help="where the models and databases are kept")
    p.add_argument("--reps", type=int, default=20, help="timed calls per module")
    p.add_argument("--rounds", type=int, default=3, help="interleaved timing rounds (median of rounds)")
    args = p.parse_args(argv)
    import castiron
    from castiron.runtime import load_module

    os.makedirs(args.dir, exist_ok=True)
    report = []
    for name in args.workloads.split(","):
        text, inputs, entry = _workload(name)
        model = os.path.join(args.dir, f"{name}.mlir")
        with open(model, "w") as f:
            f.write(text)
        dbs = {}
        for strategy in ("evolutionary", "random"):
            db = dbs[strategy] = os.path.join(args.dir, f"{name}.{strategy}.sqlite")
            start = time.perf_counter()
            proc = subprocess.run([_tool("castiron-tune"), model, "--db", db, "--trials", str(args.trials),
                                   "--strategy", strategy, "--repetitions", "3", "--timeout", "20", "--quiet"],
                                  capture_output=True, text=True)
            if proc.returncode:
                print(proc.stderr, file=sys.stderr)
                return 1
            print(f"{name}: {strategy} search, {args.trials} trials per dispatch: {time.perf_counter() - start:.0f} s",
                  file=sys.stderr, flush=True)
        modules = {"default": load_module(castiron.compile_str(text, jobs=0), workers=1)}
        for strategy, db in dbs.items():
            modules[strategy] = load_module(castiron.compile_str(text, jobs=0, tuning_db=db), workers=1)
        reference = getattr(modules["default"], entry)(*inputs)
        for label, module in modules.items():
            np.testing.assert_allclose(getattr(module, entry)(*inputs), reference, rtol=1e-4, atol=1e-5)
        rounds = {label: [] for label in modules}
        for _ in range(args.rounds):  # interleaved: drift hits every column alike
            for label, module in modules.items():
                rounds[label].append(_time(getattr(module, entry), inputs, args.reps))
        times = {label: float(np.median(v)) for label, v in rounds.items()}
        sums = {s: _dispatch_sums(db) for s, db in dbs.items()}
        report.append((name, times, sums))
        for module in modules.values():
            module.close()
    print(f"\ncastiron-tune, {args.trials} trials per dispatch, 1 thread; whole-module median ms "
          f"(median of {args.rounds} interleaved rounds of {args.reps} calls)")
    print(f"{'workload':<14} {'default':>9} {'tuned(evo)':>11} {'speedup':>8} {'tuned(rand)':>12} {'speedup':>8}"
          f"   per-dispatch sum: evo / random best vs default")
    for name, t, sums in report:
        evo, rnd = sums["evolutionary"], sums["random"]
        print(f"{name:<14} {t['default']:>9.3f} {t['evolutionary']:>11.3f} {t['default'] / t['evolutionary']:>7.2f}x "
              f"{t['random']:>12.3f} {t['default'] / t['random']:>7.2f}x   "
              f"{evo[0] / evo[1]:.2f}x / {rnd[0] / rnd[1]:.2f}x ({evo[1]:.3f} vs {rnd[1]:.3f} ms)")
    return 0


def _dispatch_sums(db: str) -> tuple[float, float]:
    """(sum of default times, sum of best times) over the database's dispatches, in ms."""
    from castiron.tuning.database import TuningDatabase
    from castiron.tuning.report import summarize

    with TuningDatabase(db, readonly=True) as handle:
        rows = [r for r in summarize(handle) if r["default_s"] and r["best_s"]]
    return sum(r["default_s"] for r in rows) * 1e3, sum(r["best_s"] for r in rows) * 1e3


if __name__ == "__main__":
    raise SystemExit(main())
