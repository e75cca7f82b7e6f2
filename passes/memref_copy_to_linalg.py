"""memref-copy-to-linalg: bufferization's `memref.copy` becomes `linalg.copy` (plain loops).

Lowered as is, memref.copy becomes a call to `memcpy` or MLIR's `memrefCopy` runtime function,
neither of which a freestanding dispatch library has; a copy onto itself is dropped.
"""
from __future__ import annotations

from mlir import ir
from mlir.dialects import linalg


def memref_copy_to_linalg(root: ir.Operation) -> int:
    copies = []

    def collect(op):
        if op.name == "memref.copy":
            copies.append(op)
        return ir.WalkResult.ADVANCE

    root.walk(collect, ir.WalkOrder.POST_ORDER)
    for op in copies:
        source, target = op.operands[0], op.operands[1]
        if source != target:
            with ir.InsertionPoint(op), op.location:
                linalg.copy(source, outs=[target])
        op.erase()
    return len(copies)
