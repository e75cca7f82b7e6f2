"""Reads the host graph that dispatch-creation left in each public function into plain data.

The result (FunctionPlan) is what the module manifest stores and the runtime executes: buffers
(inputs, constants, dispatch results), dispatches in program order with their bindings, and
which buffer each function result is.
"""
from __future__ import annotations

from dataclasses import dataclass, field, asdict

import numpy as np
from mlir import ir

from castiron.errors import CompileError
from castiron.passes.dispatch_creation import DISPATCH_OP, EXECUTABLE_ATTR

_DTYPES = {"f16": "f16", "f32": "f32", "f64": "f64", "bf16": "bf16", "i1": "i1", "i8": "i8",
           "i16": "i16", "i32": "i32", "i64": "i64"}
_NUMPY = {"f16": np.float16, "f32": np.float32, "f64": np.float64, "i1": np.bool_, "i8": np.int8,
          "i16": np.int16, "i32": np.int32, "i64": np.int64}


@dataclass
class BufferInfo:
    id: int
    kind: str            # input | constant | transient | output
    shape: list
    dtype: str
    index: int = -1      # input/output position
    offset: int = -1     # constants: byte offset in constants.bin
    nbytes: int = 0
    alias_of: int = -1   # alias: the buffer whose bytes this one views in another shape


@dataclass
class DispatchInfo:
    entry: str
    bindings: list       # buffer ids: inputs then outputs
    num_outputs: int
    location: str = ""


@dataclass
class FunctionPlan:
    name: str
    inputs: list = field(default_factory=list)     # buffer ids
    results: list = field(default_factory=list)    # buffer ids
    buffers: list = field(default_factory=list)    # BufferInfo
    dispatches: list = field(default_factory=list) # DispatchInfo
    checks: list = field(default_factory=list)     # e2e test checks (passes/checks_to_results.py)

    def to_json(self) -> dict:
        return asdict(self)


def element_name(element_type) -> str:
    text = str(element_type)
    if text in _DTYPES:
        return _DTYPES[text]
    raise CompileError(f"unsupported element type '{text}' (castiron supports {', '.join(_DTYPES)})")


def tensor_info(t) -> tuple[list, str]:
    if not isinstance(t, ir.RankedTensorType) or not t.has_static_shape:
        raise CompileError(f"unsupported type '{t}': castiron compiles statically shaped tensors")
    return list(t.shape), element_name(t.element_type)


def nbytes(shape, dtype) -> int:
    return int(np.prod(shape, dtype=np.int64)) * np.dtype(_NUMPY[dtype]).itemsize


def constant_bytes(attr, shape, dtype) -> bytes:
    """Raw little-endian bytes of a dense constant (splats expanded)."""
    if dtype == "i1":
        values = np.array(attr, dtype=np.bool_) if not attr.is_splat else None
        if values is None:
            values = np.full(shape, bool(attr.get_splat_value().value), dtype=np.bool_)
        return values.astype(np.uint8).tobytes()
    if attr.is_splat:
        splat = attr.get_splat_value()
        return np.full(shape, splat.value, dtype=_NUMPY[dtype]).tobytes()
    return np.ascontiguousarray(np.array(attr), dtype=_NUMPY[dtype]).reshape(shape).tobytes()


def read_host_functions(module: ir.Module, constants: bytearray) -> list[FunctionPlan]:
    """FunctionPlans for every public function; constants are appended (64-byte aligned)."""
    plans = []
    for op in module.body.operations:
        if op.operation.name != "func.func" or EXECUTABLE_ATTR in op.attributes:
            continue
        if "sym_visibility" in op.attributes and ir.StringAttr(op.attributes["sym_visibility"]).value == "private":
            continue
        plans.append(_read_function(op, constants))
    return plans


def _read_function(f, constants: bytearray) -> FunctionPlan:
    name = ir.StringAttr(f.attributes["sym_name"]).value
    plan = FunctionPlan(name)
    if "castiron.checks" in f.attributes:
        import json

        plan.checks = json.loads(ir.StringAttr(f.attributes["castiron.checks"]).value)
    buffer_of = {}

    def new_buffer(value, kind, **extra):
        shape, dtype = tensor_info(value.type)
        info = BufferInfo(len(plan.buffers), kind, shape, dtype, nbytes=nbytes(shape, dtype), **extra)
        plan.buffers.append(info)
        buffer_of[value] = info.id
        return info

    block = f.regions[0].blocks[0]
    for i, arg in enumerate(block.arguments):
        plan.inputs.append(new_buffer(arg, "input", index=i).id)
    for op in block.operations:
        name_ = op.operation.name
        if name_ in ("arith.constant", "util.unfoldable_constant") and isinstance(op.results[0].type, ir.RankedTensorType):
            shape, dtype = tensor_info(op.results[0].type)
            while len(constants) % 64:
                constants.append(0)
            offset = len(constants)
            constants.extend(constant_bytes(op.attributes["value"], shape, dtype))
            new_buffer(op.results[0], "constant", offset=offset)
        elif name_ in ("tensor.collapse_shape", "tensor.expand_shape") and op.operands[0] in buffer_of:
            new_buffer(op.results[0], "alias", alias_of=buffer_of[op.operands[0]])
        elif name_ == DISPATCH_OP:
            entry = ir.FlatSymbolRefAttr(op.attributes["entry"]).value
            ins = [buffer_of[v] for v in op.operands]
            outs = [new_buffer(r, "transient").id for r in op.results]
            plan.dispatches.append(DispatchInfo(entry, ins + outs, len(outs), str(op.location)))
        elif name_ == "func.return":
            for i, v in enumerate(op.operands):
                if v not in buffer_of:
                    raise CompileError(location=op.location, message=f"result {i} of @{name} is not computed "
                                       "by a dispatch, an input or a constant")
                plan.results.append(buffer_of[v])
        elif op.results and not any(isinstance(r.type, ir.RankedTensorType) for r in op.results) \
                and all(len(list(r.uses)) == 0 for r in op.results):
            continue
        else:
            raise CompileError(location=op.location, message=f"unsupported op '{name_}' left on the host "
                               "after dispatch creation")
    for buffer_id in plan.results:
        buf = plan.buffers[buffer_id]
        if buf.kind == "transient":
            buf.kind = "output"
    for buf in plan.buffers:
        if buf.kind == "output":
            buf.index = plan.results.index(buf.id)
    return plan
