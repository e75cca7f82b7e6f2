"""Executor overhead: a module of N chained tiny elementwise dispatches, time per call.

    python -m benchmarks.executor_overhead [--dispatches 100]

Each dispatch adds 1 to an 8-element vector (work ~ nothing), so the time per call is the
runtime's own cost: binding the call's buffers and one foreign call into the library's plan
runner, which calls the dispatches in order (runtime/native_runner.py). IREE 3.13 runs the
same chain in 0.031 ms (local-sync) and 0.13 ms (local-task, 2 threads) per call (NOTES.md).
"""
from __future__ import annotations

import argparse

import numpy as np

from .__main__ import median_ms


def chain_mlir(n: int) -> str:
    # Each step reads its input reversed: not element for element, so dispatch creation keeps
    # every step a dispatch of its own instead of fusing the chain.
    lines = ["#id = affine_map<(i) -> (i)>", "#rev = affine_map<(i) -> (7 - i)>", "func.func @main(%x0: tensor<8xf32>) -> tensor<8xf32> {",
             "  %one = arith.constant 1.0 : f32"]
    for i in range(n):
        lines += [f"  %e{i} = tensor.empty() : tensor<8xf32>",
                  f"  %x{i + 1} = linalg.generic {{indexing_maps = [#rev, #id], iterator_types = [\"parallel\"]}} "
                  f"ins(%x{i} : tensor<8xf32>) outs(%e{i} : tensor<8xf32>) {{",
                  "  ^bb0(%v: f32, %o: f32):",
                  "    %s = arith.addf %v, %one : f32",
                  "    linalg.yield %s : f32",
                  f"  }} -> tensor<8xf32>"]
    lines += [f"  return %x{n} : tensor<8xf32>", "}"]
    return "\n".join(lines)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.executor_overhead")
    p.add_argument("--dispatches", type=int, default=100)
    p.add_argument("--reps", type=int, default=50)
    args = p.parse_args(argv)
    from castiron.runtime import load_module

    text = chain_mlir(args.dispatches)
    data = _compile_unfused(text)
    x = np.zeros(8, np.float32)
    for driver in ("local-sync", "local-task"):
        module = load_module(data, driver=driver)
        steps = len(module.main._steps)
        assert np.array_equal(module.main(x), x + args.dispatches)
        ms = median_ms(module.main, [x], args.reps)
        print(f"{driver:<11} {steps} dispatches: {ms:.3f} ms per call, {1e3 * ms / steps:.2f} us per dispatch")
        module.close()
    return 0


def _compile_unfused(text: str) -> bytes:
    """Compiles with global-opt's elementwise fusion off, so the chain stays N dispatches."""
    import castiron
    from castiron.passes import phases

    saved = phases.PIPELINES["global-opt"]
    phases.PIPELINES["global-opt"] = "builtin.module(canonicalize,cse)"
    try:
        return castiron.compile_str(text)
    finally:
        phases.PIPELINES["global-opt"] = saved


if __name__ == "__main__":
    raise SystemExit(main())
