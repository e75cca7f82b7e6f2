"""TopK, registered into onnx_ops.OPS on import.

No sort: each element's rank along the axis is the count of elements that come before it
(larger, or equal at a lower index: ONNX's tie order), a reduction over the axis; output
position r then takes the index, and the value, whose rank is r (two more reductions). Quadratic in the
axis length, and the same at every k.
"""
from __future__ import annotations

from .onnx_emit import FLOAT_TYPES, Raw, Value
from .onnx_ops import NodeError, _axis, const_input, op


@op("TopK")
def _top_k(em, node, ins, attrs):
    x = ins[0]
    k = int(const_input(ins, 1, "K").reshape(-1)[0])
    axis = _axis(attrs.get("axis", -1), x.rank)
    n, rank, t = x.shape[axis], x.rank, x.dtype
    if not 0 < k <= n:
        raise NodeError(f"K={k} is outside [1, {n}]")
    largest = bool(attrs.get("largest", 1))
    table = em.ssa(x)
    here = [f"d{d}" for d in range(rank)]
    other = [f"d{rank}" if d == axis else f"d{d}" for d in range(rank)]  # the same row, element j

    def before(b, xi, xj, out):
        """out + 1 when element j comes before element i."""
        if t in FLOAT_TYPES:
            ahead = b(f"arith.cmpf {'ogt' if largest else 'olt'}, {xj}, {xi} : {t}")
            equal = b(f"arith.cmpf oeq, {xj}, {xi} : {t}")
        else:
            ahead = b(f"arith.cmpi {'sgt' if largest else 'slt'}, {xj}, {xi} : {t}")
            equal = b(f"arith.cmpi eq, {xj}, {xi} : {t}")
        lower = b(f"arith.cmpi ult, {b(f'linalg.index {rank} : index')}, {b(f'linalg.index {axis} : index')} : index")
        first = b(f"arith.ori {ahead}, {b(f'arith.andi {equal}, {lower} : i1')} : i1")
        return b(f"arith.addi {out}, {b(f'arith.extui {first} : i1 to i64')} : i64")

    ranks = em.generic([Raw(table, x.shape, t, here), Raw(table, x.shape, t, other)], x.shape, "i64", before,
                       iterators=["parallel"] * rank + ["reduction"], out_exprs=here,
                       init=em.filled(x.shape, "i64", 0), hint="ranks")
    out_shape = tuple(k if d == axis else s for d, s in enumerate(x.shape))

    def index_of(b, r, out):
        position = b(f"linalg.index {axis} : index")
        hit = b(f"arith.cmpi eq, {r}, {b(f'arith.index_cast {position} : index to i64')} : i64")
        j = b(f"arith.index_cast {b(f'linalg.index {rank} : index')} : index to i64")
        return b(f"arith.select {hit}, {j}, {out} : i64")

    indices = em.generic([Raw(ranks, x.shape, "i64", other)], out_shape, "i64", index_of,
                         iterators=["parallel"] * rank + ["reduction"], out_exprs=here,
                         init=em.filled(out_shape, "i64", 0), hint="topk_indices")

    def value_of(b, r, v, out):  # (a reduction too: an elementwise gather after the indices would
        position = b(f"linalg.index {axis} : index")  # fuse into their dispatch and need a heap)
        hit = b(f"arith.cmpi eq, {r}, {b(f'arith.index_cast {position} : index to i64')} : i64")
        return b(f"arith.select {hit}, {v}, {out} : {t}")

    values = em.generic([Raw(ranks, x.shape, "i64", other), Raw(table, x.shape, t, other)], out_shape, t, value_of,
                        iterators=["parallel"] * rank + ["reduction"], out_exprs=here,
                        init=em.filled(out_shape, t, 0), hint="topk_values")
    return [Value(out_shape, t, values), Value(out_shape, "i64", indices)]
