"""The pass registry: Python passes by name, and pipeline text that mixes them with upstream passes.

`@register_pass("name", help=...)` on a function `(op, pass_) -> None` makes `name` usable in any
pipeline text castiron parses; upstream passes keep their own names. Python passes may appear at
the top level of `builtin.module(...)`; consecutive upstream elements go to MLIR's own parser.
"""
from __future__ import annotations

from dataclasses import dataclass
import difflib
from typing import Callable

from mlir import ir, passmanager

from castiron.errors import UsageError


@dataclass(frozen=True)
class PythonPass:
    name: str
    run: Callable
    help: str = ""


_PASSES: dict[str, PythonPass] = {}


def register_pass(name: str, help: str = ""):
    """Decorator registering a Python pass under `name` (kebab-case, like upstream)."""
    def wrap(fn):
        _PASSES[name] = PythonPass(name, fn, help or (fn.__doc__ or "").strip().splitlines()[0:1] and
                                   (fn.__doc__ or "").strip().splitlines()[0])
        return fn
    return wrap


def python_passes() -> dict[str, PythonPass]:
    _load_builtin_passes()
    return dict(_PASSES)


def _load_builtin_passes() -> None:
    from . import builtin_passes  # noqa: F401  (registers castiron's own passes)


def split_top_level(text: str) -> list[str]:
    """Splits `a,b{x=1,y=2},c(d,e)` at the commas not nested in () or {}."""
    parts, depth, current = [], 0, []
    for ch in text:
        if ch in "({":
            depth += 1
        elif ch in ")}":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
    if "".join(current).strip():
        parts.append("".join(current).strip())
    return parts


def _strip_anchor(pipeline: str) -> str:
    pipeline = pipeline.strip()
    if pipeline.startswith("builtin.module(") and pipeline.endswith(")"):
        return pipeline[len("builtin.module("):-1]
    return pipeline


def build_pass_manager(pipeline: str) -> passmanager.PassManager:
    """A PassManager on builtin.module for pipeline text mixing upstream and Python passes."""
    _load_builtin_passes()
    pm = passmanager.PassManager("builtin.module")
    upstream: list[str] = []

    def flush():
        if upstream:
            text = ",".join(upstream)
            try:
                pm.add(text)
            except ValueError as exc:
                raise UsageError(_explain_bad_pipeline(text, exc)) from None
            upstream.clear()

    for element in _expand_aliases(split_top_level(_strip_anchor(pipeline))):
        name = element.split("{")[0].split("(")[0].strip()
        if name in _PASSES:
            flush()
            pm.add(_PASSES[name].run, name=name, argument=name)
        else:
            upstream.append(element)
    flush()
    return pm


def pipeline_aliases() -> dict[str, str]:
    """castiron's phases by name (`castiron-global-opt`...), usable inside any pipeline text."""
    from .phases import PIPELINES

    return {f"castiron-{phase}": text for phase, text in PIPELINES.items()}


def _expand_aliases(elements: list[str]) -> list[str]:
    aliases = pipeline_aliases()
    out = []
    for element in elements:
        if element in aliases:
            out.extend(split_top_level(_strip_anchor(aliases[element])))
        else:
            out.append(element)
    return out


def _explain_bad_pipeline(text: str, exc: Exception) -> str:
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else "invalid pipeline"
    for element in split_top_level(text):
        name = element.split("{")[0].split("(")[0].strip()
        try:
            passmanager.PassManager.parse(f"builtin.module({element})")
        except ValueError:
            close = difflib.get_close_matches(name, list(_PASSES) + list(pipeline_aliases()), n=3)
            hint = f" (did you mean: {', '.join(close)}?)" if close else ""
            return f"unknown or malformed pass '{element}' in pipeline{hint}"
    return f"invalid pass pipeline '{text}': {message}"


def run_pipeline(module: ir.Module, pipeline: str) -> None:
    build_pass_manager(pipeline).run(module.operation)
