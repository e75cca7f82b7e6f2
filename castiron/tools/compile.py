"""castiron-compile: MLIR → module file, with IREE's flags (iree-compile / iree-translate)."""
from __future__ import annotations

import os
import sys

from .common import OneLineParser, add_observation_flags, print_hooks, run_tool, write_output

BACKENDS = ("dylib-llvm-aot", "llvm-cpu", "dylib")


def build_parser() -> OneLineParser:
    p = OneLineParser(prog="castiron-compile", description="Compile MLIR (linalg, TOSA) into a CPU dylib module.")
    p.add_argument("input", help="input .mlir file ('-' for stdin)")
    p.add_argument("-o", "--output", default=None, help="output module file (default: stdout for --compile-to)")
    p.add_argument("--iree-hal-target-backends", "--target-backends", dest="backends", action="append",
                   help="target backend: dylib-llvm-aot (alias llvm-cpu)")
    p.add_argument("--iree-input-type", "--input-type", dest="input_type", default="auto",
                   choices=("auto", "none", "tosa", "linalg", "onnx"),
                   help="input dialect (auto detects: TOSA is lowered by the input phase either way)")
    p.add_argument("--iree-mlir-to-vm-bytecode-module", action="store_true",
                   help="accepted for iree-translate compatibility: the output is a module file")
    p.add_argument("--target-triple", "--iree-llvmcpu-target-triple", "--iree-llvm-target-triple",
                   dest="triple", default=None, help="LLVM target triple (default: host)")
    p.add_argument("--target-cpu", "--iree-llvmcpu-target-cpu", "--iree-llvm-target-cpu",
                   dest="cpu", default="host", help="target CPU name (default: host)")
    p.add_argument("--target-cpu-features", "--iree-llvmcpu-target-cpu-features", dest="features",
                   default=None, help="LLVM feature string, e.g. +avx2,+fma")
    p.add_argument("--target", action="append", default=[], metavar="TRIPLE[:CPU]",
                   help="add a target (repeat for one module with several libraries)")
    p.add_argument("--compile-to", default=None, help="stop after PHASE and print its IR "
                   "(input, global-opt, dispatch-creation, codegen, serialize)")
    add_observation_flags(p)
    p.add_argument("--load-pass-plugin", action="append", default=[], metavar="MODULE|FILE.py",
                   help="import a module of @register_pass passes (repeatable)")
    p.add_argument("--pre-codegen-passes", default=None, metavar="PIPELINE",
                   help="passes run on the whole module after dispatch-creation, e.g. 'my-pass,cse'")
    p.add_argument("--passes-after", action="append", default=[], metavar="PHASE:PIPELINE",
                   help="passes run at the end of PHASE (input, global-opt, dispatch-creation); repeatable")
    p.add_argument("--dump-dispatches-to", default=None, metavar="DIR",
                   help="write each dispatch's IR at every codegen stage and its LLVM IR to DIR")
    p.add_argument("--quiet", action="store_true", help="no progress lines even on a terminal")
    p.add_argument("--static-objects-to", default=None, metavar="DIR",
                   help="also write each target's relocatable object (+ manifest.json, constants.bin) "
                        "for static linking into a program")
    p.add_argument("--tuning-db", default=None, metavar="FILE",
                   help="use the best configuration a castiron-tune database records for each dispatch")
    p.add_argument("--dispatch-config", action="append", default=[], metavar="KEY=CONFIG",
                   help="codegen config of one dispatch (key or name), e.g. "
                        "main_dispatch_0='tile=32x64 reg=8x32'; repeatable, wins over --tuning-db")
    p.add_argument("--dispatch-config-file", action="append", default=[], metavar="FILE",
                   help="a file of KEY=CONFIG lines (see docs/tuning.md)")
    p.add_argument("--jobs", "-j", type=int, default=0,
                   help="codegen worker processes (default: one per core; 1 = in process)")
    return p


def main(argv) -> int:
    args = build_parser().parse_args(argv)
    from castiron.errors import UsageError

    for backend in args.backends or []:
        for name in backend.split(","):
            if name not in BACKENDS:
                raise UsageError(f"unknown target backend '{name}' (castiron has: {', '.join(BACKENDS)})")
    from castiron.passes.registry import load_pass_plugin

    for spec in args.load_pass_plugin:
        load_pass_plugin(spec)
    from castiron.backend.target import resolve_target
    from castiron.driver import CompileOptions, compile_str

    targets = []
    for spec in args.target:
        triple, _, cpu = spec.partition(":")
        targets.append(resolve_target(triple or None, cpu or None))
    if not targets:
        targets.append(resolve_target(args.triple, args.cpu, args.features))
    if args.input == "-" and args.input_type != "onnx":
        text, filename = sys.stdin.read(), "<stdin>"
    else:
        from castiron.driver import read_source

        text, filename = read_source(args.input, args.input_type), args.input
    phase_passes = {}
    for spec in args.passes_after:
        phase, sep, passes = spec.partition(":")
        if not sep or not passes:
            raise UsageError(f"--passes-after expects PHASE:PIPELINE, got '{spec}'")
        phase_passes[phase] = ",".join(filter(None, [phase_passes.get(phase), passes]))
    if args.pre_codegen_passes:
        phase_passes["dispatch-creation"] = ",".join(
            filter(None, [phase_passes.get("dispatch-creation"), args.pre_codegen_passes]))
    from castiron.backend.dispatch_config import parse_assignment, read_config_file

    dispatch_configs = {}
    for path in args.dispatch_config_file:
        dispatch_configs.update(read_config_file(path))
    for spec in args.dispatch_config:
        key, config = parse_assignment(spec)
        dispatch_configs[key] = config
    options = CompileOptions(targets=targets, dispatch_configs=dispatch_configs, tuning_db=args.tuning_db, compile_to=args.compile_to,
                             print_ir_after_all=args.mlir_print_ir_after_all,
                             print_hooks=print_hooks(args), phase_passes=phase_passes,
                             jobs=args.jobs or os.cpu_count() or 1, objects_to=args.static_objects_to,
                             dump_dispatches_to=args.dump_dispatches_to, filename=filename,
                             progress=sys.stderr.isatty() and not args.quiet)
    result = compile_str(text, options)
    if isinstance(result, str):
        write_output(args.output, result, binary=False)
    else:
        if args.output is None and sys.stdout.isatty():
            raise UsageError("refusing to write a binary module to a terminal: give -o FILE")
        write_output(args.output, result, binary=True)
    return 0


def entry() -> int:
    return run_tool("castiron-compile", main)


if __name__ == "__main__":
    sys.exit(entry())
