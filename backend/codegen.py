"""The llvm-cpu codegen pipeline for one dispatch: tensor function → LLVM dialect → LLVM IR text.

Steps (each printable with the driver's IR printing): ABI wrapping and inlining, workgroup
tiling with producer fusion, bufferization into the caller's buffers, workgroup distribution
into the [begin, end) loop, lowering to loops and to the LLVM dialect, translation to LLVM IR.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
import math

from mlir import ir, passmanager
from mlir.dialects import llvm as llvm_dialect

from castiron.errors import CompileError
from castiron.backend import dispatch_config
from castiron.passes import accumulator_init, depthwise_vectors, epilogue_vectors, dispatch_abi, loop_order, math_approximation, memref_copy_to_linalg, pad_rows, prefetch_rows, reuse_destination, tiled_pads, transform_script, workgroup_distribution, workgroup_tiling

# No canonicalize before bufferization: it would fold a one-workgroup forall away.
BUFFERIZE = ("builtin.module(eliminate-empty-tensors,"
             "one-shot-bufferize{bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map},"
             "canonicalize,cse)")
LOWER_TO_LLVM = ("builtin.module(convert-vector-to-scf,func.func(convert-linalg-to-loops),"
                 "expand-strided-metadata,lower-affine,convert-scf-to-cf,canonicalize,"
                 "convert-vector-to-llvm,convert-math-to-llvm,convert-arith-to-llvm,convert-ub-to-llvm,"
                 "finalize-memref-to-llvm,convert-func-to-llvm{use-bare-ptr-memref-call-conv=1},"
                 "convert-cf-to-llvm,reconcile-unrealized-casts,canonicalize)")


@dataclass
class DispatchCode:
    """What codegen produced for one dispatch on one target."""
    name: str
    impl_symbol: str           # the LLVM function taking (bindings..., begin, end)
    num_bindings: int
    workgroup_count: list      # [x, y, z]
    tile_sizes: list
    iterations: int            # loop iterations of all its ops: the runtime's measure of work
    llvm_ir: str               # the whole translated module
    stages: dict = field(default_factory=dict)  # stage name -> IR text (for dumps)
    flops: int = 0             # arithmetic ops executed (2 per multiply-add)
    bytes: int = 0             # bytes of all bindings (read + written once)
    root: str = ""             # its largest linalg op (matmul, conv, ...)
    binding_types: list = field(default_factory=list)
    num_outputs: int = 0       # the last bindings are its results
    key: str = ""              # structural key (backend/dispatch_config.py): what tuning records name
    config: str = "default"    # the configuration it was compiled with, every knob spelled out
    config_source: str = "heuristics"  # or "given" (a --dispatch-config / tuning database entry)
    parallel_ranges: list = field(default_factory=list)  # the root's parallel loop ranges (tile= knob)
    matmul_ranges: list = field(default_factory=list)    # (m, n, k) of a matmul that vectorizes, else []
    fault: str | None = None   # config fault injection (crash / hang / wrong), see dispatch_config
    same_code_as: str = ""     # another dispatch of this compile whose code (impl_symbol) it calls


def compile_dispatch(exe_text: str, name: str, keep_stages: bool = False, configs: dict | None = None) -> DispatchCode:
    """Runs codegen on one executable's tensor function (module text) in the current context.

    `configs` maps dispatch keys or names to DispatchConfigs (hand-written or tuned); the one
    found for this dispatch replaces the heuristics, and must apply as given (no fallbacks)."""
    stages = {}

    def stage(label, module):
        if keep_stages:
            stages[label] = str(module)

    original = ir.Module.parse(exe_text)
    num_outputs = len(_function_type(original, name).results)
    original = dispatch_abi.wrap_in_abi(original, name)
    # inline, then fuse the ABI's i1<->i8 conversions (tensor arith) into their neighbours.
    _run(original, "builtin.module(inline)", name)
    dispatch_abi.extract_bools_from_bytes(original)
    _run(original, "builtin.module(canonicalize,func.func(convert-elementwise-to-linalg,"
                   "linalg-fuse-elementwise-ops),canonicalize,cse)", name)
    fused_pad = _pad_feeds_a_conv(original)
    if not fused_pad:  # (a pad tiled with its conv is decomposed per tile, in _try_tiled)
        transform_script.decompose_tensor_ops(original)
    reuse_destination.copy_readonly_inits(_find_func(original, name))
    ftype = _function_type(original, name)
    num_bindings = len(ftype.inputs)
    iterations, flops, nbytes, root, root_ranges, element = _cost(original, ftype)
    key = dispatch_config.dispatch_key(exe_text, name, root, root_ranges, element)
    config = (configs or {}).get(key) or (configs or {}).get(name)
    source = "heuristics"
    if config is not None and config.is_default:  # e.g. a tuning record found the heuristics best
        config, source = None, f"{config.source} (default)"
    elif config is not None:
        source = config.source
    stage("input", original)
    knobs = config if config is not None and (config.tile or config.reg or config.vector is not None
                                              or config.kc or config.pack is not None) else None
    try:
        module = _try_tiled(original, name, config=knobs)
    except CompileError as exc:
        if config is None:
            raise
        raise CompileError(f"dispatch {name} ({key}): {exc.message}", exc.location) from None
    if module is None and knobs is not None and (config.reg or config.vector or not _one_workgroup(config, original, name)):
        raise CompileError(f"dispatch {name} ({key}): config '{config}' cannot apply: its tiles do not form "
                           "one clean tile loop here")
    if module is None:
        module = ir.Module.parse(str(original))
        if fused_pad:
            transform_script.decompose_tensor_ops(module)
        _run(module, "builtin.module(inline,canonicalize,cse)", name)
        reuse_destination.reuse_producer_as_destination(_find_func(module, name))
        module, plan = _bufferized(module, name, tile=False)
    else:
        module, plan = module
    memref_copy_to_linalg.memref_copy_to_linalg(module.operation)
    if plan is None:
        pad_rows.tile_pad_rows(module, _find_func(module, name))
    loop_order.order_loops(module)
    math_approximation.approximate_math(module)
    prefetch_rows.prefetch_rows(module)
    stage("bufferized", module)
    entry = _find_func(module, name)
    grid = workgroup_distribution.distribute(entry)
    workgroup_distribution.hoist_stack_buffers(entry)
    impl_symbol = f"{name}_wg"
    entry.attributes["sym_name"] = ir.StringAttr.get(impl_symbol)
    # Stops LLVM turning loops into memset/memcpy calls: the library links no libc.
    # prefer-vector-width: LLVM's loop vectorizer uses 256-bit vectors on Intel AVX-512 CPUs by
    # default; castiron's loops (depthwise convolutions, elementwise, pads) gain from 512 (a
    # target without 512-bit vectors keeps its own widest).
    entry.attributes["passthrough"] = ir.ArrayAttr.get([
        ir.StringAttr.get("no-builtins"), ir.StringAttr.get("nounwind"),
        ir.ArrayAttr.get([ir.StringAttr.get("prefer-vector-width"), ir.StringAttr.get("512")])])
    _mark_bindings_noalias(entry, num_bindings)
    _allow_contraction(module)
    stage("distributed", module)
    _check_lowerable(module, name)
    _run(module, LOWER_TO_LLVM, name)
    stage("llvm-dialect", module)
    _check_only_llvm(module, name)
    llvm_ir = llvm_dialect.translate_module_to_llvmir(module.operation)
    parallel_ranges = list(plan.parallel_ranges) if plan else _parallel_ranges(original, name)
    effective = _effective_config(plan, config, parallel_ranges)
    return DispatchCode(name, impl_symbol, num_bindings, grid, plan.tile_sizes if plan else [], iterations,
                        llvm_ir, stages, flops, nbytes, root, [str(t) for t in ftype.inputs], num_outputs,
                        key, str(effective), source, parallel_ranges,
                        list(plan.matmul_ranges or []) if plan else [], config.fault if config else None)


_CONTRACTIBLE = ("arith.mulf", "arith.addf", "arith.subf")


def _allow_contraction(module: ir.Module) -> None:
    """Marks float multiplies and adds `contract`, so LLVM fuses a*b+c into one FMA (rounded
    once: never less accurate). Without it every multiply-accumulate of a matmul or
    convolution took two instructions on the two FMA ports (matmul 196x576x96, one thread:
    the register loop issued vmulps + vaddps per product). C compilers contract within an
    expression by default; IREE's CPU backend does as well."""
    contract = ir.Attribute.parse("#arith.fastmath<contract>")
    found = []

    def visit(op):
        if op.name in _CONTRACTIBLE and "fastmath" not in op.attributes or \
                op.name in _CONTRACTIBLE and str(op.attributes["fastmath"]) == "#arith.fastmath<none>":
            found.append(op)
        return ir.WalkResult.ADVANCE

    module.operation.walk(visit)
    for op in found:
        op.attributes["fastmath"] = contract
    _allow_reassociation(module)


def _allow_reassociation(module: ir.Module) -> None:
    """Marks the combining add of a generic's sum reduction `reassoc`, so LLVM vectorizes it
    with partial sums instead of one serial chain of dependent adds (softmax 256x1000's row sums,
    one thread: 0.20 ms, 4 cycles per element). The sum's rounding then depends on the vector
    width, as in IREE's and onnxruntime's vectorized reductions."""
    flags = ir.Attribute.parse("#arith.fastmath<reassoc,contract>")
    found = []

    def visit(op):
        if op.name == "linalg.reduce" or op.name == "linalg.generic" and \
                any("reduction" in str(it) for it in op.attributes["iterator_types"]):
            body = op.regions[0].blocks[0]
            view = op.opview
            inits = len(view.outputs if op.name == "linalg.generic" else view.inits)
            outs = list(body.arguments)[len(body.arguments) - inits:]
            for inner in body.operations:
                if inner.operation.name == "arith.addf" and any(v in outs for v in inner.operands):
                    found.append(inner.operation)
        return ir.WalkResult.ADVANCE

    module.operation.walk(visit)
    for op in found:
        op.attributes["fastmath"] = flags


def _mark_bindings_noalias(func_op, num_bindings: int) -> None:
    """Bindings never overlap a binding the dispatch writes: the runtime's arena gives a
    dispatch's outputs bytes no input of that dispatch is live in (runtime/memory.py), and
    results are fresh arrays; inputs may share bytes, but only to be read. Saying so lets LLVM
    keep a matmul's accumulator tile in registers across the k loop instead of storing it
    after every step (it could not prove the stores miss A and B)."""
    noalias = ir.DictAttr.get({"llvm.noalias": ir.UnitAttr.get()})
    empty = ir.DictAttr.get({})
    count = len(func_op.regions[0].blocks[0].arguments)
    func_op.attributes["arg_attrs"] = ir.ArrayAttr.get([noalias if i < num_bindings else empty
                                                        for i in range(count)])


def _effective_config(plan, config, parallel_ranges: list) -> "dispatch_config.DispatchConfig":
    """Every knob as codegen applied it (so a record or a dump shows what was really built);
    an untiled dispatch shows its whole ranges as its one tile."""
    if plan is None:
        applied = dispatch_config.DispatchConfig(tile=tuple(parallel_ranges) or None)
    else:
        applied = dispatch_config.DispatchConfig(
            tile=tuple(plan.parallel_tiles), reg=plan.register_tile,
            vector=plan.vectorized if plan.matmul_ranges else None,
            kc=plan.k_block if plan.vectorized and plan.matmul_ranges else None,
            pack=plan.pack if plan.vectorized and plan.matmul_ranges else None)
    if config is not None and config.fault:
        applied = dataclasses.replace(applied, fault=config.fault)
    return applied


def _one_workgroup(config, module: ir.Module, name: str) -> bool:
    """True when `config`'s tiles cover the whole loops (one workgroup: the untiled code)."""
    ranges = _parallel_ranges(module, name)
    return bool(config.tile) and len(config.tile) == len(ranges) and \
        all(t == 0 or t >= r for t, r in zip(config.tile, ranges))


def _parallel_ranges(module: ir.Module, name: str) -> list:
    """Parallel loop ranges of an untiled dispatch's root (for a search space); [] if none."""
    sinks = _walk_named(module, "bufferization.materialize_in_destination")
    if len(sinks) != 1:
        return []
    owner = sinks[0].operands[0].owner
    if isinstance(owner, ir.Block) or not owner.name.startswith("linalg."):
        return []
    plan = workgroup_tiling.plan_root(owner.opview)
    return list(plan.parallel_ranges) if plan else []


_ELEMENT_BYTES = {"f16": 2, "bf16": 2, "f32": 4, "f64": 8, "i1": 1, "i8": 1, "i16": 2, "i32": 4, "i64": 8}


def _cost(module: ir.Module, ftype) -> tuple:
    """(loop iterations, arithmetic ops, binding bytes, root op name, root loop ranges, root
    element type) of a dispatch in ABI form.

    Iterations sum every linalg op's loop nest (the runtime's fan-out measure); FLOPs count the
    arith/math ops of each body per iteration (a matmul: mulf + addf = 2 per multiply-add).
    """
    iterations = flops = 0
    root, biggest, root_ranges, element = "", -1, [], ""
    for op in _walk_prefix(module, "linalg."):
        info = workgroup_tiling.loop_info(op.opview)
        if info is None:
            continue
        n = math.prod(info[0])
        iterations += n
        body_ops = 0
        if op.regions and op.regions[0].blocks:
            body_ops = sum(1 for o in op.regions[0].blocks[0].operations
                           if o.operation.name.startswith(("arith.", "math.")))
        flops += n * body_ops
        if n > biggest:
            root, biggest, root_ranges = op.name, n, info[0]
            out_type = op.operands[len(op.operands) - 1].type
            element = str(out_type.element_type) if isinstance(out_type, ir.ShapedType) else ""
    sizes = 0
    for t in list(ftype.inputs):
        element = str(t).rsplit("x", 1)[-1].rstrip(">")
        sizes += math.prod(t.shape) * _ELEMENT_BYTES.get(element, 4)
    iterations += sum(math.prod(t.shape) for t in list(ftype.inputs))
    if not element and ftype.inputs:
        element = str(list(ftype.inputs)[-1].element_type)
    return int(iterations), int(flops), int(sizes), root or "copy", list(root_ranges), element


def _try_tiled(original: ir.Module, name: str, vectorize: bool = True, config=None, depthwise: bool = True):
    """Tile + fuse (+ vectorize a matmul) + bufferize; None when the result would not be one
    clean tile loop. A vectorized attempt that would need a heap buffer is redone without,
    unless a given `config` asked for it (then that is an error: configs apply exactly)."""
    def retry_scalar(why: str):
        if config is not None:
            raise CompileError(f"config '{config}' cannot apply: {why}")
        return _try_tiled(original, name, vectorize=False)

    module = ir.Module.parse(str(original))
    _run(module, "builtin.module(inline,canonicalize,cse)", name)
    entry = _find_func(module, name)
    try:
        plan = workgroup_tiling.tile_to_workgroups(module, entry, vectorize=vectorize, config=config)
    except ir.MLIRError as exc:
        if config is not None:
            from castiron.context import format_diagnostics

            raise CompileError(f"config '{config}' cannot apply: tiling failed: " + format_diagnostics(exc)) from None
        return _try_tiled(original, name, vectorize=False) if vectorize else None
    if plan is not None:
        _erase_dead_tensor_ops(_find_func(module, name))
        if _walk_named(module, "tensor.pad"):  # a pad tiled with its conv
            if not tiled_pads.read_interior_in_place(module):
                if config is not None:
                    raise CompileError(f"config '{config}' cannot apply: its tiles of the padded conv differ "
                                       "in size (use tile sizes dividing the conv's output)")
                return None  # partial tiles: their padded windows would need heap buffers
    if plan is None or not _single_tile_loop(_find_func(module, name)):
        return None
    if plan.vectorized:
        try:
            _run(module, BUFFERIZE, name)
        except CompileError:
            return retry_scalar("the vectorized tiles do not bufferize in place")
        if _walk_named(module, "memref.alloc"):  # a fused producer's tile: small, so on the stack
            _run(module, "builtin.module(func.func(buffer-loop-hoisting,promote-buffers-to-stack{max-alloc-size-in-bytes=65536}))", name)
        if _walk_named(module, "memref.alloc"):
            return retry_scalar("a fused producer's tile is too large for the stack (64 KiB)")
        try:
            accumulator_init.move_fills_into_register_tiles(module)
            epilogue_vectors.vectorize(module)
            transform_script.lower_vectors(module)
            _run(module, "builtin.module(canonicalize,cse,convert-vector-to-scf)", name)
        except (ir.MLIRError, CompileError):  # e.g. masks of boundary tiles this lowering cannot split
            return retry_scalar("its vectors do not lower (boundary masks)")
        return module, plan
    if depthwise and (config is None or config.vector is not False) and depthwise_vectors.vectorizable(module):
        try:
            depthwise_vectors.vectorize(module)
            module, plan = _bufferized(module, name, tile=True, plan=plan)
            transform_script.lower_vectors(module)
            _run(module, "builtin.module(canonicalize,cse,convert-vector-to-scf)", name)
        except (ir.MLIRError, CompileError):
            return _try_tiled(original, name, vectorize, config, depthwise=False)
        return module, plan
    return _bufferized(module, name, tile=True, plan=plan)


def _pad_feeds_a_conv(module: ir.Module) -> bool:
    """True when a tensor.pad is the image of a conv in this dispatch (dispatch creation put
    them together: see dispatch_creation.PAD_CONSUMERS); it is tiled with the conv."""
    from castiron.passes.dispatch_creation import PAD_CONSUMERS

    return any(any(u.owner.name in PAD_CONSUMERS for u in op.results[0].uses)
               for op in _walk_named(module, "tensor.pad"))


def _erase_dead_tensor_ops(func_op) -> None:
    """Producers fused into the tile loop leave their unused originals behind: drop them."""
    for op in reversed(list(func_op.regions[0].blocks[0].operations)):
        if op.operation.name.startswith(("linalg.", "tensor.")) and op.results and \
                all(isinstance(r.type, ir.RankedTensorType) and not list(r.uses) for r in op.results):
            op.operation.erase()


def _single_tile_loop(func_op) -> bool:
    """True when every compute op of the function sits inside its one scf.forall."""
    names = [op.operation.name for op in func_op.regions[0].blocks[0].operations]
    if names.count("scf.forall") != 1:
        return False
    return not any(n.startswith("linalg.") or n in ("tensor.pad", "tensor.concat") for n in names)


def _bufferized(module: ir.Module, name: str, tile: bool, plan=None):
    _run(module, BUFFERIZE, name)
    if _walk_named(module, "memref.alloc"):
        _run(module, "builtin.module(func.func(promote-buffers-to-stack{max-alloc-size-in-bytes=262144}))", name)
        heap = [op for op in _walk_named(module, "memref.alloc")]
        if heap:
            raise CompileError(location=heap[0].location, message=f"dispatch {name} needs a temporary buffer "
                               f"({heap[0].results[0].type}) too large for the stack; castiron's "
                               "dispatches have no heap (split the computation into more ops)")
    return module, plan


def _check_lowerable(module: ir.Module, name: str) -> None:
    """Refuses what MLIR 22's lowering would abort the process on (assertions are not errors):
    memrefs of i1 (MemRefToLLVM asserts integer widths >= 8 for loads and stores)."""
    found = []

    def visit(op):  # (raising inside a walk callback would surface as a RuntimeError)
        for value in list(op.results) + [a for r in op.regions for b in r.blocks for a in b.arguments]:
            t = value.type
            if isinstance(t, ir.MemRefType) and str(t.element_type) == "i1" and not found:
                found.append(op.location)
        return ir.WalkResult.ADVANCE

    module.operation.walk(visit, ir.WalkOrder.PRE_ORDER)
    if found:
        raise CompileError(location=found[0], message=(
            f"dispatch {name} stores i1 (boolean) values in memory, which castiron's LLVM 22 "
            "lowering cannot do yet; compute booleans inside one dispatch or extend them to i8"))


def _check_only_llvm(module: ir.Module, name: str) -> None:
    """Names the ops of other dialects left after lowering (translation would fail or crash)."""
    left = set()

    def visit(op):
        if not op.name.startswith(("llvm.", "builtin.")):
            left.add(op.name)
        return ir.WalkResult.ADVANCE

    module.operation.walk(visit, ir.WalkOrder.PRE_ORDER)
    if left:
        raise CompileError(f"codegen of dispatch {name} left ops it cannot lower: {', '.join(sorted(left))}")


def _walk_named(module: ir.Module, op_name: str) -> list:
    return [op for op in _walk_prefix(module, op_name) if op.name == op_name]


def _walk_prefix(module: ir.Module, prefix: str) -> list:
    found = []

    def visit(op):
        if op.name.startswith(prefix):
            found.append(op)
        return ir.WalkResult.ADVANCE

    module.operation.walk(visit, ir.WalkOrder.PRE_ORDER)
    return found


def _function_type(module: ir.Module, name: str) -> ir.FunctionType:
    return ir.FunctionType(ir.TypeAttr(_find_func(module, name).attributes["function_type"]).value)


def _find_func(module: ir.Module, name: str):
    for op in module.body.operations:
        if op.operation.name == "func.func" and ir.StringAttr(op.attributes["sym_name"]).value == name:
            return op
    raise CompileError(f"internal: dispatch function @{name} not found")


def _run(module: ir.Module, pipeline: str, name: str) -> None:
    try:
        passmanager.PassManager.parse(pipeline).run(module.operation)
    except ir.MLIRError as exc:
        from castiron.context import format_diagnostics

        raise CompileError(f"codegen of dispatch {name} failed: " + format_diagnostics(exc)) from None
