"""castiron-import-onnx: an ONNX model → MLIR text (linalg on tensors) for castiron-compile."""
from __future__ import annotations

import sys

from .common import OneLineParser, run_tool, write_output


def build_parser() -> OneLineParser:
    p = OneLineParser(prog="castiron-import-onnx",
                      description="Import an ONNX model (opset 13+, static shapes) as MLIR for castiron-compile.")
    p.add_argument("input", help="input .onnx file")
    p.add_argument("-o", "--output", default=None, help="output .mlir file (default: stdout)")
    p.add_argument("--input-shape", action="append", default=[], metavar="NAME:D0xD1x...",
                   help="fix the shape of input NAME, e.g. input:1x224x224x3 (repeatable)")
    p.add_argument("--function-name", default=None,
                   help="name of the imported function (default: the graph's name, else main)")
    return p


def main(argv) -> int:
    args = build_parser().parse_args(argv)
    from castiron.errors import UsageError
    from castiron.importers.onnx import import_model

    shapes = {}
    for spec in args.input_shape:
        name, sep, dims = spec.rpartition(":")
        if not sep or not name:
            raise UsageError(f"--input-shape expects NAME:D0xD1x..., got '{spec}'")
        shapes[name] = dims
    text = import_model(args.input, input_shapes=shapes, function_name=args.function_name)
    write_output(args.output, text, binary=False)
    return 0


def entry() -> int:
    return run_tool("castiron-import-onnx", main)


if __name__ == "__main__":
    sys.exit(entry())
