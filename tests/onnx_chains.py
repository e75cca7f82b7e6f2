"""Random ONNX graphs for differential fuzzing: chains of view and data-movement ops (Reshape,
Transpose, Slice, Concat, Pad in every mode, Expand, Gather, Tile, Split, Flatten,
Squeeze/Unsqueeze) around Conv, ConvTranspose, Resize, MatMul, elementwise ops, masks (Where),
reductions, Instance/Lp normalization, TopK and ScatterElements, at awkward shapes (1, primes,
non-multiples of any tile).

`chain(rng)` builds one chain as (nodes, initializers, input array, output name); `batch` puts
several independent chains in one model so one compile checks them all. The reference is
onnxruntime; tests/test_fuzz_onnx.py compares castiron with it.
"""
from __future__ import annotations

import math

import numpy as np
from onnx import TensorProto, helper, numpy_helper

AWKWARD = (1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 16, 17, 24, 31)
MAX_ELEMENTS = 6000


class Chain:
    """One chain under construction: the current tensor's name and shape, and what was emitted."""

    def __init__(self, rng: np.random.Generator, prefix: str, shape: tuple):
        self.rng, self.prefix = rng, prefix
        self.nodes, self.inits, self.count = [], {}, 0
        self.input = f"{prefix}x"
        self.x = rng.uniform(-1, 1, shape).astype(np.float32)
        self.name, self.shape = self.input, tuple(shape)

    def fresh(self, hint: str) -> str:
        self.count += 1
        return f"{self.prefix}{hint}{self.count}"

    def const(self, array, hint="c") -> str:
        name = self.fresh(hint)
        self.inits[name] = np.asarray(array)
        return name

    def node(self, op: str, inputs: list, shape: tuple, **attrs) -> str:
        out = self.fresh(op.lower())
        self.nodes.append(helper.make_node(op, inputs, [out], **attrs))
        self.name, self.shape = out, tuple(int(d) for d in shape)
        return out

    def pick(self, options):
        return options[int(self.rng.integers(len(options)))]


def _factor_pairs(n: int) -> list:
    return [(a, n // a) for a in range(2, n) if n % a == 0]


# -- the ops: each takes a Chain, appends nodes, or returns False when it does not apply -------
def transpose(c: Chain) -> bool:
    if len(c.shape) < 2:
        return False
    perm = [int(p) for p in c.rng.permutation(len(c.shape))]
    c.node("Transpose", [c.name], [c.shape[p] for p in perm], perm=perm)
    return True


def split_dim(c: Chain) -> bool:
    """Reshape one dim d into two factors (a channel shuffle's 1xGxC/GxHxW)."""
    dims = [d for d, n in enumerate(c.shape) if _factor_pairs(n)]
    if not dims or len(c.shape) >= 6:
        return False
    d = c.pick(dims)
    a, b = c.pick(_factor_pairs(c.shape[d]))
    shape = c.shape[:d] + (a, b) + c.shape[d + 1:]
    c.node("Reshape", [c.name, c.const(np.array(shape, np.int64), "s")], shape)
    return True


def merge_dims(c: Chain) -> bool:
    if len(c.shape) < 2:
        return False
    d = int(c.rng.integers(len(c.shape) - 1))
    shape = c.shape[:d] + (c.shape[d] * c.shape[d + 1],) + c.shape[d + 2:]
    spec = list(shape)
    if c.rng.random() < 0.3:
        spec[d] = -1
    c.node("Reshape", [c.name, c.const(np.array(spec, np.int64), "s")], shape)
    return True


def any_reshape(c: Chain) -> bool:
    """Reshape to an unrelated shape of the same size (no common split/merge structure)."""
    n = math.prod(c.shape)
    shape, rest = [], n
    for _ in range(int(c.rng.integers(1, 4))):
        divisors = [k for k in range(1, rest + 1) if rest % k == 0]
        k = c.pick(divisors)
        shape.append(k)
        rest //= k
    shape.append(rest)
    c.node("Reshape", [c.name, c.const(np.array(shape, np.int64), "s")], shape)
    return True


def flatten(c: Chain) -> bool:
    axis = int(c.rng.integers(0, len(c.shape) + 1))
    shape = (math.prod(c.shape[:axis]), math.prod(c.shape[axis:]))
    c.node("Flatten", [c.name], shape, axis=axis)
    return True


def unsqueeze(c: Chain) -> bool:
    if len(c.shape) >= 6:
        return False
    d = int(c.rng.integers(0, len(c.shape) + 1))
    c.node("Unsqueeze", [c.name, c.const(np.array([d], np.int64), "ax")], c.shape[:d] + (1,) + c.shape[d:])
    return True


def squeeze(c: Chain) -> bool:
    ones = [d for d, n in enumerate(c.shape) if n == 1]
    if not ones or len(c.shape) < 2:
        return False
    d = c.pick(ones)
    c.node("Squeeze", [c.name, c.const(np.array([d], np.int64), "ax")], c.shape[:d] + c.shape[d + 1:])
    return True


def slice_(c: Chain) -> bool:
    dims = [d for d, n in enumerate(c.shape) if n > 1]
    if not dims:
        return False
    d = c.pick(dims)
    n = c.shape[d]
    step = c.pick([1, 1, 2, 3, -1, -2])
    if step > 0:
        start = int(c.rng.integers(0, n))
        end = int(c.rng.integers(start + 1, n + 1))
        size = len(range(start, end, step))
    else:
        start = int(c.rng.integers(0, n))
        end = int(c.rng.integers(-1, start))
        size = len(range(start, end, step))
        end = end if end >= 0 else -n - 1  # "before index 0" in ONNX's clamping
    shape = c.shape[:d] + (size,) + c.shape[d + 1:]
    ins = [c.name, c.const(np.array([start], np.int64), "st"), c.const(np.array([end], np.int64), "en"),
           c.const(np.array([d], np.int64), "ax"), c.const(np.array([step], np.int64), "sp")]
    c.node("Slice", ins, shape)
    return True


def pad(c: Chain) -> bool:
    """Constant, reflect, edge or wrap padding (reflect and wrap by less than the dimension)."""
    rank = len(c.shape)
    mode = c.pick(["constant", "constant", "reflect", "edge", "wrap"])
    limit = [3 if mode in ("constant", "edge") else min(3, n) for n in c.shape] * 2
    pads = [int(c.rng.integers(0, m)) if m and c.rng.random() < 0.5 else 0 for m in limit]
    shape = [n + pads[d] + pads[d + rank] for d, n in enumerate(c.shape)]
    ins = [c.name, c.const(np.array(pads, np.int64), "pads")]
    if mode == "constant":
        ins.append(c.const(np.array(c.pick([0.0, 0.5, -2.0]), np.float32), "pv"))
    c.node("Pad", ins, shape, mode=mode)
    return True


def concat(c: Chain) -> bool:
    """x concatenated with an elementwise function of itself, or with a constant block."""
    axis = int(c.rng.integers(0, len(c.shape)))
    source = c.name
    if c.rng.random() < 0.5:
        other = c.node("Sigmoid", [source], c.shape)
        extra = c.shape[axis]
    else:
        extra = int(c.pick([1, 2, 3, 5]))
        block = list(c.shape)
        block[axis] = extra
        other = c.const(c.rng.uniform(-1, 1, block).astype(np.float32), "blk")
    order = [source, other] if c.rng.random() < 0.5 else [other, source]
    shape = list(c.shape)
    shape[axis] = c.shape[axis] + extra if other != c.name else 2 * c.shape[axis]
    c.node("Concat", order, shape, axis=axis)
    return True


def expand(c: Chain) -> bool:
    ones = [d for d, n in enumerate(c.shape) if n == 1]
    if not ones:
        return False
    shape = list(c.shape)
    for d in ones:
        if c.rng.random() < 0.7:
            shape[d] = int(c.pick([2, 3, 5]))
    c.node("Expand", [c.name, c.const(np.array(shape, np.int64), "sh")], shape)
    return True


def gather(c: Chain) -> bool:
    axis = int(c.rng.integers(0, len(c.shape)))
    n = c.shape[axis]
    count = int(c.rng.integers(1, 5))
    indices = c.rng.integers(-n, n, count).astype(np.int64)
    shape = c.shape[:axis] + (count,) + c.shape[axis + 1:]
    c.node("Gather", [c.name, c.const(indices, "idx")], shape, axis=axis)
    return True


def tile(c: Chain) -> bool:
    repeats = [int(c.pick([1, 1, 2, 3])) for _ in c.shape]
    c.node("Tile", [c.name, c.const(np.array(repeats, np.int64), "rep")], [n * r for n, r in zip(c.shape, repeats)])
    return True


def split(c: Chain) -> bool:
    """One output of a Split (the others unused, as a model that reads a part)."""
    axis = int(c.rng.integers(0, len(c.shape)))
    n = c.shape[axis]
    if n < 2:
        return False
    first = int(c.rng.integers(1, n))
    outs = [c.fresh("part"), c.fresh("part")]
    c.nodes.append(helper.make_node("Split", [c.name, c.const(np.array([first, n - first], np.int64), "sp")],
                                    outs, axis=axis))
    keep = int(c.rng.integers(2))
    shape = list(c.shape)
    shape[axis] = first if keep == 0 else n - first
    c.name, c.shape = outs[keep], tuple(shape)
    return True


def where(c: Chain) -> bool:
    """A mask from a comparison with a constant picks between x and a transform of it."""
    cmp = c.pick(["Greater", "Less", "GreaterOrEqual", "Equal"])
    threshold = c.const(np.array(c.pick([0.0, 0.25, -0.5]), np.float32), "th")
    source = c.name
    mask = c.node(cmp, [source, threshold], c.shape)
    other = c.node("Tanh", [source], c.shape)
    c.node("Where", [mask, source, other], c.shape)
    return True


def elementwise(c: Chain) -> bool:
    kind = c.pick(["Relu", "Sigmoid", "Tanh", "Add", "Mul", "Sub"])
    if kind in ("Relu", "Sigmoid", "Tanh"):
        c.node(kind, [c.name], c.shape)
        return True
    # a constant broadcast along a random subset of trailing dims
    k = int(c.rng.integers(0, len(c.shape) + 1))
    bshape = [n if c.rng.random() < 0.6 else 1 for n in c.shape[len(c.shape) - k:]]
    b = c.const(c.rng.uniform(0.5, 1.5, bshape).astype(np.float32), "b")
    c.node(kind, [c.name, b] if c.rng.random() < 0.7 else [b, c.name], c.shape)
    return True


def reduce(c: Chain) -> bool:
    axis = int(c.rng.integers(0, len(c.shape)))
    keep = int(c.rng.random() < 0.5)
    if not keep and len(c.shape) < 2:
        return False
    kind = c.pick(["ReduceSum", "ReduceMean", "ReduceMax"])
    shape = [1 if d == axis else n for d, n in enumerate(c.shape)] if keep else \
        [n for d, n in enumerate(c.shape) if d != axis]
    c.node(kind, [c.name, c.const(np.array([axis], np.int64), "ax")], shape, keepdims=keep)
    return True


def softmax(c: Chain) -> bool:
    c.node("Softmax", [c.name], c.shape, axis=int(c.rng.integers(-len(c.shape), len(c.shape))))
    return True


def matmul(c: Chain) -> bool:
    if len(c.shape) < 2:
        return False
    k, n = c.shape[-1], int(c.pick([1, 3, 7, 16, 17, 33]))
    w = c.const((c.rng.uniform(-1, 1, (k, n)) / math.sqrt(k)).astype(np.float32), "w")
    c.node("MatMul", [c.name, w], c.shape[:-1] + (n,))
    return True


def conv(c: Chain) -> bool:
    """A Conv on a rank-4 tensor (NCHW): 1x1, 3x3 (strided, padded), depthwise or grouped."""
    if len(c.shape) != 4 or c.shape[1] > 64:
        return False
    n, ci, h, w = c.shape
    groups = [g for g in range(2, ci) if ci % g == 0]
    kind = c.pick(["1x1", "3x3", "depthwise"] + (["grouped"] if groups else []))
    k = 1 if kind == "1x1" else 3
    if h < k or w < k:
        return False
    stride = int(c.pick([1, 1, 2]))
    p = 1 if k == 3 and c.rng.random() < 0.7 else 0
    group = ci if kind == "depthwise" else c.pick(groups) if kind == "grouped" else 1
    co = ci if kind == "depthwise" else group * int(c.pick([1, 2, 3])) if kind == "grouped" else \
        int(c.pick([1, 3, 8, 16, 17]))
    weight = (c.rng.uniform(-1, 1, (co, ci // group, k, k)) / math.sqrt(ci // group * k * k)).astype(np.float32)
    ins = [c.name, c.const(weight, "w")]
    if c.rng.random() < 0.6:
        ins.append(c.const(c.rng.uniform(-1, 1, co).astype(np.float32), "bias"))
    oh, ow = (h + 2 * p - k) // stride + 1, (w + 2 * p - k) // stride + 1
    c.node("Conv", ins, (n, co, oh, ow), kernel_shape=[k, k], strides=[stride, stride], pads=[p] * 4, group=group)
    return True


def conv_transpose(c: Chain) -> bool:
    """A ConvTranspose on NCHW: kernel 2 or 3, stride 1-3, pads below the kernel, maybe groups."""
    if len(c.shape) != 4 or c.shape[1] > 32:
        return False
    n, ci, h, w = c.shape
    k, stride = int(c.pick([2, 3])), int(c.pick([1, 2, 3]))
    group = c.pick([1] + [g for g in (2, 3) if ci % g == 0])
    co = group * int(c.pick([1, 2, 5]))
    pads = [int(c.rng.integers(0, k)) for _ in range(4)]
    weight = (c.rng.uniform(-1, 1, (ci, co // group, k, k)) / math.sqrt(ci * k * k / stride ** 2)).astype(np.float32)
    oh = (h - 1) * stride + k - pads[0] - pads[2]
    ow = (w - 1) * stride + k - pads[1] - pads[3]
    if oh < 1 or ow < 1:
        return False
    c.node("ConvTranspose", [c.name, c.const(weight, "w")], (n, co, oh, ow), kernel_shape=[k, k],
           strides=[stride, stride], pads=pads, group=group)
    return True


def resize(c: Chain) -> bool:
    """Resize H and W of NCHW: nearest, linear or cubic, up or down, under several transforms."""
    if len(c.shape) != 4:
        return False
    mode = c.pick(["nearest", "linear", "cubic"])
    transform = c.pick(["half_pixel", "asymmetric", "align_corners", "pytorch_half_pixel"])
    scales = [1.0, 1.0, float(c.pick([0.5, 0.75, 1.5, 2.0])), float(c.pick([0.6, 1.0, 1.7, 3.0]))]
    shape = [int(math.floor(n * f)) for n, f in zip(c.shape, scales)]
    if min(shape) < 1:
        return False
    c.node("Resize", [c.name, c.const(np.array([], np.float32), "roi"), c.const(np.array(scales, np.float32), "sc")],
           shape, mode=mode, coordinate_transformation_mode=transform)
    return True


def normalize(c: Chain) -> bool:
    """InstanceNormalization (rank 3+) or LpNormalization along a random axis. (Not Hardmax: two
    maxima a rounding apart would make castiron and onnxruntime differ by 1 on a tie.)"""
    kind = c.pick(["InstanceNormalization", "LpNormalization"])
    if kind == "InstanceNormalization":
        if len(c.shape) < 3:
            return False
        ch = c.shape[1]
        c.node(kind, [c.name, c.const(c.rng.uniform(0.5, 2, ch).astype(np.float32), "s"),
                      c.const(c.rng.uniform(-1, 1, ch).astype(np.float32), "b")], c.shape)
    else:
        axis = int(c.rng.integers(-len(c.shape), len(c.shape)))
        c.node(kind, [c.name], c.shape, axis=axis, p=int(c.pick([1, 2])))
    return True


def top_k(c: Chain) -> bool:
    """TopK's values along a random axis (its indices unused)."""
    axis = int(c.rng.integers(0, len(c.shape)))
    k = int(c.rng.integers(1, c.shape[axis] + 1))
    shape = tuple(k if d == axis else n for d, n in enumerate(c.shape))
    c.node("TopK", [c.name, c.const(np.array([k], np.int64), "k")], shape, axis=axis,
           largest=int(c.pick([0, 1])))
    c.nodes[-1].output.append(c.fresh("topk_indices"))
    return True


def scatter(c: Chain) -> bool:
    """ScatterElements of random updates into x along an axis, adding or keeping the largest."""
    axis = int(c.rng.integers(0, len(c.shape)))
    shape = list(c.shape)
    shape[axis] = int(c.rng.integers(1, 2 * c.shape[axis] + 1))
    if math.prod(shape) > MAX_ELEMENTS:
        return False
    idx = c.rng.integers(-c.shape[axis], c.shape[axis], shape).astype(np.int64)
    c.node("ScatterElements", [c.name, c.const(idx, "i"), c.const(c.rng.uniform(-1, 1, shape).astype(np.float32),
                                                                 "u")],
           c.shape, axis=axis, reduction=c.pick(["add", "max", "min", "mul"]))
    return True


def to_rank4(c: Chain) -> bool:
    """Reshape to NCHW so a conv can follow."""
    total = math.prod(c.shape)
    pairs = [(a, total // a) for a in range(1, total + 1) if total % a == 0 and a <= 32]
    ch, rest = c.pick(pairs)
    hw = [(a, rest // a) for a in range(1, rest + 1) if rest % a == 0]
    h, w = c.pick(hw)
    c.node("Reshape", [c.name, c.const(np.array([1, ch, h, w], np.int64), "s")], (1, ch, h, w))
    return True


MOVEMENT = [transpose, split_dim, merge_dims, any_reshape, flatten, unsqueeze, squeeze, slice_, pad, concat,
            expand, gather, tile, split]
COMPUTE = [elementwise, where, reduce, softmax, matmul, conv, to_rank4, conv_transpose, resize, normalize, top_k,
           scatter]


def chain(rng: np.random.Generator, prefix: str = "", length: int | None = None, ops=None) -> Chain:
    rank = int(rng.integers(1, 5))
    shape = tuple(int(rng.choice(AWKWARD)) for _ in range(rank))
    while math.prod(shape) > MAX_ELEMENTS // 4:
        shape = tuple(max(1, d // 2) for d in shape)
    c = Chain(rng, prefix, shape)
    ops = ops or MOVEMENT + COMPUTE
    steps = length or int(rng.integers(2, 7))
    done = 0
    while done < steps:
        fn = ops[int(rng.integers(len(ops)))]
        before = (len(c.nodes), len(c.inits), c.name, c.shape, c.count)
        if fn(c) and 0 < math.prod(c.shape) <= MAX_ELEMENTS:
            done += 1
        else:  # undo an op that made the tensor empty or too large
            del c.nodes[before[0]:]
            for key in list(c.inits)[before[1]:]:
                del c.inits[key]
            c.name, c.shape, c.count = before[2], before[3], before[4]
    return c


def model(chains: list[Chain], opset: int = 18):
    """One model computing every chain: inputs x0.., outputs the chains' last tensors."""
    graph = helper.make_graph(
        [n for c in chains for n in c.nodes], "main",
        [helper.make_tensor_value_info(c.input, TensorProto.FLOAT, c.x.shape) for c in chains],
        [helper.make_tensor_value_info(c.name, TensorProto.FLOAT, c.shape) for c in chains],
        [numpy_helper.from_array(v, k) for c in chains for k, v in c.inits.items()])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)], ir_version=9)


def batch(seed: int, count: int, **options) -> list[Chain]:
    rng = np.random.default_rng(seed)
    return [chain(rng, prefix=f"c{i}_", **options) for i in range(count)]
