"""castiron-run-module: call one function of a module with IREE's input syntax; print results."""
from __future__ import annotations

import sys

from .common import OneLineParser, run_tool

DRIVERS = ("dylib", "local-task", "local-sync", "dylib-sync")


def add_invocation_flags(p: OneLineParser) -> None:
    """The flags castiron-run-module and castiron-benchmark-module share (iree-run-module's)."""
    p.add_argument("--driver", "--device", dest="driver", default="local-task",
                   help="dylib / local-task (worker pool) or local-sync (calling thread only)")
    p.add_argument("--module_file", "--module", dest="module_file", required=True, help="module file")
    p.add_argument("--entry_function", "--function", dest="entry_function", default=None,
                   help="function to call (default: the module's only function)")
    p.add_argument("--function_input", "--input", dest="inputs", action="append", default=[],
                   help="an input: 2x3xf32=1 2 3 4 5 6, 2x2xf32=[1 2][3 4], 4xf32=0, f32=1.5, @x.npy")
    p.add_argument("--task_topology_max_group_count", type=int, default=None,
                   help="cap the worker pool at N threads")
    p.add_argument("--executable_loader", default="embedded",
                   help="embedded (castiron's own ELF loader, default) or system (dlopen)")
    p.add_argument("--print_selected_target", action="store_true",
                   help="say which target library of the module runs here")
    p.add_argument("--trace_file", default=None, metavar="FILE.json",
                   help="write a Chrome trace-event file (Perfetto, chrome://tracing): a track per thread")


def load_and_prepare(args):
    """(loaded module, function, input arrays) for parsed invocation flags."""
    from castiron.runtime import load_module, InvocationError
    from castiron.runtime.values import parse_input

    if args.driver not in DRIVERS:
        raise InvocationError(f"unknown driver '{args.driver}' (castiron has: {', '.join(DRIVERS)})")
    if args.task_topology_max_group_count is not None and args.task_topology_max_group_count < 1:
        raise InvocationError("--task_topology_max_group_count must be at least 1")
    inputs = [parse_input(text) for text in args.inputs]
    module = load_module(args.module_file, driver="local-task" if args.driver == "dylib" else args.driver,
                         workers=args.task_topology_max_group_count, loader=args.executable_loader)
    if args.print_selected_target:
        print(f"selected target: {module.selected_target}", file=sys.stderr)
    name = args.entry_function
    if name is None:
        if len(module.functions) != 1:
            raise InvocationError("--entry_function is required: the module has "
                                  f"{', '.join(sorted(module.functions))}")
        name = next(iter(module.functions))
    return module, module[name], inputs


def attach_profiler(function, args):
    if not args.trace_file:
        return None
    from castiron.runtime.profiling import Profiler

    function.profiler = Profiler(chunks=True)  # (a track per worker in the trace)
    return function.profiler


def main(argv) -> int:
    p = OneLineParser(prog="castiron-run-module", description="Run a function of a castiron module.")
    add_invocation_flags(p)
    p.add_argument("--output", action="append", default=[],
                   help="@file.npy writes the matching result to a numpy file (repeat per result)")
    args = p.parse_args(argv)
    from castiron.runtime import InvocationError
    from castiron.runtime.values import format_result
    import numpy as np

    module, function, inputs = load_and_prepare(args)
    profiler = attach_profiler(function, args)
    results = function(*inputs)
    if profiler:
        profiler.write_chrome_trace(args.trace_file)
    results = results if isinstance(results, tuple) else (results,)
    if len(args.output) > len(results):
        raise InvocationError(f"{len(args.output)} --output flags for {len(results)} result(s)")
    print(f"EXEC @{function.name}")
    for i, result in enumerate(results):
        if i < len(args.output):
            target = args.output[i]
            if not target.startswith("@"):
                raise InvocationError(f"--output must be @FILE.npy, got '{target}'")
            np.save(target[1:], result)
            print(f"result[{i}]: written to {target[1:]}")
            continue
        print(f"result[{i}]: hal.buffer_view")
        print(format_result(result))
    module.close()
    return 0


def entry() -> int:
    return run_tool("castiron-run-module", main)


if __name__ == "__main__":
    sys.exit(entry())
