"""Runs a transform-dialect script on a module from Python (the interpreter needs it inside)."""
from __future__ import annotations

from mlir import ir, passmanager

ANY = "!transform.any_op"


def apply_transform(module: ir.Module, body: str) -> None:
    """Runs `body` (lines of a named sequence whose root handle is %m) on module, then removes it."""
    text = ("module attributes {transform.with_named_sequence} {\n"
            f"transform.named_sequence @__transform_main(%m: {ANY} {{transform.readonly}}) {{\n"
            f"{body}\n  transform.yield\n}}\n}}")
    script = ir.Module.parse(text)
    module.operation.attributes["transform.with_named_sequence"] = ir.UnitAttr.get()
    sequence = script.body.operations[0]
    sequence.operation.move_after(list(module.body.operations)[-1].operation)
    try:
        passmanager.PassManager.parse("builtin.module(transform-interpreter,cse)").run(module.operation)
    finally:
        for op in list(module.body.operations):
            if op.operation.name == "transform.named_sequence":
                op.operation.erase()
        del module.operation.attributes["transform.with_named_sequence"]


def decompose_tensor_ops(module: ir.Module) -> None:
    """tensor.pad → empty + fill + insert_slice, tensor.concat → empty + insert_slices, so the
    result is written straight into its destination buffer instead of a temporary."""
    apply_transform(module, f"""  %f = transform.structured.match ops{{["func.func"]}} in %m : ({ANY}) -> {ANY}
  transform.apply_patterns to %f {{
    transform.apply_patterns.linalg.decompose_pad
    transform.apply_patterns.tensor.decompose_concat
  }} : {ANY}""")


def lower_vectors(module: ir.Module) -> None:
    """After bufferization: lower contractions to outer products (FMAs) and transfers.

    Bufferization leaves an in-place `memref.copy %c, %c` after each k step (a no-op that
    would lower to a copy loop); it is erased first. Upstream's
    hoist_redundant_vector_transfers refuses transfers on subviews, which every tile is, so
    the accumulator tile leaves the k loop in LLVM instead: its loads and stores are
    loop-invariant, and LICM promotes them to registers because the bindings are noalias
    (backend/codegen.py)."""
    _erase_self_copies(module)
    apply_transform(module, f"""  %f = transform.structured.match ops{{["func.func"]}} in %m : ({ANY}) -> {ANY}
  %h = transform.structured.hoist_redundant_vector_transfers %f : ({ANY}) -> {ANY}
  transform.apply_patterns to %h {{
    transform.apply_patterns.vector.cast_away_vector_leading_one_dim
  }} : {ANY}
  transform.apply_patterns to %h {{
    transform.apply_patterns.vector.lower_contraction lowering_strategy = "outerproduct"
    transform.apply_patterns.vector.transfer_permutation_patterns
    transform.apply_patterns.vector.lower_masks
    transform.apply_patterns.vector.lower_transfer max_transfer_rank = 1
    transform.apply_patterns.vector.lower_outerproduct
    transform.apply_patterns.vector.lower_broadcast
    transform.apply_patterns.vector.lower_transpose
    transform.apply_patterns.vector.lower_shape_cast
  }} : {ANY}""")


def _erase_self_copies(module: ir.Module) -> None:
    found = []

    def visit(op):
        if op.name == "memref.copy" and op.operands[0] == op.operands[1]:
            found.append(op)
        return ir.WalkResult.ADVANCE

    module.operation.walk(visit)
    for op in found:
        op.erase()


def decompose_aggregates(module: ir.Module) -> None:
    """Ops that are aggregates of simpler ones (linalg.softmax: max, sub+exp, sum, div) become
    those ops, which dispatch creation and codegen understand."""
    apply_transform(module, f"""  %agg = transform.structured.match ops{{["linalg.softmax"]}} in %m : ({ANY}) -> {ANY}
  %parts = transform.structured.decompose_interface %agg : ({ANY}) -> {ANY}""")
