"""One place that makes an MLIR Context the way castiron needs it.

castiron's own ops (`castiron.dispatch`, `check.*`, `util.unfoldable_constant`) are IRDL
dialects loaded into each context; their custom spellings go through dialects/syntax.py.
"""
from __future__ import annotations

import re

from mlir import ir

from .errors import CompileError


def make_context() -> ir.Context:
    """A Context with every upstream dialect plus castiron's IRDL dialects (castiron, check, util)."""
    from castiron.dialects.definitions import load_dialects

    ctx = ir.Context()
    ctx.allow_unregistered_dialects = True  # castiron.dispatch: see dialects/definitions.py
    load_dialects(ctx)
    return ctx


_LOC_RE = re.compile(r'loc\("?([^"]*)"?:(\d+):(\d+)\)')


def format_diagnostics(exc: ir.MLIRError, default_file: str = "<input>") -> str:
    """Turns MLIR's diagnostics into `file:line:col: error: message` lines, first one first."""
    lines = []
    for diag in exc.error_diagnostics:
        lines.append(_format_one(diag, default_file))
    if not lines:
        lines.append(str(exc))
    return "\n".join(lines)


def _format_one(diag, default_file: str) -> str:
    loc = str(diag.location)
    match = _LOC_RE.search(loc)
    if match and match.group(2) == "0":  # the module itself: no line to point at
        where = match.group(1) if match.group(1) not in ("", "-") else default_file
    elif match:
        name = match.group(1) if match.group(1) not in ("", "-") else default_file
        where = f"{name}:{match.group(2)}:{match.group(3)}"
    else:
        where = default_file
    msg = diag.message.strip().splitlines()[0] if diag.message.strip() else "error"
    return f"{where}: error: {msg}"


def parse_module(text: str, filename: str = "<input>") -> ir.Module:
    """Parses and verifies MLIR text in the current context, raising CompileError with file:line:col."""
    from castiron.dialects.syntax import SyntaxProblem, to_generic

    try:
        text = to_generic(text)
    except SyntaxProblem as exc:
        raise CompileError(f"{filename}:{exc.line}:1: error: {exc}") from None
    try:
        return ir.Module.parse(text)
    except ir.MLIRError as exc:
        raise CompileError(format_diagnostics(exc, filename)) from None


def print_module(module) -> str:
    """IR text for users: castiron's ops in their custom spelling."""
    from castiron.dialects.syntax import to_custom

    return to_custom(str(module))



def clean_locations(text: str, filename: str) -> str:
    """Rewrites MLIR's `loc("-":2:8)` spellings in a message as `FILE:2:8`."""
    def repl(match):
        name = match.group(1) if match.group(1) not in ("", "-") else filename
        return f"{name}:{match.group(2)}:{match.group(3)}"

    return _LOC_RE.sub(repl, text)


def shift_lines(text: str, offset: int) -> str:
    """Adds `offset` to the line numbers of `file:line:col` spans (for --split-input-file chunks)."""
    if not offset:
        return text
    return re.sub(r"(?m)^(\S+?):(\d+):(\d+):", lambda m: f"{m.group(1)}:{int(m.group(2)) + offset}:{m.group(3)}", text)
