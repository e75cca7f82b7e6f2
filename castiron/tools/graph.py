"""castiron-graph: draw a module's dispatch graph (networkx → Graphviz DOT; SVG/PNG with `dot`).

Nodes are dispatches labelled with their root op, binding shapes and FLOPs, plus the measured
median time when `--trace run.json` (from --trace_file) is given; edges are buffer dependencies.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

from .common import OneLineParser, run_tool


def build_graph(manifest: dict, function: str, executable: dict, times: dict | None = None):
    from castiron.runtime.executor import dependency_graph

    plan = manifest["functions"][function]
    graph = dependency_graph(plan["dispatches"])
    entries = executable["entries"]
    for node, data in graph.nodes(data=True):
        info = entries.get(data["entry"], {})
        shapes = ", ".join(t.replace("memref<", "").rstrip(">") for t in info.get("binding_types", []))
        label = [data["entry"], info.get("root", ""), shapes, f"{info.get('flops', 0) / 1e6:.2f} MFLOP"]
        if times and data["entry"] in times:
            label.append(f"{times[data['entry']] * 1e3:.3f} ms")
        data["label"] = "\n".join(x for x in label if x)
    for u, v, data in graph.edges(data=True):
        buf = plan["buffers"][data["buffer"]]
        data["label"] = "x".join(map(str, buf["shape"])) + "x" + buf["dtype"]
    return graph


def to_dot(graph, name: str) -> str:
    def quote(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'

    lines = [f"digraph {quote(name)} {{", "  node [shape=box, fontname=monospace];"]
    for node, data in graph.nodes(data=True):
        lines.append(f"  d{node} [label={quote(data['label'])}];")
    for u, v, data in graph.edges(data=True):
        lines.append(f"  d{u} -> d{v} [label={quote(data['label'])}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def trace_times(path: str) -> dict:
    """Median dispatch time (seconds) per dispatch name from a Chrome trace file."""
    import statistics

    with open(path) as f:
        events = json.load(f)["traceEvents"]
    times: dict[str, list] = {}
    for e in events:
        if e.get("cat") == "dispatch":
            times.setdefault(e["name"], []).append(e["dur"] / 1e6)
    return {k: statistics.median(v) for k, v in times.items()}


def main(argv) -> int:
    p = OneLineParser(prog="castiron-graph", description="Draw the dispatch graph of a castiron module.")
    p.add_argument("module_file")
    p.add_argument("-o", "--output", required=True, help="graph.dot, graph.svg or graph.png")
    p.add_argument("--function", default=None, help="function to draw (default: the only one)")
    p.add_argument("--trace", default=None, help="a --trace_file JSON to label nodes with measured time")
    args = p.parse_args(argv)
    from castiron.runtime import InvocationError
    from castiron.runtime.loader import select_executable
    from castiron.runtime.module_file import read_module

    module = read_module(args.module_file)
    functions = module.manifest["functions"]
    name = args.function or (next(iter(functions)) if len(functions) == 1 else None)
    if name not in functions:
        raise InvocationError(f"choose a function with --function ({', '.join(sorted(functions))})")
    times = trace_times(args.trace) if args.trace else None
    graph = build_graph(module.manifest, name, select_executable(module.manifest, module.source), times)
    dot = to_dot(graph, name)
    ext = os.path.splitext(args.output)[1].lower()
    if ext in (".dot", ".gv"):
        with open(args.output, "w") as f:
            f.write(dot)
    elif ext in (".svg", ".png", ".pdf"):
        if shutil.which("dot") is None:
            raise InvocationError(f"writing {ext} needs Graphviz's 'dot' (apt install graphviz); "
                                  "write a .dot file instead")
        proc = subprocess.run(["dot", f"-T{ext[1:]}", "-o", args.output], input=dot, text=True,
                              capture_output=True)
        if proc.returncode:
            raise InvocationError(f"dot failed: {proc.stderr.strip()}")
    else:
        raise InvocationError(f"unknown output format '{ext}' (use .dot, .svg or .png)")
    print(f"wrote {args.output}: {graph.number_of_nodes()} dispatches, {graph.number_of_edges()} dependencies")
    return 0


def entry() -> int:
    return run_tool("castiron-graph", main)


if __name__ == "__main__":
    sys.exit(entry())
