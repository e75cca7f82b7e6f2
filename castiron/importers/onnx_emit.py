"""MLIR text building for the ONNX importer: SSA names, tensor types, constants, linalg forms.

Every tensor is a `Value`: its ONNX (logical) shape plus the permutation its MLIR tensor is
stored in, so an NCHW graph can run its convolutions NHWC without a transpose around each one.
"""
from __future__ import annotations

from dataclasses import dataclass, field
import re
import struct

import numpy as np

# numpy dtype → MLIR element type; the importer computes in f32, with integers for indices/shapes.
MLIR_TYPES = {np.dtype(np.float32): "f32", np.dtype(np.float16): "f16", np.dtype(np.int64): "i64",
              np.dtype(np.int32): "i32", np.dtype(np.int8): "i8", np.dtype(np.bool_): "i1"}
NUMPY_TYPES = {v: k for k, v in MLIR_TYPES.items()}
FLOAT_TYPES = ("f32", "f16")


@dataclass(eq=False)
class Value:
    """An ONNX tensor: logical shape and element type; `perm` says how its MLIR tensor `ssa` is laid
    out (physical dim m holds logical dim perm[m]); `const` holds its value when known at import."""

    shape: tuple
    dtype: str
    ssa: str | None = None
    perm: tuple | None = None
    const: np.ndarray | None = None
    views: dict = field(default_factory=dict)  # perm -> SSA name of the tensor in that layout
    reshape_of: "Value | None" = None  # set on a reshape's copy: a later reshape reads the original

    def __post_init__(self):
        self.shape = tuple(int(d) for d in self.shape)
        if self.perm is None:
            self.perm = tuple(range(len(self.shape)))
        if self.ssa is not None:
            self.views[self.perm] = self.ssa

    @property
    def rank(self) -> int:
        return len(self.shape)

    @property
    def is_const(self) -> bool:
        return self.const is not None

    @property
    def physical_shape(self) -> tuple:
        return tuple(self.shape[p] for p in self.perm)


@dataclass
class Raw:
    """A generic operand given directly: an SSA tensor and its map's results over the loop dims."""

    ssa: str
    shape: tuple
    dtype: str
    exprs: list


def identity(rank: int) -> tuple:
    return tuple(range(rank))


def inverse(perm) -> tuple:
    inv = [0] * len(perm)
    for i, p in enumerate(perm):
        inv[p] = i
    return tuple(inv)


def tensor_type(shape, dtype: str) -> str:
    return f"tensor<{''.join(f'{d}x' for d in shape)}{dtype}>"


def scalar_literal(value, dtype: str) -> str:
    """An exact arith.constant literal: floats as their bit pattern, integers in decimal."""
    if dtype == "f32":
        return "0x" + struct.pack(">f", float(value)).hex().upper()
    if dtype == "f16":
        return "0x" + struct.pack(">e", float(value)).hex().upper()
    return str(int(value))


def dense_literal(array: np.ndarray, dtype: str) -> str:
    """`dense<"0xHEX">` of little-endian raw data (one element's bytes means a splat)."""
    if dtype == "i1":  # (MLIR's hex form packs booleans in bits; the literal form is plain)
        return f"dense<{_bool_literal(np.asarray(array, np.bool_))}> : {tensor_type(np.shape(array), dtype)}"
    array = np.asarray(array, dtype=NUMPY_TYPES[dtype].newbyteorder("<"))  # (ascontiguousarray makes 0-d 1-d)
    flat = np.ascontiguousarray(array).reshape(-1)
    if flat.size and np.all(flat == flat[0]):
        flat = flat[:1]
    return f'dense<"0x{flat.tobytes().hex().upper()}"> : {tensor_type(array.shape, dtype)}'


def _bool_literal(array: np.ndarray) -> str:
    if array.size and np.all(array == array.flat[0]):
        return "true" if array.flat[0] else "false"
    return re.sub(r"True|False", lambda m: m.group(0).lower(), str(array.tolist()))


def affine_map(rank: int, exprs) -> str:
    dims = ", ".join(f"d{i}" for i in range(rank))
    return f"affine_map<({dims}) -> ({', '.join(exprs)})>"


class Body:
    """The region of a linalg.generic being written: `body("arith.addf %a, %b : f32")` → new name.
    Names start with `%_`, which top-level names never do, so bodies never shadow them."""

    def __init__(self):
        self.lines: list[str] = []

    def __call__(self, text: str) -> str:
        name = f"%_{len(self.lines)}"
        self.lines.append(f"{name} = {text}")
        return name

    def const(self, value, dtype: str) -> str:
        return self(f"arith.constant {scalar_literal(value, dtype)} : {dtype}")


# Body-level arithmetic by element type.
_FLOAT_OPS = {"add": "arith.addf", "sub": "arith.subf", "mul": "arith.mulf", "div": "arith.divf",
              "max": "arith.maximumf", "min": "arith.minimumf"}
_INT_OPS = {"add": "arith.addi", "sub": "arith.subi", "mul": "arith.muli", "div": "arith.divsi",
            "max": "arith.maxsi", "min": "arith.minsi"}

_BOOL_OPS = {**_INT_OPS, "max": "arith.maxui", "min": "arith.minui"}  # i1 is signed: true is -1


def binary(body: Body, kind: str, a: str, b: str, dtype: str) -> str:
    table = _FLOAT_OPS if dtype in FLOAT_TYPES else _BOOL_OPS if dtype == "i1" else _INT_OPS
    return body(f"{table[kind]} {a}, {b} : {dtype}")


class Emitter:
    """Accumulates the lines of one func.func; every method appends ops and returns SSA names."""

    def __init__(self):
        self.lines: list[str] = []
        self._names: set[str] = set()
        self.node_hint: str | None = None  # the ONNX node being converted names its results

    # -- names and constants -------------------------------------------------------------------
    def fresh(self, hint: str = "t") -> str:
        base = re.sub(r"[^A-Za-z0-9_]", "_", hint) or "t"
        if not base[0].isalpha():
            base = "v" + base
        name, n = base, 1
        while name in self._names:
            name, n = f"{base}_{n}", n + 1
        self._names.add(name)
        return "%" + name

    def emit(self, line: str) -> None:
        self.lines.append("  " + line)

    def constant(self, array: np.ndarray, dtype: str, hint: str = "cst") -> str:
        name = self.fresh(hint)
        self.emit(f"{name} = arith.constant {dense_literal(array, dtype)}")
        return name

    def scalar(self, value, dtype: str) -> str:
        name = self.fresh("c")
        self.emit(f"{name} = arith.constant {scalar_literal(value, dtype)} : {dtype}")
        return name

    # -- layouts -------------------------------------------------------------------------------
    def ssa(self, value: Value, perm=None) -> str:
        """The value's tensor in layout `perm` (logical when None), transposing once if needed."""
        perm = identity(value.rank) if perm is None else tuple(perm)
        if perm in value.views:
            return value.views[perm]
        if value.is_const:
            name = self.constant(value.const.transpose(perm), value.dtype)
        else:
            # physical dim i of the result is physical dim t[i] of the stored tensor
            t = [value.perm.index(p) for p in perm]
            name = self.transpose(value.ssa, value.physical_shape, value.dtype, t)
        value.views[perm] = name
        return name

    def empty(self, shape, dtype: str) -> str:
        name = self.fresh("empty")
        self.emit(f"{name} = tensor.empty() : {tensor_type(shape, dtype)}")
        return name

    def filled(self, shape, dtype: str, value) -> str:
        empty, scalar = self.empty(shape, dtype), self.scalar(value, dtype)
        name = self.fresh("init")
        t = tensor_type(shape, dtype)
        self.emit(f"{name} = linalg.fill ins({scalar} : {dtype}) outs({empty} : {t}) -> {t}")
        return name

    # -- linalg and tensor forms ---------------------------------------------------------------
    def generic(self, inputs: list[Raw], out_shape, out_dtype: str, body_fn, iterators=None,
                out_exprs=None, init: str | None = None, hint: str = "t") -> str:
        """A linalg.generic with one result; `body_fn(body, *input_args, out_arg)` returns the
        yielded name. Loops default to the output's dims, all parallel."""
        rank = len(iterators) if iterators else len(out_shape)
        iterators = iterators or ["parallel"] * rank
        out_exprs = out_exprs if out_exprs is not None else [f"d{i}" for i in range(rank)]
        out_t = tensor_type(out_shape, out_dtype)
        init = init or self.empty(out_shape, out_dtype)
        maps = [affine_map(rank, r.exprs) for r in inputs] + [affine_map(rank, out_exprs)]
        args = [f"%_in{i}" for i in range(len(inputs))] + ["%_out"]
        body = Body()
        result = body_fn(body, *args)
        name = self.fresh(self.node_hint or hint)
        its = ", ".join(f'"{it}"' for it in iterators)
        ins = ""
        if inputs:
            ins = (f" ins({', '.join(r.ssa for r in inputs)} : "
                   f"{', '.join(tensor_type(r.shape, r.dtype) for r in inputs)})")
        block_args = ", ".join(f"{a}: {t}" for a, t in zip(args, [r.dtype for r in inputs] + [out_dtype]))
        self.emit(f"{name} = linalg.generic {{indexing_maps = [{', '.join(maps)}], iterator_types = [{its}]}}"
                  f"{ins} outs({init} : {out_t}) {{")
        self.emit(f"^bb0({block_args}):")
        for line in body.lines:
            self.emit("  " + line)
        self.emit(f"  linalg.yield {result} : {out_dtype}")
        self.emit(f"}} -> {out_t}")
        return name

    def transpose(self, ssa: str, shape, dtype: str, perm) -> str:
        out_shape = [shape[p] for p in perm]
        init = self.empty(out_shape, dtype)
        name = self.fresh("transposed")
        self.emit(f"{name} = linalg.transpose ins({ssa} : {tensor_type(shape, dtype)}) outs({init} : "
                  f"{tensor_type(out_shape, dtype)}) permutation = [{', '.join(map(str, perm))}]")
        return name

    def reshape(self, ssa: str, src, dst, dtype: str) -> str:
        """collapse_shape and/or expand_shape from `src` to `dst` (same element count): for unit
        dims next to reductions (keepdims); other reshapes are copies, see reshape() below."""
        src, dst = tuple(src), tuple(dst)
        if src == dst:
            return ssa
        groups = reassociation(src, dst)
        if groups is None:  # rank 0 on one side: every other dim is 1
            if not src:
                return self._expand(ssa, src, dst, [], dtype)
            return self._collapse(ssa, src, dst, [], dtype)
        if all(len(d) == 1 for _, d in groups):
            return self._collapse(ssa, src, dst, [s for s, _ in groups], dtype)
        if all(len(s) == 1 for s, _ in groups):
            return self._expand(ssa, src, dst, [d for _, d in groups], dtype)
        middle = tuple(int(np.prod([src[i] for i in s])) for s, _ in groups)
        mid = self._collapse(ssa, src, middle, [s for s, _ in groups], dtype)
        return self._expand(mid, middle, dst, [d for _, d in groups], dtype)

    def _collapse(self, ssa, src, dst, groups, dtype) -> str:
        name = self.fresh("collapsed")
        self.emit(f"{name} = tensor.collapse_shape {ssa} {_groups(groups)} : {tensor_type(src, dtype)} "
                  f"into {tensor_type(dst, dtype)}")
        return name

    def _expand(self, ssa, src, dst, groups, dtype) -> str:
        name = self.fresh("expanded")
        self.emit(f"{name} = tensor.expand_shape {ssa} {_groups(groups)} output_shape "
                  f"[{', '.join(map(str, dst))}] : {tensor_type(src, dtype)} into {tensor_type(dst, dtype)}")
        return name

    def pad(self, ssa: str, shape, dtype: str, low, high, value) -> str:
        if not any(low) and not any(high):
            return ssa
        out = [s + lo + hi for s, lo, hi in zip(shape, low, high)]
        name = self.fresh("padded")
        idx = ", ".join(f"%_i{i}: index" for i in range(len(shape)))
        self.emit(f"{name} = tensor.pad {ssa} low[{', '.join(map(str, low))}] high[{', '.join(map(str, high))}] {{")
        self.emit(f"^bb0({idx}):")
        self.emit(f"  %_pad = arith.constant {scalar_literal(value, dtype)} : {dtype}")
        self.emit(f"  tensor.yield %_pad : {dtype}")
        self.emit(f"}} : {tensor_type(shape, dtype)} to {tensor_type(out, dtype)}")
        return name

    def extract_slice(self, ssa: str, shape, dtype: str, offsets, sizes, strides) -> str:
        if tuple(sizes) == tuple(shape):
            return ssa
        name = self.fresh("slice")
        j = lambda xs: ", ".join(map(str, xs))  # noqa: E731
        self.emit(f"{name} = tensor.extract_slice {ssa}[{j(offsets)}] [{j(sizes)}] [{j(strides)}] : "
                  f"{tensor_type(shape, dtype)} to {tensor_type(sizes, dtype)}")
        return name

    def concat(self, ssas, shapes, dtype: str, dim: int) -> str:
        if len(ssas) == 1:
            return ssas[0]
        out = list(shapes[0])
        out[dim] = sum(s[dim] for s in shapes)
        name = self.fresh("concat")
        self.emit(f"{name} = tensor.concat dim({dim}) {', '.join(ssas)} : "
                  f"({', '.join(tensor_type(s, dtype) for s in shapes)}) -> {tensor_type(out, dtype)}")
        return name

    def named(self, op: str, attrs: str, ins: list[tuple[str, tuple, str]], out_shape, dtype: str,
              init: str, hint: str = "t") -> str:
        """A linalg named op (matmul, conv, pooling) accumulating into `init`."""
        name = self.fresh(self.node_hint or hint)
        out_t = tensor_type(out_shape, dtype)
        self.emit(f"{name} = linalg.{op}{attrs} ins({', '.join(s for s, _, _ in ins)} : "
                  f"{', '.join(tensor_type(sh, t) for _, sh, t in ins)}) outs({init} : {out_t}) -> {out_t}")
        return name


def _groups(groups) -> str:
    return "[" + ", ".join("[" + ", ".join(map(str, g)) + "]" for g in groups) + "]"


def reassociation(src: tuple, dst: tuple):
    """Pairs of (src dims, dst dims) with equal products, in order; None when a side is rank 0."""
    if not src or not dst:
        return None
    groups, i, j = [], 0, 0
    while i < len(src) and j < len(dst):
        s, d = [i], [j]
        ps, pd = src[i], dst[j]
        i, j = i + 1, j + 1
        while ps != pd:
            if ps < pd:
                s.append(i)
                ps *= src[i]
                i += 1
            else:
                d.append(j)
                pd *= dst[j]
                j += 1
        groups.append((s, d))
    groups[-1][0].extend(range(i, len(src)))  # trailing unit dims join the last group
    groups[-1][1].extend(range(j, len(dst)))
    return groups


def broadcast_shape(*shapes) -> tuple:
    return tuple(int(d) for d in np.broadcast_shapes(*shapes))


def elementwise(em: Emitter, operands: list, out_dtype: str, body_fn, perm=None, out_shape=None,
                hint: str = "t") -> Value:
    """One linalg.generic over the broadcast of `operands` (Values, or Raw with explicit maps),
    computed in layout `perm` (default: the first full-rank runtime operand's, so a
    chain of NHWC activations stays NHWC). Size-one constants become body constants.
    `body_fn(body, *operand_names)` returns the result's name."""
    if out_shape is None:
        out_shape = broadcast_shape(*[v.shape for v in operands if isinstance(v, Value)])
    rank = len(out_shape)
    if perm is None:
        perm = next((v.perm for v in operands if isinstance(v, Value) and not v.is_const
                     and v.rank == rank), identity(rank))
    inv = inverse(perm)
    physical = [out_shape[p] for p in perm]
    inputs, slots = [], []  # slots: per operand, ("arg", index) or ("const", value)
    for v in operands:
        if isinstance(v, Raw):
            slots.append(("arg", len(inputs)))
            inputs.append(v)
        elif v.is_const and v.const.size == 1:
            slots.append(("const", v.const.reshape(())[()]))
        elif v.is_const:
            # Constants are laid out at import time: transposed to `perm`, broadcast dims dropped.
            a = v.const.reshape((1,) * (rank - v.rank) + v.shape).transpose(perm)
            keep = [m for m in range(rank) if a.shape[m] != 1]
            a = a.reshape([a.shape[m] for m in keep])
            slots.append(("arg", len(inputs)))
            inputs.append(Raw(em.constant(a, v.dtype), a.shape, v.dtype, [f"d{m}" for m in keep]))
        else:
            exprs = []
            for li in v.perm:
                lo = li + rank - v.rank
                exprs.append("0" if v.shape[li] == 1 and out_shape[lo] != 1 else f"d{inv[lo]}")
            slots.append(("arg", len(inputs)))
            inputs.append(Raw(v.ssa, v.physical_shape, v.dtype, exprs))

    def body(b: Body, *args):
        names = []
        for (kind, x), v in zip(slots, operands):
            names.append(args[x] if kind == "arg" else b.const(x, v.dtype))
        return body_fn(b, *names)

    ssa = em.generic(inputs, physical, out_dtype, body, hint=hint)
    return Value(out_shape, out_dtype, ssa, perm)


def reduce(em: Emitter, v: Value, axes, kind: str, hint: str = "reduced") -> Value:
    """Sum, prod, max or min over logical `axes` of v, in v's own layout (keepdims=0)."""
    axes = sorted(set(axes))
    reduced = {v.perm.index(a) for a in axes}  # physical dims
    physical = v.physical_shape
    kept = [m for m in range(v.rank) if m not in reduced]
    out_shape = [physical[m] for m in kept]
    # f16 sums and products accumulate in f32, rounded once at the end (as onnxruntime does)
    acc_t = "f32" if v.dtype == "f16" and kind in ("sum", "prod") else v.dtype
    init = em.filled(out_shape, acc_t, _identity_of(kind, v.dtype))
    iterators = ["reduction" if m in reduced else "parallel" for m in range(v.rank)]
    op = {"sum": "add", "prod": "mul"}.get(kind, kind)

    def body(b, x, acc):
        if acc_t != v.dtype:
            x = b(f"arith.extf {x} : {v.dtype} to {acc_t}")
        return binary(b, op, x, acc, acc_t)

    ssa = em.generic([Raw(v.ssa, physical, v.dtype, [f"d{m}" for m in range(v.rank)])], out_shape, acc_t,
                     body, iterators=iterators, out_exprs=[f"d{m}" for m in kept], init=init, hint=hint)
    if acc_t != v.dtype:
        ssa = em.generic([Raw(ssa, out_shape, acc_t, [f"d{m}" for m in range(len(out_shape))])], out_shape, v.dtype,
                         lambda b, x, o: b(f"arith.truncf {x} : {acc_t} to {v.dtype}"), hint=hint)
    # The result's layout: v's physical order of the kept dims, renumbered as logical dims.
    logical_kept = [a for a in range(v.rank) if a not in axes]
    perm = tuple(logical_kept.index(v.perm[m]) for m in kept)
    return Value(tuple(v.shape[a] for a in logical_kept), v.dtype, ssa, perm)


def _identity_of(kind: str, dtype: str):
    if kind in ("sum", "prod"):
        return 0 if kind == "sum" else 1
    if dtype in FLOAT_TYPES:
        return -np.inf if kind == "max" else np.inf
    if dtype == "i1":
        return 0 if kind == "max" else 1
    info = np.iinfo(NUMPY_TYPES[dtype])
    return info.min if kind == "max" else info.max


def reduced_operand(v: Value, r: Value, axes) -> Raw:
    """`r` (a reduce() of v over axes) read inside a loop nest over v's physical dims."""
    reduced = {v.perm.index(a) for a in axes}
    kept = [m for m in range(v.rank) if m not in reduced]
    return Raw(r.ssa, r.physical_shape, r.dtype, [f"d{m}" for m in kept])


def reshape(em: Emitter, v: Value, shape) -> Value:
    """v with logical shape `shape`, read in row-major order (ONNX Reshape semantics).

    A copy (a linalg.generic reading v's stored layout through a floordiv/mod map), not
    collapse_shape/expand_shape: castiron's global-opt pushes those through an adjacent matmul
    or convolution and then needs a heap buffer (tests/repro_onnx_reshape_of_empty.mlir.txt).
    The copy also absorbs any pending transpose."""
    shape = tuple(int(d) for d in shape)
    if v.is_const:
        return Value(shape, v.dtype, const=v.const.reshape(shape))
    if shape == v.shape and v.perm == identity(v.rank):
        return v
    source = v.reshape_of or v  # a chain of reshapes is one copy (the copies between go dead)
    if source.shape == shape and source.perm == identity(source.rank):
        return source
    coords = reshape_coordinates(source.shape, shape)
    exprs = [coords[p] for p in source.perm]
    ssa = em.generic([Raw(source.ssa, source.physical_shape, v.dtype, exprs)], shape, v.dtype,
                     lambda b, x, o: x, hint="reshaped")
    return Value(shape, v.dtype, ssa, reshape_of=source)


def reshape_coordinates(src: tuple, dst: tuple) -> list[str]:
    """Affine expressions over dst's dims d0.. for the src coordinates of each element."""
    groups = reassociation(src, dst)
    if groups is None:  # one side is rank 0: every dim of the other is 1
        return ["0"] * len(src)
    coords = [""] * len(src)
    for s, d in groups:
        terms, stride = [], 1
        for k in reversed(d):  # row-major index within the group
            if dst[k] != 1:
                terms.append(f"d{k}" if stride == 1 else f"d{k} * {stride}")
            stride *= dst[k]
        linear, total, stride = " + ".join(reversed(terms)) or "0", stride, 1
        for j in reversed(s):
            expr = linear if src[j] != 1 else "0"
            if src[j] != 1 and stride > 1:
                expr = f"({expr}) floordiv {stride}"
            if src[j] != 1 and stride * src[j] < total:
                expr = f"({expr}) mod {src[j]}"
            coords[j] = expr
            stride *= src[j]
    return coords
