"""Workgroup tiling: choose tile sizes for a dispatch's root op and tile+fuse with the transform dialect.

The root is the op whose result the dispatch writes out; its parallel loops are tiled into an
`scf.forall` (one iteration = one workgroup) and every producer in the dispatch is fused into
that loop, so each workgroup computes one independent output tile. Workgroup distribution then
turns the forall into the ABI's [begin, end) loop.
"""
from __future__ import annotations

from dataclasses import dataclass
import math
import re

from mlir import ir
from mlir.dialects import linalg

from castiron.errors import CompileError

from . import direct_conv
from .transform_script import ANY, apply_transform

ROOT_ATTR = "castiron.root"
FUSE_ATTR = "castiron.fuse"

# Aim for about this many output elements per workgroup: enough work to amortize a call,
# small enough to spread a dispatch over cores.
_TARGET_TILE_ELEMENTS = 4096


@dataclass
class TilingPlan:
    loop_ranges: list  # static size of every loop of the root op
    parallel: list     # bool per loop: parallel and tileable (see nonlinear_dims)
    tile_sizes: list   # 0 = not tiled
    vectorized: bool = False  # a matmul in it was tiled to registers and vectorized
    register_tile: tuple | None = None  # (rows, columns) of the vectorized matmul
    k_block: int = 0                    # k loop blocked by this many (0: whole k)
    pack: bool = False                  # B's k-block copied to a contiguous local buffer
    matmul_ranges: tuple | None = None  # (m, n, k) of the matmul that can be vectorized

    @property
    def parallel_tiles(self) -> list:
        return [t for t, p in zip(self.tile_sizes, self.parallel) if p]

    @property
    def parallel_ranges(self) -> list:
        return [r for r, p in zip(self.loop_ranges, self.parallel) if p]

    @property
    def workgroup_grid(self) -> list:
        return [math.ceil(n / t) for n, t in zip(self.loop_ranges, self.tile_sizes) if t]


def loop_info(op) -> tuple[list, list] | None:
    """Static loop ranges and parallel flags of a linalg op, from its indexing maps and shapes."""
    maps_attr = linalg.get_indexing_maps(op)
    if maps_attr is None:
        return None
    maps = [ir.AffineMapAttr(m).value for m in maps_attr]
    num_loops = maps[0].n_dims
    ranges = [None] * num_loops
    for value, amap in zip(op.operands, maps):
        shape = value.type.shape if isinstance(value.type, ir.ShapedType) else []
        for dim_size, expr in zip(shape, amap.results):
            if isinstance(expr, ir.AffineDimExpr) and ranges[expr.position] is None:
                ranges[expr.position] = dim_size
    if any(r is None or r < 0 for r in ranges):
        return None
    if "iterator_types" in op.attributes:
        parallel = ["parallel" in str(it) for it in op.attributes["iterator_types"]]
    else:  # named ops: a loop is parallel when it indexes the output
        out_dims = {e.position for e in maps[-1].results if isinstance(e, ir.AffineDimExpr)}
        parallel = [d in out_dims for d in range(num_loops)]
    return ranges, parallel


def choose_tile_sizes(ranges: list, parallel: list, vector_elements: int = 16) -> list:
    """Tiles the parallel loops, innermost first, to about _TARGET_TILE_ELEMENTS elements.

    The innermost parallel loop keeps a multiple of the vector width (or its full extent) so the
    tile body stays vectorizable; outer loops shrink to fit the budget. Where a smaller tile of
    the same granularity divides the extent, it is preferred: whole tiles have static shapes,
    which the register-level vectorization needs (a remainder tile has a dynamic size).
    """
    tiles = [0] * len(ranges)
    budget = _TARGET_TILE_ELEMENTS
    inner = True
    for d in reversed(range(len(ranges))):
        if not parallel[d]:
            continue
        size = ranges[d]
        if inner:
            tile = size if size <= 4 * vector_elements else _dividing(size, 4 * vector_elements, 2 * vector_elements)
            inner = False
        else:
            tile = max(1, min(size, budget))
            if tile < size:
                tile = _dividing(size, tile, 8)
        tiles[d] = tile
        budget = max(1, budget // tile)
    return tiles


def _dividing(size: int, tile: int, granule: int) -> int:
    """The largest multiple of `granule` in [tile/2, tile] dividing `size`, else `tile`."""
    for candidate in range(tile - tile % granule, max(granule, tile // 2) - 1, -granule):
        if candidate > 0 and size % candidate == 0:
            return candidate
    return tile


def plan_root(op) -> TilingPlan | None:
    info = loop_info(op)
    if info is None or _has_negative_coefficient(op):
        return None
    ranges, parallel = info
    fixed = nonlinear_dims(op)
    parallel = [p and d not in fixed for d, p in enumerate(parallel)]
    if not any(parallel):
        return None
    if op.operation.name == "linalg.depthwise_conv_2d_nhwc_hwc":
        return TilingPlan(ranges, parallel, depthwise_tile_sizes(ranges))
    return TilingPlan(ranges, parallel, choose_tile_sizes(ranges, parallel))


def nonlinear_dims(op) -> set:
    """Loops that index an operand through mod, floordiv or ceildiv (a channel shuffle's
    `(d1 mod 2) * 4 + d1 floordiv 2`). MLIR's tiling slices each operand at the map of the tile's
    first and last index and reuses the map on local indices, which holds for sums of positive
    multiples of loops only: a tile of such a loop reads the wrong elements. They stay whole."""
    maps = linalg.get_indexing_maps(op)
    found = set()
    for amap in (ir.AffineMapAttr(m).value for m in (maps or [])):
        for expr in amap.results:
            if not _linear(expr):
                found |= _dims_of(expr)
    return found


def _linear(expr) -> bool:
    if isinstance(expr, ir.AffineAddExpr):
        return _linear(expr.lhs) and _linear(expr.rhs)
    if isinstance(expr, ir.AffineMulExpr):
        return (isinstance(expr.rhs, ir.AffineConstantExpr) and _linear(expr.lhs)) or \
            (isinstance(expr.lhs, ir.AffineConstantExpr) and _linear(expr.rhs))
    return isinstance(expr, (ir.AffineDimExpr, ir.AffineConstantExpr))


def _dims_of(expr) -> set:
    if isinstance(expr, ir.AffineDimExpr):
        return {expr.position}
    if isinstance(expr, ir.AffineBinaryExpr):
        return _dims_of(expr.lhs) | _dims_of(expr.rhs)
    return set()


# Depthwise convs (loops n, oh, ow, c, kh, kw): two output columns by (up to) all channels per
# workgroup, chosen from castiron-tune records on MobileNetV2 (one thread): 1x112x112x32
# 0.364 ms with the generic 1x1x112x32 tiles, 0.234 with 1x1x2x32; 1x56x56x144 0.345 -> 0.266
# (1x1x2x144); 1x14x14x384 0.071 -> 0.047 (1x1x2x384); 1x7x7x960 0.046 -> 0.034 (1x1x2x192).
DEPTHWISE_MAX_CHANNELS = 384


# Up to this many output columns a depthwise conv reads an image padded by its own dispatch
# (dispatch_creation._pad_region asks small_depthwise) and takes row tiles of up to 8 columns by 32
# channels: each kernel row's weights then serve all the tile's columns. MobileNetV2 7x7x960,
# one thread, standalone: 1x1x1x320 tiles with the pad tiled in 0.060 ms, 1x1x7x32 tiles on
# the padded image 0.024 ms (+ the pad's dispatch); 14x14x384 0.061 -> 0.034 (1x1x7x32).
SMALL_DEPTHWISE_COLUMNS = 14


def small_depthwise(columns: int, channels: int) -> bool:
    """A depthwise conv output of this width and depth takes row tiles on a padded image."""
    return columns <= SMALL_DEPTHWISE_COLUMNS and channels % 16 == 0


def depthwise_tile_sizes(ranges: list) -> list:
    n, oh, ow, c = ranges[:4]
    if small_depthwise(ow, c):
        return [1, 1, _largest_divisor(ow, 8, 1), 32 if c % 32 == 0 else 16, 0, 0]
    channels = c if c <= DEPTHWISE_MAX_CHANNELS else \
        (_largest_divisor(c, DEPTHWISE_MAX_CHANNELS, 16) or _largest_divisor(c, DEPTHWISE_MAX_CHANNELS, 1))
    # (a divisor of ow: a conv tiled with its pad needs whole tiles, see passes/tiled_pads.py)
    return [1, 1, 2 if ow % 2 == 0 else 1, channels, 0, 0]


def _has_negative_coefficient(op) -> bool:
    """Maps like (d0, 55 - d1) (a reversal) abort MLIR's tiling (an assertion in TileCheck,
    'nonpositive multiplying coefficient'): such ops stay untiled."""
    maps = linalg.get_indexing_maps(op)
    return maps is not None and any(re.search(r"-\s*d\d|\*\s*-|-\d+\s*\*", str(m).split("->")[1]) for m in maps)


# Register tile of a matmul inside a workgroup: 8 rows x 32 columns of accumulators (16 AVX-512
# or 32 AVX2 registers' worth... measured on matmul 512, one thread: [8, 32, 1] 37.8 GFLOP/s,
# [4, 64, 1] 39.5, [8, 64, 1] 20.1, [16, 32, 1] 25.8; scalar loops with the k loop outside: 22.6).
MATMUL_REGISTER_TILE = (8, 32, 1)


# The contractions the register-tile path vectorizes; a batch matmul's batch loop is tiled by
# one (its vectors get a leading unit dimension, cast away before lowering to FMAs).
MATMUL_OPS = ("linalg.matmul", "linalg.batch_matmul")


def transform_script(tile_sizes: list, num_producers: int, vectorize: str | None = None,
                     register_tile: tuple = MATMUL_REGISTER_TILE, k_block: int = 0, pack: bool = False,
                     batch: int = 0) -> str:
    """Transform IR that tiles the tagged root to a forall and fuses producers, nearest first.

    `vectorize` names the handle (`%tiled` or `%fK`) of a matmul to tile to registers and
    vectorize (masked, so boundary tiles of any size work); its accumulators are hoisted out of
    the k loop after bufferization (see vector_lowering). `k_block` first blocks its k loop;
    `pack` copies each block of B into a contiguous local buffer (a `nofold` tensor.pad that
    bufferizes to a stack copy), so the register loop streams B with a short stride instead of
    the matrix's row stride, whose power-of-two multiples map B's rows to a few L1 sets."""
    sizes = ", ".join(str(t) for t in tile_sizes)
    lines = [
        f"  %root = transform.structured.match attributes{{{ROOT_ATTR}}} in %m : ({ANY}) -> {ANY}",
        f"  %tiled, %loop0 = transform.structured.tile_using_forall %root tile_sizes [{sizes}] "
        f": ({ANY}) -> ({ANY}, {ANY})",
    ]
    for k in range(num_producers):
        lines.append(f"  %p{k} = transform.structured.match attributes{{{FUSE_ATTR} = {k} : i64}} in %m "
                     f": ({ANY}) -> {ANY}")
        lines.append(f"  %f{k}, %loop{k + 1} = transform.structured.fuse_into_containing_op %p{k} into %loop{k} "
                     f": ({ANY}, {ANY}) -> ({ANY}, {ANY})")
    if vectorize:
        m, n, k_ = register_tile
        target = vectorize
        ones, zeros = "1, " * batch, "0, " * batch
        if k_block:
            lines.append(f"  %kb, %kl = transform.structured.tile_using_for {target} tile_sizes [{zeros}0, 0, {k_block}] "
                         f": ({ANY}) -> ({ANY}, {ANY})")
            target = "%kb"
        if pack:
            lines.append(f"  %packed, %pad, %copy = transform.structured.pad {target} {{padding_values = "
                         "[0.0 : f32, 0.0 : f32, 0.0 : f32], padding_dimensions = [0, 1, 2], "
                         f"nofold_flags = [0, 1, 0], copy_back_op = \"none\"}} : ({ANY}) -> ({ANY}, {ANY}, {ANY})")
            target = "%packed"
        loops = 3 + batch
        lines += [f"  %reg, %rl:{loops} = transform.structured.tile_using_for {target} tile_sizes [{ones}{m}, {n}, {k_}] "
                  f": ({ANY}) -> ({ANY}{f', {ANY}' * loops})",
                  f"  transform.structured.vectorize %reg vector_sizes [{ones}{m}, {n}, {k_}] : {ANY}"]
    return "\n".join(lines)


def tile_to_workgroups(module: ir.Module, func_op, vectorize: bool = True, config=None) -> TilingPlan | None:
    """Tiles the dispatch function (on tensors, in ABI form) in place; None when left untiled.

    Untiled (one workgroup) is the fallback for roots that are not linalg ops with static
    loops, and for any dispatch whose producers did not all fuse into the tile loop.
    `config` (a backend.dispatch_config.DispatchConfig) overrides the heuristics' tile sizes,
    register tile and vectorization; one that does not fit the dispatch is a CompileError.
    """
    block = func_op.regions[0].blocks[0]
    ops = list(block.operations)
    sinks = [op for op in ops if op.operation.name == "bufferization.materialize_in_destination"]
    if len(sinks) != 1:
        return _untiled(config, "it writes several results")
    root_value = sinks[0].operands[0]
    root = root_value.owner
    if isinstance(root, ir.Block) or not root.operation.name.startswith("linalg."):
        return _untiled(config, "its result is not computed by a linalg op")
    plan = plan_root(root)
    if plan is None:
        return _untiled(config, f"its root {root.operation.name} has no static parallel loops to tile")
    if config is not None and config.tile is not None:
        _apply_tile_config(plan, config.tile)
    elif root.operation.name != "linalg.depthwise_conv_2d_nhwc_hwc" and len(plan.loop_ranges) == 4 and \
            all(plan.parallel) and any(op.operation.name == "linalg.depthwise_conv_2d_nhwc_hwc" for op in ops):
        plan.tile_sizes = depthwise_tile_sizes(plan.loop_ranges)[:4]  # its bias/activation consumer is the root
    one_workgroup = all(n <= 1 for n in plan.workgroup_grid)
    producers = [op for op in ops if op.operation.name.startswith(("linalg.", "tensor.")) and
                 op.operation != root.operation and op.operation.name not in ("tensor.empty",)]
    if any(op.operation.name.startswith("linalg.") and nonlinear_dims(op) for op in producers):
        return _untiled(config, "an op fused into it indexes an operand through mod or floordiv")
    root.operation.attributes[ROOT_ATTR] = ir.UnitAttr.get()
    for k, op in enumerate(reversed(producers)):
        op.operation.attributes[FUSE_ATTR] = ir.IntegerAttr.get(ir.IntegerType.get_signless(64), k)
    allowed, vectorize, matmul = vectorize, None, None
    if root.operation.name in MATMUL_OPS:
        vectorize, matmul = "%tiled", root
    else:
        for k, op in enumerate(reversed(producers)):
            if op.operation.name in MATMUL_OPS:
                vectorize, matmul = f"%f{k}", op
    if vectorize and not _matmul_is_f32(matmul):
        vectorize = None
    if vectorize and _matmul_dims(plan):
        k_range = ir.ShapedType(matmul.operands[0].type).shape[-1]
        plan.matmul_ranges = tuple(plan.loop_ranges[d] for d in _matmul_dims(plan)) + (k_range,)
    if not allowed or (config is not None and config.vector is False):
        vectorize = None
    if vectorize and config is None and plan.matmul_ranges and plan.matmul_ranges[0] == 1:
        vectorize = _gemv_tiles(plan)
    register_tile = MATMUL_REGISTER_TILE
    if vectorize:
        if config is not None and (config.tile is not None or config.reg is not None):
            register_tile = _configured_matmul_tiles(plan, config)
        else:
            long_k = default_k_block(plan.matmul_ranges[2], plan.matmul_ranges[0]) if plan.matmul_ranges else 0
            # long k: bigger tiles, so each packed block of B serves more rows (128x128 tiles:
            # matmul 1024 67 GFLOP/s against 56 with 32x128, one thread); with M of LONG_M rows
            # or more, 256x128 (matmul 2048 one thread 195 -> 181 ms, two threads 99.7 -> 93.8)
            budget = _TARGET_TILE_ELEMENTS
            if long_k:
                budget *= 8 if plan.matmul_ranges[0] >= LONG_M else 4
            static = _static_matmul_tiles(plan, max_n_tile=128 if long_k else 64, budget=budget)
            if static is None:
                vectorize = None
            else:
                plan.tile_sizes, register_tile = static
    elif config is not None and (config.vector or (config.reg and config.vector is not False)):
        raise CompileError(f"config '{config}' asks for a vectorized matmul, but this dispatch has no f32 "
                           "matmul to vectorize")
    if vectorize and config is not None and (config.kc is not None or config.pack is not None):
        plan.k_block, plan.pack = _configured_k_block(plan, config)
    elif vectorize:  # long k: blocked, and each block of B packed (see K_BLOCK)
        plan.k_block = default_k_block(*(plan.matmul_ranges[2::-2] if plan.matmul_ranges else (0, 0)))
        plan.pack = plan.k_block > 0
    elif config is not None and (config.kc or config.pack):
        raise CompileError(f"config '{config}': kc and pack apply to a vectorized f32 matmul only")
    if one_workgroup and config is None and not vectorize:
        return None  # one workgroup and nothing to vectorize: the untiled code
    batch = 0
    if vectorize:
        batch = 1 if matmul.operation.name == "linalg.batch_matmul" else 0
        if batch and plan.pack:
            plan.pack = False  # (packing a batch matmul's B is not wired: its pad has four dims)
    conv = None
    if not vectorize and allowed and (config is None or config.vector is not False):
        conv = _direct_conv(root, producers, plan, config)
    script = transform_script(plan.tile_sizes, len(producers), vectorize, register_tile, plan.k_block, plan.pack, batch)
    apply_transform(module, script + ("\n" + conv if conv else ""))
    plan.vectorized = bool(vectorize) or bool(conv)
    plan.register_tile = tuple(register_tile[:2]) if vectorize else None
    return plan


CONV_WORKGROUP_LIMIT = 64  # output columns and filters of a direct conv's workgroup tile


def _direct_conv(root, producers, plan, config) -> str | None:
    """The transform lines computing the dispatch's conv in place (passes/direct_conv.py), after
    setting the plan's workgroup tiles to one output row's columns x filters; None when the
    conv is not one of its kind, or a given tile does not split into its register tiles."""
    conv, handle = None, None
    if root.operation.name == "linalg.conv_2d_nhwc_hwcf":
        conv, handle = root, "%tiled"
    for k, op in enumerate(reversed(producers)):
        if op.operation.name == "linalg.conv_2d_nhwc_hwcf":
            conv, handle = op, f"%f{k}"
    if conv is None or not direct_conv.applies(conv):
        return None
    _, _, ow, f = ir.ShapedType(conv.operands[2].type).shape
    if config is None or config.tile is None:  # one output row: up to 64 columns x 64 filters
        rows, cols = direct_conv.register_tile(ow, f)
        ow_tile = _largest_divisor(ow, CONV_WORKGROUP_LIMIT, rows) or rows
        f_tile = _largest_divisor(f, CONV_WORKGROUP_LIMIT, cols) or cols
        plan.tile_sizes = [1, 1, ow_tile, f_tile] + [0] * (len(plan.tile_sizes) - 4)
    tiles = plan.tile_sizes
    if tiles[0] != 1 or tiles[1] != 1 or not tiles[2] or not tiles[3] or ow % tiles[2] or f % tiles[3]:
        return None
    register = direct_conv.register_tile(tiles[2], tiles[3])
    return direct_conv.script(handle, *register) if register else None


# k-blocking of vectorized matmuls: with K = 1024 or 2048 the register loop's B rows (a
# power-of-two stride apart) map to a few cache sets and thrash; 128-row blocks fit L2, and
# packing each block contiguously fits L1 whatever the operands' placement. Measured, one thread,
# matmul 1024 (bindings at the same page offset, as numpy places large arrays): 64x64 tiles
# 41.7 GFLOP/s with kc=128, 48.4 with kc=128 pack=on, 59.9 with 64x128 tiles kc=128 pack=on.
K_BLOCK = 128
MIN_K_FOR_BLOCKING = 512
LONG_M = 1024  # rows from which a k-blocked matmul's workgroup tile doubles to 256x128


MIN_M_FOR_BLOCKING = 64  # a packed block of B must serve enough rows: the FC layer of
# MobileNetV2 (m = 1, k = 1280) took 2.47 ms blocked and packed against 0.71 ms without


def default_k_block(k_range: int, m_range: int = MIN_M_FOR_BLOCKING) -> int:
    """The heuristics' k block: K_BLOCK (or the largest divisor of k in [32, K_BLOCK]) for long k
    and enough rows, else 0."""
    if k_range < MIN_K_FOR_BLOCKING or m_range < MIN_M_FOR_BLOCKING:
        return 0
    return next((b for b in range(K_BLOCK, 31, -1) if k_range % b == 0), 0)


def _configured_k_block(plan: TilingPlan, config) -> tuple[int, bool]:
    k_range = plan.matmul_ranges[2] if plan.matmul_ranges else 0
    k_block = default_k_block(k_range, plan.matmul_ranges[0]) if config.kc is None else config.kc
    if k_block and (k_block >= k_range or k_range % k_block):
        raise CompileError(f"config: kc={k_block} must divide the matmul's k range {k_range} and be smaller")
    return k_block, bool(config.pack)


def _untiled(config, why: str) -> None:
    """None (untiled), or a CompileError when a config asked for tiling or vectorization."""
    if config is not None and (config.tile is not None or config.reg is not None or config.vector or config.kc
                               or config.pack):
        raise CompileError(f"config '{config}' cannot apply: this dispatch is not tiled ({why})")
    return None


def _apply_tile_config(plan: TilingPlan, tile: tuple) -> None:
    ranges = plan.parallel_ranges
    if len(tile) != len(ranges):
        raise CompileError(f"config tile={'x'.join(map(str, tile))} gives {len(tile)} sizes; this dispatch's "
                           f"root has {len(ranges)} parallel loops ({'x'.join(map(str, ranges))})")
    sizes = iter(tile)
    plan.tile_sizes = [min(next(sizes), r) if p else 0 for r, p in zip(plan.loop_ranges, plan.parallel)]


def _matmul_dims(plan: TilingPlan) -> list:
    dims = [d for d, p in enumerate(plan.parallel) if p]
    return dims[-2:] if len(dims) >= 2 else []


def _configured_matmul_tiles(plan: TilingPlan, config) -> tuple:
    """The register tile for a configured matmul; its workgroup tiles must divide M and N
    (whole tiles: see _static_matmul_tiles) and the register tile must divide those."""
    dims = _matmul_dims(plan)
    if not dims:
        raise CompileError("config: this matmul has fewer than two parallel loops to vectorize")
    i, j = dims
    if config.tile is None:  # only reg given: the heuristics' whole tiles
        static = _static_matmul_tiles(plan)
        if static is None:
            raise CompileError("config: no whole workgroup tiles fit this matmul's M and N; give tile=")
        plan.tile_sizes = static[0]
    m, n = plan.loop_ranges[i], plan.loop_ranges[j]
    mt, nt = plan.tile_sizes[i] or m, plan.tile_sizes[j] or n
    if m % mt or n % nt:
        raise CompileError(f"config: a vectorized matmul needs whole tiles, but {mt}x{nt} does not divide "
                           f"{m}x{n} (use divisors, or vector=off)")
    if config.reg is not None:
        rows, cols = config.reg
    else:
        rows = next(r for r in range(min(8, mt), 0, -1) if mt % r == 0)
        cols = next((c for c in (32, 16, 8) if nt % c == 0), None)
        if cols is None:
            raise CompileError(f"config: no register tile of 32, 16 or 8 columns divides the tile's {nt} "
                               "columns (give reg=, or vector=off)")
    if mt % rows or nt % cols:
        raise CompileError(f"config: register tile {rows}x{cols} does not divide the workgroup tile {mt}x{nt}")
    plan.tile_sizes[i], plan.tile_sizes[j] = mt, nt
    return rows, cols, 1


def _largest_divisor(size: int, limit: int, granule: int) -> int | None:
    for candidate in range(min(size, limit), 0, -1):
        if size % candidate == 0 and candidate % granule == 0:
            return candidate
    return None


WHOLE_N_TILE = 256


def _static_matmul_tiles(plan: TilingPlan, max_n_tile: int = 64, budget: int = _TARGET_TILE_ELEMENTS):
    """Workgroup and register tiles that divide a matmul's M and N exactly, or None.

    Boundary tiles would have dynamic sizes, whose masked vectors MLIR 22's lowering cannot
    split ('vector.mask' op expects only one operation to mask), so the vector path needs every
    tile whole: N tiles by a multiple of 16 (else 8) up to 64, M by any divisor within the element
    budget; registers hold up to 8 rows (a divisor of the M tile) x 32, 16 or 8 columns.
    """
    dims = [d for d, p in enumerate(plan.parallel) if p]
    if len(dims) < 2:
        return None
    i, j = dims[-2], dims[-1]
    m, n = plan.loop_ranges[i], plan.loop_ranges[j]
    # N up to 256 stays whole: tuned MobileNetV2 1x1 convs preferred it (3136x144x24: 0.443 ms
    # with 64x48 tiles, 0.318 with 28x144; 784x192x32: 0.160 with 56x64, 0.122 with 16x192)
    n_tile = n if n <= WHOLE_N_TILE and n % 8 == 0 else \
        _largest_divisor(n, max_n_tile, 16) or _largest_divisor(n, max_n_tile, 8)
    if n_tile is None:
        return None
    m_tile = _largest_divisor(m, max(8, budget // n_tile), 1)
    rows = _register_rows(m_tile)
    batch = math.prod(plan.loop_ranges[d] for d in dims[:-2])
    m_tile, n_tile = _balanced(batch, m, n, m_tile, n_tile, rows)
    cols = next(c for c in (32, 16, 8) if n_tile % c == 0)
    tiles = list(plan.tile_sizes)
    for d in dims[:-2]:
        tiles[d] = 1
    tiles[i], tiles[j] = m_tile, n_tile
    return tiles, (rows, cols, 1)


MAX_REGISTER_ROWS = 12  # x 32 columns: 24 accumulators, 2 B vectors, of AVX-512's 32 registers


def _register_rows(m_tile: int) -> int:
    """Rows of the register tile: the largest divisor of the M tile up to 8, or, where that is
    below 4 (an M tile of 121 = 11 x 11 rows had 1-row register tiles, each reading all of B
    for one row of output), the largest up to MAX_REGISTER_ROWS. Example CNN's 3025x16x32
    pointwise conv, one thread: 1x32 -> 11x32 register tiles, see the commit's note."""
    rows = _largest_divisor(m_tile, 8, 1)
    return rows if rows >= 4 else _largest_divisor(m_tile, MAX_REGISTER_ROWS, 1)


# An odd number of workgroups below this splits unevenly over two threads (one contiguous chunk
# each: runtime/native_runner.py), e.g. 7 as 4 + 3, the 4 setting the dispatch's time.
BALANCED_WORKGROUPS = 16


def _balanced(batch: int, m: int, n: int, m_tile: int, n_tile: int, rows: int) -> tuple[int, int]:
    """(m_tile, n_tile) split further when they make few workgroups of an odd count: N first into
    32-column tiles (the register tile's width, so each keeps its full register tile), else M in
    half. MobileNetV2's 7x7 and 28x28 layers, two threads (per-dispatch medians, A/B in one
    process): 49x160x960 7x160 -> 7x32 tiles 0.119 -> 0.086 ms, 49x320x960 49x64 -> 49x32
    0.213 -> 0.169, 196x96x576 28x96 -> 28x32 0.083 -> 0.072, 784x32x144 112x32 -> 56x32
    0.038 -> 0.036; model 4.52 -> 4.29 ms; one thread unchanged (7.76 / 7.69 ms)."""
    count = batch * (m // m_tile) * (n // n_tile)
    if count % 2 == 0 or count >= BALANCED_WORKGROUPS:
        return m_tile, n_tile
    if n_tile > 32 and n_tile % 32 == 0:
        return m_tile, 32
    if m_tile % 2 == 0 and (m_tile // 2) % rows == 0:
        return m_tile // 2, n_tile
    return m_tile, n_tile


GEMV_N_TILE = 256
GEMV_WHOLE_ROW = 1024  # f32 elements: a B row of at most one 4 KiB page is one workgroup's


def _gemv_tiles(plan: TilingPlan) -> None:
    """A matmul of one row (a batch-1 fully connected layer) is memory-bound on B: left to
    LLVM's loop vectorizer with k outside n it streams B row by row, where register tiles read
    B in narrow column strips. B is usually a weight not touched since the last call, so it
    comes from L3 or DRAM, where only a sequential stream runs at full speed: column strips of
    B rows skip within every page and the prefetchers lose them. MobileNetV2's
    1x1280 @ 1280x1000 in the model (zen4): 1x8 register tiles 0.77 ms one thread, 1x200
    strips 0.33 ms, whole 1000-column rows 0.15 ms (two threads: about the same, as the stream
    is DRAM-bound). So a row of up to GEMV_WHOLE_ROW elements is one workgroup; longer rows
    take the largest divisor up to GEMV_N_TILE. Returns None (no register tiles)."""
    j = _matmul_dims(plan)[1]
    n = plan.loop_ranges[j]
    if n <= GEMV_WHOLE_ROW:
        plan.tile_sizes[j] = n
    else:
        plan.tile_sizes[j] = _largest_divisor(n, GEMV_N_TILE, 8) or _largest_divisor(n, GEMV_N_TILE, 1)
    return None


def _matmul_is_f32(op) -> bool:
    return all(isinstance(v.type, ir.ShapedType) and str(v.type.element_type) == "f32" for v in op.operands)
