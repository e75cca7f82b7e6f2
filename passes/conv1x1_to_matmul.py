"""conv1x1-to-matmul: NHWC convolutions become matmuls over the flattened pixels.

A 1x1, stride-1 `conv_2d_nhwc_hwcf(x[N,H,W,C], w[1,1,C,F])` becomes
`expand(matmul(collapse(x)[NHW,C], collapse(w)[C,F]))`, so it takes castiron's matmul path
(register tiles, vector FMAs) instead of the generic convolution loops; the reshapes are views
at run time (no copies). A larger f32 kernel with enough input channels (im2col) first copies
each output pixel's window into a row: `col[n,oh,ow,kh,kw,c] = x[n, oh*s+kh, ow*s+kw, c]`, a
plain copy with an affine input map (its own dispatch), then multiplies `col[NOHOW, KH*KW*C]` by
`w[KH*KW*C, F]` (conv 3x3 58x58x32->32, one thread: 8.5 ms as convolution loops). Convs that
passes/direct_conv.py computes in place (filters a multiple of 16, ...) skip im2col: faster still.
"""
from __future__ import annotations

from mlir import ir
from mlir.dialects import linalg, tensor

from . import direct_conv
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
        return _im2col(conv, rewriter)
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


# im2col pays once the matmul it makes has a real k: MobileNetV2's RGB stem (k = 27) took 0.49 ms
# as convolution loops and 0.12 (copy) + 0.28 (matmul) ms through im2col, one thread, in the model.
IM2COL_MIN_CHANNELS = 3


def _im2col(conv, rewriter) -> bool:
    if direct_conv.applies(conv):
        return False  # computed in place by its dispatch (passes/direct_conv.py): no copy
    x, w, init = conv.operands[0], conv.operands[1], conv.operands[2]
    xt, wt, ot = x.type, w.type, init.type
    kh, kw, c, f = wt.shape
    n, oh, ow, _ = ot.shape
    sh, sw = _dense_ints(conv, "strides")
    if _dense_ints(conv, "dilations") != [1, 1] or c < IM2COL_MIN_CHANNELS or \
            str(xt.element_type) != "f32" or str(wt.element_type) != "f32" or str(ot.element_type) != "f32":
        return False
    m, k = n * oh * ow, kh * kw * c
    with rewriter.ip, conv.location:
        el = xt.element_type
        col_type = ir.RankedTensorType.get([n, oh, ow, kh, kw, c], el)
        empty = tensor.EmptyOp([n, oh, ow, kh, kw, c], el).result
        window = ir.Attribute.parse(f"affine_map<(n, i, j, a, b, c) -> (n, i * {sh} + a, j * {sw} + b, c)>")
        identity = ir.Attribute.parse("affine_map<(n, i, j, a, b, c) -> (n, i, j, a, b, c)>")
        parallel = ir.Attribute.parse("#linalg.iterator_type<parallel>")
        copy = linalg.GenericOp([col_type], [x], [empty], ir.ArrayAttr.get([window, identity]),
                                ir.ArrayAttr.get([parallel] * 6))
        block = copy.regions[0].blocks.append(el, el)
        with ir.InsertionPoint(block):
            linalg.YieldOp([block.arguments[0]])
        col = tensor.CollapseShapeOp(ir.RankedTensorType.get([m, k], el), copy.result, [[0, 1, 2], [3, 4, 5]]).result
        w2 = tensor.CollapseShapeOp(ir.RankedTensorType.get([k, f], el), w, [[0, 1, 2], [3]]).result
        o2 = tensor.CollapseShapeOp(ir.RankedTensorType.get([m, f], el), init, [[0, 1, 2], [3]]).result
        mm = linalg.matmul(col, w2, outs=[o2])
        out = tensor.ExpandShapeOp(ot, mm, [[0, 1, 2], [3]], [], [n, oh, ow, f]).result
    rewriter.replace_op(conv, [out])
    return True


def conv1x1_to_matmul(op) -> None:
    apply_patterns(op, {"linalg.conv_2d_nhwc_hwcf": _rewrite})
