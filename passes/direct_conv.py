"""Direct convolution: a conv_2d_nhwc_hwcf computed from its image in place, no im2col copy.

Each workgroup (one output row, up to 64 columns x 64 filters) is tiled to register tiles of
`rows` output columns x `cols` filters, looping over kh and input channels; each step is a
1-D convolution (upstream's `decompose`: kh = oh = 1) that upstream's vectorizer turns into one
contraction per kw, lowered to FMAs like the matmul's: `rows` broadcasts of input pixels times
`cols`-wide filter rows into rows x cols accumulators kept in registers across the loops.

Against im2col + matmul (the other path for convs of 3+ channels), which writes and re-reads
a copy of the image 9x its size: conv 3x3 58x58x32->32 one thread 0.85 -> 0.55 ms (IREE
0.57); the example CNN's stem 0.15 + 0.34 ms -> 0.19 ms.
"""
from __future__ import annotations

from mlir import ir

from .transform_script import ANY

ROWS = (8, 7, 6, 4)  # register rows (output columns): the first dividing the tile


def register_tile(ow_tile: int, f_tile: int) -> tuple[int, int] | None:
    """(rows, cols) of accumulators for a tile of ow_tile columns x f_tile filters (a workgroup's,
    or the whole output row's), or None when none divides it."""
    rows = next((r for r in ROWS if ow_tile % r == 0), None)
    cols = 32 if f_tile % 32 == 0 else 16 if f_tile % 16 == 0 else None
    return None if rows is None or cols is None else (rows, cols)


def applies(conv) -> bool:
    """True for the convs this path computes: f32, dilation 1, filters a multiple of 16 and
    output columns with a register row count dividing them (whole tiles: the vectorizer
    needs static shapes)."""
    types = [ir.ShapedType(v.type) for v in conv.operands]
    if any(str(t.element_type) != "f32" or not t.has_static_shape for t in types):
        return False
    if "dilations" in conv.attributes and list(ir.DenseIntElementsAttr(conv.attributes["dilations"])) != [1, 1]:
        return False
    _, _, ow, f = types[2].shape
    return register_tile(ow, f) is not None


def script(handle: str, rows: int, cols: int) -> str:
    """Transform IR: register tiles of the workgroup's conv, decomposed to 1-D and vectorized."""
    return "\n".join([
        f"  %cr, %crl:4 = transform.structured.tile_using_for {handle} tile_sizes [0, 0, {rows}, {cols}, 1, 0, 1] "
        f": ({ANY}) -> ({ANY}, {ANY}, {ANY}, {ANY}, {ANY})",
        f"  %c1 = transform.structured.decompose %cr : ({ANY}) -> {ANY}",
        f"  transform.structured.vectorize %c1 : {ANY}"])
