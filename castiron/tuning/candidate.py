"""Compiling one candidate: a dispatch's tensor function + a config → a one-entry library.

Runs in a worker process (a local pool's or a Ray task's); everything it returns is plain
data, and a config codegen refuses comes back as an error string (a `compile-error` record),
never as an exception that would take the search down.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Candidate:
    name: str
    config: str                     # as requested ("default" = the heuristics)
    error: str = ""                 # non-empty: it did not compile
    library: bytes = b""
    applied: str = ""               # every knob as codegen applied it
    key: str = ""
    root: str = ""
    grid: list = field(default_factory=list)
    iterations: int = 0
    flops: int = 0
    binding_types: list = field(default_factory=list)
    num_outputs: int = 0
    parallel_ranges: list = field(default_factory=list)
    matmul_ranges: list = field(default_factory=list)
    node: str = "local"             # where it was compiled

    def request(self, seed: int, threads: int, repetitions: int, min_time: float) -> dict:
        """What the measuring process needs (measure_worker.run)."""
        return {"library": self.library, "entry": self.name, "binding_types": self.binding_types,
                "num_outputs": self.num_outputs, "grid": self.grid, "iterations": self.iterations,
                "seed": seed, "threads": threads, "repetitions": repetitions, "min_time": min_time}


def compile_candidate(text: str, name: str, config: str, target) -> Candidate:
    """Codegen + O3 + link of one dispatch under `config` for `target` (a TargetSpec)."""
    from mlir import ir

    from castiron.backend import codegen, llvm_cpu
    from castiron.backend.dispatch_config import parse_config
    from castiron.backend.target import host_target
    from castiron.context import make_context
    from castiron.errors import CastironError

    try:
        configs = {} if config == "default" else {name: parse_config(config)}
        with make_context(), ir.Location.unknown():
            code = codegen.compile_dispatch(text, name, configs=configs)
        library, _ = llvm_cpu.build_library([code], target, host_target())
    except CastironError as exc:
        return Candidate(name, config, error=str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
    return Candidate(name, config, library=library, applied=code.config, key=code.key, root=code.root,
                     grid=code.workgroup_count, iterations=code.iterations, flops=code.flops,
                     binding_types=code.binding_types, num_outputs=code.num_outputs,
                     parallel_ranges=code.parallel_ranges, matmul_ranges=code.matmul_ranges)


def worker_init() -> None:
    """Compile pool workers ignore Ctrl-C: the tuner stops them itself, so an interrupt is never
    mistaken for a compile failure."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
