"""accumulator-init: a vectorized matmul's zero fill moves into its register-tile loop.

After bufferization a tiled matmul reads

    linalg.fill ins(%zero) outs(%C)                      // the whole workgroup tile
    scf.for %m { scf.for %n { scf.for %k {
        %c = memref.subview %C[%m, %n] [R, N]            // one register tile
        transfer_read %c ... fma ... transfer_write %c } } }

so every accumulator is stored as zero, loaded back and stored again: with a short k (the
pointwise convolutions of MobileNetV2 have k = 16..32) that traffic costs as much as the FMAs
(matmul 12544x96x16, one thread: 0.77 ms, 50 GFLOP/s). Filling each register tile just before
its k loop instead lets LLVM forward the zeros to the loads it hoisted out of the k loop (the
bindings are noalias) and drop the stores: the accumulators start in registers.

The rewrite applies only when the three loops start at 0, tile the filled buffer exactly with
their register tile, and nothing else touches the buffer between the fill and the loops; a
k-blocked matmul (its loop nest sits inside the k-block loop, so the fill is not its sibling)
keeps its fill, as each k block must add to the previous one.
"""
from __future__ import annotations

from mlir import ir
from mlir.dialects import linalg

from .patterns import constant_value


def _ops(block) -> list:
    return [op for op in block.operations]


def _loop_body(op):
    return op.regions[0].blocks[0]


def _only_loop(block):
    """The single scf.for of a loop body (besides its yield), or None."""
    ops = [op for op in _ops(block) if op.operation.name != "scf.yield"]
    return ops[0] if len(ops) == 1 and ops[0].operation.name == "scf.for" else None


def _static(value) -> int | None:
    got = constant_value(value)
    return int(got) if isinstance(got, int) else None


def _register_subview(k_loop, target):
    """The one memref.subview of `target` in the k loop, used only by vector transfers (and
    the in-place self copy bufferization leaves)."""
    found = [op for op in _ops(_loop_body(k_loop)) if op.operation.name == "memref.subview" and
             op.operands[0] == target]
    if len(found) != 1:
        return None
    for use in found[0].results[0].uses:
        if use.owner.name not in ("vector.transfer_read", "vector.transfer_write", "memref.copy"):
            return None
    return found[0]


def _tiles_exactly(m_loop, n_loop, subview, shape) -> bool:
    sizes = list(ir.DenseI64ArrayAttr(subview.attributes["static_sizes"]))
    if len(shape) != 2 or len(sizes) != 2:
        return False
    for loop, size, extent in ((m_loop, sizes[0], shape[0]), (n_loop, sizes[1], shape[1])):
        lb, ub, step = (_static(v) for v in loop.operands[:3])
        if (lb, ub, step) != (0, extent, size):
            return False
    offsets = subview.operands[1:]
    return len(offsets) == 2 and offsets[0] == _loop_body(m_loop).arguments[0] and \
        offsets[1] == _loop_body(n_loop).arguments[0]


def move_fills_into_register_tiles(module: ir.Module) -> int:
    """Rewrites every matching fill (see the module docstring); returns how many."""
    fills = []

    def visit(op):
        if op.name == "linalg.fill":
            fills.append(op)
        return ir.WalkResult.ADVANCE

    module.operation.walk(visit)
    moved = 0
    for fill in fills:
        target = fill.operands[1]
        if not isinstance(target.type, ir.MemRefType):
            continue
        following = []
        after = False
        for op in _ops(fill.block):
            if op.operation == fill:
                after = True
            elif after:
                following.append(op)
        m_loop = next((op for op in following if op.operation.name == "scf.for"), None)
        if m_loop is None:
            continue
        between = following[:following.index(m_loop)]
        if any(target in list(op.operands) for op in between):
            continue
        n_loop = _only_loop(_loop_body(m_loop))
        k_loop = _only_loop(_loop_body(n_loop)) if n_loop is not None else None
        if k_loop is None:
            continue
        subview = _register_subview(k_loop, target)
        if subview is None or not _tiles_exactly(m_loop, n_loop, subview, list(ir.MemRefType(target.type).shape)):
            continue
        with ir.InsertionPoint.at_block_begin(_loop_body(n_loop)), fill.location:
            tile = subview.clone()
            linalg.fill(fill.operands[0], outs=[tile.results[0]])
        fill.erase()
        moved += 1
    return moved
