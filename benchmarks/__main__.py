"""`python -m benchmarks`: castiron against IREE, onnxruntime and numpy on the same computations.

For every workload (benchmarks/workloads.py) and for 1 thread and all cores, in one run:
castiron's median ms, IREE's (the same MLIR compiled by iree-compile for this CPU) and
onnxruntime's (an equivalent ONNX graph), numpy's (its BLAS uses all cores), GFLOP/s and the
fraction of this CPU's f32 peak, the ratios (other's time / castiron's: above 1 means castiron
is faster); then one line per performance goal of issue 5, met or the distance. IREE and
onnxruntime come with the `bench` extra; without them their columns are empty. Every result
is checked against numpy before it is timed. `--json` prints one object per row. The systems of
a row are timed in turns: a call each per round at one thread, blocks after a pause with more
(see interleaved_median_ms).
"""
from __future__ import annotations

import argparse
import gc
import itertools
import json
import statistics
import sys
import time

import numpy as np

import castiron
from castiron.runtime import load_module
from castiron.runtime.cpu import peak_gflops
from castiron.runtime.pool import default_worker_count

from .others import iree_function, ort_function
from .workloads import default_workloads, mobilenet_v2


WARMUP_S = 0.2  # untimed calls first, at least this long: pages touched, thread pools awake


def _warm_up(fn, args, seconds: float = WARMUP_S) -> None:
    start = time.perf_counter()
    for calls in itertools.count(1):
        fn(*args)
        if calls >= 3 and time.perf_counter() - start >= seconds:
            break


def median_ms(fn, args, reps: int) -> float:
    gc.collect()  # a system's dead sessions and their thread pools go before the next is timed
    _warm_up(fn, args)
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        fn(*args)
        times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times)


ROUNDS = 4        # multi-thread rows: each system timed in this many blocks, in turns
# Pause before each block, so the last system's idle threads stop spinning: measured as CPU
# time the process used while sleeping after a two-thread matmul 256 call, castiron's helpers
# spin ~6 ms, onnxruntime's ~45 ms, OpenBLAS's ~100 ms (so numpy is timed after the others).
PARK_S = 0.06
# Untimed calls at the start of each block, for at least this long: after the pause the idle
# core wakes slowly (two-thread matmul 256: castiron 0.30 ms a call for several calls after two
# warm ones, onnxruntime 0.33; 0.18 and 0.19 after 20 ms of calls).
BLOCK_WARMUP_S = 0.02


def interleaved_median_ms(systems: list, reps: int, threads: int = 1) -> dict:
    """{key: median ms} of systems [(key, fn, args)] timed in turns, so a slow spell of this
    shared machine (a neighbour taking a core for a few hundred ms) falls on all of them alike.

    One thread: a call each per round. More threads: ROUNDS blocks each, after a pause, because
    a system's thread pool keeps spinning a few ms after its last call and would take a core
    from the next one. In one run timed in single blocks, MobileNetV2 at two threads took
    castiron 7.64 ms and onnxruntime 4.84, in a spell that took castiron's second core.
    (With numpy among them and 30 ms pauses, castiron's two-thread matmul 512 took 4.7-5.5 ms,
    its one-thread time 2.8: the spinning threads of the others took its second core.)"""
    gc.collect()
    for _, fn, args in systems:
        _warm_up(fn, args)
    times = {key: [] for key, _, _ in systems}
    if threads == 1:
        rounds, per_block = reps, 1
    else:
        rounds = min(ROUNDS, reps)
        per_block = -(-reps // rounds)
    for _ in range(rounds):
        for key, fn, args in systems:
            if threads > 1:
                time.sleep(PARK_S)
                _warm_up(fn, args, BLOCK_WARMUP_S)
            for _ in range(per_block):
                start = time.perf_counter()
                fn(*args)
                times[key].append((time.perf_counter() - start) * 1e3)
    return {key: statistics.median(t) for key, t in times.items()}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    p.add_argument("--only", default=None, help="substring of workload names to run")
    p.add_argument("--reps", type=int, default=10)
    p.add_argument("--no-mobilenet", action="store_true", help="skip MobileNetV2 (its compiles take ~1 min)")
    p.add_argument("--json", action="store_true", help="print one JSON object per row")
    args = p.parse_args(argv)
    cores = default_worker_count()
    workloads = default_workloads() + ([] if args.no_mobilenet else [mobilenet_v2()])
    rows, missing = [], set()
    if not args.json:
        print(f"{'workload':<30} {'thr':>3} {'castiron':>10} {'IREE':>10} {'ORT':>10} {'numpy':>10} "
              f"{'GFLOP/s':>8} {'%peak':>6} {'IREE/ci':>8} {'ORT/ci':>7}  (ms; ratios above 1: castiron faster)")
    for w in workloads:
        if args.only and args.only not in w.name:
            continue
        inputs = w.inputs()
        want = w.reference(*inputs)
        start = time.perf_counter()
        data = castiron.compile_str(w.mlir, jobs=0)
        compile_s = time.perf_counter() - start
        iree_compile_s = None
        for threads in sorted({1, cores}):
            module = load_module(data, driver="local-sync" if threads == 1 else "local-task", workers=threads)
            fn = module[next(iter(module.functions))]
            entry_name, features = fn.name, module.executable["features"]
            row = {"workload": w.name, "threads": threads, "flops": w.flops, "compile_s": round(compile_s, 3),
                   "correct": bool(np.allclose(fn(*inputs), want, rtol=1e-3, atol=1e-3))}
            pending = []  # [(key, fn, args)]: timed together, in turns, once every system is ready

            def measure(key, function, function_args):
                pending.append((key, function, function_args))

            measure("castiron_ms", fn, inputs)
            start = time.perf_counter()
            try:
                iree = iree_function(w.mlir, entry_name, threads)
            except Exception as exc:  # noqa: BLE001 - IREE could not compile it: say so, go on
                iree, row["iree_error"] = None, str(exc).strip().splitlines()[-1][:120]
            if iree is None and "iree_error" not in row:
                missing.add("IREE (pip install iree-base-compiler iree-base-runtime)")
            if iree is not None:
                iree_compile_s = iree_compile_s or time.perf_counter() - start
                row["iree_compile_s"] = round(iree_compile_s, 3)
                row["iree_correct"] = bool(np.allclose(iree(*inputs), want, rtol=1e-3, atol=1e-3))
                measure("iree_ms", iree, inputs)
            if w.onnx is not None:
                model, adapt_in, adapt_out = w.onnx()
                ort = ort_function(model, threads)
                if ort is None:
                    missing.add("onnxruntime (pip install onnxruntime)")
                else:
                    ort_inputs = adapt_in(*inputs)
                    row["ort_correct"] = bool(np.allclose(adapt_out(ort(*ort_inputs)), want, rtol=1e-3, atol=1e-3))
                    measure("ort_ms", ort, ort_inputs)
            if pending:
                row.update(interleaved_median_ms(pending, args.reps, threads))
            if threads == cores and w.numpy_is_reference:  # last, in a block of its own: OpenBLAS's
                row["numpy_ms"] = median_ms(w.reference, inputs, args.reps)  # threads spin long after
            iree = ort = None
            module.close()
            peak, _ = peak_gflops(features, threads)
            row["gflops"] = w.flops / row["castiron_ms"] / 1e6
            row["peak_fraction"] = row["gflops"] / peak
            rows.append(row)
            if args.json:
                print(json.dumps({k: round(v, 4) if isinstance(v, float) else v for k, v in row.items()}), flush=True)
            else:
                print(_line(row), flush=True)
    for name in sorted(missing):
        print(f"not installed, column empty: {name}")
    if not args.json:
        print()
        for line in goals(rows):
            print(line)
    return 0 if all(r["correct"] for r in rows) else 1


def _line(r: dict) -> str:
    def ms(key):
        return f"{r[key]:10.3f}" if key in r else f"{'-':>10}"

    def ratio(key):
        return f"{r[key] / r['castiron_ms']:7.2f}x" if key in r else f"{'-':>8}"

    flags = "" if r["correct"] else "  castiron WRONG"
    flags += "  IREE wrong" if r.get("iree_correct") is False else ""
    flags += "  ORT wrong" if r.get("ort_correct") is False else ""
    flags += f"  IREE: {r['iree_error']}" if "iree_error" in r else ""
    return (f"{r['workload']:<30} {r['threads']:>3} {ms('castiron_ms')} {ms('iree_ms')} {ms('ort_ms')} {ms('numpy_ms')} "
            f"{r['gflops']:8.2f} {100 * r['peak_fraction']:5.1f}% {ratio('iree_ms')} {ratio('ort_ms')}{flags}")


def goals(rows: list) -> list[str]:
    """Issue 5's goals, each met or the measured distance."""
    by = {(r["workload"], r["threads"]): r for r in rows}
    cores = max((r["threads"] for r in rows), default=1)
    out = ["goals (issue 5):"]
    for threads in sorted({1, cores}):
        r = by.get(("mobilenet_v2", threads))
        if r and "ort_ms" in r:
            verdict = "met" if r["castiron_ms"] <= r["ort_ms"] else f"{r['castiron_ms'] / r['ort_ms']:.2f}x slower"
            out.append(f"  MobileNetV2 <= onnxruntime, {threads} thread(s): castiron {r['castiron_ms']:.2f} ms, "
                       f"onnxruntime {r['ort_ms']:.2f} ms: {verdict}")
    for n in (1024, 2048):
        r = by.get((f"matmul_{n}", cores))
        if r and "numpy_ms" in r:
            fraction = r["numpy_ms"] / r["castiron_ms"]
            out.append(f"  matmul {n} >= 90% of OpenBLAS GFLOP/s ({cores} threads): castiron {r['gflops']:.1f}, "
                       f"numpy {r['flops'] / r['numpy_ms'] / 1e6:.1f} GFLOP/s = {100 * fraction:.0f}%: "
                       + ("met" if fraction >= 0.9 else "not met"))
    behind = [f"{r['workload']}@{r['threads']}t {r['castiron_ms'] / r['iree_ms']:.2f}x" for r in rows
              if "iree_ms" in r and r["castiron_ms"] > r["iree_ms"]]
    compared = sum("iree_ms" in r for r in rows)
    if compared:
        out.append(f"  every op family <= IREE's time: {compared - len(behind)} of {compared} rows met"
                   + (f"; slower: {', '.join(behind)}" if behind else ""))
    r = by.get(("mobilenet_v2", 1))
    if r and "iree_compile_s" in r:
        out.append(f"  MobileNetV2 compile < 2x IREE's: castiron {r['compile_s']:.1f} s, IREE {r['iree_compile_s']:.1f} s: "
                   + ("met" if r["compile_s"] < 2 * r["iree_compile_s"] else "not met"))
    return out


if __name__ == "__main__":
    sys.exit(main())
