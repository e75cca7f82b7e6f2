"""Normalization and Lp-norm ONNX operators, registered into onnx_ops.OPS on import:
InstanceNormalization, LpNormalization, LpPool."""
from __future__ import annotations

from .onnx_emit import elementwise, reduce, reduced_operand, reshape
from .onnx_ops import NodeError, _axis, _require_float, const_value, normalize, op, pool


def _per_channel(em, v, rank: int):
    """A [C] parameter as [C, 1, ...] (rank - 1 dims), to broadcast along axis 1."""
    shape = (v.shape[0],) + (1,) * (rank - 2)
    return const_value(v.const.reshape(shape)) if v.is_const else reshape(em, v, shape)


@op("InstanceNormalization")
def _instance_norm(em, node, ins, attrs):
    x, scale, bias = ins
    if x.rank < 3:
        raise NodeError(f"the input must have rank 3 or more, got {x.rank}")
    params = [_per_channel(em, scale, x.rank), _per_channel(em, bias, x.rank)]
    y, _, _ = normalize(em, x, list(range(2, x.rank)), float(attrs.get("epsilon", 1e-5)), params)
    return [y]


def _abs_power(b, v, t, p: int) -> str:
    return b(f"math.absf {v} : {t}") if p == 1 else b(f"arith.mulf {v}, {v} : {t}")


@op("LpNormalization")
def _lp_normalization(em, node, ins, attrs):
    """x / ||x||_p along axis (p 1 or 2); a zero norm gives 0, as onnxruntime."""
    x = ins[0]
    _require_float(x)
    p = int(attrs.get("p", 2))
    if p not in (1, 2):
        raise NodeError(f"p={p} is not supported (1, 2)")
    axis, t = _axis(attrs.get("axis", -1), x.rank), x.dtype
    powers = elementwise(em, [x], t, lambda b, v: _abs_power(b, v, t, p), hint="lp_terms")
    norm = reduce(em, powers, [axis], "sum")

    def body(b, v, s):
        n = s if p == 1 else b(f"math.sqrt {s} : {t}")
        zero = b(f"arith.cmpf oeq, {n}, {b.const(0.0, t)} : {t}")
        return b(f"arith.select {zero}, {b.const(0.0, t)}, {b(f'arith.divf {v}, {n} : {t}')} : {t}")

    return [elementwise(em, [x, reduced_operand(powers, norm, [axis])], t, body, perm=x.perm, out_shape=x.shape,
                        hint="lp_normalized")]


@op("LpPool")
def _lp_pool(em, node, ins, attrs):
    """(sum over the window of |x|^p)^(1/p), the padding counting as zeros."""
    x = ins[0]
    _require_float(x)
    p, t = float(attrs.get("p", 2)), x.dtype

    def powered(b, v):
        magnitude = b(f"math.absf {v} : {t}")
        return b(f"math.powf {magnitude}, {b.const(p, t)} : {t}") if p != 2 else b(f"arith.mulf {v}, {v} : {t}")

    sums = pool(em, node, elementwise(em, [x], t, powered, hint="lp_terms"), attrs, "sum")
    root = (lambda b, s: b(f"math.sqrt {s} : {t}")) if p == 2 else \
        (lambda b, s: b(f"math.powf {s}, {b.const(1.0 / p, t)} : {t}"))
    return [elementwise(em, [sums], t, root, hint="lp_pooled")]

