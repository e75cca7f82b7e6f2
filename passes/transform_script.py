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


def decompose_pads(module: ir.Module) -> None:
    """tensor.pad → tensor.empty + linalg.fill + tensor.insert_slice, so the padded tensor is
    written straight into its destination buffer instead of a temporary."""
    apply_transform(module, f"""  %f = transform.structured.match ops{{["func.func"]}} in %m : ({ANY}) -> {ANY}
  transform.apply_patterns to %f {{
    transform.apply_patterns.linalg.decompose_pad
  }} : {ANY}""")
