"""Wraps an outlined tensor dispatch function in the buffer ABI before bufferization.

`func @d(tensors) -> tensors` becomes `func @d(memref inputs..., memref outputs...)` that reads
its inputs with `bufferization.to_tensor restrict` and writes each result with
`materialize_in_destination ... in restrict writable`, so one-shot bufferization computes
straight into the caller's buffers with no allocation (dispatch libraries link no libc, so no malloc).
"""
from __future__ import annotations

from mlir import ir
from mlir.dialects import arith, tensor


def _is_bool(tensor_type) -> bool:
    return str(tensor_type).endswith("xi1>") or str(tensor_type) == "tensor<i1>"


def _as_i8(tensor_type) -> str:
    """Booleans live in memory as bytes (numpy's bool; MLIR 22 cannot load/store i1 memrefs)."""
    text = str(tensor_type)
    return text[:-3] + "i8>" if _is_bool(tensor_type) else text


def memref_type_text(tensor_type) -> str:
    return "memref<" + _as_i8(tensor_type)[len("tensor<"):]


def wrapper_text(name: str, impl_name: str, input_types: list, result_types: list,
                 input_attrs: list) -> str:
    """MLIR text of the ABI wrapper calling impl_name; inlined right after. Boolean tensors
    cross the ABI as i8 (`arith.trunci` in, `arith.extui` out, fused into their neighbours).
    `input_attrs`: each input's argument attributes (text, e.g. "{castiron.weights}") or ""."""
    args = [f"%in{i}: {memref_type_text(t)} {a}".rstrip() for i, (t, a) in enumerate(zip(input_types, input_attrs))]
    args += [f"%out{i}: {memref_type_text(t)}" for i, t in enumerate(result_types)]
    lines = [f"func.func @{name}({', '.join(args)}) {{"]
    for i, t in enumerate(input_types):
        read = f"bufferization.to_tensor %in{i} restrict : {memref_type_text(t)} to {_as_i8(t)}"
        if _is_bool(t):
            lines.append(f"  %t{i}b = {read}")
            lines.append(f"  %t{i} = arith.trunci %t{i}b : {_as_i8(t)} to {t}")
        else:
            lines.append(f"  %t{i} = {read}")
    call_args = ", ".join(f"%t{i}" for i in range(len(input_types)))
    in_sig = ", ".join(str(t) for t in input_types)
    out_sig = ", ".join(str(t) for t in result_types)
    lines.append(f"  %r:{len(result_types)} = func.call @{impl_name}({call_args}) : ({in_sig}) -> ({out_sig})")
    for i, t in enumerate(result_types):
        value = f"%r#{i}"
        if _is_bool(t):
            lines.append(f"  %w{i} = arith.extui %r#{i} : {t} to {_as_i8(t)}")
            value = f"%w{i}"
        lines.append(f"  bufferization.materialize_in_destination {value} in restrict writable %out{i} "
                     f": ({_as_i8(t)}, {memref_type_text(t)}) -> ()")
    lines.append("  return\n}")
    return "\n".join(lines)


def wrap_in_abi(module: ir.Module, name: str) -> ir.Module:
    """A new module: func @name renamed to a private impl plus the ABI wrapper @name calling it.

    Run `inline` next to fold the impl into the wrapper.
    """
    impl_name = f"{name}__impl"
    entry = next(op for op in module.body.operations
                 if op.operation.name == "func.func" and ir.StringAttr(op.attributes["sym_name"]).value == name)
    ftype = ir.FunctionType(ir.TypeAttr(entry.attributes["function_type"]).value)
    entry.attributes["sym_name"] = ir.StringAttr.get(impl_name)
    entry.attributes["sym_visibility"] = ir.StringAttr.get("private")
    attrs = [""] * len(ftype.inputs)
    if "arg_attrs" in entry.attributes:  # (the dispatch's marks, e.g. castiron.weights)
        attrs = [str(a) if len(ir.DictAttr(a)) else "" for a in ir.ArrayAttr(entry.attributes["arg_attrs"])]
    text = wrapper_text(name, impl_name, list(ftype.inputs), list(ftype.results), attrs)
    return ir.Module.parse(_join(module, text))


def _join(module: ir.Module, extra: str) -> str:
    """Module text with `extra` appended inside its body."""
    body = "\n".join(str(op) for op in module.body.operations)
    return "module {\n" + body + "\n" + extra + "\n}"


def extract_bools_from_bytes(module: ir.Module) -> None:
    """`tensor.extract` of a boolean input (a gather's table) reads its byte and truncates that
    one element, instead of reading a truncated copy of the whole table (an i1 buffer, which
    MLIR 22 cannot store). Run after `inline`, while the ABI's `arith.trunci` is still on tensors."""
    found = []

    def visit(op):
        if op.name == "tensor.extract":
            source = op.operands[0].owner
            if not isinstance(source, ir.Block) and source.name == "arith.trunci" and \
                    isinstance(source.operands[0].type, ir.RankedTensorType):
                found.append((op, source))
        return ir.WalkResult.ADVANCE

    module.operation.walk(visit)
    for extract, trunc in found:
        with ir.InsertionPoint(extract), extract.location:
            byte = tensor.ExtractOp(trunc.operands[0], list(extract.operands[1:])).result
            bit = arith.TruncIOp(extract.results[0].type, byte).result
        extract.results[0].replace_all_uses_with(bit)
        extract.erase()
