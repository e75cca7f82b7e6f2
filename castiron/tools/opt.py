"""castiron-opt: run passes (upstream and Python ones, mixed and nested) on MLIR and print the IR.

Flags follow mlir-opt: `--pass-pipeline='builtin.module(...)'` or one `--PASS-NAME[{options}]`
flag per pass, `--split-input-file`, `--verify-diagnostics`, `--mlir-print-ir-before/after=NAME`,
`--mlir-print-ir-after-all`, `--mlir-print-ir-after-change`, `--mlir-timing`, `--list-passes`.
"""
from __future__ import annotations

import sys

from .common import OneLineParser, add_observation_flags, print_hooks, run_tool, write_output


def build_parser() -> OneLineParser:
    p = OneLineParser(prog="castiron-opt", description="Run MLIR passes and print IR.")
    p.add_argument("input", nargs="?", default="-", help="input .mlir (default stdin)")
    p.add_argument("-o", dest="output", default="-", help="output file (default stdout)")
    p.add_argument("--pass-pipeline", default=None, help="textual pipeline: builtin.module(...)")
    p.add_argument("--split-input-file", action="store_true", help="process each '// -----' chunk separately")
    p.add_argument("--verify-diagnostics", action="store_true",
                   help="check diagnostics against // expected-error {{...}} comments")
    p.add_argument("--list-passes", action="store_true", help="list every pass (Python and upstream)")
    p.add_argument("--load-pass-plugin", action="append", default=[], metavar="MODULE|FILE.py",
                   help="import a module of @register_pass passes (repeatable)")
    add_observation_flags(p)
    return p


def main(argv) -> int:
    args, rest = build_parser().parse_known_args(argv)
    from castiron.errors import UsageError
    from castiron.passes.registry import load_pass_plugin

    for spec in args.load_pass_plugin:
        load_pass_plugin(spec)
    if args.list_passes:
        print(list_passes_text())
        return 0
    passes = []
    for flag in rest:
        if not flag.startswith("--") or len(flag) < 3:
            raise UsageError(f"unexpected argument '{flag}'")
        name, sep, opts = flag[2:].partition("=")  # --pass=opts is mlir-opt's --pass{opts}
        passes.append(f"{name}{{{opts}}}" if sep else name)
    if args.pass_pipeline and passes:
        raise UsageError("give either --pass-pipeline or pass flags, not both")
    pipeline = args.pass_pipeline or ("builtin.module(" + ",".join(passes) + ")")
    text = sys.stdin.read() if args.input == "-" else _read(args.input)
    name = args.input if args.input != "-" else "<stdin>"
    chunks = _split(text) if args.split_input_file else [(text, 0)]
    outputs, failed = [], False
    for chunk, line_offset in chunks:
        if args.verify_diagnostics:
            from castiron.verify_diagnostics import verify_chunk

            out, ok = verify_chunk(chunk, pipeline, name, line_offset, print_hooks(args))
            failed |= not ok
            if out is not None:
                outputs.append(out)
        else:
            outputs.append(_run_one(chunk, pipeline, name, line_offset, args))
    write_output(args.output, "\n// -----\n".join(outputs), binary=False)
    return 1 if failed else 0


def _split(text: str) -> list[tuple[str, int]]:
    """Chunks at `// -----` lines, each with the line number it starts at (for diagnostics)."""
    chunks, current, start = [], [], 0
    for number, line in enumerate(text.splitlines(keepends=True)):
        if line.strip() == "// -----":
            chunks.append(("".join(current), start))
            current, start = [], number + 1
        else:
            current.append(line)
    chunks.append(("".join(current), start))
    return chunks


def _read(path: str) -> str:
    from castiron.errors import UsageError

    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except OSError as exc:
        raise UsageError(f"cannot read input file '{path}': {exc.strerror}") from None


def _run_one(text: str, pipeline: str, name: str, line_offset: int, args) -> str:
    from mlir import ir

    from castiron.context import make_context, parse_module, print_module, shift_lines
    from castiron.errors import CompileError
    from castiron.passes.pipeline import run_pipeline

    with make_context(), ir.Location.unknown():
        try:
            module = parse_module(text, name)
            run_pipeline(module, pipeline, print_hooks(args), name)
        except CompileError as exc:
            raise CompileError(shift_lines(str(exc), line_offset)) from None
        return print_module(module)


def list_passes_text() -> str:
    from castiron.passes import registry

    lines = ["Python passes (castiron and plugins):"]
    for name, info in sorted(registry.python_passes().items()):
        lines.append(f"  --{name:<36} {info.help}")
        lines.extend(f"      {opt}" for opt in info.option_lines())
    lines.append("castiron phase pipelines:")
    for name, text in sorted(registry.pipeline_aliases().items()):
        lines.append(f"  --{name:<36} {text}")
    lines.append("Upstream MLIR passes:")
    lines.extend(f"  --{name}" for name in registry.upstream_pass_names())
    return "\n".join(lines)


def entry() -> int:
    return run_tool("castiron-opt", main)


if __name__ == "__main__":
    sys.exit(entry())
