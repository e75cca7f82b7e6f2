"""Prefetch the rows of B a vectorized matmul's k loop will read, into L2, some rows ahead.

A vectorized matmul reads B (the weights, for a 1x1 conv) as one row slice [1, W] per step of
its k loop, walking the workgroup's column strip with a stride of a whole row. Where B is
large the weights come from DRAM (a model's weights do not stay in a shared L3 from call to
call), and the hardware prefetchers do not run far enough ahead on that stride: MobileNetV2's
late 1x1 convs took 40-65 us longer than the same dispatch run again at once with its weights
cached (49x960x320: 333 vs 271 us). A `prefetcht2` (locality 1: into L2; L1 prefetches hid
none of it) of every 64-byte line of the row PREFETCH_ROWS ahead, clamped to the last row, took
49x960x320 to 275 us and 49x160x960 from 181 to 157 us (24 to 64 rows ahead did alike, 96 worse).

Only a workgroup's first row tile prefetches (`scf.if`, hoisted out of the k loop by LLVM): it
brings the strip into L2, where the row tiles after it find it.

Only weights are prefetched (arguments dispatch creation marked castiron.weights): a matmul
whose B is an input the caller passes in, as the benchmarks' are, finds it cached call after
call, and paid 2-3% for prefetches there (matmul 256, one thread).

Runs on bufferized code: the k loop is an scf.for whose body takes `memref.subview %strip[%k,
col] [1, W]` of a weights argument (or of its column strip), W a multiple of 16 floats, and
`memref.subview %a[%m, %k] [R, 1]` of another argument, %m the row-tile loop's index.
"""
from __future__ import annotations

from mlir import ir
from mlir.dialects import arith, memref, scf

from .dispatch_creation import WEIGHTS_ATTR

PREFETCH_ROWS = 48   # how many k steps ahead
LINE_FLOATS = 16     # 64-byte lines of f32
LOCALITY_L2 = 1      # prefetcht2: into L2 on x86


def _static_offsets(op) -> list:
    return list(ir.DenseI64ArrayAttr(op.attributes["static_offsets"]))


def _index_values(op) -> list | None:
    """The subview's offsets as index values (constants made for the static ones), or None."""
    dynamic = ir.ShapedType.get_dynamic_stride_or_offset()
    operands = list(op.operands)[1:]
    values = []
    for offset in _static_offsets(op):
        if offset == dynamic:
            if not operands:
                return None
            values.append(operands.pop(0))
        else:
            values.append(arith.ConstantOp(ir.IndexType.get(), offset).result)
    return values


def _is_row_of_strip(op) -> bool:
    """`subview %strip[%k, c] [1, W]` inside the k loop, %strip a weights argument or a 2-D view
    of one."""
    result = ir.MemRefType(op.results[0].type)
    source = op.operands[0]
    if result.rank != 2 or result.shape[0] != 1 or result.shape[1] % LINE_FLOATS or \
            not isinstance(result.element_type, ir.F32Type):
        return False
    if isinstance(source, ir.OpResult) and source.owner.name == "memref.subview":
        root = source.owner.operands[0]  # (the workgroup's column strip of B)
    else:
        root = source  # (B whole: one workgroup spans its columns)
    strip = ir.MemRefType(source.type)
    if len(strip.shape) != 2 or strip.shape[0] <= PREFETCH_ROWS or not _is_weights(root):
        return False
    loop = op.parent
    if loop.operation.name != "scf.for" or _static_offsets(op)[0] != ir.ShapedType.get_dynamic_stride_or_offset():
        return False
    return op.operands[1] == loop.regions[0].blocks[0].arguments[0]  # the row is the k index


def _is_weights(value) -> bool:
    """An argument dispatch creation marked as a module constant (castiron.weights)."""
    if not isinstance(value, ir.BlockArgument):
        return False
    function = value.owner.owner.operation
    if function.name != "func.func" or "arg_attrs" not in function.attributes:
        return False
    attrs = ir.ArrayAttr(function.attributes["arg_attrs"])
    return value.arg_number < len(attrs) and WEIGHTS_ATTR in ir.DictAttr(attrs[value.arg_number])


def _first_row_tile(k_loop):
    """(row-tile loop index, its lower bound) from the A read `subview %a[%m, %k] [R, 1]` in
    the k loop's body, or None."""
    k = k_loop.regions[0].blocks[0].arguments[0]
    for op in k_loop.regions[0].blocks[0].operations:
        if op.operation.name != "memref.subview" or len(op.operands) < 3 or op.operands[2] != k or \
                not isinstance(op.operands[0], ir.BlockArgument):
            continue
        m = op.operands[1]
        if isinstance(m, ir.BlockArgument) and m.owner.owner.operation.name == "scf.for" and m.arg_number == 0:
            return m, m.owner.owner.operation.operands[0]
    return None


def _prefetch(strip, k, column, width: int, last_row: int) -> None:
    """Prefetches each 64-byte line of row min(k + PREFETCH_ROWS, last_row) of the strip."""
    index = ir.IndexType.get()
    ahead = arith.AddIOp(k, arith.ConstantOp(index, PREFETCH_ROWS).result).result
    row = arith.MinSIOp(ahead, arith.ConstantOp(index, last_row).result).result
    for line in range(0, width, LINE_FLOATS):
        col = column if not line else arith.AddIOp(column, arith.ConstantOp(index, line).result).result
        memref.PrefetchOp(strip, [row, col], False, LOCALITY_L2, True)


def prefetch_rows(module: ir.Module) -> int:
    """Inserts the prefetches; returns how many row reads got them."""
    rows = []

    def visit(op):
        if op.name == "memref.subview" and _is_row_of_strip(op):
            rows.append(op)
        return ir.WalkResult.ADVANCE

    module.operation.walk(visit)
    for op in rows:
        strip = op.operands[0]
        width = ir.MemRefType(op.results[0].type).shape[1]
        last_row = ir.MemRefType(strip.type).shape[0] - 1
        with ir.InsertionPoint(op), op.location:
            offsets = _index_values(op)
            if offsets is None:
                continue
            k, column = offsets
            first = _first_row_tile(op.parent)
            if first is None:
                _prefetch(strip, k, column, width, last_row)
                continue
            branch = scf.IfOp(arith.CmpIOp(arith.CmpIPredicate.eq, first[0], first[1]).result)
            with ir.InsertionPoint(branch.then_block):
                _prefetch(strip, k, column, width, last_row)
                scf.YieldOp([])
    return len(rows)
