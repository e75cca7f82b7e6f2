"""conv1x1-to-matmul: a 1x1, stride-1 NHWC convolution is a matmul over the flattened pixels.

`conv_2d_nhwc_hwcf(x[N,H,W,C], w[1,1,C,F])` becomes `expand(matmul(collapse(x)[NHW,C],
collapse(w)[C,F]))`, so it takes castiron's matmul path (register tiles, vector FMAs) instead of
the generic convolution loops; the reshapes are views at run time (no copies).
"""
from __future__ import annotations

from mlir import ir
from mlir.dialects import linalg, tensor

from .patterns import apply_patterns


def _dense_ints(op, name) -> list[int]:
    if name not in op.attributes:
        return [1, 1]
    return [int(v) for v in ir.DenseIntElementsAttr(op.attributes[name])]


def _rewrite(conv, rewriter) -> bool:
    x, w, init = conv.operands[0], conv.operands[1], conv.operands[2]
    xt, wt, ot = x.type, w.type, init.type
    if not (xt.has_static_shape and wt.has_static_shape and ot.has_static_shape):
        return False
    kh, kw, c, f = wt.shape
    if (kh, kw) != (1, 1) or _dense_ints(conv, "strides") != [1, 1]:
        return False
    n, h, wd, _ = ot.shape
    if list(xt.shape) != [n, h, wd, c]:
        return False
    m = n * h * wd
    with rewriter.ip, conv.location:
        el = ot.element_type
        x2 = tensor.CollapseShapeOp(ir.RankedTensorType.get([m, c], xt.element_type), x, [[0, 1, 2], [3]]).result
        w2 = tensor.CollapseShapeOp(ir.RankedTensorType.get([c, f], wt.element_type), w, [[0, 1, 2], [3]]).result
        o2 = tensor.CollapseShapeOp(ir.RankedTensorType.get([m, f], el), init, [[0, 1, 2], [3]]).result
        mm = linalg.matmul(x2, w2, outs=[o2])
        out = tensor.ExpandShapeOp(ot, mm, [[0, 1, 2], [3]], [], [n, h, wd, f]).result
    rewriter.replace_op(conv, [out])
    return True


def conv1x1_to_matmul(op) -> None:
    apply_patterns(op, {"linalg.conv_2d_nhwc_hwcf": _rewrite})
