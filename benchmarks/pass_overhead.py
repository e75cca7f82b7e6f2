"""How long a Python pass takes to visit every op of a large module (issue 3's overhead target).

    python benchmarks/pass_overhead.py [--ops 50000]

Builds a function of N arith ops, then times (a) MLIR parse, (b) a registered Python pass that
visits every op with castiron.passes.walk, (c) the same pass through castiron's pipeline machinery
next to an upstream pass (canonicalize) as the baseline in the same run.
"""
from __future__ import annotations

import argparse
import time

from mlir import ir

from castiron.context import make_context
from castiron.passes import register_pass, walk
from castiron.passes.pipeline import run_pipeline


@register_pass("bench-visit-all", help="visit every op, count them")
def visit_all(op, pass_):
    counter = [0]

    def bump(o):
        counter[0] += 1

    walk(op, None, bump)
    visit_all.count = counter[0]


def module_text(ops: int) -> str:
    body = "\n".join(f"  %v{i} = arith.addf %v{i - 1}, %x : f32" if i else "  %v0 = arith.addf %x, %x : f32"
                     for i in range(ops - 1))
    return f"func.func @f(%x: f32) -> f32 {{\n{body}\n  return %v{ops - 2} : f32\n}}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ops", type=int, default=50_000)
    args = parser.parse_args()
    text = module_text(args.ops)
    with make_context(), ir.Location.unknown():
        start = time.perf_counter()
        module = ir.Module.parse(text)
        parse_s = time.perf_counter() - start
        python_s = run_pipeline(module, "builtin.module(bench-visit-all)")
        upstream_s = run_pipeline(module, "builtin.module(cse)")
    print(f"ops in module:            {visit_all.count}")
    print(f"parse:                    {parse_s:.3f} s")
    print(f"Python pass (visit all):  {python_s:.3f} s  ({python_s / visit_all.count * 1e6:.2f} us/op)")
    print(f"upstream cse (baseline):  {upstream_s:.3f} s  -> ratio {python_s / upstream_s:.1f}x")


if __name__ == "__main__":
    main()
