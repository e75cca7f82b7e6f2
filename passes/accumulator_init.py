"""accumulator-init: a vectorized matmul's zero fill and elementwise epilogue move into its
register-tile loop.

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

Likewise the fused elementwise consumer (a convolution's batch-norm and activation) that
follows the loop nest and reads the accumulator buffer element for element is applied to each
register tile right after its k loop, on subviews of its operands, instead of in a pass over the
whole workgroup tile: the accumulators go from registers through the epilogue to the output.
"""
from __future__ import annotations

from mlir import ir
from mlir.dialects import arith, linalg, memref

from .patterns import constant_value


def _ops(block) -> list:
    return [op for op in block.operations]


def _loop_body(op):
    return op.regions[0].blocks[0]


def _ops_after(op) -> list:
    """The ops that follow `op` in its block, in order."""
    ops = _ops(op.block)
    index = next(i for i, o in enumerate(ops) if o.operation == op)
    return ops[index + 1:]


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
    """The subview is the register tile at the loops' induction variables, and the loops cover
    the buffer exactly. Without an n loop (a register tile spanning every column, e.g. 12544x32x16
    in 8x16 tiles) the tile takes all columns, from 0."""
    sizes = list(ir.DenseI64ArrayAttr(subview.attributes["static_sizes"]))
    if len(shape) != 2 or len(sizes) != 2:
        return False
    loops = [(m_loop, sizes[0], shape[0])]
    if n_loop is not None:
        loops.append((n_loop, sizes[1], shape[1]))
    elif sizes[1] != shape[1] or list(ir.DenseI64ArrayAttr(subview.attributes["static_offsets"]))[1] != 0:
        return False
    for loop, size, extent in loops:
        lb, ub, step = (_static(v) for v in loop.operands[:3])
        if (lb, ub, step) != (0, extent, size):
            return False
    return list(subview.operands[1:]) == [_loop_body(loop).arguments[0] for loop, _, _ in loops]


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
        following = _ops_after(fill)
        m_loop = next((op for op in following if op.operation.name == "scf.for"), None)
        if m_loop is None:
            continue
        between = following[:following.index(m_loop)]
        if any(target in list(op.operands) for op in between):
            continue
        # m, n, k loops; or m, k where one register tile spans every column (no n loop)
        inner = _only_loop(_loop_body(m_loop))
        nested = _only_loop(_loop_body(inner)) if inner is not None else None
        n_loop, k_loop = (inner, nested) if nested is not None else (None, inner)
        if k_loop is None:
            continue
        subview = _register_subview(k_loop, target)
        if subview is None or not _tiles_exactly(m_loop, n_loop, subview, list(ir.MemRefType(target.type).shape)):
            continue
        with ir.InsertionPoint.at_block_begin(_loop_body(n_loop or m_loop)), fill.location:
            tile = subview.clone()
            linalg.fill(fill.operands[0], outs=[tile.results[0]])
        fill.erase()
        moved += 1
        k_steps = _static(k_loop.operands[1])
        columns = list(ir.DenseI64ArrayAttr(subview.attributes["static_sizes"]))[1]
        if k_steps is not None and k_steps <= EPILOGUE_MAX_K and columns >= EPILOGUE_MIN_COLUMNS:
            _move_epilogue(m_loop, n_loop, k_loop, target, subview)
    return moved


# The epilogue moves into the register loop only for short k and register tiles of at least
# one 16-lane vector a row, where it pays. Measured in MobileNetV2, one thread (per-dispatch
# medians): 12544x96x16 (8x32 register tiles) 0.50 -> 0.37 ms; 3136x144x24 (7x16 tiles) and
# 12544x16x32 (8x16) 0.232 -> 0.221 and 0.172 -> 0.165 once epilogue-vectors made the moved
# epilogue vector code (LLVM had left it scalar: 0.20 -> 0.42 before); but 196x384x64 (7x32,
# k = 64) 0.067 -> 0.12, 49x1280x320 (7x32) 0.33 -> 0.59.
EPILOGUE_MAX_K = 32
EPILOGUE_MIN_COLUMNS = 16


def _dims(m) -> list | None:
    out = []
    for e in m.results:
        if not isinstance(e, ir.AffineDimExpr):
            return None
        out.append(ir.AffineDimExpr(e).position)
    return out


def _hoist_operands(epilogue, m_loop) -> bool:
    """Moves the ops defining the epilogue's operands (a workgroup's slice of the bias, made
    between the loop nest and the epilogue) in front of the loop nest, so they dominate the
    epilogue's new place; False when one of them needs a value made after the loop nest."""
    after = [op.operation for op in _ops_after(m_loop.operation)]

    def late(value) -> bool:
        owner = value.owner
        return not isinstance(owner, ir.Block) and any(owner == op for op in after)

    moves = []
    for value in epilogue.operands:
        if not late(value):
            continue
        owner = value.owner
        if owner.name != "memref.subview" or any(late(v) for v in owner.operands):
            return False
        moves.append(owner)
    for op in moves:
        op.move_before(m_loop.operation)
    return True


def _move_epilogue(m_loop, n_loop, k_loop, target, register_view) -> bool:
    """Moves the elementwise generic that reads `target` after the loop nest into the n loop (or
    the m loop, when one register tile spans every column), after the k loop, on register-tile
    subviews (see the module docstring). MobileNetV2's 12544x32x16 projection, one thread:
    0.159 -> 0.131 ms once its 8x16 tiles (no n loop) took their batch norm this way."""
    epilogue = next((op for op in _ops_after(m_loop.operation) if op.operation.name.startswith("linalg.")), None)
    if epilogue is None or epilogue.operation.name != "linalg.generic" or len(epilogue.results) or \
            target not in list(epilogue.operands):
        return False
    if not all("parallel" in str(it) for it in epilogue.attributes["iterator_types"]):
        return False
    maps = [_dims(ir.AffineMapAttr(m).value) for m in epilogue.attributes["indexing_maps"]]
    if any(m is None for m in maps) or ir.AffineMapAttr(epilogue.attributes["indexing_maps"][0]).value.n_dims != 2:
        return False
    target_index = list(epilogue.operands).index(target)
    if maps[target_index] != [0, 1] or maps[-1] != [0, 1] or list(epilogue.operands).count(target) != 1:
        return False
    users = [u.owner for u in target.uses]
    if any(u.name not in ("memref.subview", "linalg.generic", "memref.copy") for u in users):
        return False
    if not _hoist_operands(epilogue, m_loop):
        return False
    sizes = list(ir.DenseI64ArrayAttr(register_view.attributes["static_sizes"]))
    with ir.InsertionPoint.after(k_loop), epilogue.location:
        # (no n loop: the register tile spans every column, which start at 0)
        column = _loop_body(n_loop).arguments[0] if n_loop is not None else \
            arith.constant(ir.IndexType.get(), 0)
        ivs = [_loop_body(m_loop).arguments[0], column]
        operands = []
        for value, dims in zip(epilogue.operands, maps):
            if value == target:
                operands.append(register_view.clone().results[0])
                continue
            mtype = ir.MemRefType(value.type)
            strides, offset = mtype.get_strides_and_offset()
            dyn = ir.ShapedType.get_dynamic_stride_or_offset()
            layout = ir.StridedLayoutAttr.get(dyn, strides)
            view_type = ir.MemRefType.get([sizes[d] for d in dims], mtype.element_type, layout)
            view = memref.subview(value, [ivs[d] for d in dims], [sizes[d] for d in dims], [1] * len(dims),
                                  result_type=view_type)
            operands.append(view)
        moved = epilogue.operation.clone()
        for i, v in enumerate(operands):
            moved.operands[i] = v
    epilogue.operation.erase()
    return True
