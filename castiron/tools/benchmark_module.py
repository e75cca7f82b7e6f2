"""castiron-benchmark-module: time repeated calls of a module function (iree-benchmark-module's flags)."""
from __future__ import annotations

import statistics
import sys
import time

from .common import OneLineParser, run_tool
from .run_module import add_invocation_flags, load_and_prepare


def main(argv) -> int:
    p = OneLineParser(prog="castiron-benchmark-module", description="Benchmark a castiron module function.")
    add_invocation_flags(p)
    p.add_argument("--benchmark_repetitions", type=int, default=10, help="timed calls (default 10)")
    p.add_argument("--benchmark_warmup", type=int, default=2, help="untimed calls first (default 2)")
    args = p.parse_args(argv)
    if args.benchmark_repetitions < 1:
        from castiron.runtime import InvocationError
        raise InvocationError("--benchmark_repetitions must be at least 1")
    module, function, inputs = load_and_prepare(args)
    for _ in range(max(0, args.benchmark_warmup)):
        function(*inputs)
    times = []
    for _ in range(args.benchmark_repetitions):
        start = time.perf_counter()
        function(*inputs)
        times.append((time.perf_counter() - start) * 1e3)
    print(f"BM_{function.name}  driver={args.driver} threads={module.pool.size} "
          f"target={module.selected_target}")
    print(f"  repetitions: {len(times)}")
    print(f"  median: {statistics.median(times):.4f} ms")
    print(f"  mean:   {statistics.fmean(times):.4f} ms")
    print(f"  min:    {min(times):.4f} ms")
    print(f"  max:    {max(times):.4f} ms")
    module.close()
    return 0


def entry() -> int:
    return run_tool("castiron-benchmark-module", main)


if __name__ == "__main__":
    sys.exit(entry())
