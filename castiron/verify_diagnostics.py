"""`--verify-diagnostics`: check the diagnostics a run produces against `// expected-*` comments.

As mlir-opt reads them: `// expected-error {{text}}` on the line the diagnostic points at,
`// expected-error @+1 {{text}}` / `@-2` relative to the comment, `@above` / `@below`; also
expected-warning, expected-note, expected-remark. Every expectation must be met by a diagnostic
of that severity on that line whose message contains the text, and no other diagnostic may
appear. Mismatches are printed as `file:line: error: ...`, one per line.
"""
from __future__ import annotations

from dataclasses import dataclass
import re
import sys

_EXPECT = re.compile(r"//\s*expected-(error|warning|note|remark)\s*(@[+-]?\d+|@above|@below)?\s*\{\{(.*?)\}\}")
_SEVERITY = {"ERROR": "error", "WARNING": "warning", "NOTE": "note", "REMARK": "remark"}


@dataclass
class Expected:
    severity: str
    line: int  # 1-based, in the chunk
    text: str
    comment_line: int
    met: bool = False


def parse_expectations(text: str) -> list[Expected]:
    out = []
    for index, line in enumerate(text.splitlines(), start=1):
        for match in _EXPECT.finditer(line):
            where = match.group(2)
            target = index
            if where in ("@above",):
                target = index - 1
            elif where in ("@below",):
                target = index + 1
            elif where:
                offset = where[1:]
                target = index + int(offset) if offset[0] in "+-" else int(offset)
            out.append(Expected(match.group(1), target, match.group(3).strip(), index))
    return out


def verify_chunk(text: str, pipeline: str, filename: str, line_offset: int, hooks=None) -> tuple[str | None, bool]:
    """Runs the chunk; returns (output IR or None when the run failed, whether all matched)."""
    from mlir import ir

    from castiron.context import make_context
    from castiron.passes.pipeline import build_pass_manager

    expected = parse_expectations(text)
    produced = []

    def handler(diagnostic):
        _collect(diagnostic, produced)
        return True

    output = None
    with make_context() as ctx, ir.Location.unknown():
        handle = ctx.attach_diagnostic_handler(handler)
        try:
            from castiron.context import print_module
            from castiron.dialects.syntax import to_generic

            module = ir.Module.parse(to_generic(text))
            build_pass_manager(pipeline, hooks).run(module.operation)
            output = print_module(module)
        except ir.MLIRError as exc:  # its diagnostics went to the exception, not the handler
            for diagnostic in exc.error_diagnostics:
                _collect(diagnostic, produced)
        finally:
            handle.detach()
    problems = []
    for severity, line, message in produced:
        match = next((e for e in expected if not e.met and e.severity == severity and e.line == line
                      and e.text in message), None)
        if match is None:
            where = f"{filename}:{line + line_offset}" if line else filename
            problems.append(f"{where}: error: unexpected {severity}: {message}")
        else:
            match.met = True
    for e in expected:
        if not e.met:
            problems.append(f"{filename}:{e.comment_line + line_offset}: error: expected {e.severity} "
                            f"\"{e.text}\" was not produced")
    for problem in problems:
        print(problem, file=sys.stderr)
    return output, not problems


def _collect(diagnostic, out: list) -> None:
    severity = _SEVERITY.get(str(diagnostic.severity).split(".")[-1], "error")
    location = diagnostic.location
    line = 0
    try:
        line = location.start_line
    except Exception:  # noqa: BLE001 - unknown/fused locations have no line
        match = re.search(r":(\d+):\d+", str(location))
        line = int(match.group(1)) if match else 0
    if severity == "note" and diagnostic.message.startswith("see current operation"):
        return  # MLIR's op dump attached to every diagnostic, not something a test states
    out.append((severity, line, diagnostic.message))
    for note in diagnostic.notes:
        _collect(note, out)
