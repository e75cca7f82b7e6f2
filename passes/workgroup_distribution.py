"""Workgroup distribution: the dispatch's scf.forall becomes the ABI's loop over [begin, end).

After bufferization each tiled dispatch function holds one top-level `scf.forall` over the
workgroup grid. This pass appends two `index` arguments (begin, end) to the function and
replaces the forall with `scf.for %wg = begin to end`, delinearizing %wg into the forall's
induction variables (last one fastest = grid x). An untiled function gets the same arguments
and runs whole for workgroup 0.
"""
from __future__ import annotations

from mlir import ir
from mlir.dialects import arith, scf


def _static_bounds(forall) -> list[int]:
    ub = ir.DenseI64ArrayAttr(forall.attributes["staticUpperBound"])
    lb = ir.DenseI64ArrayAttr(forall.attributes["staticLowerBound"])
    step = ir.DenseI64ArrayAttr(forall.attributes["staticStep"])
    if any(v < 0 for v in list(ub) + list(lb)) or any(s != 1 for s in step) or any(v != 0 for v in lb):
        raise ValueError("workgroup forall must have static bounds from 0 with step 1")
    return list(ub)


def add_range_arguments(func_op) -> tuple:
    """Appends (begin, end) index arguments to func_op and its type."""
    block = func_op.regions[0].blocks[0]
    index = ir.IndexType.get()
    begin = block.add_argument(index, func_op.location)
    end = block.add_argument(index, func_op.location)
    ftype = ir.FunctionType(ir.TypeAttr(func_op.attributes["function_type"]).value)
    func_op.attributes["function_type"] = ir.TypeAttr.get(
        ir.FunctionType.get(list(ftype.inputs) + [index, index], list(ftype.results)))
    return begin, end


def distribute(func_op) -> list[int]:
    """Rewrites func_op in place; returns the workgroup grid (x fastest, as the ABI counts)."""
    block = func_op.regions[0].blocks[0]
    begin, end = add_range_arguments(func_op)
    foralls = [op for op in block.operations if op.operation.name == "scf.forall"]
    if len(foralls) != 1:
        return [1, 1, 1]
    forall = foralls[0]
    bounds = _static_bounds(forall)
    body = forall.regions[0].blocks[0]
    with ir.InsertionPoint(forall.operation), forall.location:
        one = arith.ConstantOp(ir.IndexType.get(), 1)
        loop = scf.ForOp(begin, end, one.result)
    with ir.InsertionPoint(loop.body), forall.location:
        remaining = loop.induction_variable
        ivs = [None] * len(bounds)
        for d in reversed(range(len(bounds))):
            size = arith.ConstantOp(ir.IndexType.get(), bounds[d]).result
            ivs[d] = arith.RemUIOp(remaining, size).result if d else remaining
            if d:
                remaining = arith.DivUIOp(remaining, size).result
        terminator = scf.YieldOp([])
    for arg, iv in zip(body.arguments, ivs):
        arg.replace_all_uses_with(iv)
    for op in list(body.operations):
        if op.operation.name == "scf.forall.in_parallel":
            continue
        op.operation.move_before(terminator.operation)
    forall.operation.erase()
    grid = list(reversed(bounds))  # x fastest
    while len(grid) > 3:  # fold extra outer dims into z
        grid[-2] *= grid[-1]
        grid.pop()
    return grid + [1] * (3 - len(grid))


def hoist_stack_buffers(func_op) -> int:
    """Moves fixed-size stack buffers (`memref.alloca` with no operands) out of loops into the
    function's entry block; returns how many moved.

    Inside the workgroup loop each iteration would allocate again, and LLVM does not free
    an alloca until the function returns: a chunk of 256 workgroups with a 32 KiB packing
    buffer each overflowed the stack (SIGSEGV). After distribution one call of the function runs
    its workgroups one after another on one thread, so one buffer per call is enough.
    Vector temporaries (memref<vector<16x48xf32>> of a large register tile) are hoisted too: LLVM
    keeps those it cannot promote to registers as stack slots, and inside a loop they grew the
    stack by 3 KiB an iteration until a MobileNetV2 dispatch segfaulted."""
    entry = func_op.regions[0].blocks[0]
    moved = []

    def visit(op):
        if op.name == "memref.alloca" and not list(op.operands) and op.parent.name != "func.func":
            moved.append(op)
        return ir.WalkResult.ADVANCE

    func_op.operation.walk(visit, ir.WalkOrder.PRE_ORDER)
    first = entry.operations[0]
    for op in moved:
        op.move_before(first)
    return len(moved)
