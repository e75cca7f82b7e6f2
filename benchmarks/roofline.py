"""Roofline plot of every dispatch of a model against this CPU's peak compute and memory bandwidth.

    python -m benchmarks.roofline --model mobilenet_v2 -o mobilenet_v2_roofline.png
    python -m benchmarks.roofline --model matmul_512 -o matmul_roofline.png [--graph graph.svg]

Each dispatch is a point: arithmetic intensity (FLOPs / bytes of its bindings, from the module
manifest) against achieved GFLOP/s (median of profiled calls). The roofs: f32 peak from the
target's vector width (runtime/cpu.py: peak_gflops) and memory bandwidth measured here with a
large numpy copy. Needs matplotlib (`pip install 'castiron[plot]'`).
"""
from __future__ import annotations

import argparse
import time

import numpy as np


def measure_bandwidth_gbps() -> float:
    """Bytes moved per second by a 256 MB numpy copy (read + write), best of 5."""
    src = np.ones(64 << 20, dtype=np.float32)
    dst = np.empty_like(src)
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        np.copyto(dst, src)
        best = min(best, time.perf_counter() - start)
    return 2 * src.nbytes / best / 1e9


def build(model: str):
    import castiron
    from castiron.runtime import load_module

    if model == "mobilenet_v2":
        from castiron.importers.onnx import import_model
        from castiron.models.mobilenet_v2 import mobilenet_v2

        text = import_model(mobilenet_v2(seed=0))
        inputs = [np.random.default_rng(0).uniform(0, 1, (1, 224, 224, 3)).astype(np.float32)]
    else:
        from .workloads import default_workloads

        workload = next(w for w in default_workloads() if w.name == model)
        text, inputs = workload.mlir, workload.inputs()
    module = load_module(castiron.compile_str(text, jobs=0), workers=1)
    return module, inputs


def profile(module, inputs, reps: int):
    from castiron.runtime.profiling import Profiler

    function = module[next(iter(module.functions))]
    function(*inputs)
    function.profiler = Profiler()
    for _ in range(reps):
        function(*inputs)
    return function, function.profiler.dispatch_statistics()


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.roofline")
    p.add_argument("--model", default="mobilenet_v2", help="mobilenet_v2 or a workload name (matmul_512, ...)")
    p.add_argument("-o", "--output", required=True, help="PNG file")
    p.add_argument("--graph", default=None, help="also draw the dispatch graph (with times) to this .svg/.dot")
    p.add_argument("--reps", type=int, default=10)
    args = p.parse_args(argv)
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from castiron.runtime.cpu import peak_gflops

    module, inputs = build(args.model)
    function, rows = profile(module, inputs, args.reps)
    entries = module.executable["entries"]
    peak, how = peak_gflops(module.executable["features"], 1)
    bandwidth = measure_bandwidth_gbps()
    points = []
    for r in rows:
        info = entries[r["name"]]
        if info["flops"] and info["bytes"]:
            points.append((info["flops"] / info["bytes"], info["flops"] / r["median_s"] / 1e9, r["name"], info["root"],
                           r["total_s"]))
    fig, ax = plt.subplots(figsize=(8, 5.5))
    xs = np.logspace(-2, 3, 200)
    ax.plot(xs, np.minimum(peak, bandwidth * xs), "k-", lw=2, label=f"roof: {peak:.0f} GFLOP/s, {bandwidth:.0f} GB/s")
    total = sum(p[4] for p in points) or 1
    for root in sorted({p[3] for p in points}):
        sel = [p for p in points if p[3] == root]
        ax.scatter([p[0] for p in sel], [p[1] for p in sel], s=[20 + 600 * p[4] / total for p in sel],
                   alpha=0.7, label=root.replace("linalg.", ""))
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("arithmetic intensity (FLOP / byte of bindings)")
    ax.set_ylabel("achieved GFLOP/s (1 thread)")
    ax.set_title(f"castiron roofline: {args.model} ({len(points)} dispatches; size = share of time)")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    fig.savefig(args.output, dpi=110)
    print(f"wrote {args.output}: {len(points)} dispatches; peak {peak:.1f} GFLOP/s ({how}); "
          f"measured bandwidth {bandwidth:.1f} GB/s")
    if args.graph:
        import subprocess

        from castiron.tools.graph import build_graph, to_dot

        times = {r["name"]: r["median_s"] for r in rows}
        graph = build_graph(module.file.manifest, function.name, module.executable, times)
        dot = to_dot(graph, function.name)
        if args.graph.endswith(".dot"):
            open(args.graph, "w").write(dot)
        else:
            subprocess.run(["dot", "-T" + args.graph.rsplit(".", 1)[1], "-o", args.graph], input=dot, text=True,
                           check=True)
        print(f"wrote {args.graph}")
    module.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
