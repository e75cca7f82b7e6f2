"""More ONNX operators, registered into onnx_ops.OPS on import: comparisons and boolean logic
(bool tensors are i1), Where, IsNaN/IsInf, the hard, leaky and smooth activations, Split, Tile,
GatherElements, the other reductions, ArgMax/ArgMin, CastLike, LogSoftmax, Trilu, RMS and local
response normalization, Sum/Mean: what torchvision, Hugging Face and ONNX's own tests use."""
from __future__ import annotations

import numpy as np

from .onnx_emit import FLOAT_TYPES, NUMPY_TYPES, Raw, Value, binary, elementwise, reduce, reduced_operand
from .onnx_ops import (ONNX_TO_MLIR, OPS, NodeError, _axis, _reduction_axes, _require_float, _unary, const_input,
                       const_value, keepdims, normalized_axes, op, optional)

_FLOAT_PREDICATES = {"Equal": "oeq", "Greater": "ogt", "Less": "olt", "GreaterOrEqual": "oge", "LessOrEqual": "ole"}
_INT_PREDICATES = {"Equal": "eq", "Greater": "sgt", "Less": "slt", "GreaterOrEqual": "sge", "LessOrEqual": "sle"}


def _same_types(ins) -> str:
    dtype = ins[0].dtype
    if any(v.dtype != dtype for v in ins):
        raise NodeError(f"inputs have different element types ({', '.join(v.dtype for v in ins)})")
    return dtype


@op(*_FLOAT_PREDICATES)
def _compare(em, node, ins, attrs):
    t = _same_types(ins)
    if t in FLOAT_TYPES:
        text = f"arith.cmpf {_FLOAT_PREDICATES[node.op_type]}"
    else:
        text = f"arith.cmpi {_INT_PREDICATES[node.op_type]}"
    return [elementwise(em, ins, "i1", lambda b, x, y: b(f"{text}, {x}, {y} : {t}"), hint="cmp")]


@op("IsNaN", "IsInf")
def _is_special(em, node, ins, attrs):
    x = ins[0]
    _require_float(x)
    t = x.dtype
    if node.op_type == "IsNaN":
        return [elementwise(em, ins, "i1", lambda b, v: b(f"arith.cmpf uno, {v}, {v} : {t}"), hint="isnan")]
    positive, negative = attrs.get("detect_positive", 1), attrs.get("detect_negative", 1)

    def body(b, v):
        inf = b.const(np.inf, t)
        hits = []
        if positive:
            hits.append(b(f"arith.cmpf oeq, {v}, {inf} : {t}"))
        if negative:
            hits.append(b(f"arith.cmpf oeq, {v}, {b(f'arith.negf {inf} : {t}')} : {t}"))
        if not hits:
            return b.const(0, "i1")
        return hits[0] if len(hits) == 1 else b(f"arith.ori {hits[0]}, {hits[1]} : i1")

    return [elementwise(em, ins, "i1", body, hint="isinf")]


@op("And", "Or", "Xor")
def _logic(em, node, ins, attrs):
    if _same_types(ins) != "i1":
        raise NodeError("inputs must be bool tensors")
    opname = {"And": "arith.andi", "Or": "arith.ori", "Xor": "arith.xori"}[node.op_type]
    return [elementwise(em, ins, "i1", lambda b, x, y: b(f"{opname} {x}, {y} : i1"), hint="logic")]


@op("Not")
def _not(em, node, ins, attrs):
    if ins[0].dtype != "i1":
        raise NodeError("the input must be a bool tensor")
    return [elementwise(em, ins, "i1", lambda b, x: b(f"arith.xori {x}, {b.const(1, 'i1')} : i1"), hint="not")]


@op("Where")
def _where(em, node, ins, attrs):
    cond, x, y = ins
    if cond.dtype != "i1":
        raise NodeError("the condition must be a bool tensor")
    t = _same_types([x, y])
    return [elementwise(em, [cond, x, y], t, lambda b, c, a, d: b(f"arith.select {c}, {a}, {d} : {t}"),
                        hint="where")]


def _hard_sigmoid(b, x, t, alpha, beta):
    linear = b(f"arith.addf {b(f'arith.mulf {x}, {b.const(alpha, t)} : {t}')}, {b.const(beta, t)} : {t}")
    return binary(b, "min", binary(b, "max", linear, b.const(0.0, t), t), b.const(1.0, t), t)


OPS["HardSigmoid"] = _unary(lambda b, x, t, a: _hard_sigmoid(b, x, t, a.get("alpha", 0.2), a.get("beta", 0.5)))
OPS["HardSwish"] = _unary(lambda b, x, t, a: b(f"arith.mulf {x}, {_hard_sigmoid(b, x, t, 1 / 6, 0.5)} : {t}"))


def _leaky_relu(b, x, t, a):
    negative = b(f"arith.cmpf olt, {x}, {b.const(0.0, t)} : {t}")
    scaled = b(f"arith.mulf {x}, {b.const(a.get('alpha', 0.01), t)} : {t}")
    return b(f"arith.select {negative}, {scaled}, {x} : {t}")


def _elu(b, x, t, a):
    negative = b(f"arith.cmpf olt, {x}, {b.const(0.0, t)} : {t}")
    expm1 = b(f"arith.subf {b(f'math.exp {x} : {t}')}, {b.const(1.0, t)} : {t}")
    scaled = b(f"arith.mulf {expm1}, {b.const(a.get('alpha', 1.0), t)} : {t}")
    return b(f"arith.select {negative}, {scaled}, {x} : {t}")


def _softplus(b, x, t, a):  # log(1 + e^x) = max(x, 0) + log(1 + e^-|x|), no overflow
    magnitude = b(f"math.absf {x} : {t}")
    e = b(f"math.exp {b(f'arith.negf {magnitude} : {t}')} : {t}")
    return b(f"arith.addf {binary(b, 'max', x, b.const(0.0, t), t)}, {b(f'math.log1p {e} : {t}')} : {t}")


OPS["LeakyRelu"] = _unary(_leaky_relu)
OPS["Elu"] = _unary(_elu)
OPS["Softplus"] = _unary(_softplus)
for _name, _math in {"Floor": "floor", "Ceil": "ceil", "Sin": "sin", "Cos": "cos"}.items():
    OPS[_name] = _unary(lambda b, x, t, a, m=_math: b(f"math.{m} {x} : {t}"))


@op("PRelu")
def _prelu(em, node, ins, attrs):
    x, slope = ins
    _require_float(x)
    t = _same_types(ins)

    def body(b, v, s):
        negative = b(f"arith.cmpf olt, {v}, {b.const(0.0, t)} : {t}")
        return b(f"arith.select {negative}, {b(f'arith.mulf {v}, {s} : {t}')}, {v} : {t}")

    return [elementwise(em, [x, slope], t, body, perm=x.perm if x.rank >= slope.rank else None, hint="prelu")]


@op("Split")
def _split(em, node, ins, attrs):
    x = ins[0]
    axis = _axis(attrs.get("axis", 0), x.rank)
    outputs = len(node.output)
    if optional(ins, 1) is not None:
        sizes = [int(s) for s in const_input(ins, 1, "split").reshape(-1)]
    elif "split" in attrs:
        sizes = [int(s) for s in attrs["split"]]
    else:
        count = attrs.get("num_outputs", outputs)
        chunk = -(-x.shape[axis] // count)
        sizes = [min(chunk, x.shape[axis] - i * chunk) for i in range(count)]
    if sum(sizes) != x.shape[axis] or len(sizes) != outputs:
        raise NodeError(f"split sizes {sizes} do not divide dimension {axis} of size {x.shape[axis]} "
                        f"into {outputs} outputs")
    results, start = [], 0
    for size in sizes:
        bounds = [np.array([v], np.int64) for v in (start, start + size, axis)]
        results.append(OPS["Slice"](em, node, [x, *[Value((1,), "i64", const=b) for b in bounds]], {})[0])
        start += size
    return results


@op("Tile")
def _tile(em, node, ins, attrs):
    x = ins[0]
    repeats = [int(r) for r in const_input(ins, 1, "repeats").reshape(-1)]
    if len(repeats) != x.rank or any(r < 1 for r in repeats):
        raise NodeError(f"repeats {repeats} must be one positive count per dimension of {list(x.shape)}")
    shape = [d * r for d, r in zip(x.shape, repeats)]
    exprs = [f"d{x.perm.index(a)} mod {x.shape[a]}" if r > 1 else f"d{x.perm.index(a)}"
             for a, r in zip(x.perm, [repeats[p] for p in x.perm])]
    physical = [shape[p] for p in x.perm]
    ssa = em.generic([Raw(x.ssa, x.physical_shape, x.dtype, exprs)], physical, x.dtype, lambda b, v, o: v, hint="tiled")
    return [Value(shape, x.dtype, ssa, x.perm)]


@op("GatherElements")
def _gather_elements(em, node, ins, attrs):
    data, idx = ins
    axis = _axis(attrs.get("axis", 0), data.rank)
    if idx.dtype not in ("i64", "i32"):
        raise NodeError(f"indices of element type {idx.dtype} are not supported")
    table, table_t = em.ssa(data), f"tensor<{''.join(f'{d}x' for d in data.shape)}{data.dtype}>"
    it, dim = idx.dtype, data.shape[axis]

    def body(b, i, out):
        neg = b(f"arith.cmpi slt, {i}, {b.const(0, it)} : {it}")
        i = b(f"arith.select {neg}, {b(f'arith.addi {i}, {b.const(dim, it)} : {it}')}, {i} : {it}")
        coords = [b(f"arith.index_cast {i} : {it} to index") if d == axis else b(f"linalg.index {d} : index")
                  for d in range(data.rank)]
        return b(f"tensor.extract {table}[{', '.join(coords)}] : {table_t}")

    exprs = [f"d{d}" for d in range(idx.rank)]
    ssa = em.generic([Raw(em.ssa(idx), idx.shape, it, exprs)], idx.shape, data.dtype, body, hint="gathered")
    return [Value(idx.shape, data.dtype, ssa)]


@op("ReduceMin", "ReduceProd", "ReduceL2", "ReduceSumSquare", "ReduceL1")
def _reduce_more(em, node, ins, attrs):
    x = ins[0]
    axes = _reduction_axes(ins, attrs, x.rank)
    if axes is None:
        return [x]
    t = x.dtype
    kind = {"ReduceMin": "min", "ReduceProd": "prod"}.get(node.op_type, "sum")
    if node.op_type in ("ReduceL2", "ReduceSumSquare"):
        x = elementwise(em, [x], t, lambda b, v: binary(b, "mul", v, v, t), hint="square")
    elif node.op_type == "ReduceL1":
        _require_float(x)
        x = elementwise(em, [x], t, lambda b, v: b(f"math.absf {v} : {t}"), hint="abs")
    r = reduce(em, x, axes, kind)
    if node.op_type == "ReduceL2":
        r = elementwise(em, [r], t, lambda b, v: b(f"math.sqrt {v} : {t}"))
    return [keepdims(em, x, r, axes) if attrs.get("keepdims", 1) else r]


@op("Size")
def _size(em, node, ins, attrs):
    return [const_value(np.array(int(np.prod(ins[0].shape)), np.int64))]


@op("CastLike")
def _cast_like(em, node, ins, attrs):
    target = next((code for code, name in ONNX_TO_MLIR.items() if name == ins[1].dtype), None)
    if target is None:
        raise NodeError(f"cast to element type {ins[1].dtype} is not supported")
    return OPS["Cast"](em, node, [ins[0]], {"to": target})


@op("Trilu")
def _trilu(em, node, ins, attrs):
    x = ins[0]
    if x.rank < 2:
        raise NodeError("the input must have rank 2 or more")
    k = int(const_input(ins, 1, "k", default=0).reshape(()))
    upper = attrs.get("upper", 1)
    t = x.dtype
    rows, cols = x.rank - 2, x.rank - 1
    zero = 0.0 if t in FLOAT_TYPES else 0

    def body(b, v, out):
        i = b(f"arith.index_cast {b(f'linalg.index {rows} : index')} : index to i64")
        j = b(f"arith.index_cast {b(f'linalg.index {cols} : index')} : index to i64")
        diagonal = b(f"arith.subi {j}, {i} : i64")
        keep = b(f"arith.cmpi {'sge' if upper else 'sle'}, {diagonal}, {b.const(k, 'i64')} : i64")
        return b(f"arith.select {keep}, {v}, {b.const(zero, t)} : {t}")

    exprs = [f"d{d}" for d in range(x.rank)]
    return [Value(x.shape, t, em.generic([Raw(em.ssa(x), x.shape, t, exprs)], x.shape, t, body, hint="trilu"))]


@op("ArgMax", "ArgMin")
def _arg_extreme(em, node, ins, attrs):
    return [arg_extreme(em, ins[0], attrs.get("axis", 0), node.op_type == "ArgMax", attrs.get("select_last_index", 0),
                        attrs.get("keepdims", 1))]


def arg_extreme(em, x: Value, axis: int, is_max: bool, last: bool = False, keep: bool = True) -> Value:
    """The index of the first (or the last) extreme element along axis: the extreme value by
    one reduction, then the least (greatest) index holding it by another."""
    axis = _axis(axis, x.rank)
    t = x.dtype
    xl = Value(x.shape, t, em.ssa(x))  # in logical layout: the index is the logical one
    extreme = reduce(em, xl, [axis], "max" if is_max else "min")
    kept = [d for d in range(x.rank) if d != axis]
    limit = np.iinfo(np.int64).min if last else np.iinfo(np.int64).max

    def body(b, v, e, acc):
        equal = b(f"arith.cmpf oeq, {v}, {e} : {t}") if t in FLOAT_TYPES else b(f"arith.cmpi eq, {v}, {e} : {t}")
        index = b(f"arith.index_cast {b(f'linalg.index {axis} : index')} : index to i64")
        candidate = b(f"arith.select {equal}, {index}, {b.const(limit, 'i64')} : i64")
        return b(f"arith.{'maxsi' if last else 'minsi'} {acc}, {candidate} : i64")

    shape = [x.shape[d] for d in kept]
    ssa = em.generic([Raw(xl.ssa, x.shape, t, [f"d{d}" for d in range(x.rank)]), reduced_operand(xl, extreme, [axis])],
                     shape, "i64", body, iterators=["reduction" if d == axis else "parallel" for d in range(x.rank)],
                     out_exprs=[f"d{d}" for d in kept], init=em.filled(shape, "i64", limit), hint="argext")
    r = Value(tuple(shape), "i64", ssa)
    return keepdims(em, xl, r, [axis]) if keep else r


@op("Hardmax")
def _hardmax(em, node, ins, attrs):
    """1 at the first maximum along axis, 0 elsewhere: ArgMax, then a comparison of indices."""
    x = ins[0]
    _require_float(x)
    axis = _axis(attrs.get("axis", -1), x.rank)
    first = arg_extreme(em, x, axis, is_max=True)
    t = x.dtype

    def body(b, i, out):
        index = b(f"arith.index_cast {b(f'linalg.index {axis} : index')} : index to i64")
        hit = b(f"arith.cmpi eq, {index}, {i} : i64")
        return b(f"arith.select {hit}, {b.const(1.0, t)}, {b.const(0.0, t)} : {t}")

    exprs = ["0" if d == axis else f"d{d}" for d in range(x.rank)]
    return [Value(x.shape, t, em.generic([Raw(em.ssa(first), first.shape, "i64", exprs)], x.shape, t, body,
                                         hint="hardmax"))]


@op("EyeLike")
def _eye_like(em, node, ins, attrs):
    """Depends on the input's (static) shape only: a constant."""
    x = ins[0]
    if x.rank != 2:
        raise NodeError(f"the input must be 2-D, got rank {x.rank}")
    code = attrs.get("dtype")
    dtype = ONNX_TO_MLIR.get(code, x.dtype) if code is not None else x.dtype
    if code is not None and code not in ONNX_TO_MLIR:
        raise NodeError(f"dtype {code} is not supported")
    return [const_value(np.eye(*x.shape, k=int(attrs.get("k", 0)), dtype=NUMPY_TYPES[dtype]))]


@op("RMSNormalization")
def _rms_norm(em, node, ins, attrs):
    x, scale = ins[0], ins[1]
    axes, count, eps = normalized_axes(x, attrs)
    t = x.dtype
    squares = elementwise(em, [x], t, lambda b, v: b(f"arith.mulf {v}, {v} : {t}"), hint="square")
    total = reduce(em, squares, axes, "sum")

    def body(b, v, s, g):
        mean = b(f"arith.divf {s}, {b.const(count, t)} : {t}")
        inv = b(f"math.rsqrt {b(f'arith.addf {mean}, {b.const(eps, t)} : {t}')} : {t}")
        return b(f"arith.mulf {b(f'arith.mulf {v}, {inv} : {t}')}, {g} : {t}")

    return [elementwise(em, [x, reduced_operand(squares, total, axes), scale], t, body, perm=x.perm,
                        out_shape=x.shape, hint="rmsnorm")]


@op("Sum", "Mean")
def _variadic_sum(em, node, ins, attrs):
    t = _same_types(ins)
    if node.op_type == "Mean":
        _require_float(ins[0])

    def body(b, *xs):
        acc = xs[0]
        for x in xs[1:]:
            acc = binary(b, "add", acc, x, t)
        return b(f"arith.divf {acc}, {b.const(len(xs), t)} : {t}") if node.op_type == "Mean" else acc

    return [elementwise(em, ins, t, body, hint=node.op_type.lower())]


@op("LRN")
def _lrn(em, node, ins, attrs):
    """x / (bias + alpha / size * (sum of x^2 over the `size` channels around c)) ^ beta."""
    x = ins[0]
    _require_float(x)
    if x.rank < 3:
        raise NodeError("the input must have rank 3 or more (N, C, ...)")
    size = int(attrs["size"])
    alpha, beta, bias = float(attrs.get("alpha", 1e-4)), float(attrs.get("beta", 0.75)), float(attrs.get("bias", 1.0))
    t = x.dtype
    low, high = (size - 1) // 2, size // 2
    squares = elementwise(em, [x], t, lambda b, v: b(f"arith.mulf {v}, {v} : {t}"), hint="square")
    c = squares.perm.index(1)  # the channel dim, physically
    physical = squares.physical_shape
    padded_shape = [d + (low + high if m == c else 0) for m, d in enumerate(physical)]
    padded = em.pad(squares.ssa, physical, t, [low if m == c else 0 for m in range(x.rank)],
                    [high if m == c else 0 for m in range(x.rank)], 0)
    rank = x.rank
    exprs = [f"d{m} + d{rank}" if m == c else f"d{m}" for m in range(rank)]
    extent = Raw(em.empty((size,), t), (size,), t, [f"d{rank}"])  # (gives the window loop its range)
    window = em.generic([Raw(padded, padded_shape, t, exprs), extent], physical, t,
                        lambda b, v, _, acc: b(f"arith.addf {v}, {acc} : {t}"),
                        iterators=["parallel"] * rank + ["reduction"], out_exprs=[f"d{m}" for m in range(rank)],
                        init=em.filled(physical, t, 0.0), hint="window")
    sums = Value(x.shape, t, window, squares.perm)

    def body(b, v, s):
        scaled = b(f"arith.mulf {s}, {b.const(alpha / size, t)} : {t}")
        base = b(f"arith.addf {scaled}, {b.const(bias, t)} : {t}")
        log = b(f"math.log {base} : {t}")
        power = b(f"math.exp {b(f'arith.mulf {log}, {b.const(beta, t)} : {t}')} : {t}")
        return b(f"arith.divf {v}, {power} : {t}")

    return [elementwise(em, [x, sums], t, body, perm=squares.perm, hint="lrn")]
