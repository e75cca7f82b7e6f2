"""The phase driver: MLIR text → input → global-opt → dispatch-creation → codegen → serialize.

Each phase is a named pipeline (passes/phases.py); `compile_to` stops after one and returns its
IR text. Codegen runs per executable and per target; serialize links one library per target
and writes the module file (backend/module_writer.py).
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
import json
import os
import sys
import time

from mlir import ir

from castiron.context import clean_locations, format_diagnostics, make_context, parse_module, print_module
from castiron.errors import CompileError, UsageError
from castiron.backend import codegen, llvm_cpu, module_writer
from castiron.backend.target import TargetSpec, host_target, resolve_target
from castiron.passes import phases, pipeline
from castiron.passes.dispatch_creation import EXECUTABLE_ATTR
from castiron import host_graph, interrupt


@dataclass
class CompileOptions:
    targets: list = field(default_factory=list)   # TargetSpec; empty = host
    compile_to: str | None = None                  # a phase name: stop after it, return IR text
    print_ir_after_all: bool = False
    dump_dispatches_to: str | None = None
    filename: str = "<input>"
    progress: bool = False                          # phase/dispatch status lines on stderr
    phase_passes: dict = field(default_factory=dict)  # phase -> pipeline elements run after it
    print_hooks: object = None                      # passes.pipeline.PrintOptions
    # Codegen worker processes; 0 = one per core. The API defaults to 1: worker processes are
    # spawned, which re-imports the caller's __main__ (a script without a main guard breaks).
    jobs: int = 1
    objects_to: str | None = None                   # also write each target's relocatable object here
    # Per-dispatch codegen configs (backend/dispatch_config.py): {key or dispatch name: DispatchConfig}.
    dispatch_configs: dict = field(default_factory=dict)
    tuning_db: str | None = None                    # a castiron-tune database: best config per dispatch


def compile_str(text: str, options: CompileOptions | None = None, **kwargs) -> bytes | str:
    """Compiles MLIR text to module bytes (or, with compile_to, that phase's IR text)."""
    options = options or CompileOptions(**kwargs)
    try:
        return _compile(text, options)
    except CompileError as exc:
        raise CompileError(clean_locations(str(exc), options.filename)) from None


def _compile(text: str, options: CompileOptions) -> bytes | str:
    if options.print_ir_after_all and options.print_hooks is None:
        options.print_hooks = pipeline.PrintOptions(after_all=True)
    for phase in options.phase_passes:
        if phase not in ("input", "global-opt", "dispatch-creation"):
            raise UsageError(f"passes can run after input, global-opt or dispatch-creation, not '{phase}'")
    if options.compile_to and options.compile_to not in phases.PHASES:
        raise UsageError(f"unknown phase '{options.compile_to}' for --compile-to "
                         f"(phases: {', '.join(phases.PHASES)})")
    timer = PhaseTimer(enabled=bool(options.print_hooks and options.print_hooks.timing))
    if options.dump_dispatches_to and os.path.exists(os.path.join(options.dump_dispatches_to, "dispatches.json")):
        os.unlink(os.path.join(options.dump_dispatches_to, "dispatches.json"))  # an index of this compile only
    try:
        return _compile_phases(text, options, timer)
    finally:
        timer.report()


def _compile_phases(text: str, options: CompileOptions, timer: "PhaseTimer") -> bytes | str:
    targets = options.targets or [host_target()]
    with make_context(), ir.Location.unknown():
        with timer("parse"):
            module = parse_module(text, options.filename)
            _verify(module, options.filename)
        for phase in ("input", "global-opt", "dispatch-creation"):
            interrupt.check()
            _status(options, f"phase {phase}")
            with timer(phase):
                _run_phase(module, phase, options)
            if options.compile_to == phase:
                return print_module(module)
        executables = _executables(module)
        keep = bool(options.dump_dispatches_to or options.print_ir_after_all or options.compile_to == "codegen")
        codes = {}
        with timer("codegen"):
            for target in targets:
                codes[target] = _codegen_all(executables, target, keep, options)
                for code in codes[target]:
                    if options.dump_dispatches_to:
                        _dump_dispatch(options.dump_dispatches_to, target, code)
                    if options.print_ir_after_all:
                        for stage, ir_text in code.stages.items():
                            print(f"// -----// IR Dump After codegen:{stage} ({code.name}) //----- //\n{ir_text}",
                                  file=sys.stderr)
        if options.compile_to == "codegen":
            return "\n".join(c.stages["llvm-dialect"] for c in codes[targets[0]])
        constants = bytearray()
        plans = host_graph.read_host_functions(module, constants)
        _status(options, "phase serialize")
        interrupt.check()
        with timer("serialize"):
            data = _serialize(plans, codes, bytes(constants), options)
        if options.compile_to == "serialize":
            return json.dumps(_manifest_of(plans, codes, {}), indent=1)
        return data


def dispatch_executables(text: str, filename: str = "<input>") -> list[tuple[str, str]]:
    """(name, standalone tensor-function module text) of every dispatch of a model, after
    dispatch-creation: what the tuner compiles and measures one by one."""
    try:
        with make_context(), ir.Location.unknown():
            module = parse_module(text, filename)
            _verify(module, filename)
            for phase in ("input", "global-opt", "dispatch-creation"):
                interrupt.check()
                _run_phase(module, phase, CompileOptions(filename=filename))
            return _executables(module)
    except CompileError as exc:
        raise CompileError(clean_locations(str(exc), filename)) from None


# Below this many dispatches, starting worker processes (~0.35 s each here) costs more than it
# saves: a 10-dispatch model compiled in 0.80 s with --jobs=1 and 1.11 s with --jobs=2.
MIN_DISPATCHES_FOR_JOBS = 32


def _codegen_all(executables, target: TargetSpec, keep: bool, options: CompileOptions) -> list:
    """Codegen of every executable for one target, in worker processes when it pays."""
    configs = _config_table(target, options)
    unique, same_as = _distinct(executables, configs)
    codes = dict(zip([name for name, _ in unique], _codegen_distinct(unique, target, keep, options, configs)))
    out = []
    for name, _ in executables:
        if name in codes:
            out.append(codes[name])
        else:  # the same computation as an earlier dispatch: its entry calls that code
            out.append(dataclasses.replace(codes[same_as[name]], name=name, llvm_ir="", same_code_as=same_as[name]))
    return _check_configs_used(out, options)


def _distinct(executables, configs: dict) -> tuple[list, dict]:
    """(executables with distinct code, {name: the earlier dispatch with the same code}).

    Dispatches whose tensor functions are equal up to their names (MobileNetV2: 106 dispatches,
    62 distinct) compile once; a config given by name keeps its dispatch apart."""
    from castiron.backend.dispatch_config import structural_digest

    first, unique, same_as = {}, [], {}
    for name, text in executables:
        digest = structural_digest(text, name)
        if name in configs or digest not in first:
            first.setdefault(digest, name)
            unique.append((name, text))
        else:
            same_as[name] = first[digest]
    return unique, same_as


def _codegen_distinct(executables, target: TargetSpec, keep: bool, options: CompileOptions, configs: dict) -> list:
    jobs = options.jobs or os.cpu_count() or 1
    if jobs <= 1 or len(executables) < MIN_DISPATCHES_FOR_JOBS:
        out = []
        for i, (name, text) in enumerate(executables):
            interrupt.check()
            _status(options, f"codegen {target.triple}:{target.cpu} dispatch {i + 1}/{len(executables)} {name}")
            out.append(codegen.compile_dispatch(text, name, keep_stages=keep, configs=configs))
        return out
    import concurrent.futures
    import multiprocessing

    # spawn, not fork: the parent's MLIR context owns threads a forked child cannot use.
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=min(jobs, len(executables)), mp_context=context) as pool:
        futures = [pool.submit(_codegen_worker, text, name, keep, configs) for name, text in executables]
        for done, _ in enumerate(concurrent.futures.as_completed(futures), start=1):
            _status(options, f"codegen {target.triple}:{target.cpu} {done}/{len(executables)} dispatches "
                             f"({min(jobs, len(executables))} jobs)")
        return [f.result() for f in futures]


def _check_configs_used(codes: list, options: CompileOptions) -> list:
    """A hand-given config whose key or name matches no dispatch is a mistake worth a line
    (a typo would otherwise compile the heuristics silently)."""
    known = {c.key for c in codes} | {c.name for c in codes}
    unused = [k for k in options.dispatch_configs if k not in known]
    if unused:
        keys = ", ".join(sorted(c.key for c in codes)[:6])
        raise UsageError(f"--dispatch-config '{unused[0]}' matches no dispatch of this model "
                         f"(keys: {keys}{', ...' if len(codes) > 6 else ''}; names: main_dispatch_N)")
    return codes


def _config_table(target: TargetSpec, options: CompileOptions) -> dict:
    """The configs codegen uses for `target`: a tuning database's best, then the explicit ones."""
    table = {}
    if options.tuning_db:
        from castiron.tuning.database import TuningDatabase

        with TuningDatabase(options.tuning_db, readonly=True) as db:
            table.update(db.best_configs(target))
    table.update(options.dispatch_configs)
    return table


def _codegen_worker(text: str, name: str, keep: bool, configs: dict):
    """One dispatch's codegen in a worker process, in a context of its own."""
    with make_context(), ir.Location.unknown():
        try:
            return codegen.compile_dispatch(text, name, keep_stages=keep, configs=configs)
        except CompileError as exc:  # its MLIR Location cannot cross the process boundary
            raise CompileError(str(exc)) from None
        except ir.MLIRError as exc:  # (not picklable either: the parent said 'Can't pickle')
            raise CompileError(f"dispatch {name}: codegen failed: {format_diagnostics(exc)}") from None


class PhaseTimer:
    """Wall time per phase (codegen summed over dispatches), printed as a table by --mlir-timing."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.times: dict[str, float] = {}

    def __call__(self, phase: str):
        timer = self

        class _Span:
            def __enter__(self):
                self.start = time.perf_counter()

            def __exit__(self, *exc):
                timer.times[phase] = timer.times.get(phase, 0.0) + time.perf_counter() - self.start

        return _Span()

    def report(self) -> None:
        if not self.enabled or not self.times:
            return
        total = sum(self.times.values())
        lines = ["===- castiron phase timing -===", "  ----Wall Time----  ----Phase----"]
        for phase, seconds in self.times.items():
            lines.append(f"  {seconds:9.4f} ({100 * seconds / total:5.1f}%)  {phase}")
        lines.append(f"  {total:9.4f} (100.0%)  Total")
        print("\n".join(lines), file=sys.stderr)


def compile_file(path: str, options: CompileOptions | None = None, input_shapes: dict | None = None,
                 **kwargs) -> bytes | str:
    """An .mlir or .onnx file → module bytes; input_shapes fixes an ONNX model's symbolic dims."""
    text = read_source(path, input_shapes=input_shapes)
    options = options or CompileOptions(**kwargs)
    options.filename = path
    return compile_str(text, options)


def read_source(path: str, input_type: str = "auto", input_shapes: dict | None = None) -> str:
    """The MLIR text of an input file: ONNX models (by extension or input_type) are imported."""
    if input_type == "onnx" or input_type == "auto" and str(path).endswith(".onnx"):
        from castiron.importers.onnx import import_model

        return import_model(path, input_shapes=input_shapes)
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except OSError as exc:
        raise UsageError(f"cannot read input file '{path}': {exc.strerror}") from None
    except UnicodeDecodeError:
        raise UsageError(f"input file '{path}' is not MLIR text (a binary file; ONNX models end in .onnx)") from None


def _status(options: CompileOptions, line: str) -> None:
    if options.progress:
        print(f"castiron-compile: {line}", file=sys.stderr, flush=True)


def _verify(module: ir.Module, filename: str) -> None:
    try:
        module.operation.verify()
    except ir.MLIRError as exc:
        raise CompileError(format_diagnostics(exc, filename)) from None


def _run_phase(module: ir.Module, phase: str, options: CompileOptions) -> None:
    text = phases.PIPELINES[phase]
    extra = options.phase_passes.get(phase)
    if extra:
        text = f"builtin.module({_inner(text)},{extra})"
    pipeline.run_pipeline(module, text, options.print_hooks, options.filename)


def _inner(text: str) -> str:
    return ",".join(e.text() for e in pipeline.parse_pipeline(text))


def _executables(module: ir.Module) -> list[tuple[str, str]]:
    """(name, standalone module text) for every outlined executable, in program order."""
    out = []
    for op in module.body.operations:
        if op.operation.name == "builtin.module" and EXECUTABLE_ATTR in op.attributes:
            name = ir.StringAttr(op.attributes["sym_name"]).value
            body = "\n".join(str(o) for o in op.regions[0].blocks[0].operations)
            out.append((name, "module {\n" + body + "\n}"))
    return out


def _library_path(target: TargetSpec) -> str:
    return f"executables/{target.triple}_{target.cpu}.so"


def _manifest_of(plans, codes, libraries) -> dict:
    return {
        "functions": {p.name: p.to_json() for p in plans},
        "executables": [{
            "path": _library_path(t), "triple": t.triple, "cpu": t.cpu,
            "features": t.required_features,
            "entries": {c.name: _entry_info(c) for c in cs},
        } for t, cs in codes.items()],
    }


def _entry_info(code) -> dict:
    """What the manifest (and dispatches.json) says of one dispatch on one target."""
    return {"workgroup_count": code.workgroup_count, "bindings": code.num_bindings,
            "tile_sizes": code.tile_sizes, "iterations": code.iterations, "flops": code.flops,
            "bytes": code.bytes, "root": code.root, "binding_types": code.binding_types,
            "key": code.key, "config": code.config, "config_source": code.config_source,
            **({"same_code_as": code.same_code_as} if code.same_code_as else {})}


def _serialize(plans, codes, constants: bytes, options: CompileOptions) -> bytes:
    host = host_target()
    libraries = {}
    for target, target_codes in codes.items():
        library, optimized_ir = llvm_cpu.build_library(target_codes, target, host,
                                                       jobs=options.jobs or os.cpu_count() or 1)
        libraries[_library_path(target)] = library
        if options.dump_dispatches_to:
            _dump_library(options.dump_dispatches_to, target, target_codes, optimized_ir)
        if options.objects_to:
            os.makedirs(options.objects_to, exist_ok=True)
            with open(os.path.join(options.objects_to, f"{_suffix(target)}.o"), "wb") as f:
                f.write(llvm_cpu.build_object(target_codes, target))
    manifest = _manifest_of(plans, codes, libraries)
    if options.objects_to:
        with open(os.path.join(options.objects_to, "manifest.json"), "w") as f:
            json.dump(manifest, f, indent=1)
        with open(os.path.join(options.objects_to, "constants.bin"), "wb") as f:
            f.write(constants)
    return module_writer.write_module(manifest, libraries, constants)


def _suffix(target: TargetSpec) -> str:
    return f"{target.triple}_{target.cpu}"


def _dump_library(directory: str, target: TargetSpec, codes, optimized_ir: str) -> None:
    """The target's optimized LLVM IR and assembly, and dispatches.json indexing every dispatch."""
    suffix = _suffix(target)
    with open(os.path.join(directory, f"module.{suffix}.optimized.ll"), "w") as f:
        f.write(optimized_ir)
    with open(os.path.join(directory, f"module.{suffix}.s"), "w") as f:
        f.write(llvm_cpu.emit_assembly(codes, target))
    index_path = os.path.join(directory, "dispatches.json")
    index = {"dispatches": []}
    if os.path.exists(index_path):  # written earlier in this compile for another target
        with open(index_path) as f:
            index = json.load(f)
        index["dispatches"] = [d for d in index["dispatches"] if d["target"] != f"{target.triple}:{target.cpu}"]
    for code in codes:
        entry = {"name": code.name, "target": f"{target.triple}:{target.cpu}", **_entry_info(code),
                 "files": sorted(n for n in os.listdir(directory) if n.startswith(code.name + "."))}
        index["dispatches"].append(entry)
    with open(index_path, "w") as f:
        json.dump(index, f, indent=1)


def _dump_dispatch(directory: str, target: TargetSpec, code) -> None:
    """Each codegen stage of one dispatch as DIR/NAME.STAGE.mlir, and its LLVM IR as .ll."""
    os.makedirs(directory, exist_ok=True)
    for stage, text in code.stages.items():
        with open(os.path.join(directory, f"{code.name}.{stage}.mlir"), "w") as f:
            f.write(text)
    with open(os.path.join(directory, f"{code.name}.{_suffix(target)}.ll"), "w") as f:
        f.write(code.llvm_ir)
