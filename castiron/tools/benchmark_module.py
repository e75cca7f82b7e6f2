"""castiron-benchmark-module: time repeated calls of a module function (iree-benchmark-module's flags)."""
from __future__ import annotations

import statistics
import sys
import time

from .common import OneLineParser, run_tool
from .run_module import add_invocation_flags, load_and_prepare


def profiled(function, inputs, repetitions: int, chunks: bool):
    """A Profiler holding `repetitions` calls' spans."""
    from castiron.runtime.profiling import Profiler

    function.profiler = profiler = Profiler(chunks=chunks)
    try:
        for _ in range(repetitions):
            function(*inputs)
    finally:
        function.profiler = None
    return profiler


def dispatch_table(module, profiler) -> str:
    """The per-dispatch table: time from profiled calls, work from the manifest."""
    from castiron.runtime.cpu import peak_gflops

    entries = module.executable["entries"]
    peak, how = peak_gflops(module.executable["features"], module.pool.size)
    rows = profiler.dispatch_statistics()
    total = sum(r["total_s"] for r in rows) or 1.0
    lines = [f"peak f32: {peak:.1f} GFLOP/s ({how})",
             f"{'dispatch':<28} {'root op':<34} {'calls':>5} {'median ms':>10} {'share':>6} "
             f"{'GFLOP/s':>8} {'GB/s':>7} {'% peak':>7}  config (source)"]
    for r in rows:
        info = entries.get(r["name"], {})
        seconds = r["median_s"] or 1e-12
        gflops = info.get("flops", 0) / seconds / 1e9
        gbps = info.get("bytes", 0) / seconds / 1e9
        lines.append(f"{r['name']:<28} {info.get('root', '?'):<34} {r['calls']:>5} {r['median_s'] * 1e3:>10.4f} "
                     f"{100 * r['total_s'] / total:>5.1f}% {gflops:>8.2f} {gbps:>7.2f} {100 * gflops / peak:>6.2f}%"
                     f"  {info.get('config', '?')} ({_source(info)})")
    return "\n".join(lines)


def _source(info: dict) -> str:
    """'heuristics', or where the config came from (flag, file, tuning-db) and for which key."""
    source = info.get("config_source", "?")
    return f"{source}: {info['key']}" if source != "heuristics" and info.get("key") else source


def main(argv) -> int:
    p = OneLineParser(prog="castiron-benchmark-module", description="Benchmark a castiron module function.")
    add_invocation_flags(p)
    p.add_argument("--benchmark_repetitions", type=int, default=10, help="timed calls (default 10)")
    p.add_argument("--benchmark_warmup", type=int, default=2, help="untimed calls first (default 2)")
    p.add_argument("--print_dispatch_statistics", action="store_true",
                   help="per dispatch: calls, median time, share, GFLOP/s, GB/s, fraction of peak")
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
    if args.trace_file:  # per-chunk spans on the Python pool: a track per worker
        profiled(function, inputs, args.benchmark_repetitions, chunks=True).write_chrome_trace(args.trace_file)
    if args.print_dispatch_statistics:  # the native runner's own timings, where it has them
        print(dispatch_table(module, profiled(function, inputs, args.benchmark_repetitions, chunks=False)))
    module.close()
    return 0


def entry() -> int:
    return run_tool("castiron-benchmark-module", main)


if __name__ == "__main__":
    sys.exit(entry())
