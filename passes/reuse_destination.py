"""reuse-producer-as-destination: an elementwise op writes into its producer's result tensor.

`%r = matmul(...)`, `%g = generic ins(%r) outs(tensor.empty)` bufferizes to a temporary for %r;
with `outs(%r)` instead (legal when %g's body never reads its out argument and %g is %r's only
user) %g computes in place and bufferization needs no allocation: dispatch code stays
freestanding (no malloc: the library links no libc). Runs on dispatch functions that are not tiled to workgroups.
"""
from __future__ import annotations

from mlir import ir


def _producer(value):
    owner = value.owner
    if isinstance(owner, ir.Block):
        return None
    return owner.operation if hasattr(owner, "operation") else owner


def reuse_producer_as_destination(func_op) -> int:
    """Rewrites eligible linalg.generic inits in func_op; returns how many changed."""
    changed = 0
    for op in func_op.regions[0].blocks[0].operations:
        if op.operation.name != "linalg.generic" or len(op.results) != 1:
            continue
        if not all("parallel" in str(it) for it in op.attributes["iterator_types"]):
            continue
        init_index = len(op.operands) - 1
        init = op.operands[init_index]
        init_owner = _producer(init)
        if init_owner is None or init_owner.name != "tensor.empty":
            continue
        body = op.regions[0].blocks[0]
        if len(list(body.arguments[len(body.arguments) - 1].uses)) != 0:
            continue
        for value in list(op.operands)[:init_index]:
            producer = _producer(value)
            if value.type != init.type or producer is None or not producer.name.startswith("linalg."):
                continue
            if len(list(value.uses)) != 1:
                continue
            op.operation.operands[init_index] = value
            changed += 1
            break
    return changed


def copy_readonly_inits(func_op) -> int:
    """A linalg op accumulating into a dispatch input (`outs(%input)`) gets a copy of it instead.

    Inputs are read-only (`to_tensor restrict`), so bufferization would otherwise allocate a
    temporary; `linalg.copy` into a `tensor.empty` lets the copy land in the output buffer.
    """
    from mlir.dialects import linalg, tensor

    changed = 0
    for op in list(func_op.regions[0].blocks[0].operations):
        name = op.operation.name
        if name == "tensor.insert_slice":
            destinations = [1]
        elif name.startswith("linalg.") and op.results:
            destinations = range(len(op.operands) - len(op.results), len(op.operands))
        else:
            continue
        for index in destinations:
            value = op.operands[index]
            producer = _producer(value)
            if producer is None or producer.name != "bufferization.to_tensor":
                continue
            with ir.InsertionPoint(op), op.location:
                empty = tensor.EmptyOp(value.type.shape, value.type.element_type)
                copied = linalg.copy(value, outs=[empty.result])
            op.operation.operands[index] = copied
            changed += 1
    return changed
