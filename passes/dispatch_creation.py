"""dispatch-creation: partition each public function into dispatch regions and outline them.

A region is a root op (matmul, conv, reduction, any tensor op) plus the elementwise consumers
that fuse into it; each becomes a `builtin.module @NAME {castiron.executable}` holding a
tensor-level `func.func @NAME`, and the host function becomes a graph of `castiron.dispatch`
ops (operands: the region's inputs; results: its outputs) that the runtime executes.
Scalar and splat constants, `tensor.empty` and single-use `linalg.fill` inits are cloned into
each region that needs them; other tensor constants stay on the host (module constants).
"""
from __future__ import annotations

from dataclasses import dataclass, field
import math

from mlir import ir
from mlir.dialects import func, linalg

from castiron.errors import CompileError

from castiron.dialects.dispatch import EXECUTABLE_ATTR, OP_NAME as DISPATCH_OP, DispatchOp, verify_dispatches

# Ops a region may hold; anything else on tensors is reported as unsupported, by name.
_COMPUTE_DIALECTS = ("linalg.", "tensor.")
_CHEAP_OPS = ("arith.constant", "tensor.empty")


@dataclass
class _Region:
    ops: list = field(default_factory=list)  # top-level ops, in program order

    @property
    def tail(self):
        return self.ops[-1]


def create_dispatches(module_op: ir.Operation) -> None:
    """Runs on a builtin.module: every function with a body is partitioned and outlined."""
    module = module_op.opview if hasattr(module_op, "opview") else module_op  # noqa
    funcs = [op for op in module.regions[0].blocks[0].operations
             if op.operation.name == "func.func" and len(op.regions[0].blocks) > 0]
    for f in funcs:
        _partition_function(module, f)
    verify_dispatches(module)


def _is_cheap(op) -> bool:
    """Ops worth cloning into every region that uses them instead of making them inputs."""
    name = op.operation.name
    if name == "tensor.empty":
        return True
    if name == "arith.constant":
        value = op.attributes["value"]
        if not _is_tensor(op.results[0].type):
            return True
        if not (isinstance(value, ir.DenseElementsAttr) and value.is_splat):
            return False
        # A large splat read by a conv or matmul stays a host weight: cloned into the dispatch,
        # its constant array reaches LLVM, whose folding of every load from it takes minutes.
        return math.prod(ir.ShapedType(op.results[0].type).shape) <= SPLAT_CLONE_LIMIT or \
            all(_is_elementwise(u.owner.opview if hasattr(u.owner, "opview") else u.owner)
                for u in op.results[0].uses)
    if name == "linalg.fill":  # an init filled in place: cloned into each region it initializes
        uses = list(op.results[0].uses)
        return bool(uses) and all(_is_init_operand(u.owner, u.operand_number) for u in uses)
    return False


RESHAPES = ("tensor.collapse_shape", "tensor.expand_shape")
SPLAT_CLONE_LIMIT = 4096  # elements of a splat constant cloned into any dispatch that reads it


def _is_host_reshape(op) -> bool:
    """A reshape of a value that has a host buffer (an argument, a constant, a dispatch or
    another reshape's result) stays on the host as a view; one of a cheap value does not."""
    if op.operation.name not in RESHAPES:
        return False
    producer = op.operands[0].owner
    if isinstance(producer, ir.Block):
        return True
    return not _is_cheap(producer.opview if hasattr(producer, "opview") else producer)


def _is_tensor(t) -> bool:
    return isinstance(t, ir.RankedTensorType)


def _is_init_operand(owner, operand_number: int) -> bool:
    """True when operand_number of a linalg op is one of its `outs` (destination) operands."""
    if not owner.name.startswith("linalg."):
        return False
    num_outs = len(owner.results)
    return operand_number >= len(owner.operands) - num_outs


def _is_elementwise(op) -> bool:
    """One result, every loop parallel: a generic, linalg.map, or a named elementwise op
    (linalg.add, linalg.max, ...: its output map is the identity over all its loops)."""
    name = op.operation.name
    if name == "linalg.generic":
        iterators = op.attributes["iterator_types"]
        return all("parallel" in str(it) for it in iterators) and len(op.results) == 1
    if name == "linalg.map":
        return True
    if not name.startswith("linalg.") or name in ("linalg.fill", "linalg.index") or len(op.results) != 1:
        return False
    maps = linalg.get_indexing_maps(op)
    if maps is None or len(maps) == 0:
        return False
    out = ir.AffineMapAttr(maps[len(maps) - 1]).value
    return out.n_dims == len(out.results) and all(
        isinstance(e, ir.AffineDimExpr) and ir.AffineDimExpr(e).position == i for i, e in enumerate(out.results))


def _check_supported(op) -> None:
    name = op.operation.name
    if name.startswith(_COMPUTE_DIALECTS) or name in ("func.return", "util.unfoldable_constant") or \
            name.startswith("bufferization."):
        return
    if name.startswith(("arith.", "math.")):
        if any(_is_tensor(r.type) for r in op.results):
            return  # tensor-level elementwise arith: lowered by global-opt; if not, still a region
        return
    raise CompileError(location=op.location, message=f"unsupported op '{name}' at host level (castiron "
                       "compiles func.func on tensors with linalg, tensor, arith and math ops)")


def _partition_function(module, f) -> None:
    block = f.regions[0].blocks[0]
    fname = ir.StringAttr(f.attributes["sym_name"]).value
    ops = list(block.operations)
    for op in ops:
        _check_supported(op)
    region_of: dict = {}
    regions: list[_Region] = []
    for op in ops:
        name = op.operation.name
        if name == "func.return" or _is_cheap(op):
            continue
        if name in ("arith.constant", "util.unfoldable_constant"):
            continue  # a tensor constant that stays on the host
        if _is_host_reshape(op):
            continue  # the runtime views the same bytes in the new shape: no dispatch
        if not any(_is_tensor(r.type) for r in op.results) and not name.startswith(_COMPUTE_DIALECTS):
            continue  # scalar host arithmetic feeding regions: cloned where used
        target = _fusable_producer_region(op, region_of) if _is_elementwise(op) else None
        if target is None and name in PAD_CONSUMERS:
            target = _pad_region(op, region_of)
        if target is None:
            target = _Region()
            regions.append(target)
        target.ops.append(op)
        region_of[op.operation] = target
    for index, region in enumerate(regions):
        _outline(module, f, block, region, f"{fname}_dispatch_{index}", region_of)


def _fusable_producer_region(op, region_of):
    """The region an elementwise op joins: its producer's, if the producer is that region's
    tail and this op is the producer's only user (so the region keeps one output)."""
    maps = linalg.get_indexing_maps(op)
    maps = [str(m) for m in maps] if maps is not None else None  # (ArrayAttr asserts on [-1])
    for index, operand in enumerate(op.operands):
        # Fuse only where the consumer reads the producer element for element (same map as its
        # output): a broadcast read (softmax's x - max(x)) would recompute the producer per tile.
        if maps is None or index >= len(maps) - len(op.results) or maps[index] != maps[-1]:
            continue
        owner = operand.owner
        if not isinstance(owner, ir.Operation) and hasattr(owner, "operation"):
            owner = owner.operation
        if not isinstance(owner, ir.Operation):
            continue
        region = region_of.get(owner)
        if region is None or region.tail.operation != owner or owner.name in UNFUSED_PRODUCERS:
            continue
        if all(len(list(r.uses)) == 1 for r in owner.results) and \
                all(u.owner == op.operation for r in owner.results for u in r.uses):
            return region
    return None


# Roots no consumer fuses into: their result cannot be computed a tile at a time (codegen tiles
# the consumer and fuses producers into its tiles), so the consumer would read a whole temporary.
# Alone, a concat copies each input straight into its slice of the destination.
UNFUSED_PRODUCERS = ("tensor.concat",)


# Convolutions whose padded input is computed per tile, inside their dispatch: the pad's own
# dispatch would write the whole padded image and the conv read it back (see _pad_region).
PAD_CONSUMERS = ("linalg.depthwise_conv_2d_nhwc_hwc",)


def _pad_region(op, region_of):
    """The region of a constant tensor.pad this conv alone reads as its image, so the conv
    joins it: codegen tiles the pad with the conv (backend/codegen.py: interior tiles read the
    image in place, border tiles a padded copy of their window), and the padded image is never
    written."""
    owner = _defining_op(op.operands[0])
    if owner is None or owner.name != "tensor.pad":
        return None
    from .workgroup_tiling import small_depthwise

    out = op.results[0].type
    if isinstance(out, ir.RankedTensorType) and out.has_static_shape and out.rank == 4 and \
            small_depthwise(out.shape[2], out.shape[3]):
        return None  # (small images: the padded image is small, and row tiles on it pay more)
    region = region_of.get(owner)
    if region is None or region.tail.operation != owner or len(region.ops) != 1:
        return None
    uses = list(owner.results[0].uses)
    if len(uses) != 1 or uses[0].owner != op.operation or uses[0].operand_number != 0:
        return None
    return region


def _defining_op(value):
    owner = value.owner
    if isinstance(owner, ir.Block):
        return None
    return owner.operation if hasattr(owner, "operation") else owner


WEIGHTS_ATTR = "castiron.weights"  # on a dispatch argument that is a module constant


def _is_weights(value) -> bool:
    """Whether the value is a module constant (or a host reshape of one): read once per call,
    so codegen may prefetch it (passes/prefetch_rows.py)."""
    producer = _defining_op(value)
    while producer is not None and producer.name in RESHAPES:
        producer = _defining_op(producer.operands[0])
    return producer is not None and producer.name in ("arith.constant", "util.unfoldable_constant")


def _outline(module, f, block, region: _Region, name: str, region_of) -> None:
    members = {op.operation for op in region.ops}
    inputs: list = []
    seen_inputs = set()

    def note_input(value):
        producer = _defining_op(value)
        if producer is not None and (producer in members or _is_cheap(producer.opview) or
                                     _is_scalar_host_op(producer)):
            if producer not in members:
                for operand in producer.operands:  # what the cloned op needs
                    note_input(operand)
            return
        if value not in seen_inputs:
            seen_inputs.add(value)
            inputs.append(value)

    top_values = _top_level_values(block)
    for op in region.ops:
        for value in _used_values(op.operation, top_values):
            note_input(value)
    outputs = [r for op in region.ops for r in op.results
               if any(u.owner.operation not in members if hasattr(u.owner, "operation") else True
                      for u in r.uses)]
    if not outputs:
        raise CompileError(location=region.tail.location, message=f"a dispatch region computes nothing used")

    loc = region.tail.location
    with ir.InsertionPoint(f), loc:  # executables sit just before the function using them
        exe = ir.Operation.create("builtin.module", regions=1,
                                  attributes={"sym_name": ir.StringAttr.get(name),
                                              EXECUTABLE_ATTR: ir.UnitAttr.get()})
        exe.regions[0].blocks.append()
    with ir.InsertionPoint(exe.regions[0].blocks[0]), loc:
        ftype = ir.FunctionType.get([v.type for v in inputs], [v.type for v in outputs])
        entry = func.FuncOp(name, ftype)
        weights = [_is_weights(v) for v in inputs]
        if any(weights):
            entry.attributes["arg_attrs"] = ir.ArrayAttr.get([
                ir.DictAttr.get({WEIGHTS_ATTR: ir.UnitAttr.get()} if w else {}) for w in weights])
        body = entry.add_entry_block()
    mapping = {v: body.arguments[i] for i, v in enumerate(inputs)}
    with ir.InsertionPoint(body), loc:
        for op in region.ops:
            _clone_with_deps(op.operation, mapping, members, top_values)
        func.ReturnOp([mapping[v] for v in outputs])

    with ir.InsertionPoint(region.tail.operation), loc:
        dispatch = DispatchOp(name, inputs, [v.type for v in outputs])
    for old, new in zip(outputs, dispatch.results):
        old.replace_all_uses_with(new)
    # The dispatch sits where the tail was; erase the region's ops, then whatever went dead.
    dispatch.move_after(region.tail.operation)
    for op in reversed(region.ops):
        op.operation.erase()
    _erase_dead_cheap_ops(block)


def _is_scalar_host_op(op) -> bool:
    """Scalar arith/math ops on the host (index math, scalar constants): cloned into regions."""
    return op.name.startswith(("arith.", "math.")) and \
        not any(_is_tensor(r.type) for r in op.results)


def _top_level_values(block) -> set:
    values = set(block.arguments)
    for op in block.operations:
        values.update(op.results)
    return values


def _used_values(op: ir.Operation, top_values: set) -> list:
    """Operands of op and of every op nested in it that are defined at the function's top level."""
    found = []

    def visit(o):
        for value in o.operands:
            if value in top_values:
                found.append(value)
        return ir.WalkResult.ADVANCE

    op.walk(visit, ir.WalkOrder.PRE_ORDER)
    return found


def _clone_with_deps(op: ir.Operation, mapping: dict, members: set, top_values: set) -> None:
    """Clones op at the insertion point, first cloning cheap producers it needs, then
    rewires every use (nested ones included) of a top-level value to its mapped value."""
    for value in _used_values(op, top_values):
        if value in mapping:
            continue
        producer = _defining_op(value)
        if producer is None or producer in members:
            raise CompileError(location=op.location, message=f"internal: value used before defined in region")
        _clone_with_deps(producer, mapping, members, top_values)
    new = op.clone()
    remap = {v: mapping[v] for v in _used_values(op, top_values)}

    def rewire(o):
        for old, repl in remap.items():
            o.replace_uses_of_with(old, repl)
        return ir.WalkResult.ADVANCE

    new.walk(rewire, ir.WalkOrder.PRE_ORDER)
    for old, repl in zip(op.results, new.results):
        mapping[old] = repl


def _erase_dead_cheap_ops(block) -> None:
    changed = True
    while changed:
        changed = False
        for op in reversed(list(block.operations)):
            if op.operation.name in ("func.return", DISPATCH_OP):
                continue
            if op.results and all(len(list(r.uses)) == 0 for r in op.results) and \
                    (op.operation.name in ("linalg.fill", *_CHEAP_OPS) or _is_scalar_host_op(op.operation)):
                op.operation.erase()
                changed = True
