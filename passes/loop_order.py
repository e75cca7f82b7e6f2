"""Loop order for scalar code: put the output's contiguous dimension innermost, reductions outside it.

`convert-linalg-to-loops` emits loops in iteration-space order, so a matmul (i, j, k) gets an
innermost reduction over k that walks B with stride N and accumulates into one scalar: LLVM
cannot vectorize it (no fast-math reassociation) and every k step misses cache. Interchanging
to (i, k, j) makes the innermost loop walk C and B contiguously as independent lanes, which
LLVM's loop vectorizer turns into vector FMAs. The rule, for ops with reductions: the parallel
loop indexing the output's last dimension goes innermost when some input is contiguous in it
too (matmul's B, a conv's filter); other parallel loops keep their order, reductions go between.
"""
from __future__ import annotations

from mlir import ir
from mlir.dialects import linalg

from .transform_script import ANY, apply_transform

TAG = "castiron.loop_order"
# Short reductions (a 3x3x3 conv window, a 1x1 conv over 16 channels) accumulate best in a
# register; measured on the example CNN, interchanging them made its convs 3-5x slower.
MIN_REDUCTION = 64


def _reduction_size(op, maps, parallel) -> int:
    """Product of the reduction loops' static extents (dynamic ones count as large)."""
    sizes = {}
    for value, amap in zip(op.operands, maps):
        shape = value.type.shape if isinstance(value.type, ir.ShapedType) else []
        for extent, expr in zip(shape, amap.results):
            d = _dim(expr)
            if d is not None and not parallel[d] and d not in sizes:
                sizes[d] = extent if extent >= 0 else 1 << 20
    total = 1
    for d, is_parallel in enumerate(parallel):
        if not is_parallel:
            total *= sizes.get(d, 1 << 20)
    return total


def _dim(expr):
    return expr.position if isinstance(expr, ir.AffineDimExpr) else None


def interchange_for(op) -> list[int] | None:
    """The loop permutation for one linalg op, or None when its order is already right."""
    maps_attr = linalg.get_indexing_maps(op)
    if maps_attr is None:
        return None
    maps = [ir.AffineMapAttr(m).value for m in maps_attr]
    out_map = maps[len(maps) - 1]
    if not out_map.results:
        return None
    last = _dim(out_map.results[len(out_map.results) - 1])
    n = out_map.n_dims
    if "iterator_types" in op.attributes:
        parallel = ["parallel" in str(it) for it in op.attributes["iterator_types"]]
    else:
        out_dims = {_dim(e) for e in out_map.results}
        parallel = [d in out_dims for d in range(n)]
    if last is None or not parallel[last] or all(parallel):
        return None
    inputs = maps[:len(maps) - 1]
    if not any(m.results and _dim(m.results[len(m.results) - 1]) == last for m in inputs):
        return None
    if _reduction_size(op, maps, parallel) < MIN_REDUCTION:
        return None
    order = [d for d in range(n) if parallel[d] and d != last] + [d for d in range(n) if not parallel[d]] + [last]
    return None if order == list(range(n)) else order


def order_loops(module: ir.Module) -> int:
    """Tags every linalg op needing a new loop order and interchanges them (transform dialect)."""
    tagged = []

    def visit(op):
        if op.name.startswith("linalg.") and op.name not in ("linalg.yield", "linalg.fill", "linalg.copy"):
            order = interchange_for(op.opview)
            if order is not None:
                op.attributes[f"{TAG}_{len(tagged)}"] = ir.UnitAttr.get()
                tagged.append(order)
        return ir.WalkResult.ADVANCE

    module.operation.walk(visit, ir.WalkOrder.PRE_ORDER)
    if not tagged:
        return 0
    lines = []
    for k, order in enumerate(tagged):
        lines += [f"  %op{k} = transform.structured.match attributes{{{TAG}_{k}}} in %m : ({ANY}) -> {ANY}",
                  f"  %g{k} = transform.structured.generalize %op{k} : ({ANY}) -> {ANY}",
                  f"  %i{k} = transform.structured.interchange %g{k} iterator_interchange = "
                  f"[{', '.join(map(str, order))}] : ({ANY}) -> {ANY}"]
    apply_transform(module, "\n".join(lines))
    return len(tagged)
