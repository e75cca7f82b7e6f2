"""GridSample (2-D and 3-D; nearest, linear, cubic; zeros, border and reflection padding),
registered into onnx_ops.OPS on import.

One linalg.generic over the output: each element reads its grid point, maps it to input
coordinates (align_corners), applies the padding mode to the coordinate, and combines the
input pixels around it (tensor.extract) with nearest, linear or cubic (Keys, a = -0.75)
weights, as ONNX's reference and PyTorch's grid_sample do.
"""
from __future__ import annotations

import itertools

from .onnx_emit import FLOAT_TYPES, Value, tensor_type
from .onnx_ops import NodeError, op

_CUBIC_A = -0.75


class _F32:
    """f32 scalar arithmetic in a generic's body."""

    def __init__(self, b):
        self.b = b

    def c(self, value) -> str:
        return self.b.const(float(value), "f32")

    def __call__(self, opname: str, *xs) -> str:
        return self.b(f"{opname} {', '.join(xs)} : f32")

    def add(self, x, y):
        return self("arith.addf", x, y)

    def sub(self, x, y):
        return self("arith.subf", x, y)

    def mul(self, x, y):
        return self("arith.mulf", x, y)

    def cmp(self, pred: str, x, y) -> str:
        return self.b(f"arith.cmpf {pred}, {x}, {y} : f32")

    def select(self, cond, x, y) -> str:
        return self.b(f"arith.select {cond}, {x}, {y} : f32")

    def clamp(self, x, lo, hi):
        return self("arith.minimumf", self("arith.maximumf", x, self.c(lo)), self.c(hi))

    def reflect(self, x, lo: float, hi: float) -> str:
        """x reflected by the near border until it lies in [lo, hi] (ONNX's _gs_reflect)."""
        span = self.c(hi - lo)

        def folded(dx, near, far):
            n = self("math.floor", self("arith.divf", dx, span))
            r = self.sub(dx, self.mul(n, span))
            half = self("math.floor", self.mul(n, self.c(0.5)))
            even = self.cmp("oeq", self.sub(n, self.add(half, half)), self.c(0))
            return self.select(even, near(r), far(r))

        below = folded(self.sub(self.c(lo), x), lambda r: self.add(self.c(lo), r), lambda r: self.sub(self.c(hi), r))
        above = folded(self.sub(x, self.c(hi)), lambda r: self.sub(self.c(hi), r), lambda r: self.add(self.c(lo), r))
        return self.select(self.cmp("olt", x, self.c(lo)), below,
                           self.select(self.cmp("ogt", x, self.c(hi)), above, x))


def _cubic_weights(f: _F32, t: str) -> list[str]:
    a = _CUBIC_A

    def far(x):  # ((a (x) - 5a) x + 8a) x - 4a, for 1 <= x <= 2
        return f.sub(f.mul(f.add(f.mul(f.sub(f.mul(f.c(a), x), f.c(5 * a)), x), f.c(8 * a)), x), f.c(4 * a))

    def near(x):  # ((a + 2) x - (a + 3)) x^2 + 1, for x <= 1
        return f.add(f.mul(f.mul(f.sub(f.mul(f.c(a + 2), x), f.c(a + 3)), x), x), f.c(1))

    one_minus = f.sub(f.c(1), t)
    return [far(f.add(t, f.c(1))), near(t), near(one_minus), far(f.sub(f.c(2), t))]


@op("GridSample")
def _grid_sample(em, node, ins, attrs):
    x, grid = ins
    if x.dtype not in FLOAT_TYPES or grid.dtype not in FLOAT_TYPES:
        raise NodeError("the input and grid must be floating point")
    k = x.rank - 2
    mode = {"bilinear": "linear", "bicubic": "cubic"}.get(attrs.get("mode", "linear"), attrs.get("mode", "linear"))
    padding = attrs.get("padding_mode", "zeros")
    align = bool(attrs.get("align_corners", 0))
    if k not in (2, 3) or grid.shape[-1] != k or grid.rank != k + 2 or grid.shape[0] != x.shape[0]:
        raise NodeError(f"input {list(x.shape)} and grid {list(grid.shape)} are not a 2-D or 3-D GridSample")
    if mode not in ("nearest", "linear", "cubic") or (mode == "cubic" and k != 2):
        raise NodeError(f"mode='{mode}' is not supported here (nearest, linear; cubic in 2-D)")
    if padding not in ("zeros", "border", "reflection"):
        raise NodeError(f"padding_mode='{padding}' is not supported (zeros, border, reflection)")
    sizes = x.shape[2:]
    out_shape = (*x.shape[:2], *grid.shape[1:-1])
    t = x.dtype
    table, grid_table = em.ssa(x), em.ssa(grid)

    def body(b, out):
        f = _F32(b)
        where = [b(f"linalg.index {d} : index") for d in range(len(out_shape))]
        coords = []
        for s, size in enumerate(sizes):  # grid component k-1-s is spatial dim s (x is the last one)
            g = b(f"tensor.extract {grid_table}[{where[0]}, {', '.join(where[2:])}, "
                  f"{b(f'arith.constant {k - 1 - s} : index')}] : {tensor_type(grid.shape, grid.dtype)}")
            g = g if grid.dtype == "f32" else b(f"arith.extf {g} : {grid.dtype} to f32")
            v = f.mul(f.add(g, f.c(1)), f.c((size - 1) / 2)) if align else \
                f.mul(f.sub(f.mul(f.add(g, f.c(1)), f.c(size)), f.c(1)), f.c(0.5))
            if mode == "nearest":
                v = f("math.roundeven", v)
            lo, hi = (0.0, size - 1.0) if align else (-0.5, size - 0.5)
            if padding == "border" and mode != "cubic":  # cubic clamps each tap only (PyTorch, onnxruntime)
                outside = b(f"arith.ori {f.cmp('olt', v, f.c(lo))}, {f.cmp('ogt', v, f.c(hi))} : i1")
                v = f.select(outside, f.clamp(v, 0, size - 1), v)
            elif padding == "reflection":
                v = f.reflect(v, lo, hi)
            coords.append((v, lo, hi))

        def pixel(indices) -> str:
            """The input at integer-valued f32 indices (one per spatial dim), padded."""
            inside, at = None, []
            for (i, (_, lo, hi)), size in zip(zip(indices, coords), sizes):
                if padding == "zeros":
                    ok = b(f"arith.andi {f.cmp('oge', i, f.c(0))}, {f.cmp('ole', i, f.c(size - 1))} : i1")
                    inside = ok if inside is None else b(f"arith.andi {inside}, {ok} : i1")
                elif padding == "reflection":
                    i = f.reflect(i, lo, hi)
                i = f.clamp(i, 0, size - 1)
                at.append(b(f"arith.index_cast {b(f'arith.fptosi {i} : f32 to i64')} : i64 to index"))
            value = b(f"tensor.extract {table}[{where[0]}, {where[1]}, {', '.join(at)}] : "
                      f"{tensor_type(x.shape, t)}")
            value = value if t == "f32" else b(f"arith.extf {value} : {t} to f32")
            return f.select(inside, value, f.c(0)) if inside is not None else value

        if mode == "nearest":
            result = pixel([v for v, _, _ in coords])
        else:
            taps = (0, 1) if mode == "linear" else (-1, 0, 1, 2)
            floors = [f("math.floor", v) for v, _, _ in coords]
            fracs = [f.sub(v, fl) for (v, _, _), fl in zip(coords, floors)]
            weights = [[f.sub(f.c(1), fr), fr] if mode == "linear" else _cubic_weights(f, fr) for fr in fracs]
            result = None
            for combo in itertools.product(range(len(taps)), repeat=k):
                w = weights[0][combo[0]]
                for s in range(1, k):
                    w = f.mul(w, weights[s][combo[s]])
                term = f.mul(w, pixel([f.add(fl, f.c(taps[j])) for fl, j in zip(floors, combo)]))
                result = term if result is None else f.add(result, term)
        return result if t == "f32" else b(f"arith.truncf {result} : f32 to {t}")

    return [Value(out_shape, t, em.generic([], out_shape, t, body, hint="grid_sampled"))]
