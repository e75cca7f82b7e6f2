"""`castiron.dispatch`: the host graph's op, with a Python builder and verifier.

    %r = castiron.dispatch @entry(%a, %b) : (tensor<..>, tensor<..>) -> tensor<..>

runs executable `@entry` (a `builtin.module @entry {castiron.executable}` holding `func.func
@entry`) on its operands and yields its results. The verifier checks what IRDL cannot express
here (see definitions.py): the entry exists, and operand/result types match its function.
"""
from __future__ import annotations

from mlir import ir

from castiron.errors import CompileError

OP_NAME = "castiron.dispatch"
EXECUTABLE_ATTR = "castiron.executable"


def DispatchOp(entry: str, operands: list, result_types: list, loc=None) -> ir.Operation:
    """Creates a castiron.dispatch at the current insertion point."""
    return ir.Operation.create(OP_NAME, results=result_types, operands=operands,
                               attributes={"entry": ir.FlatSymbolRefAttr.get(entry)}, loc=loc)


def entry_of(op) -> str:
    return ir.FlatSymbolRefAttr(op.attributes["entry"]).value


def executables(module_op) -> dict:
    """{name: func.func op} for every executable module directly in module_op."""
    out = {}
    for op in module_op.regions[0].blocks[0].operations:
        if op.operation.name == "builtin.module" and EXECUTABLE_ATTR in op.attributes:
            name = ir.StringAttr(op.attributes["sym_name"]).value
            for inner in op.regions[0].blocks[0].operations:
                if inner.operation.name == "func.func" and ir.StringAttr(inner.attributes["sym_name"]).value == name:
                    out[name] = inner
    return out


def verify_dispatches(module_op) -> int:
    """Checks every castiron.dispatch in module_op; raises CompileError at the first bad one."""
    exes = executables(module_op)
    count = 0
    for op in module_op.regions[0].blocks[0].operations:
        if op.operation.name != "func.func" or not op.regions[0].blocks:
            continue
        for inner in op.regions[0].blocks[0].operations:
            if inner.operation.name != OP_NAME:
                continue
            count += 1
            _verify_one(inner, exes)
    return count


def _verify_one(op, exes: dict) -> None:
    if "entry" not in op.attributes or not isinstance(op.attributes["entry"], ir.FlatSymbolRefAttr):
        raise CompileError("castiron.dispatch needs an 'entry' symbol attribute", location=op.location)
    name = entry_of(op)
    if name not in exes:
        raise CompileError(f"castiron.dispatch refers to @{name}, which is not an executable",
                           location=op.location)
    ftype = ir.FunctionType(ir.TypeAttr(exes[name].attributes["function_type"]).value)
    got_in, want_in = [str(v.type) for v in op.operands], [str(t) for t in ftype.inputs]
    got_out, want_out = [str(r.type) for r in op.results], [str(t) for t in ftype.results]
    if got_in != want_in:
        raise CompileError(f"castiron.dispatch @{name} operands ({', '.join(got_in)}) do not match the "
                           f"executable's ({', '.join(want_in)})", location=op.location)
    if got_out != want_out:
        raise CompileError(f"castiron.dispatch @{name} results ({', '.join(got_out)}) do not match the "
                           f"executable's ({', '.join(want_out)})", location=op.location)
