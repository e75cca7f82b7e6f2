"""ONNX Resize, registered into onnx_ops.OPS on import.

Nearest and linear resizing with the four common coordinate transforms is one gather: each
output element reads its source element(s) with tensor.extract at coordinates computed from
its index. Every other case (cubic, antialias, exclude_outside, half_pixel_symmetric,
tf_crop_and_resize with its extrapolation) is separable: per resized axis, ONNX's reference
implementation (onnx.reference, pinned with onnx) gives each output position its taps and
weights at import, as constant tables; one linalg.generic per axis then sums the weighted
taps. The output size follows the spec: sizes (with keep_aspect_ratio_policy) or
floor(scale x size).
"""
from __future__ import annotations

import numpy as np

from .onnx_emit import Raw, Value, elementwise, tensor_type
from .onnx_ops import NodeError, NotConstant, _axis, _require_float, const_value, op, optional

_GATHERED = ("half_pixel", "pytorch_half_pixel", "asymmetric", "align_corners")
_TRANSFORMS = _GATHERED + ("half_pixel_symmetric", "tf_crop_and_resize")


@op("Resize")
def _resize(em, node, ins, attrs):
    x = ins[0]
    _require_float(x)
    mode = attrs.get("mode", "nearest")
    transform = attrs.get("coordinate_transformation_mode", "half_pixel")
    if mode not in ("nearest", "linear", "cubic"):
        raise NodeError(f"mode='{mode}' is not supported (nearest, linear, cubic)")
    if transform not in _TRANSFORMS:
        raise NodeError(f"coordinate_transformation_mode='{transform}' is not supported ({', '.join(_TRANSFORMS)})")
    axes = [_axis(a, x.rank) for a in attrs.get("axes", range(x.rank))]
    shape, factors = _output_size(ins, attrs, x, axes)
    roi = None
    if transform == "tf_crop_and_resize":
        roi_value = optional(ins, 1)
        if roi_value is None or not roi_value.is_const:
            raise NotConstant("roi must be a constant", 1)
        roi = [float(r) for r in roi_value.const.reshape(-1)]
    if mode != "cubic" and transform in _GATHERED and not attrs.get("antialias", 0):
        return [_gathered(em, x, shape, factors, mode, transform, attrs.get("nearest_mode", "round_prefer_floor"))]
    y = x
    for i, a in enumerate(axes):
        if shape[a] == x.shape[a] and factors[a] == 1.0 and roi is None:
            continue
        axis_roi = None if roi is None else [roi[i], roi[i + len(axes)]]
        y = _resized_axis(em, y, a, shape[a], factors[a], axis_roi, mode, transform, attrs)
    return [y]


def _output_size(ins, attrs, x: Value, axes) -> tuple[list, list]:
    """(output shape, scale per axis), from constant sizes (keep_aspect_ratio_policy) or scales."""
    scales, sizes = optional(ins, 2), optional(ins, 3)
    factors, shape = [1.0] * x.rank, list(x.shape)
    policy = attrs.get("keep_aspect_ratio_policy", "stretch")
    if sizes is not None and sizes.is_const and sizes.const.size:
        wanted = [int(n) for n in sizes.const.reshape(-1)]
        ratios = [n / x.shape[a] for a, n in zip(axes, wanted)]
        if policy == "stretch":
            for a, n, r in zip(axes, wanted, ratios):
                shape[a], factors[a] = n, r
        elif policy in ("not_larger", "not_smaller"):
            scale = min(ratios) if policy == "not_larger" else max(ratios)
            for a in axes:
                shape[a], factors[a] = int(scale * x.shape[a] + 0.5), scale
        else:
            raise NodeError(f"keep_aspect_ratio_policy='{policy}' is not supported")
    elif scales is not None and scales.is_const and scales.const.size:
        for a, f in zip(axes, scales.const.reshape(-1)):
            factors[a] = float(f)
            shape[a] = int(np.floor(x.shape[a] * float(f)))
    else:
        raise NotConstant("scales or sizes must be a constant", 3 if sizes is not None and not sizes.is_const else 2)
    if 0 in shape:
        raise NodeError(f"the result is empty (shape {shape})")
    return shape, factors


def _taps(n: int, m: int, scale: float, roi, mode: str, transform: str, attrs) -> tuple:
    """(indices [m, T], weights [m, T], extrapolated [m]) of one axis, from ONNX's reference."""
    from onnx.reference.ops import op_resize as reference

    a = float(attrs.get("cubic_coeff_a", -0.75))
    antialias = bool(attrs.get("antialias", 0))
    if mode == "nearest":
        if antialias:
            raise NodeError("antialias is not defined for mode='nearest'")
        nearest = attrs.get("nearest_mode", "round_prefer_floor")
        coeffs = (lambda ratio, s: reference._nearest_coeffs(ratio, mode=nearest))
    elif mode == "linear":
        coeffs = reference._linear_coeffs_antialias if antialias else reference._linear_coeffs
    else:
        cubic = reference._cubic_coeffs_antialias if antialias else reference._cubic_coeffs
        coeffs = (lambda ratio, s: cubic(ratio, s, A=a))

    def resized(data, extrapolation):
        return reference._interpolate_1d_along_axis(
            data, 1, scale, m, coeffs, roi=roi, extrapolation_value=extrapolation,
            coordinate_transformation_mode=transform, exclude_outside=bool(attrs.get("exclude_outside", 0)))

    matrix = resized(np.eye(n), 0.0).T                     # [m, n]: output position <- input weights
    extrapolated = resized(np.zeros((1, n)), 1.0)[0] != 0  # positions outside the roi
    width = max(1, int((matrix != 0).sum(axis=1).max()))
    indices = np.zeros((m, width), np.int64)
    weights = np.zeros((m, width), np.float32)
    for o in range(m):
        nonzero = np.flatnonzero(matrix[o])
        indices[o, :len(nonzero)] = nonzero
        weights[o, :len(nonzero)] = matrix[o, nonzero]
    return indices, weights, extrapolated


def _resized_axis(em, x: Value, axis: int, m: int, scale: float, roi, mode: str, transform: str, attrs) -> Value:
    """x resized along one axis: each output sums its weighted taps (a reduction over taps)."""
    if transform in ("align_corners", "tf_crop_and_resize"):
        scale = m / x.shape[axis]  # these map through the output length, the whole one (as onnxruntime)
    indices, weights, extrapolated = _taps(x.shape[axis], m, scale, roi, mode, transform, attrs)
    rank, t = x.rank, x.dtype
    shape = tuple(m if d == axis else s for d, s in enumerate(x.shape))
    table, table_t = em.ssa(x), tensor_type(x.shape, t)
    tap_map = [f"d{axis}", f"d{rank}"]

    def body(b, index, weight, acc):
        coords = [b(f"arith.index_cast {index} : i64 to index") if d == axis else b(f"linalg.index {d} : index")
                  for d in range(rank)]
        value = b(f"tensor.extract {table}[{', '.join(coords)}] : {table_t}")
        if t != "f32":
            value = b(f"arith.extf {value} : {t} to f32")
        return b(f"arith.addf {acc}, {b(f'arith.mulf {value}, {weight} : f32')} : f32")

    ssa = em.generic([Raw(em.constant(indices, "i64", "taps"), indices.shape, "i64", tap_map),
                      Raw(em.constant(weights, "f32", "weights"), weights.shape, "f32", tap_map)],
                     shape, "f32", body, iterators=["parallel"] * rank + ["reduction"],
                     out_exprs=[f"d{d}" for d in range(rank)], init=em.filled(shape, "f32", 0.0), hint="resized")
    y = Value(shape, "f32", ssa)
    if extrapolated.any():
        mask = const_value(extrapolated.reshape([m if d == axis else 1 for d in range(rank)]))
        fill = float(attrs.get("extrapolation_value", 0.0))
        y = elementwise(em, [y, mask], "f32", lambda b, v, outside: b(
            f"arith.select {outside}, {b.const(fill, 'f32')}, {v} : f32"), hint="extrapolated")
    if t != "f32":
        y = elementwise(em, [y], t, lambda b, v: b(f"arith.truncf {v} : f32 to {t}"))
    return y


def _gathered(em, x: Value, shape, factors, mode: str, transform: str, nearest: str) -> Value:
    """Nearest or (multi)linear resizing in one generic over the output."""
    t = "f32"
    resized = [a for a in range(x.rank) if shape[a] != x.shape[a] or factors[a] != 1.0]
    table, table_t = em.ssa(x), f"tensor<{''.join(f'{d}x' for d in x.shape)}{x.dtype}>"

    def source(b, a):
        index = b(f"linalg.index {a} : index")
        o = b(f"arith.sitofp {b(f'arith.index_cast {index} : index to i64')} : i64 to {t}")
        n, m, s = x.shape[a], shape[a], factors[a]
        if transform == "align_corners":
            return b.const(0.0, t) if m == 1 else b(f"arith.mulf {o}, {b.const((n - 1) / (m - 1), t)} : {t}")
        if transform == "asymmetric":
            return b(f"arith.divf {o}, {b.const(s, t)} : {t}")
        if transform == "pytorch_half_pixel" and m == 1:
            return b.const(0.0, t)
        shifted = b(f"arith.addf {o}, {b.const(0.5, t)} : {t}")
        return b(f"arith.subf {b(f'arith.divf {shifted}, {b.const(s, t)} : {t}')}, {b.const(0.5, t)} : {t}")

    def clamp_index(b, v, a):
        i = b(f"arith.fptosi {v} : {t} to i64")
        i = b(f"arith.maxsi {i}, {b.const(0, 'i64')} : i64")
        i = b(f"arith.minsi {i}, {b.const(x.shape[a] - 1, 'i64')} : i64")
        return b(f"arith.index_cast {i} : i64 to index")

    def body(b, out):
        coords, corners = [], []  # coords: fixed index per dim; corners: (dim, i0, i1, weight)
        for a in range(x.rank):
            if a not in resized:
                coords.append(b(f"linalg.index {a} : index"))
                continue
            v = source(b, a)
            if mode == "nearest":
                if nearest == "round_prefer_floor":
                    v = b(f"math.ceil {b(f'arith.subf {v}, {b.const(0.5, t)} : {t}')} : {t}")
                elif nearest == "round_prefer_ceil":
                    v = b(f"math.floor {b(f'arith.addf {v}, {b.const(0.5, t)} : {t}')} : {t}")
                elif nearest == "floor":
                    v = b(f"math.floor {v} : {t}")
                else:
                    v = b(f"math.ceil {v} : {t}")
                coords.append(clamp_index(b, v, a))
                continue
            v = b(f"arith.maximumf {v}, {b.const(0.0, t)} : {t}")
            v = b(f"arith.minimumf {v}, {b.const(x.shape[a] - 1, t)} : {t}")
            low = b(f"math.floor {v} : {t}")
            weight = b(f"arith.subf {v}, {low} : {t}")
            high = b(f"arith.minimumf {b(f'arith.addf {low}, {b.const(1.0, t)} : {t}')}, {b.const(x.shape[a] - 1, t)} : {t}")
            coords.append(None)
            corners.append((a, clamp_index(b, low, a), clamp_index(b, high, a), weight))
        total = None
        for pick in range(1 << len(corners)):
            index, w = list(coords), None
            for bit, (a, i0, i1, weight) in enumerate(corners):
                upper = pick >> bit & 1
                index[a] = i1 if upper else i0
                factor = weight if upper else b(f"arith.subf {b.const(1.0, t)}, {weight} : {t}")
                w = factor if w is None else b(f"arith.mulf {w}, {factor} : {t}")
            value = b(f"tensor.extract {table}[{', '.join(index)}] : {table_t}")
            if x.dtype != t:
                value = b(f"arith.extf {value} : {x.dtype} to {t}")
            term = value if w is None else b(f"arith.mulf {value}, {w} : {t}")
            total = term if total is None else b(f"arith.addf {total}, {term} : {t}")
        return total if x.dtype == t else b(f"arith.truncf {total} : {t} to {x.dtype}")

    ssa = em.generic([], shape, x.dtype, body, hint="resized")
    return Value(tuple(shape), x.dtype, ssa)
