"""`python -m benchmarks`: time castiron against numpy on the same computations, in the same run.

Prints per workload: castiron median ms (1 thread and all threads), numpy median ms, the ratio
(numpy time / castiron time: above 1 means castiron is faster), GFLOP/s and the fraction of this
CPU's f32 peak; `--json` for machines. Results are checked against numpy before timing.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time

import numpy as np

import castiron
from castiron.runtime import load_module
from castiron.runtime.cpu import peak_gflops
from castiron.runtime.pool import default_worker_count

from .workloads import default_workloads


def median_ms(fn, args, reps: int) -> float:
    fn(*args)
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        fn(*args)
        times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    p.add_argument("--only", default=None, help="substring of workload names to run")
    p.add_argument("--reps", type=int, default=10)
    p.add_argument("--json", action="store_true", help="print one JSON object per workload")
    args = p.parse_args(argv)
    threads = default_worker_count()
    rows = []
    for w in default_workloads():
        if args.only and args.only not in w.name:
            continue
        start = time.perf_counter()
        data = castiron.compile_str(w.mlir)
        compile_s = time.perf_counter() - start
        inputs = w.inputs()
        one = load_module(data, driver="local-sync")
        many = load_module(data, workers=threads)
        f1, fn = one[next(iter(one.functions))], many[next(iter(many.functions))]
        got = f1(*inputs)
        want = w.reference(*inputs)
        ok = bool(np.allclose(got, want, rtol=1e-3, atol=1e-3))
        t1 = median_ms(f1, inputs, args.reps)
        tn = median_ms(fn, inputs, args.reps)
        tnp = median_ms(w.reference, inputs, args.reps)
        peak1, _ = peak_gflops(one.executable["features"], 1)
        row = {"workload": w.name, "correct": ok, "compile_s": round(compile_s, 3), "castiron_1t_ms": round(t1, 4),
               f"castiron_{threads}t_ms": round(tn, 4), "numpy_ms": round(tnp, 4),
               "ratio_vs_numpy": round(tnp / tn, 3), "gflops_1t": round(w.flops / t1 / 1e6, 2),
               "peak_fraction_1t": round(w.flops / t1 / 1e6 / peak1, 4)}
        rows.append(row)
        one.close()
        many.close()
        if args.json:
            print(json.dumps(row), flush=True)
        else:
            print(f"{w.name:<28} {'ok ' if ok else 'BAD'} compile {compile_s:5.2f}s  1t {t1:9.3f} ms  "
                  f"{threads}t {tn:9.3f} ms  numpy {tnp:9.3f} ms  numpy/castiron {tnp / tn:6.2f}x  "
                  f"{w.flops / t1 / 1e6:7.2f} GFLOP/s (1t, {100 * w.flops / t1 / 1e6 / peak1:5.1f}% of peak)",
                  flush=True)
    return 0 if all(r["correct"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
