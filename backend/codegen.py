"""The llvm-cpu codegen pipeline for one dispatch: tensor function → LLVM dialect → LLVM IR text.

Steps (each printable with the driver's IR printing): ABI wrapping and inlining, workgroup
tiling with producer fusion, bufferization into the caller's buffers, workgroup distribution
into the [begin, end) loop, lowering to loops and to the LLVM dialect, translation to LLVM IR.
"""
from __future__ import annotations

from dataclasses import dataclass, field
import math

from mlir import ir, passmanager
from mlir.dialects import llvm as llvm_dialect

from castiron.errors import CompileError
from castiron.passes import dispatch_abi, loop_order, math_approximation, memref_copy_to_linalg, reuse_destination, transform_script, workgroup_distribution, workgroup_tiling

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


def compile_dispatch(exe_text: str, name: str, keep_stages: bool = False) -> DispatchCode:
    """Runs codegen on one executable's tensor function (module text) in the current context."""
    stages = {}

    def stage(label, module):
        if keep_stages:
            stages[label] = str(module)

    original = ir.Module.parse(exe_text)
    original = dispatch_abi.wrap_in_abi(original, name)
    # inline, then fuse the ABI's i1<->i8 conversions (tensor arith) into their neighbours.
    _run(original, "builtin.module(inline,canonicalize,func.func(convert-elementwise-to-linalg,"
                   "linalg-fuse-elementwise-ops),canonicalize,cse)", name)
    transform_script.decompose_tensor_ops(original)
    reuse_destination.copy_readonly_inits(_find_func(original, name))
    ftype = _function_type(original, name)
    num_bindings = len(ftype.inputs)
    iterations, flops, nbytes, root = _cost(original, ftype)
    stage("input", original)
    module = _try_tiled(original, name)
    if module is None:
        module = ir.Module.parse(str(original))
        _run(module, "builtin.module(inline,canonicalize,cse)", name)
        reuse_destination.reuse_producer_as_destination(_find_func(module, name))
        module, plan = _bufferized(module, name, tile=False)
    else:
        module, plan = module
    memref_copy_to_linalg.memref_copy_to_linalg(module.operation)
    loop_order.order_loops(module)
    math_approximation.approximate_math(module)
    stage("bufferized", module)
    entry = _find_func(module, name)
    grid = workgroup_distribution.distribute(entry)
    impl_symbol = f"{name}_wg"
    entry.attributes["sym_name"] = ir.StringAttr.get(impl_symbol)
    # Stops LLVM turning loops into memset/memcpy calls: the library links no libc.
    entry.attributes["passthrough"] = ir.ArrayAttr.get([ir.StringAttr.get("no-builtins"),
                                                        ir.StringAttr.get("nounwind")])
    stage("distributed", module)
    _check_lowerable(module, name)
    _run(module, LOWER_TO_LLVM, name)
    stage("llvm-dialect", module)
    _check_only_llvm(module, name)
    llvm_ir = llvm_dialect.translate_module_to_llvmir(module.operation)
    return DispatchCode(name, impl_symbol, num_bindings, grid, plan.tile_sizes if plan else [], iterations,
                        llvm_ir, stages, flops, nbytes, root, [str(t) for t in ftype.inputs])


_ELEMENT_BYTES = {"f16": 2, "bf16": 2, "f32": 4, "f64": 8, "i1": 1, "i8": 1, "i16": 2, "i32": 4, "i64": 8}


def _cost(module: ir.Module, ftype) -> tuple[int, int, int, str]:
    """(loop iterations, arithmetic ops, binding bytes, root op name) of a dispatch in ABI form.

    Iterations sum every linalg op's loop nest (the runtime's fan-out measure); FLOPs count the
    arith/math ops of each body per iteration (a matmul: mulf + addf = 2 per multiply-add).
    """
    iterations = flops = 0
    root, biggest = "", -1
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
            root, biggest = op.name, n
    sizes = 0
    for t in list(ftype.inputs):
        element = str(t).rsplit("x", 1)[-1].rstrip(">")
        sizes += math.prod(t.shape) * _ELEMENT_BYTES.get(element, 4)
    iterations += sum(math.prod(t.shape) for t in list(ftype.inputs))
    return int(iterations), int(flops), int(sizes), root or "copy"


def _try_tiled(original: ir.Module, name: str, vectorize: bool = True):
    """Tile + fuse (+ vectorize a matmul) + bufferize; None when the result would not be one
    clean tile loop. A vectorized attempt that would need a heap buffer is redone without."""
    module = ir.Module.parse(str(original))
    _run(module, "builtin.module(inline,canonicalize,cse)", name)
    entry = _find_func(module, name)
    try:
        plan = workgroup_tiling.tile_to_workgroups(module, entry, vectorize=vectorize)
    except ir.MLIRError:
        return _try_tiled(original, name, vectorize=False) if vectorize else None
    if plan is not None:
        _erase_dead_tensor_ops(_find_func(module, name))
    if plan is None or not _single_tile_loop(_find_func(module, name)):
        return None
    if plan.vectorized:
        try:
            _run(module, BUFFERIZE, name)
        except CompileError:
            return _try_tiled(original, name, vectorize=False)
        if _walk_named(module, "memref.alloc"):  # a fused producer's tile: small, so on the stack
            _run(module, "builtin.module(func.func(promote-buffers-to-stack{max-alloc-size-in-bytes=65536}))", name)
        if _walk_named(module, "memref.alloc"):
            return _try_tiled(original, name, vectorize=False)
        try:
            transform_script.lower_vectors(module)
            _run(module, "builtin.module(canonicalize,cse,convert-vector-to-scf)", name)
        except (ir.MLIRError, CompileError):  # e.g. masks of boundary tiles this lowering cannot split
            return _try_tiled(original, name, vectorize=False)
        return module, plan
    return _bufferized(module, name, tile=True, plan=plan)


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
