"""What every castiron tool shares: LLVM-style flag spelling and one-line errors.

IREE and LLVM tools accept `-flag=value` and `--flag=value` alike; argparse only knows the
latter, so single-dash long flags are rewritten first. Any castiron or runtime error becomes
`TOOL: error: MESSAGE` on stderr and exit status 1 (`--debug` shows the traceback instead).
"""
from __future__ import annotations

import argparse
import os
import re
import sys


class OneLineParser(argparse.ArgumentParser):
    """argparse whose errors are one line (no usage dump) and exit with status 2."""

    def error(self, message):
        sys.stderr.write(f"{self.prog}: error: {message}\n")
        sys.exit(2)


def normalize_flags(argv: list[str]) -> list[str]:
    """`-iree-foo=x` → `--iree-foo=x`; short flags (`-o`) and negative numbers stay."""
    out = []
    for arg in argv:
        if arg.startswith("-") and not arg.startswith("--") and len(arg.split("=")[0]) > 2 \
                and not arg[1:2].isdigit():
            arg = "-" + arg
        out.append(arg)
    return out


def add_observation_flags(p: OneLineParser) -> None:
    """IR printing and timing flags shared with castiron-compile."""
    p.add_argument("--mlir-print-ir-after-all", action="store_true", help="print IR after every pass")
    p.add_argument("--mlir-print-ir-before-all", action="store_true", help="print IR before every pass")
    p.add_argument("--mlir-print-ir-before", action="append", default=[], metavar="NAME",
                   help="print IR before each run of pass NAME (repeatable)")
    p.add_argument("--mlir-print-ir-after", action="append", default=[], metavar="NAME",
                   help="print IR after each run of pass NAME (repeatable)")
    p.add_argument("--mlir-print-ir-after-change", action="store_true",
                   help="print IR after each pass that changed it")
    p.add_argument("--mlir-timing", action="store_true", help="print a per-pass wall-time table")


def print_hooks(args):
    from castiron.passes.pipeline import PrintOptions

    return PrintOptions(before=set(args.mlir_print_ir_before), after=set(args.mlir_print_ir_after),
                        before_all=args.mlir_print_ir_before_all, after_all=args.mlir_print_ir_after_all,
                        after_change=args.mlir_print_ir_after_change, timing=args.mlir_timing)


def run_tool(prog: str, main, argv=None) -> int:
    """Calls main(argv) and turns user-facing errors into one line and exit status 1."""
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv or "-debug" in argv
    argv = [a for a in argv if a not in ("--debug", "-debug")]
    from castiron import interrupt

    interrupt.install()
    try:
        return main(normalize_flags(argv)) or 0
    except KeyboardInterrupt:
        sys.stderr.write(f"{prog}: interrupted\n")
        return 130
    except Exception as exc:  # noqa: BLE001 - the one place errors become messages
        if debug or not _is_user_error(exc):
            if not debug:
                sys.stderr.write(f"{prog}: internal error: {type(exc).__name__}: {exc} "
                                 "(run with --debug for a traceback)\n")
                return 3
            raise
        message = str(exc).strip() or type(exc).__name__
        if re.match(r"^\S+?(:\d+:\d+)?: error: ", message):  # already `file:line:col: error: ...`
            sys.stderr.write(message + "\n")
        else:
            sys.stderr.write(f"{prog}: error: {message}\n")
        return 1


def _is_user_error(exc: Exception) -> bool:
    from castiron.runtime.errors import RuntimeFailure

    if isinstance(exc, (RuntimeFailure, OSError)) or type(exc).__name__ == "InputError":
        return True
    if "castiron.errors" in sys.modules:
        from castiron.errors import CastironError

        return isinstance(exc, CastironError)
    return False


def write_output(path: str | None, data, binary: bool) -> None:
    """Writes to path ('-' or None = stdout) without leaving a partial file on failure."""
    if path in (None, "-"):
        if binary:
            sys.stdout.buffer.write(data)
        else:
            sys.stdout.write(data if data.endswith("\n") else data + "\n")
        return
    tmp = f"{path}.partial.{os.getpid()}"
    try:
        with open(tmp, "wb" if binary else "w") as f:
            f.write(data)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
