"""ONNX operators → linalg/tensor/arith/math text, one converter per operator (opset 13+).

A converter gets the Emitter, the node, its input Values (None for an omitted optional input)
and its attributes, and returns its output Values; it raises NodeError for what it refuses.
"""
from __future__ import annotations

import math

import numpy as np

from .onnx_emit import (FLOAT_TYPES, MLIR_TYPES, NUMPY_TYPES, Emitter, Raw, Value, binary, broadcast_shape, elementwise,
                        inverse, reduce, reduced_operand, reshape, tensor_type)

OPS: dict = {}
NHWC = (0, 2, 3, 1)  # the physical layout convolutions and pooling run in


class NodeError(Exception):
    """What a converter refuses; the importer prefixes the node's name and operator."""


class NotConstant(NodeError):
    """An operand castiron needs at import (axes, a shape, pads...) is computed at run time.
    `index` is the node input it is, so the importer can name a graph input to bind."""

    def __init__(self, message: str, index: int):
        super().__init__(message)
        self.index = index


def op(*names):
    def register(fn):
        for name in names:
            OPS[name] = fn
        return fn
    return register


def const_input(ins, index: int, what: str, default=None):
    if index >= len(ins) or ins[index] is None:
        if default is None:
            raise NodeError(f"input {index} ({what}) is required")
        return np.asarray(default)
    if not ins[index].is_const:
        raise NotConstant(f"input {index} ({what}) must be a constant (an initializer or Constant node)", index)
    return ins[index].const


def optional(ins, index: int):
    return ins[index] if index < len(ins) else None


def permute(v: Value, p) -> Value:
    """ONNX Transpose without moving data: the result reuses v's tensor under a new layout."""
    p = tuple(int(i) for i in p)
    if v.is_const:
        return Value(tuple(v.shape[i] for i in p), v.dtype, const=v.const.transpose(p))
    inv = inverse(p)
    return Value(tuple(v.shape[i] for i in p), v.dtype, v.ssa, tuple(inv[q] for q in v.perm))


def _axis(axis: int, rank: int) -> int:
    if not -rank <= axis < max(rank, 1):
        raise NodeError(f"axis {axis} is out of range for rank {rank}")
    return axis % rank if rank else 0


def _require_float(v: Value, what="input") -> None:
    if v.dtype not in FLOAT_TYPES:
        raise NodeError(f"{what} of element type {v.dtype} is not supported (floating point only)")


# -- elementwise -------------------------------------------------------------------------------
_BINARY = {"Add": "add", "Sub": "sub", "Mul": "mul", "Div": "div", "Max": "max", "Min": "min"}


@op("Add", "Sub", "Mul", "Div", "Max", "Min")
def _binary(em, node, ins, attrs):
    kind = _BINARY[node.op_type]
    dtype = ins[0].dtype
    if any(v.dtype != dtype for v in ins):
        raise NodeError(f"inputs have different element types ({', '.join(v.dtype for v in ins)})")
    if len(ins) == 1:
        return [ins[0]]

    def body(b, *xs):
        acc = xs[0]
        for x in xs[1:]:
            acc = binary(b, kind, acc, x, dtype)
        return acc

    return [elementwise(em, ins, dtype, body)]


def _unary(fn, float_only=True):
    def convert(em, node, ins, attrs):
        x = ins[0]
        if float_only:
            _require_float(x)
        return [elementwise(em, [x], x.dtype, lambda b, v: fn(b, v, x.dtype, attrs))]
    return convert


def _relu(b, x, t, attrs):
    return binary(b, "max", x, b.const(0, t), t)


def _sigmoid(b, x, t, attrs):
    neg = b(f"arith.negf {x} : {t}")
    e = b(f"math.exp {neg} : {t}")
    one = b.const(1.0, t)
    return b(f"arith.divf {one}, {b(f'arith.addf {one}, {e} : {t}')} : {t}")


def _gelu(b, x, t, attrs):
    approximate = attrs.get("approximate", "none")
    half, one = b.const(0.5, t), b.const(1.0, t)
    if approximate == "tanh":  # 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
        x3 = b(f"arith.mulf {b(f'arith.mulf {x}, {x} : {t}')}, {x} : {t}")
        inner = b(f"arith.addf {x}, {b(f'arith.mulf {x3}, {b.const(0.044715, t)} : {t}')} : {t}")
        th = b(f"math.tanh {b(f'arith.mulf {inner}, {b.const(math.sqrt(2 / math.pi), t)} : {t}')} : {t}")
        s = b(f"arith.addf {one}, {th} : {t}")
    elif approximate == "none":  # 0.5 x (1 + erf(x / sqrt(2)))
        erf = b(f"math.erf {b(f'arith.mulf {x}, {b.const(1 / math.sqrt(2), t)} : {t}')} : {t}")
        s = b(f"arith.addf {one}, {erf} : {t}")
    else:
        raise NodeError(f"approximate='{approximate}' is not supported (none, tanh)")
    return b(f"arith.mulf {b(f'arith.mulf {x}, {half} : {t}')}, {s} : {t}")


def _neg(b, x, t, attrs):
    if t in FLOAT_TYPES:
        return b(f"arith.negf {x} : {t}")
    return b(f"arith.subi {b.const(0, t)}, {x} : {t}")


OPS["Relu"] = _unary(_relu, float_only=False)
OPS["Sigmoid"] = _unary(_sigmoid)
OPS["Gelu"] = _unary(_gelu)
OPS["Neg"] = _unary(_neg, float_only=False)
OPS["Reciprocal"] = _unary(lambda b, x, t, a: b(f"arith.divf {b.const(1.0, t)}, {x} : {t}"))
for _name, _math in {"Tanh": "tanh", "Exp": "exp", "Sqrt": "sqrt", "Erf": "erf", "Log": "log",
                     "Abs": "absf"}.items():
    OPS[_name] = _unary(lambda b, x, t, a, m=_math: b(f"math.{m} {x} : {t}"))


@op("Pow")
def _pow(em, node, ins, attrs):
    x, e = ins
    t = x.dtype
    if t not in FLOAT_TYPES:
        if e.dtype in FLOAT_TYPES:
            raise NodeError(f"an integer base ({t}) with a {e.dtype} exponent is not supported")
        return [elementwise(em, [x, e], t, lambda b, v, p: _integer_pow(b, v, p, t, e.dtype), hint="pow")]
    if not e.is_const or e.const.size != 1:
        def general(b, v, p):
            if e.dtype not in FLOAT_TYPES:
                p = b(f"arith.sitofp {p} : {e.dtype} to {t}")
            elif e.dtype != t:
                p = b(f"arith.{'extf' if e.dtype == 'f16' else 'truncf'} {p} : {e.dtype} to {t}")
            return _general_pow(b, v, p, t)

        return [elementwise(em, [x, e], t, general, hint="pow")]
    y = float(ins[1].const.reshape(()))

    def body(b, v):
        if y == 0:
            return b.const(1.0, t)
        if y == 0.5:
            return b(f"math.sqrt {v} : {t}")
        if y == int(y) and abs(y) <= 4:  # small integer powers: exact for negative x too
            acc = v
            for _ in range(int(abs(y)) - 1):
                acc = b(f"arith.mulf {acc}, {v} : {t}")
            return acc if y > 0 else b(f"arith.divf {b.const(1.0, t)}, {acc} : {t}")
        # x > 0 only, as for any real power with a fractional exponent
        log = b(f"math.log {v} : {t}")
        return b(f"math.exp {b(f'arith.mulf {log}, {b.const(y, t)} : {t}')} : {t}")

    return [elementwise(em, [x], t, body)]


def _integer_pow(b, v, p, t: str, pt: str) -> str:
    """v ** p in integers, wrapping as the machine's multiply does: square-and-multiply over
    every bit of p. A negative p gives 0, or +-1 for a base of +-1 (C's pow, truncated)."""
    bits = int(t[1:])
    if pt != t:
        p = b(f"arith.{'extsi' if int(pt[1:]) < bits else 'trunci'} {p} : {pt} to {t}")
    one, zero = b.const(1, t), b.const(0, t)
    result, square = one, v
    for bit in range(bits):
        set_ = b(f"arith.cmpi ne, {b(f'arith.andi {p}, {b.const(1 << bit if bit < bits - 1 else -(1 << bit), t)} : {t}')}, "
                 f"{zero} : {t}")
        result = b(f"arith.select {set_}, {b(f'arith.muli {result}, {square} : {t}')}, {result} : {t}")
        square = b(f"arith.muli {square}, {square} : {t}")
    unit = b(f"arith.ori {b(f'arith.cmpi eq, {v}, {one} : {t}')}, "
             f"{b(f'arith.cmpi eq, {v}, {b.const(-1, t)} : {t}')} : i1")
    odd = b(f"arith.cmpi ne, {b(f'arith.andi {p}, {one} : {t}')}, {zero} : {t}")
    unit_power = b(f"arith.select {odd}, {v}, {one} : {t}")
    negative = b(f"arith.cmpi slt, {p}, {zero} : {t}")
    return b(f"arith.select {negative}, {b(f'arith.select {unit}, {unit_power}, {zero} : {t}')}, {result} : {t}")


def _general_pow(b, v, e, t):
    """v ** e elementwise: exp(e log|v|), negated for a negative base and an odd integral
    exponent, NaN for a negative base and a fractional one, 1 where e = 0."""
    absolute = b(f"math.absf {v} : {t}")
    log = b(f"math.log {absolute} : {t}")
    magnitude = b(f"math.exp {b(f'arith.mulf {e}, {log} : {t}')} : {t}")
    integral = b(f"arith.cmpf oeq, {b(f'math.floor {e} : {t}')}, {e} : {t}")
    half = b(f"arith.mulf {e}, {b.const(0.5, t)} : {t}")
    odd = b(f"arith.cmpf one, {b(f'math.floor {half} : {t}')}, {half} : {t}")
    signed = b(f"arith.select {odd}, {b(f'arith.negf {magnitude} : {t}')}, {magnitude} : {t}")
    negative_base = b(f"arith.select {integral}, {signed}, {b.const(np.nan, t)} : {t}")
    negative = b(f"arith.cmpf olt, {v}, {b.const(0.0, t)} : {t}")
    result = b(f"arith.select {negative}, {negative_base}, {magnitude} : {t}")
    zero_exponent = b(f"arith.cmpf oeq, {e}, {b.const(0.0, t)} : {t}")
    return b(f"arith.select {zero_exponent}, {b.const(1.0, t)}, {result} : {t}")


@op("Clip")
def _clip(em, node, ins, attrs):
    x = ins[0]
    t = x.dtype
    # x clipped below by input 1 (a max with it) and above by input 2 (a min), either optional
    pairs = [(kind, v) for kind, v in (("max", optional(ins, 1)), ("min", optional(ins, 2))) if v is not None]
    kinds, bounds = [k for k, _ in pairs], [v for _, v in pairs]
    if not bounds:
        return [x]

    def body(b, v, *limits):
        for kind, limit in zip(kinds, limits):
            v = binary(b, kind, v, limit, t)
        return v

    return [elementwise(em, [x, *bounds], t, body)]


ONNX_TO_MLIR = {1: "f32", 10: "f16", 7: "i64", 6: "i32", 3: "i8", 9: "i1"}  # TensorProto element types


@op("Cast")
def _cast(em, node, ins, attrs):
    x = ins[0]
    to = ONNX_TO_MLIR.get(attrs["to"])
    if to is None:
        raise NodeError(f"cast to ONNX element type {attrs['to']} is not supported "
                        "(float, float16, int64, int32, int8, bool)")
    if to == x.dtype:
        return [x]
    if to == "i1":  # nonzero
        zero = 0.0 if x.dtype in FLOAT_TYPES else 0
        test = "arith.cmpf une" if x.dtype in FLOAT_TYPES else "arith.cmpi ne"
        return [elementwise(em, [x], to, lambda b, v: b(f"{test}, {v}, {b.const(zero, x.dtype)} : {x.dtype}"))]
    widens = int(to[1:]) > int(x.dtype[1:])
    if x.dtype in FLOAT_TYPES:
        opname = ("arith.extf" if widens else "arith.truncf") if to in FLOAT_TYPES else "arith.fptosi"
    else:
        signed = x.dtype != "i1"  # (true is 1, not -1)
        opname = ("arith.sitofp" if signed else "arith.uitofp") if to in FLOAT_TYPES else \
            (("arith.extsi" if signed else "arith.extui") if widens else "arith.trunci")
    return [elementwise(em, [x], to, lambda b, v: b(f"{opname} {v} : {x.dtype} to {to}"))]


@op("Identity", "Dropout")
def _identity(em, node, ins, attrs):
    if node.op_type == "Dropout" and len(node.output) > 1 and node.output[1]:
        if optional(ins, 2) is not None and (not ins[2].is_const or bool(ins[2].const)):
            raise NodeError("training mode is not supported (inference: the mask is all true)")
        return [ins[0], const_value(np.ones(ins[0].shape, np.bool_))]
    return [ins[0]]


@op("Constant")
def _constant(em, node, ins, attrs):
    from onnx import numpy_helper

    if "value" in attrs:
        array = numpy_helper.to_array(attrs["value"])
    elif "value_float" in attrs:
        array = np.array(attrs["value_float"], np.float32)
    elif "value_floats" in attrs:
        array = np.array(attrs["value_floats"], np.float32)
    elif "value_int" in attrs:
        array = np.array(attrs["value_int"], np.int64)
    elif "value_ints" in attrs:
        array = np.array(attrs["value_ints"], np.int64)
    else:
        raise NodeError(f"attribute {', '.join(attrs) or '(none)'} is not supported "
                        "(value, value_float(s), value_int(s))")
    return [const_value(array)]


def const_value(array: np.ndarray) -> Value:
    array = np.asarray(array)
    dtype = MLIR_TYPES.get(array.dtype, str(array.dtype))
    return Value(array.shape, dtype, const=array)


@op("Shape")
def _shape(em, node, ins, attrs):
    shape = ins[0].shape
    start, end = attrs.get("start", 0), attrs.get("end", len(shape))
    return [const_value(np.array(shape[start:end], np.int64))]


# -- normalization and reductions --------------------------------------------------------------
@op("BatchNormalization")
def _batchnorm(em, node, ins, attrs):
    x, scale, bias, mean, var = ins[:5]
    _require_float(x)
    if attrs.get("training_mode", 0):
        raise NodeError("training_mode=1 is not supported (inference only)")
    if any(name for name in node.output[1:]):
        raise NodeError("the running mean/variance outputs are not supported")
    eps = float(attrs.get("epsilon", 1e-5))
    t = x.dtype
    shape = (x.shape[1],) + (1,) * (x.rank - 2)
    params = [scale, bias, mean, var]
    if all(p.is_const for p in params):
        # Folded at import time: y = x * s + (B - mean * s), s = scale / sqrt(var + eps).
        s = scale.const.astype(np.float64) / np.sqrt(var.const.astype(np.float64) + eps)
        shift = bias.const.astype(np.float64) - mean.const.astype(np.float64) * s
        s_v = const_value(s.astype(NUMPY_TYPES[t]).reshape(shape))
        b_v = const_value(shift.astype(NUMPY_TYPES[t]).reshape(shape))
        return [elementwise(em, [x, s_v, b_v], t, lambda b, v, s_, sh: b(
            f"arith.addf {b(f'arith.mulf {v}, {s_} : {t}')}, {sh} : {t}"))]
    params = [reshape(em, p, shape) for p in params]

    def body(b, v, s_, sh, m, var_):
        inv = b(f"math.rsqrt {b(f'arith.addf {var_}, {b.const(eps, t)} : {t}')} : {t}")
        centered = b(f"arith.subf {v}, {m} : {t}")
        normed = b(f"arith.mulf {centered}, {inv} : {t}")
        return b(f"arith.addf {b(f'arith.mulf {normed}, {s_} : {t}')}, {sh} : {t}")

    return [elementwise(em, [x, *params], t, body)]


def _reduction_axes(ins, attrs, rank):
    if len(ins) > 1 and ins[1] is not None:
        axes = [int(a) for a in const_input(ins, 1, "axes").reshape(-1)]
    else:
        axes = list(attrs.get("axes", []))
    if not axes:
        return None if attrs.get("noop_with_empty_axes", 0) else list(range(rank))
    return sorted({_axis(a, rank) for a in axes})


def keepdims(em, x: Value, r: Value, axes) -> Value:
    """r (x reduced over axes) with unit dims in their place, still in x's layout."""
    physical = [1 if x.perm[m] in axes else d for m, d in enumerate(x.physical_shape)]
    shape = [1 if a in axes else d for a, d in enumerate(x.shape)]
    return Value(shape, r.dtype, em.reshape(r.ssa, r.physical_shape, physical, r.dtype), x.perm)


@op("ReduceMean", "ReduceSum", "ReduceMax")
def _reduce(em, node, ins, attrs):
    x = ins[0]
    axes = _reduction_axes(ins, attrs, x.rank)
    if axes is None:
        return [x]
    kind = "max" if node.op_type == "ReduceMax" else "sum"
    r = reduce(em, x, axes, kind)
    if node.op_type == "ReduceMean":
        _require_float(x)
        count = int(np.prod([x.shape[a] for a in axes]))
        r = elementwise(em, [r], x.dtype, lambda b, v: b(f"arith.divf {v}, {b.const(count, x.dtype)} : {x.dtype}"))
    return [keepdims(em, x, r, axes) if attrs.get("keepdims", 1) else r]


@op("Softmax", "LogSoftmax")
def _softmax(em, node, ins, attrs):
    return [softmax(em, ins[0], attrs.get("axis", -1), log=node.op_type == "LogSoftmax")]


def softmax(em, x: Value, axis: int, log: bool = False) -> Value:
    _require_float(x)
    axis = _axis(axis, x.rank)
    t = x.dtype
    m = reduce(em, x, [axis], "max")
    e = elementwise(em, [x, reduced_operand(x, m, [axis])], t, lambda b, v, mx: b(
        f"math.exp {b(f'arith.subf {v}, {mx} : {t}')} : {t}"), perm=x.perm, out_shape=x.shape, hint="exp")
    s = reduce(em, e, [axis], "sum")
    if log:  # x - max - log(sum)
        return elementwise(em, [x, reduced_operand(x, m, [axis]), reduced_operand(x, s, [axis])], t,
                           lambda b, v, mx, total: b(f"arith.subf {b(f'arith.subf {v}, {mx} : {t}')}, "
                                                     f"{b(f'math.log {total} : {t}')} : {t}"),
                           perm=x.perm, out_shape=x.shape, hint="logsoftmax")
    return elementwise(em, [e, reduced_operand(e, s, [axis])], t, lambda b, v, total: b(
        f"arith.divf {v}, {total} : {t}"), perm=e.perm, out_shape=e.shape, hint="softmax")


def normalized_axes(x: Value, attrs) -> tuple[list, int, float]:
    """(axes from `axis` to the last, their element count, epsilon) of a Layer/RMS normalization."""
    _require_float(x)
    axis = _axis(attrs.get("axis", -1), x.rank)
    return list(range(axis, x.rank)), int(np.prod(x.shape[axis:])), float(attrs.get("epsilon", 1e-5))


def normalize(em, x: Value, axes, eps: float, params) -> tuple[Value, Value, Value]:
    """(x - mean) / sqrt(var + eps) over `axes`, times params[0] plus params[1] (Values that
    broadcast against x), and the sum and the sum of squared deviations it used."""
    t, count = x.dtype, int(np.prod([x.shape[a] for a in axes]))
    total = reduce(em, x, axes, "sum")
    # Variance in a second pass over (x - mean)^2: exact where E[x^2] - E[x]^2 cancels.
    reduced = {x.perm.index(a) for a in axes}
    kept = [m for m in range(x.rank) if m not in reduced]

    def variance(b, v, s, acc):
        mean = b(f"arith.divf {s}, {b.const(count, t)} : {t}")
        d = b(f"arith.subf {v}, {mean} : {t}")
        return b(f"arith.addf {acc}, {b(f'arith.mulf {d}, {d} : {t}')} : {t}")

    sq = em.generic([Raw(x.ssa, x.physical_shape, t, [f"d{m}" for m in range(x.rank)]),
                     reduced_operand(x, total, axes)], total.physical_shape, t, variance,
                    iterators=["reduction" if m in reduced else "parallel" for m in range(x.rank)],
                    out_exprs=[f"d{m}" for m in kept], init=em.filled(total.physical_shape, t, 0), hint="sqsum")
    sq = Value(total.shape, t, sq, total.perm)

    def body(b, v, s, q, *affine):
        n = b.const(count, t)
        mean = b(f"arith.divf {s}, {n} : {t}")
        var = b(f"arith.divf {q}, {n} : {t}")
        inv = b(f"math.rsqrt {b(f'arith.addf {var}, {b.const(eps, t)} : {t}')} : {t}")
        y = b(f"arith.mulf {b(f'arith.subf {v}, {mean} : {t}')}, {inv} : {t}")
        if affine:
            y = b(f"arith.mulf {y}, {affine[0]} : {t}")
        return b(f"arith.addf {y}, {affine[1]} : {t}") if len(affine) > 1 else y

    y = elementwise(em, [x, reduced_operand(x, total, axes), reduced_operand(x, sq, axes), *params], t, body,
                    perm=x.perm, out_shape=x.shape, hint="normalized")
    return y, total, sq


@op("LayerNormalization")
def _layernorm(em, node, ins, attrs):
    x, scale, bias = ins[0], ins[1], optional(ins, 2)
    axes, count, eps = normalized_axes(x, attrs)
    t = x.dtype
    y, total, sq = normalize(em, x, axes, eps, [scale] + ([bias] if bias is not None else []))
    if not any(node.output[1:]):
        return [y]
    # Mean and InvStdDev: the statistics, with unit dims in place of the normalized axes.
    mean = elementwise(em, [total], t, lambda b, s_: b(f"arith.divf {s_}, {b.const(count, t)} : {t}"), hint="mean")
    def inverse_std(b, q):
        var = b(f"arith.divf {q}, {b.const(count, t)} : {t}")
        return b(f"math.rsqrt {b(f'arith.addf {var}, {b.const(eps, t)} : {t}')} : {t}")

    inv_std = elementwise(em, [sq], t, inverse_std, hint="invstd")
    return [y, keepdims(em, x, mean, axes), keepdims(em, x, inv_std, axes)]


# -- convolution and pooling -------------------------------------------------------------------
def _spatial_pads(attrs, sizes, kernel, strides, dilations):
    """[begin..., end...] per spatial dim, auto_pad resolved."""
    n = len(sizes)
    auto = attrs.get("auto_pad", "NOTSET")
    if auto in ("SAME_UPPER", "SAME_LOWER"):
        begin, end = [], []
        for size, k, s, d in zip(sizes, kernel, strides, dilations):
            out = -(-size // s)
            total = max(0, (out - 1) * s + (k - 1) * d + 1 - size)
            small, large = total // 2, total - total // 2
            begin.append(small if auto == "SAME_UPPER" else large)
            end.append(large if auto == "SAME_UPPER" else small)
        return begin + end
    if auto == "VALID":
        return [0] * (2 * n)
    if auto != "NOTSET":
        raise NodeError(f"auto_pad='{auto}' is not supported")
    pads = list(attrs.get("pads", [0] * (2 * n)))
    if any(p < 0 for p in pads):
        raise NodeError("negative pads are not supported")
    return pads


def _window(node, attrs, x: Value, kernel, ceil_mode=False):
    """Strides, dilations, begin pads, the high pads the last window needs, and output sizes."""
    if x.rank != 4:
        raise NodeError(f"only 2-D {node.op_type} (4-D NCHW input) is supported, got rank {x.rank}")
    sizes = x.shape[2:]
    strides = list(attrs.get("strides", [1, 1]))
    dilations = list(attrs.get("dilations", [1, 1]))
    pads = _spatial_pads(attrs, sizes, kernel, strides, dilations)
    low, outs, high = pads[:2], [], []
    for i in range(2):
        extent = sizes[i] + pads[i] + pads[i + 2] - (kernel[i] - 1) * dilations[i] - 1
        if extent < 0:
            raise NodeError(f"the window ({kernel[i]}) is larger than the padded input ({sizes[i]})")
        out = (-(-extent // strides[i]) if ceil_mode else extent // strides[i]) + 1
        if ceil_mode and (out - 1) * strides[i] >= sizes[i] + pads[i]:
            out -= 1  # a window must start inside the input or its begin padding
        outs.append(out)
        # Pad only as far as the last window reads (ceil_mode may read past the given end pads).
        need = (out - 1) * strides[i] + (kernel[i] - 1) * dilations[i] + 1
        high.append(max(0, need - sizes[i] - pads[i]))
    return strides, dilations, low, high, pads[2:], outs


def _conv_attrs(strides, dilations) -> str:
    return (f" {{dilations = dense<[{dilations[0]}, {dilations[1]}]> : tensor<2xi64>, "
            f"strides = dense<[{strides[0]}, {strides[1]}]> : tensor<2xi64>}}")


@op("Conv")
def _conv(em, node, ins, attrs):
    x, w, bias = ins[0], ins[1], optional(ins, 2)
    _require_float(x)
    if x.rank != 4 or w.rank != 4:
        raise NodeError(f"only 2-D convolutions (4-D input and weights) are supported, got rank {x.rank}")
    n, c, h, wd = x.shape
    m, cg, kh, kw = w.shape
    group = int(attrs.get("group", 1))
    if c != cg * group or m % group:
        raise NodeError(f"weights {w.shape} do not match {c} input channels in {group} groups")
    strides, dilations, low, high, _, (ho, wo) = _window(node, attrs, x, (kh, kw))
    t = x.dtype
    padded = em.pad(em.ssa(x, NHWC), (n, h, wd, c), t, [0, *low, 0], [0, *high, 0], 0)
    pshape = (n, h + low[0] + high[0], wd + low[1] + high[1], c)
    attr = _conv_attrs(strides, dilations)
    out_shape = (n, ho, wo, m)
    if group == 1:
        ssa = em.named("conv_2d_nhwc_hwcf", attr, [(padded, pshape, t), (em.ssa(w, (2, 3, 1, 0)), (kh, kw, c, m), t)],
                       out_shape, t, em.filled(out_shape, t, 0), hint="conv")
    elif group == c and m == c:
        wv = reshape(em, w, (m, kh, kw))
        ssa = em.named("depthwise_conv_2d_nhwc_hwc", attr,
                       [(padded, pshape, t), (em.ssa(wv, (1, 2, 0)), (kh, kw, c), t)],
                       out_shape, t, em.filled(out_shape, t, 0), hint="dwconv")
    elif group == c:  # depth multiplier: output channel c * mult + j reads input channel c
        mult = m // c
        wv = reshape(em, w, (c, mult, kh, kw))
        shape5 = (n, ho, wo, c, mult)
        ssa = em.named("depthwise_conv_2d_nhwc_hwcm", attr,
                       [(padded, pshape, t), (em.ssa(wv, (2, 3, 0, 1)), (kh, kw, c, mult), t)],
                       shape5, t, em.filled(shape5, t, 0), hint="dwconv")
        ssa = reshape(em, Value(shape5, t, ssa), out_shape).ssa
    else:  # other groups: im2col per group, one batch_matmul over the groups
        ssa = _grouped_as_batch_matmul(em, padded, pshape, w, group, (ho, wo), strides, dilations, t)
    y = Value((n, m, ho, wo), t, ssa, NHWC)
    if bias is not None:
        y = elementwise(em, [y, reshape(em, bias, (m, 1, 1))], t,
                        lambda b, v, bb: b(f"arith.addf {v}, {bb} : {t}"))
    return [y]


def _grouped_as_batch_matmul(em, padded, pshape, w: Value, group, out_hw, strides, dilations, t):
    """A grouped convolution as one batch_matmul over the groups: each group's im2col
    [n*ho*wo, kh*kw*cg] times its filters [kh*kw*cg, mg], then back to NHWC. (As one
    conv_2d_nhwgc_gfhwc it ran through the generic loop nest at 2-4x this time.)"""
    n, hp, wp, c = pshape
    m, cg, kh, kw = w.shape
    if not w.is_const:
        raise NodeError("a grouped convolution needs constant weights")
    mg = m // group
    ho, wo = out_hw
    cols_shape = (group, n, ho, wo, kh, kw, cg)
    exprs = ["d1", f"d2 * {strides[0]} + d4 * {dilations[0]}", f"d3 * {strides[1]} + d5 * {dilations[1]}",
             f"d0 * {cg} + d6"]
    cols = em.generic([Raw(padded, pshape, t, exprs)], cols_shape, t, lambda b, v, o: v, hint="im2col")
    a3 = em.reshape(cols, cols_shape, (group, n * ho * wo, kh * kw * cg), t)
    weights = w.const.reshape(group, mg, cg, kh, kw).transpose(0, 3, 4, 2, 1).reshape(group, kh * kw * cg, mg)
    b3 = em.constant(np.ascontiguousarray(weights), t, "gw")
    out3 = (group, n * ho * wo, mg)
    prod = em.named("batch_matmul", "", [(a3, (group, n * ho * wo, kh * kw * cg), t), (b3, weights.shape, t)],
                    out3, t, em.filled(out3, t, 0), hint="gmm")
    prod5 = em.reshape(prod, out3, (group, n, ho, wo, mg), t)
    nhwgm = em.generic([Raw(prod5, (group, n, ho, wo, mg), t, ["d3", "d0", "d1", "d2", "d4"])], (n, ho, wo, group, mg),
                       t, lambda b, v, o: v, hint="gconv")
    return em.reshape(nhwgm, (n, ho, wo, group, mg), (n, ho, wo, m), t)


@op("MaxPool", "AveragePool")
def _pool(em, node, ins, attrs):
    if len(node.output) > 1 and node.output[1]:
        raise NodeError("the Indices output is not supported")
    return [pool(em, node, ins[0], attrs, "max" if node.op_type == "MaxPool" else "average")]


def pool(em, node, x: Value, attrs, kind: str) -> Value:
    """A 2-D window's max, average or sum (kind) over NCHW x, computed in NHWC; a 1-D one over
    NCW x as the 2-D one over N,C,1,W."""
    _require_float(x)
    if x.rank == 3 and len(attrs.get("kernel_shape", ())) == 1:
        as_2d = {k: v for k, v in attrs.items() if k not in ("kernel_shape", "strides", "dilations", "pads")}
        for name in ("kernel_shape", "strides", "dilations"):
            if name in attrs:
                as_2d[name] = [1, *attrs[name]]
        if "pads" in attrs:
            as_2d["pads"] = [0, attrs["pads"][0], 0, attrs["pads"][1]]
        y = pool(em, node, reshape(em, x, (x.shape[0], x.shape[1], 1, x.shape[2])), as_2d, kind)
        return reshape(em, y, (y.shape[0], y.shape[1], y.shape[3]))
    if x.rank == 5 and len(attrs.get("kernel_shape", ())) == 3:
        return _pool_3d(em, node, x, attrs, kind)
    kernel = list(attrs["kernel_shape"])
    strides, dilations, low, high, end_pads, (ho, wo) = _window(node, attrs, x, kernel, attrs.get("ceil_mode", 0))
    n, c, h, wd = x.shape
    t = x.dtype
    is_max = kind == "max"
    fill = -np.inf if is_max else 0.0
    padded = em.pad(em.ssa(x, NHWC), (n, h, wd, c), t, [0, *low, 0], [0, *high, 0], fill)
    pshape = (n, h + low[0] + high[0], wd + low[1] + high[1], c)
    out_shape = (n, ho, wo, c)
    window = em.empty(kernel, t)
    ssa = em.named(f"pooling_nhwc_{'max' if is_max else 'sum'}", _conv_attrs(strides, dilations),
                   [(padded, pshape, t), (window, tuple(kernel), t)], out_shape, t,
                   em.filled(out_shape, t, fill), hint="pool")
    y = Value((n, c, ho, wo), t, ssa, NHWC)
    if kind != "average":
        return y
    # Divisor per output position: the window's elements inside the input (count_include_pad=0)
    # or inside the input and its given pads (=1); never the extra ceil_mode padding.
    include = attrs.get("count_include_pad", 0)
    counts = []
    for i, (size, out) in enumerate(((h, ho), (wd, wo))):
        lo, hi = (-low[i], size + end_pads[i]) if include else (0, size)
        starts = np.arange(out) * strides[i] - low[i]
        taps = starts[:, None] + np.arange(kernel[i])[None, :] * dilations[i]
        counts.append(((taps >= lo) & (taps < hi)).sum(axis=1))
    divisor = np.outer(counts[0], counts[1]).astype(np.float32)
    d = const_value(divisor.reshape(1, 1, ho, wo) if divisor.min() != divisor.max() else divisor.reshape(-1)[:1])
    return elementwise(em, [y, d], t, lambda b, v, dv: b(f"arith.divf {v}, {dv} : {t}"))


def _pool_3d(em, node, x: Value, attrs, kind: str) -> Value:
    """A 3-D window is separable: pool H and W over (N, C*D, H, W), then D over (N, C, D, Ho*Wo)
    with a (kd, 1) window. Max, sum and (the per-axis counts multiply) average all factor."""
    n, c, d, h, w = x.shape

    def axes_of(picks, fill):
        out = {k: v for k, v in attrs.items() if k not in ("kernel_shape", "strides", "dilations", "pads")}
        for name in ("kernel_shape", "strides", "dilations"):
            if name in attrs:
                out[name] = [attrs[name][i] if i is not None else fill[name] for i in picks]
        if "pads" in attrs:
            pads = attrs["pads"]
            out["pads"] = [pads[i] if i is not None else 0 for i in picks] + \
                [pads[i + 3] if i is not None else 0 for i in picks]
        return out

    hw = pool(em, node, reshape(em, x, (n, c * d, h, w)), axes_of([1, 2], {}), kind)
    ho, wo = hw.shape[2:]
    depth = pool(em, node, reshape(em, hw, (n, c, d, ho * wo)),
                 axes_of([0, None], {"kernel_shape": 1, "strides": 1, "dilations": 1}), kind)
    return reshape(em, depth, (n, c, depth.shape[2], ho, wo))


@op("GlobalAveragePool", "GlobalMaxPool")
def _global_pool(em, node, ins, attrs):
    x = ins[0]
    _require_float(x)
    axes = list(range(2, x.rank))
    is_max = node.op_type == "GlobalMaxPool"
    r = reduce(em, x, axes, "max" if is_max else "sum")
    if not is_max:
        count = int(np.prod(x.shape[2:]))
        r = elementwise(em, [r], x.dtype, lambda b, v: b(f"arith.divf {v}, {b.const(count, x.dtype)} : {x.dtype}"))
    return [keepdims(em, x, r, axes)]


# -- matrix products ---------------------------------------------------------------------------
# f16 products accumulate in f32, rounded once at the end (as onnxruntime and BLAS do).
ACCUMULATOR = {"f16": "f32"}


def _narrowed(em: Emitter, v: Value, t: str) -> Value:
    if v.dtype == t:
        return v
    return elementwise(em, [v], t, lambda b, x: b(f"arith.truncf {x} : {v.dtype} to {t}"), hint="rounded")


def _matmul_2d(em: Emitter, a: Value, b: Value) -> Value:
    (rows, k), (_, cols) = a.shape, b.shape
    t = a.dtype
    acc = ACCUMULATOR.get(t, t)
    zero = 0.0 if t in FLOAT_TYPES else 0
    ssa = em.named("matmul", "", [(em.ssa(a), a.shape, t), (em.ssa(b), b.shape, t)], (rows, cols), acc,
                   em.filled((rows, cols), acc, zero), hint="matmul")
    return _narrowed(em, Value((rows, cols), acc, ssa), t)


def broadcast_to(em: Emitter, v: Value, shape) -> Value:
    shape = tuple(shape)
    if v.shape == shape:
        return v
    if v.is_const:
        return Value(shape, v.dtype, const=np.ascontiguousarray(np.broadcast_to(v.const, shape)))
    return elementwise(em, [v], v.dtype, lambda b, x: x, perm=tuple(range(len(shape))), out_shape=shape,
                       hint="broadcast")


@op("MatMul")
def _matmul(em, node, ins, attrs):
    a, b = ins[0], ins[1]
    if a.dtype != b.dtype:
        raise NodeError(f"inputs have different element types ({a.dtype}, {b.dtype})")
    a2 = reshape(em, a, (1,) + a.shape) if a.rank == 1 else a
    b2 = reshape(em, b, b.shape + (1,)) if b.rank == 1 else b
    (m, k), (k2, n) = a2.shape[-2:], b2.shape[-2:]
    if k != k2:
        raise NodeError(f"inner dimensions differ: {a.shape} x {b.shape}")
    batch = broadcast_shape(a2.shape[:-2], b2.shape[:-2])
    if b2.rank == 2:  # one weight matrix: the batch dims of `a` fold into its rows
        rows = int(np.prod(a2.shape[:-1]))
        y = _matmul_2d(em, reshape(em, a2, (rows, k)), b2)
    else:
        count = int(np.prod(batch))
        a3 = reshape(em, broadcast_to(em, a2, batch + (m, k)), (count, m, k))
        b3 = reshape(em, broadcast_to(em, b2, batch + (k, n)), (count, k, n))
        t = a.dtype
        acc = ACCUMULATOR.get(t, t)
        ssa = em.named("batch_matmul", "", [(em.ssa(a3), a3.shape, t), (em.ssa(b3), b3.shape, t)], (count, m, n), acc,
                       em.filled((count, m, n), acc, 0.0 if t in FLOAT_TYPES else 0), hint="bmm")
        y = _narrowed(em, Value((count, m, n), acc, ssa), t)
    out = batch + ((m,) if a.rank > 1 else ()) + ((n,) if b.rank > 1 else ())
    return [reshape(em, y, out)]


@op("Gemm")
def _gemm(em, node, ins, attrs):
    a, b, c = ins[0], ins[1], optional(ins, 2)
    _require_float(a)
    if attrs.get("transA", 0):
        a = permute(a, (1, 0))
    if attrs.get("transB", 0):
        b = permute(b, (1, 0))
    y = _matmul_2d(em, a, b)
    alpha, beta = float(attrs.get("alpha", 1.0)), float(attrs.get("beta", 1.0))
    t = a.dtype
    if c is None or beta == 0:
        if alpha == 1.0:
            return [y]
        return [elementwise(em, [y], t, lambda bb, v: bb(f"arith.mulf {v}, {bb.const(alpha, t)} : {t}"))]
    if c.is_const and beta != 1.0:
        c, beta = const_value((c.const * beta).astype(c.const.dtype)), 1.0

    def body(bb, v, cv):
        if alpha != 1.0:
            v = bb(f"arith.mulf {v}, {bb.const(alpha, t)} : {t}")
        if beta != 1.0:
            cv = bb(f"arith.mulf {cv}, {bb.const(beta, t)} : {t}")
        return bb(f"arith.addf {v}, {cv} : {t}")

    return [elementwise(em, [y, c], t, body, perm=(0, 1), out_shape=y.shape)]


# -- shapes and data movement ------------------------------------------------------------------
@op("Transpose")
def _transpose(em, node, ins, attrs):
    x = ins[0]
    return [permute(x, attrs.get("perm", list(reversed(range(x.rank)))))]


@op("Reshape")
def _reshape(em, node, ins, attrs):
    x = ins[0]
    spec = [int(d) for d in const_input(ins, 1, "shape").reshape(-1)]
    allowzero = attrs.get("allowzero", 0)
    shape = [x.shape[i] if d == 0 and not allowzero else d for i, d in enumerate(spec)]
    if shape.count(-1) > 1:
        raise NodeError(f"shape {spec} has more than one -1")
    if -1 in shape:
        known = int(np.prod([d for d in shape if d != -1]))
        shape[shape.index(-1)] = int(np.prod(x.shape)) // known if known else 0
    if int(np.prod(shape)) != int(np.prod(x.shape)):
        raise NodeError(f"cannot reshape {list(x.shape)} to {spec}")
    return [reshape(em, x, shape)]


@op("Expand")
def _expand(em, node, ins, attrs):
    x = ins[0]
    spec = tuple(int(d) for d in const_input(ins, 1, "shape").reshape(-1))
    try:
        shape = broadcast_shape(x.shape, spec)
    except ValueError:
        raise NodeError(f"cannot broadcast shape {list(x.shape)} to {list(spec)}") from None
    return [broadcast_to(em, x, shape)]


@op("Flatten")
def _flatten(em, node, ins, attrs):
    x = ins[0]
    axis = attrs.get("axis", 1)
    axis = axis + x.rank if axis < 0 else axis
    return [reshape(em, x, (int(np.prod(x.shape[:axis])), int(np.prod(x.shape[axis:]))))]


def _axes_of(ins, attrs, rank):
    if len(ins) > 1 and ins[1] is not None:
        return [_axis(int(a), rank) for a in const_input(ins, 1, "axes").reshape(-1)]
    return [_axis(int(a), rank) for a in attrs.get("axes", [])]


@op("Squeeze")
def _squeeze(em, node, ins, attrs):
    x = ins[0]
    axes = _axes_of(ins, attrs, x.rank) or [a for a, d in enumerate(x.shape) if d == 1]
    if any(x.shape[a] != 1 for a in axes):
        raise NodeError(f"cannot squeeze axes {axes} of shape {list(x.shape)}")
    return [reshape(em, x, [d for a, d in enumerate(x.shape) if a not in axes])]


@op("Unsqueeze")
def _unsqueeze(em, node, ins, attrs):
    x = ins[0]
    given = const_input(ins, 1, "axes").reshape(-1) if optional(ins, 1) is not None else attrs.get("axes", [])
    rank = x.rank + len(given)
    axes = {_axis(int(a), rank) for a in given}
    dims = iter(x.shape)
    return [reshape(em, x, [1 if a in axes else next(dims) for a in range(rank)])]


@op("Concat")
def _concat(em, node, ins, attrs):
    values = [v for v in ins if v is not None]
    rank = values[0].rank
    axis = _axis(attrs["axis"], rank)
    dtype = values[0].dtype
    out_shape = list(values[0].shape)
    out_shape[axis] = sum(v.shape[axis] for v in values)
    values = [v for v in values if v.shape[axis]]
    perm = next((v.perm for v in values if not v.is_const), tuple(range(rank)))
    ssas = [em.ssa(v, perm) for v in values]
    shapes = [tuple(v.shape[p] for p in perm) for v in values]
    return [Value(out_shape, dtype, em.concat(ssas, shapes, dtype, perm.index(axis)), perm)]


@op("Slice")
def _slice(em, node, ins, attrs):
    x = ins[0]
    starts = const_input(ins, 1, "starts").reshape(-1)
    ends = const_input(ins, 2, "ends").reshape(-1)
    axes = const_input(ins, 3, "axes", default=np.arange(len(starts))).reshape(-1)
    steps = const_input(ins, 4, "steps", default=np.ones(len(starts), np.int64)).reshape(-1)
    start_of, size_of, step_of = [0] * x.rank, list(x.shape), [1] * x.rank
    for start, end, axis, step in zip(starts, ends, axes, steps):
        a = _axis(int(axis), x.rank)
        dim, start, end, step = x.shape[a], int(start), int(end), int(step)
        if step == 0:
            raise NodeError("a step of 0 is invalid")
        start = start + dim if start < 0 else start
        end = end + dim if end < 0 else end
        if step > 0:
            start, end = min(max(start, 0), dim), min(max(end, 0), dim)
        else:
            start, end = min(max(start, 0), dim - 1), min(max(end, -1), dim - 1)
        start_of[a], step_of[a] = start, step
        size_of[a] = max(0, -(-(end - start) // step))
    if 0 in size_of:  # an empty result has no elements to compute: a constant (Concat drops it)
        return [const_value(np.zeros(size_of, NUMPY_TYPES[x.dtype]))]
    # A strided slice of the elements read; negative steps then reverse it (a copy).
    reverse = {a for a in range(x.rank) if step_of[a] < 0}
    offsets = [start_of[a] + step_of[a] * (size_of[a] - 1) if a in reverse else start_of[a] for a in range(x.rank)]
    p = x.perm
    ssa = em.extract_slice(em.ssa(x, p), x.physical_shape, x.dtype, [offsets[a] for a in p],
                           [size_of[a] for a in p], [abs(step_of[a]) for a in p])
    if reverse:
        physical = [size_of[a] for a in p]
        exprs = [f"{size_of[a] - 1} - d{m}" if a in reverse else f"d{m}" for m, a in enumerate(p)]
        ssa = em.generic([Raw(ssa, physical, x.dtype, exprs)], physical, x.dtype, lambda b, v, o: v, hint="reversed")
    return [Value(size_of, x.dtype, ssa, p)]


@op("Pad")
def _pad(em, node, ins, attrs):
    x = ins[0]
    mode = attrs.get("mode", "constant")
    if mode not in ("constant", "reflect", "edge", "wrap"):
        raise NodeError(f"mode='{mode}' is not supported (constant, reflect, edge, wrap)")
    pads = [int(p) for p in const_input(ins, 1, "pads").reshape(-1)]
    value = optional(ins, 2)
    fill = float(const_input(ins, 2, "constant_value").reshape(-1)[0]) if value is not None else 0
    axes = const_input(ins, 3, "axes", default=np.arange(x.rank)).reshape(-1)
    axes = [_axis(int(a), x.rank) for a in axes]
    begin, end = [0] * x.rank, [0] * x.rank
    for i, a in enumerate(axes):
        begin[a], end[a] = pads[i], pads[i + len(axes)]
    if any(p < 0 for p in begin + end):
        raise NodeError("negative pads are not supported")
    if mode != "constant":
        return [_pad_from_inside(em, x, begin, end, mode)]
    p = x.perm
    ssa = em.pad(em.ssa(x, p), x.physical_shape, x.dtype, [begin[a] for a in p], [end[a] for a in p], fill)
    shape = [d + lo + hi for d, lo, hi in zip(x.shape, begin, end)]
    return [Value(shape, x.dtype, ssa, p)]


def _pad_from_inside(em, x: Value, begin, end, mode: str) -> Value:
    """Each element of the padded tensor reads x at its index mapped inside: mirrored without
    the edge (reflect), clamped (edge) or wrapped around (wrap)."""
    p, t = x.perm, x.dtype
    if mode == "reflect" and any(max(begin[a], end[a]) >= x.shape[a] for a in range(x.rank) if begin[a] or end[a]):
        raise NodeError("reflect pads must be smaller than the dimension they pad")
    shape = [d + lo + hi for d, lo, hi in zip(x.shape, begin, end)]
    physical = [shape[a] for a in p]
    table, table_t = em.ssa(x, p), tensor_type(x.physical_shape, t)

    def body(b, out):
        coords = []
        for m, a in enumerate(p):
            i = b(f"linalg.index {m} : index")
            if not (begin[a] or end[a]):
                coords.append(i)
                continue
            n = x.shape[a]
            c = (lambda v: b(f"arith.constant {v} : index"))
            j = b(f"arith.subi {i}, {c(begin[a])} : index")  # may be "negative": index arithmetic is signed
            if mode == "edge":
                j = b(f"arith.minsi {b(f'arith.maxsi {j}, {c(0)} : index')}, {c(n - 1)} : index")
            elif mode == "wrap":
                rem = b(f"arith.remsi {j}, {c(n)} : index")
                j = b(f"arith.remsi {b(f'arith.addi {rem}, {c(n)} : index')}, {c(n)} : index")
            else:  # reflect: |j|, then 2(n-1) - j past the end
                j = b(f"arith.maxsi {j}, {b(f'arith.subi {c(0)}, {j} : index')} : index")
                j = b(f"arith.minsi {j}, {b(f'arith.subi {c(2 * (n - 1))}, {j} : index')} : index")
            coords.append(j)
        return b(f"tensor.extract {table}[{', '.join(coords)}] : {table_t}")

    return Value(shape, t, em.generic([], physical, t, body, hint="padded"), p)


@op("Gather")
def _gather(em, node, ins, attrs):
    data, idx = ins[0], ins[1]
    axis = _axis(attrs.get("axis", 0), data.rank)
    out_shape = data.shape[:axis] + idx.shape + data.shape[axis + 1:]
    dim = data.shape[axis]
    if idx.is_const:
        idx = const_value(np.where(idx.const < 0, idx.const + dim, idx.const).astype(idx.const.dtype))
        if np.any(idx.const < 0) or np.any(idx.const >= dim):
            raise NodeError(f"index out of range for dimension {axis} of size {dim}")
    if idx.rank == 0:  # one index: a slice
        i = int(idx.const) if idx.is_const else None
        if i is not None:
            sizes = list(data.shape)
            sizes[axis] = 1
            offsets = [0] * data.rank
            offsets[axis] = i
            ssa = em.extract_slice(em.ssa(data), data.shape, data.dtype, offsets, sizes, [1] * data.rank)
            return [reshape(em, Value(sizes, data.dtype, ssa), out_shape)]
        idx = reshape(em, idx, (1,))
    if idx.dtype not in ("i64", "i32"):
        raise NodeError(f"indices of element type {idx.dtype} are not supported")
    loop_shape = data.shape[:axis] + idx.shape + data.shape[axis + 1:]
    rank = len(loop_shape)
    table = em.ssa(data)
    table_t = tensor_type(data.shape, data.dtype)
    it = idx.dtype

    def body(b, i, out):
        if not idx.is_const:  # negative indices count from the end
            neg = b(f"arith.cmpi slt, {i}, {b.const(0, it)} : {it}")
            i = b(f"arith.select {neg}, {b(f'arith.addi {i}, {b.const(dim, it)} : {it}')}, {i} : {it}")
        index = b(f"arith.index_cast {i} : {it} to index")
        coords = [b(f"linalg.index {d} : index") for d in range(axis)] + [index] + \
            [b(f"linalg.index {axis + idx.rank + d} : index") for d in range(data.rank - axis - 1)]
        return b(f"tensor.extract {table}[{', '.join(coords)}] : {table_t}")

    ssa = em.generic([Raw(em.ssa(idx), idx.shape, it, [f"d{axis + d}" for d in range(idx.rank)])], loop_shape,
                     data.dtype, body, hint="gather")
    return [reshape(em, Value(loop_shape, data.dtype, ssa), out_shape)]
