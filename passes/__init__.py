"""castiron.passes: register Python passes and run pipelines mixing them with upstream MLIR passes.

Importing this package loads no MLIR; `apply_patterns`, `walk` and friends import it on use.
"""
from __future__ import annotations

from .registry import PassInfo, register_pass  # noqa: F401


def __getattr__(name):
    if name in ("apply_patterns", "walk", "constant_value", "is_constant"):
        from . import patterns

        return getattr(patterns, name)
    if name in ("build_pass_manager", "run_pipeline", "parse_pipeline", "PrintOptions"):
        from . import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'castiron.passes' has no attribute '{name}'")
