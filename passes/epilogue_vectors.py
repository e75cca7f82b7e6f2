"""epilogue-vectors: the elementwise epilogue a vectorized matmul leaves at workgroup level
becomes vector code in MLIR, one row of at most 64 columns at a time.

accumulator-init moves a matmul's epilogue (a convolution's batch norm, its activation, a
residual add) into the register-tile loop only where that pays (short k, tiles of 32 columns
or more). Elsewhere it stays a `linalg.generic` over the whole workgroup tile after the loop
nest, which reached LLVM as scalar loops: its inner loop over 16 or 24 columns was unrolled
fully, and the SLP vectorizer, facing 16 loop-invariant scale and bias scalars, left it scalar
(MobileNetV2's 12544x32x16 projection: 200k scalar FMAs after 400k vector ones). Tiling it
into rows and running upstream's vectorizer makes every row a few vector loads, FMAs and
stores, whatever LLVM's cost model thinks.
"""
from __future__ import annotations

from mlir import ir

from .patterns import walk
from .transform_script import ANY, apply_transform

MARK = "castiron.epilogue_columns"


def _row_maps(rank: int) -> tuple[str, str]:
    """The maps an epilogue operand may have: an element, or a per-column (last dim) value."""
    dims = ", ".join(f"d{i}" for i in range(rank))
    return f"({dims}) -> ({dims})", f"({dims}) -> (d{rank - 1})"
MAX_COLUMNS = 64  # four AVX-512 vectors a row; wider rows are split


def _column_tile(columns: int) -> int:
    """Whole vectors where they divide the row, else the widest divisor up to MAX_COLUMNS (tiles
    must divide it: a partial tile has dynamic sizes, which the vectorizer would need masks for)."""
    if columns <= MAX_COLUMNS:
        return columns
    return next((c for c in (64, 48, 32, 16) if columns % c == 0), None) or \
        max(c for c in range(1, MAX_COLUMNS + 1) if columns % c == 0)


def _epilogue(op) -> bool:
    """An all-parallel generic (2-D to 4-D) of arith ops on static f32 memrefs reading elements
    and per-column (last dim) values: a matmul's epilogue over the whole workgroup tile, or one
    register tile's where accumulator-init moved it, or a conv's over its NHWC tile."""
    if op.name != "linalg.generic" or len(op.results):
        return False
    if any("parallel" not in str(it) for it in op.attributes["iterator_types"]):
        return False
    body = op.regions[0].blocks[0].operations
    if any(not o.operation.name.startswith(("arith.", "linalg.yield")) for o in body):
        return False  # (math ops become calls to castiron's scalar polynomials: LLVM vectorizes those)
    maps = [ir.AffineMapAttr(m).value for m in op.attributes["indexing_maps"]]
    rank = maps[0].n_dims
    if not 2 <= rank <= 4 or any(str(m) not in _row_maps(rank) for m in maps):
        return False
    for value in op.operands:
        if not isinstance(value.type, ir.MemRefType):
            return False
        t = ir.MemRefType(value.type)
        if not t.has_static_shape or str(t.element_type) != "f32":
            return False
    return True


def vectorize(module: ir.Module) -> int:
    """Tiles and vectorizes the epilogues of `module` (after bufferization); returns how many
    it rewrote."""
    found = []
    walk(module, "linalg.generic", lambda op: found.append(op.operation) if _epilogue(op.operation) else None)
    tiles = set()
    for op in found:
        out = ir.MemRefType(op.operands[len(op.operands) - 1].type)
        tile = (out.rank, _column_tile(out.shape[-1]))
        op.attributes[MARK] = ir.IntegerAttr.get(ir.IntegerType.get_signless(64), 16 * tile[1] + tile[0])
        tiles.add(tile)
    for rank, columns in sorted(tiles):
        sizes = ", ".join(["1"] * (rank - 1) + [str(columns)])
        loops = ", ".join([ANY] * rank)
        apply_transform(module, f"""  %e = transform.structured.match attributes{{{MARK} = {16 * columns + rank} : i64}} in %m : ({ANY}) -> {ANY}
  %t, %loops:{rank} = transform.structured.tile_using_for %e tile_sizes [{sizes}] : ({ANY}) -> ({ANY}, {loops})
  transform.structured.vectorize %t : {ANY}""")
    return len(found)
