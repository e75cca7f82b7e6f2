"""GatherND, ScatterElements and ScatterND, registered into onnx_ops.OPS on import.

Each output element is one linalg.generic iteration that reads its indices with tensor.extract.
A scatter has no parallel form over its updates (two may hit one element), so it runs over the
output: element i folds, in order, every update whose index lands on i (a reduction loop over
the updates), starting from data[i]. That is exact for every reduction mode, and costs
output size x update count.
"""
from __future__ import annotations

from .onnx_emit import Raw, Value, binary, tensor_type
from .onnx_ops import NodeError, _axis, op

_REDUCTIONS = ("none", "add", "mul", "max", "min")


def _index_types(indices: Value) -> str:
    if indices.dtype not in ("i64", "i32"):
        raise NodeError(f"indices of element type {indices.dtype} are not supported (int64, int32)")
    return indices.dtype


def _wrapped(b, i: str, it: str, dim: int) -> str:
    """i, or i + dim for a negative index, clamped into [0, dim) so a read never leaves the tensor."""
    neg = b(f"arith.cmpi slt, {i}, {b.const(0, it)} : {it}")
    i = b(f"arith.select {neg}, {b(f'arith.addi {i}, {b.const(dim, it)} : {it}')}, {i} : {it}")
    i = b(f"arith.maxsi {i}, {b.const(0, it)} : {it}")
    return b(f"arith.minsi {i}, {b.const(dim - 1, it)} : {it}")


def _extract(b, table: str, value: Value, coords) -> str:
    return b(f"tensor.extract {table}[{', '.join(coords)}] : {tensor_type(value.shape, value.dtype)}")


def _update_loops(em, shape, first: int, t: str) -> Raw:
    """An operand whose only role is to give the update loops (d{first}...) their extent."""
    return Raw(em.empty(shape, t), shape, t, [f"d{first + d}" for d in range(len(shape))])


def _combine(b, reduction: str, acc: str, update: str, t: str) -> str:
    if reduction == "none":
        return update
    return binary(b, {"add": "add", "mul": "mul", "max": "max", "min": "min"}[reduction], acc, update, t)


@op("GatherND")
def _gather_nd(em, node, ins, attrs):
    data, indices = ins
    it = _index_types(indices)
    batch = int(attrs.get("batch_dims", 0))
    k = indices.shape[-1]
    if batch + k > data.rank:
        raise NodeError(f"indices of depth {k} and {batch} batch dims do not fit data of rank {data.rank}")
    out_shape = (*indices.shape[:-1], *data.shape[batch + k:])
    q = indices.rank - 1  # output dims that walk the index tuples
    table, idx_table = em.ssa(data), em.ssa(indices)

    def body(b, out):
        where = [b(f"linalg.index {d} : index") for d in range(len(out_shape))]
        coords = where[:batch]
        for m in range(k):
            i = _extract(b, idx_table, indices, [*where[:q], b(f"arith.constant {m} : index")])
            coords.append(b(f"arith.index_cast {_wrapped(b, i, it, data.shape[batch + m])} : {it} to index"))
        return _extract(b, table, data, coords + where[q:])

    return [Value(out_shape, data.dtype, em.generic([], out_shape, data.dtype, body, hint="gathered_nd"))]


def _scatter_operands(em, ins, attrs, fits: bool):
    """(index type, element type, reduction, indices and updates tensors) of a scatter."""
    data, indices, updates = ins
    it = _index_types(indices)
    reduction = attrs.get("reduction", "none")
    if reduction not in _REDUCTIONS:
        raise NodeError(f"reduction='{reduction}' is not supported ({', '.join(_REDUCTIONS)})")
    if not fits:
        raise NodeError(f"indices {list(indices.shape)} and updates {list(updates.shape)} do not fit data "
                        f"{list(data.shape)}")
    return it, data.dtype, reduction, em.ssa(indices), em.ssa(updates)


@op("ScatterElements")
def _scatter_elements(em, node, ins, attrs):
    """out[i] folds updates[p] for every p with p == i off the axis and indices[p] == i on it."""
    data, indices, updates = ins
    axis = _axis(attrs.get("axis", 0), data.rank)
    fits = indices.shape == updates.shape and indices.rank == data.rank and \
        all(s <= d for a, (s, d) in enumerate(zip(indices.shape, data.shape)) if a != axis)
    it, t, reduction, idx_table, upd_table = _scatter_operands(em, ins, attrs, fits)
    rank = data.rank

    def body(b, _, out):
        where = [b(f"linalg.index {d} : index") for d in range(rank)]
        k = b(f"linalg.index {rank} : index")
        inside = None  # whether i lies within the indices' extent off the axis
        at = []
        for d in range(rank):
            if d == axis:
                at.append(k)
                continue
            if indices.shape[d] < data.shape[d]:
                ok = b(f"arith.cmpi ult, {where[d]}, {b(f'arith.constant {indices.shape[d]} : index')} : index")
                inside = ok if inside is None else b(f"arith.andi {inside}, {ok} : i1")
                at.append(b(f"arith.minui {where[d]}, {b(f'arith.constant {indices.shape[d] - 1} : index')} : index"))
            else:
                at.append(where[d])
        target = _wrapped(b, _extract(b, idx_table, indices, at), it, data.shape[axis])
        hit = b(f"arith.cmpi eq, {b(f'arith.index_cast {target} : {it} to index')}, {where[axis]} : index")
        if inside is not None:
            hit = b(f"arith.andi {hit}, {inside} : i1")
        combined = _combine(b, reduction, out, _extract(b, upd_table, updates, at), t)
        return b(f"arith.select {hit}, {combined}, {out} : {t}")

    iterators = ["parallel"] * rank + ["reduction"]
    ssa = em.generic([_update_loops(em, (indices.shape[axis],), rank, t)], data.shape, t, body, iterators=iterators,
                     out_exprs=[f"d{d}" for d in range(rank)], init=em.ssa(data), hint="scattered")
    return [Value(data.shape, t, ssa)]


@op("ScatterND")
def _scatter_nd(em, node, ins, attrs):
    """out[i] folds updates[p, i[k:]] for every index tuple p with indices[p] == i[:k]."""
    data, indices, updates = ins
    k, q = indices.shape[-1], indices.rank - 1
    fits = k <= data.rank and updates.shape == (*indices.shape[:-1], *data.shape[k:])
    it, t, reduction, idx_table, upd_table = _scatter_operands(em, ins, attrs, fits)
    rank = data.rank

    def body(b, _, out):
        where = [b(f"linalg.index {d} : index") for d in range(rank)]
        p = [b(f"linalg.index {rank + d} : index") for d in range(q)]
        hit = None
        for m in range(k):
            i = _extract(b, idx_table, indices, [*p, b(f"arith.constant {m} : index")])
            i = b(f"arith.index_cast {_wrapped(b, i, it, data.shape[m])} : {it} to index")
            same = b(f"arith.cmpi eq, {i}, {where[m]} : index")
            hit = same if hit is None else b(f"arith.andi {hit}, {same} : i1")
        combined = _combine(b, reduction, out, _extract(b, upd_table, updates, [*p, *where[k:]]), t)
        return b(f"arith.select {hit}, {combined}, {out} : {t}") if hit is not None else combined

    iterators = ["parallel"] * rank + ["reduction"] * q
    ssa = em.generic([_update_loops(em, indices.shape[:-1], rank, t)], data.shape, t, body, iterators=iterators,
                     out_exprs=[f"d{d}" for d in range(rank)], init=em.ssa(data), hint="scattered")
    return [Value(data.shape, t, ssa)]

