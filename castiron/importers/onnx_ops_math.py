"""Elementwise math ONNX operators, registered into onnx_ops.OPS on import: trigonometric and
hyperbolic functions, Sign and Round, the remaining activations (Selu, ThresholdedRelu,
Shrink, Softsign, Mish, Swish) and the bitwise operators.

Each is written from the math ops castiron's freestanding dispatches have (exp, log, log1p,
sin, cos, atan, tanh, sqrt: see passes/math_approximation.py), so none needs libm.
"""
from __future__ import annotations

from .onnx_emit import elementwise
from .onnx_ops import OPS, NodeError, _unary, op
from .onnx_ops_more import _same_types, _softplus


def _f(b, opname, *xs, t):
    return b(f"{opname} {', '.join(xs)} : {t}")


def _exp_pair(b, x, t):
    return _f(b, "math.exp", x, t=t), _f(b, "math.exp", _f(b, "arith.negf", x, t=t), t=t)


def _sinh(b, x, t, a):
    # (e^x - e^-x)/2 loses every digit near 0: there, x + x^3/6 (+ x^5/120) is exact to f32.
    p, n = _exp_pair(b, x, t)
    wide = _f(b, "arith.mulf", _f(b, "arith.subf", p, n, t=t), b.const(0.5, t), t=t)
    x2 = _f(b, "arith.mulf", x, x, t=t)
    series = _f(b, "math.fma", x2, b.const(1 / 120, t), b.const(1 / 6, t), t=t)
    series = _f(b, "math.fma", _f(b, "arith.mulf", x2, x, t=t), series, x, t=t)
    small = b(f"arith.cmpf olt, {_f(b, 'math.absf', x, t=t)}, {b.const(0.25, t)} : {t}")
    return b(f"arith.select {small}, {series}, {wide} : {t}")


def _cosh(b, x, t, a):
    p, n = _exp_pair(b, x, t)
    return _f(b, "arith.mulf", _f(b, "arith.addf", p, n, t=t), b.const(0.5, t), t=t)


def _sqrt1(b, x, t, sign):
    """sqrt(x*x + sign)"""
    return _f(b, "math.sqrt", _f(b, "math.fma", x, x, b.const(sign, t), t=t), t=t)


def _asinh(b, x, t, a):  # sign(x) log(|x| + sqrt(x^2 + 1)), as log1p(|x| + x^2 / (1 + sqrt(x^2 + 1)))
    ax = _f(b, "math.absf", x, t=t)
    x2 = _f(b, "arith.mulf", x, x, t=t)
    denom = _f(b, "arith.addf", b.const(1.0, t), _sqrt1(b, x, t, 1.0), t=t)
    magnitude = _f(b, "math.log1p", _f(b, "arith.addf", ax, _f(b, "arith.divf", x2, denom, t=t), t=t), t=t)
    return _f(b, "math.copysign", magnitude, x, t=t)


def _acosh(b, x, t, a):  # log(x + sqrt(x^2 - 1)), x >= 1
    return _f(b, "math.log", _f(b, "arith.addf", x, _sqrt1(b, x, t, -1.0), t=t), t=t)


def _atanh(b, x, t, a):  # log1p(2x / (1 - x)) / 2
    ratio = _f(b, "arith.divf", _f(b, "arith.addf", x, x, t=t), _f(b, "arith.subf", b.const(1.0, t), x, t=t), t=t)
    return _f(b, "arith.mulf", _f(b, "math.log1p", ratio, t=t), b.const(0.5, t), t=t)


def _asin(b, x, t, a):  # atan(x / sqrt(1 - x^2)); +-pi/2 at +-1
    root = _f(b, "math.sqrt", _f(b, "arith.subf", b.const(1.0, t), _f(b, "arith.mulf", x, x, t=t), t=t), t=t)
    return _f(b, "math.atan", _f(b, "arith.divf", x, root, t=t), t=t)


def _acos(b, x, t, a):  # 2 atan(sqrt((1 - x) / (1 + x))): exact near 1, pi at -1
    one = b.const(1.0, t)
    ratio = _f(b, "arith.divf", _f(b, "arith.subf", one, x, t=t), _f(b, "arith.addf", one, x, t=t), t=t)
    return _f(b, "arith.mulf", _f(b, "math.atan", _f(b, "math.sqrt", ratio, t=t), t=t), b.const(2.0, t), t=t)


def _tan(b, x, t, a):
    return _f(b, "arith.divf", _f(b, "math.sin", x, t=t), _f(b, "math.cos", x, t=t), t=t)


def _sign(b, x, t, a):
    if t.startswith("f"):
        zero = b.const(0.0, t)
        pos = b(f"arith.uitofp {b(f'arith.cmpf ogt, {x}, {zero} : {t}')} : i1 to {t}")
        neg = b(f"arith.uitofp {b(f'arith.cmpf olt, {x}, {zero} : {t}')} : i1 to {t}")
        unordered = b(f"arith.cmpf uno, {x}, {x} : {t}")  # Sign(NaN) is NaN
        return b(f"arith.select {unordered}, {x}, {_f(b, 'arith.subf', pos, neg, t=t)} : {t}")
    zero = b.const(0, t)
    pos = b(f"arith.extui {b(f'arith.cmpi sgt, {x}, {zero} : {t}')} : i1 to {t}")
    neg = b(f"arith.extui {b(f'arith.cmpi slt, {x}, {zero} : {t}')} : i1 to {t}")
    return _f(b, "arith.subi", pos, neg, t=t)


def _selu(b, x, t, a):
    alpha, gamma = a.get("alpha", 1.67326319217681884765625), a.get("gamma", 1.05070102214813232421875)
    negative = b(f"arith.cmpf ole, {x}, {b.const(0.0, t)} : {t}")
    expm1 = _f(b, "arith.subf", _f(b, "math.exp", x, t=t), b.const(1.0, t), t=t)
    chosen = b(f"arith.select {negative}, {_f(b, 'arith.mulf', expm1, b.const(alpha, t), t=t)}, {x} : {t}")
    return _f(b, "arith.mulf", chosen, b.const(gamma, t), t=t)


def _thresholded_relu(b, x, t, a):
    above = b(f"arith.cmpf ogt, {x}, {b.const(a.get('alpha', 1.0), t)} : {t}")
    return b(f"arith.select {above}, {x}, {b.const(0.0, t)} : {t}")


def _shrink(b, x, t, a):
    lambd, bias = a.get("lambd", 0.5), a.get("bias", 0.0)
    low = b(f"arith.cmpf olt, {x}, {b.const(-lambd, t)} : {t}")
    high = b(f"arith.cmpf ogt, {x}, {b.const(lambd, t)} : {t}")
    inner = b(f"arith.select {high}, {_f(b, 'arith.subf', x, b.const(bias, t), t=t)}, {b.const(0.0, t)} : {t}")
    return b(f"arith.select {low}, {_f(b, 'arith.addf', x, b.const(bias, t), t=t)}, {inner} : {t}")


def _softsign(b, x, t, a):
    return _f(b, "arith.divf", x, _f(b, "arith.addf", b.const(1.0, t), _f(b, "math.absf", x, t=t), t=t), t=t)


def _mish(b, x, t, a):
    return _f(b, "arith.mulf", x, _f(b, "math.tanh", _softplus(b, x, t, a), t=t), t=t)


def _swish(b, x, t, a):  # x * sigmoid(alpha x)
    ax = _f(b, "arith.mulf", x, b.const(a.get("alpha", 1.0), t), t=t)
    e = _f(b, "math.exp", _f(b, "arith.negf", ax, t=t), t=t)
    return _f(b, "arith.divf", x, _f(b, "arith.addf", b.const(1.0, t), e, t=t), t=t)


def _round(b, x, t, a):
    return _f(b, "math.roundeven", x, t=t)


for _name, _fn in {"Sinh": _sinh, "Cosh": _cosh, "Asinh": _asinh, "Acosh": _acosh, "Atanh": _atanh, "Asin": _asin,
                   "Acos": _acos, "Atan": lambda b, x, t, a: _f(b, "math.atan", x, t=t), "Tan": _tan,
                   "Selu": _selu, "ThresholdedRelu": _thresholded_relu, "Shrink": _shrink, "Softsign": _softsign,
                   "Mish": _mish, "Swish": _swish, "Round": _round}.items():
    OPS[_name] = _unary(_fn)
OPS["Sign"] = _unary(_sign, float_only=False)


@op("BitwiseAnd", "BitwiseOr", "BitwiseXor")
def _bitwise(em, node, ins, attrs):
    t = _same_types(ins)
    if t.startswith("f"):
        raise NodeError("inputs must be integer tensors")
    opname = {"BitwiseAnd": "arith.andi", "BitwiseOr": "arith.ori", "BitwiseXor": "arith.xori"}[node.op_type]
    return [elementwise(em, ins, t, lambda b, x, y: b(f"{opname} {x}, {y} : {t}"), hint="bitwise")]


@op("BitwiseNot")
def _bitwise_not(em, node, ins, attrs):
    t = ins[0].dtype
    if t.startswith("f"):
        raise NodeError("the input must be an integer tensor")
    return [elementwise(em, ins, t, lambda b, x: b(f"arith.xori {x}, {b.const(-1, t)} : {t}"), hint="bitwise_not")]
