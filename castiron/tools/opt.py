"""castiron-opt: run passes (upstream and castiron's Python ones) on MLIR and print the result.

`--pass-pipeline='builtin.module(...)'` or one `--PASS-NAME` flag per pass, as mlir-opt takes
them; `--split-input-file` runs each `// -----` chunk on its own, for lit tests.
"""
from __future__ import annotations

import sys

from .common import OneLineParser, run_tool, write_output


def main(argv) -> int:
    p = OneLineParser(prog="castiron-opt", description="Run MLIR passes and print IR.")
    p.add_argument("input", nargs="?", default="-", help="input .mlir (default stdin)")
    p.add_argument("-o", dest="output", default="-", help="output file (default stdout)")
    p.add_argument("--pass-pipeline", default=None, help="textual pipeline: builtin.module(...)")
    p.add_argument("--split-input-file", action="store_true", help="process each '// -----' chunk separately")
    p.add_argument("--mlir-print-ir-after-all", action="store_true")
    p.add_argument("--list-passes", action="store_true", help="list castiron's Python passes")
    args, rest = p.parse_known_args(argv)
    from castiron.errors import UsageError
    from castiron.passes import registry

    if args.list_passes:
        for name, info in sorted(registry.python_passes().items()):
            print(f"  --{name}  {info.help}")
        for name, text in sorted(registry.pipeline_aliases().items()):
            print(f"  --{name}  phase pipeline: {text}")
        return 0
    passes = []
    for flag in rest:
        if not flag.startswith("--") or len(flag) < 3:
            raise UsageError(f"unexpected argument '{flag}'")
        passes.append(flag[2:])
    if args.pass_pipeline and passes:
        raise UsageError("give either --pass-pipeline or pass flags, not both")
    pipeline = args.pass_pipeline or ("builtin.module(" + ",".join(passes) + ")" if passes else "builtin.module()")
    text = sys.stdin.read() if args.input == "-" else _read(args.input)
    chunks = text.split("// -----") if args.split_input_file else [text]
    outputs = [_run_one(chunk, pipeline, args, i) for i, chunk in enumerate(chunks)]
    write_output(args.output, "\n// -----\n".join(outputs), binary=False)
    return 0


def _read(path: str) -> str:
    from castiron.errors import UsageError

    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except OSError as exc:
        raise UsageError(f"cannot read input file '{path}': {exc.strerror}") from None


def _run_one(text: str, pipeline: str, args, index: int) -> str:
    from mlir import ir

    from castiron.context import format_diagnostics, make_context, parse_module
    from castiron.errors import CompileError
    from castiron.passes import registry

    name = args.input if args.input != "-" else "<stdin>"
    with make_context(), ir.Location.unknown():
        module = parse_module(text, name)
        pm = registry.build_pass_manager(pipeline)
        if args.mlir_print_ir_after_all:
            pm.enable_ir_printing(print_after_all=True)
        try:
            pm.run(module.operation)
        except ir.MLIRError as exc:
            from castiron.passes.builtin_passes import take_failure

            recorded = take_failure()
            if recorded is not None:
                raise recorded from None
            raise CompileError(format_diagnostics(exc, name)) from None
        return str(module)


def entry() -> int:
    return run_tool("castiron-opt", main)


if __name__ == "__main__":
    sys.exit(entry())
