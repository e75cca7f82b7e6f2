"""ConvTranspose (2-D, and 1-D as 2-D over N,C,1,W), registered into onnx_ops.OPS on import.

A transposed convolution is the ordinary convolution of the input spread out by the strides
(stride - 1 zeros between neighbours, a strided tensor.insert_slice into zeros), padded by the
kernel's extent less the given pads, with the kernel flipped and its two channel axes swapped
(done to the constant weights in numpy). The convolution is then onnx_ops' Conv.
"""
from __future__ import annotations

import numpy as np

from .onnx_emit import Value, reshape, tensor_type
from .onnx_ops import NHWC, NodeError, OPS, _require_float, const_input, const_value, op, optional


def _pads(attrs, sizes, strides, extents, output_padding):
    """[begin..., end...] pads of the transposed convolution's output, from pads, auto_pad or
    output_shape (ONNX's total_padding rule)."""
    n = len(sizes)
    auto = attrs.get("auto_pad", "NOTSET")
    shape = attrs.get("output_shape")
    if shape is None and auto in ("SAME_UPPER", "SAME_LOWER"):
        shape = [size * s for size, s in zip(sizes, strides)]
    if shape is None:
        if auto not in ("NOTSET", "VALID"):
            raise NodeError(f"auto_pad='{auto}' is not supported")
        return list(attrs.get("pads", [0] * (2 * n))) if auto == "NOTSET" else [0] * (2 * n)
    shape = list(shape)[-n:]
    total = [s * (size - 1) + op_ + e - out for size, s, e, op_, out in
             zip(sizes, strides, extents, output_padding, shape)]
    if auto == "SAME_UPPER":
        return [t // 2 for t in total] + [t - t // 2 for t in total]
    return [t - t // 2 for t in total] + [t // 2 for t in total]


@op("ConvTranspose")
def _conv_transpose(em, node, ins, attrs):
    x, bias = ins[0], optional(ins, 2)
    w = const_input(ins, 1, "weights")
    _require_float(x)
    if x.rank == 3 and w.ndim == 3:  # 1-D: the 2-D one over N,C,1,W
        as_2d = {k: ([0, v[0], 0, v[1]] if k == "pads" else [1, *v] if k in ("kernel_shape", "strides", "dilations",
                                                                             "output_padding", "output_shape") else v)
                 for k, v in attrs.items()}
        x4 = reshape(em, x, (x.shape[0], x.shape[1], 1, x.shape[2]))
        (y,) = _conv_transpose(em, node, [x4, const_value(w[:, :, None, :]), bias], as_2d)
        return [reshape(em, y, (y.shape[0], y.shape[1], y.shape[3]))]
    if x.rank != 4 or w.ndim != 4:
        raise NodeError(f"only 1-D and 2-D transposed convolutions are supported, got input rank {x.rank}")
    n, c, h, wd = x.shape
    group = int(attrs.get("group", 1))
    cw, mg, kh, kw = w.shape
    if cw != c or c % group:
        raise NodeError(f"weights {list(w.shape)} do not match {c} input channels in {group} groups")
    strides = list(attrs.get("strides", [1, 1]))
    dilations = list(attrs.get("dilations", [1, 1]))
    output_padding = list(attrs.get("output_padding", [0, 0]))
    extents = [(k - 1) * d + 1 for k, d in zip((kh, kw), dilations)]
    pads = _pads(attrs, (h, wd), strides, extents, output_padding)
    low = [e - 1 - p for e, p in zip(extents, pads[:2])]
    high = [e - 1 - p + o for e, p, o in zip(extents, pads[2:], output_padding)]
    if min(low + high) < 0:
        raise NodeError(f"pads {pads} larger than the kernel's extent {extents} less one are not supported")
    t = x.dtype
    spread = _spread(em, x, strides)
    # Conv weights (M, C/group, kh, kw): output channel g*mg + j reads input channel g*cg + i
    # through the flipped kernel w[g*cg + i, j].
    cg = c // group
    flipped = w[:, :, ::-1, ::-1].reshape(group, cg, mg, kh, kw).transpose(0, 2, 1, 3, 4)
    conv_w = const_value(np.ascontiguousarray(flipped.reshape(group * mg, cg, kh, kw)))
    conv_attrs = {"group": group, "dilations": dilations, "strides": [1, 1], "pads": [*low, *high]}
    return OPS["Conv"](em, node, [spread, conv_w, bias], conv_attrs)


def _spread(em, x: Value, strides) -> Value:
    """x with stride - 1 zeros between neighbouring pixels (NHWC, a strided insert_slice)."""
    if strides == [1, 1]:
        return x
    n, c, h, wd = x.shape
    t = x.dtype
    big = (n, (h - 1) * strides[0] + 1, (wd - 1) * strides[1] + 1, c)
    zeros = em.filled(big, t, 0)
    name = em.fresh("spread")
    em.emit(f"{name} = tensor.insert_slice {em.ssa(x, NHWC)} into {zeros}[0, 0, 0, 0] [{n}, {h}, {wd}, {c}] "
            f"[1, {strides[0]}, {strides[1]}, 1] : {tensor_type((n, h, wd, c), t)} into {tensor_type(big, t)}")
    return Value((n, c, big[1], big[2]), t, name, NHWC)
