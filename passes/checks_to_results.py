"""castiron-checks-to-results: IREE e2e test functions become functions that return what they check.

A test function `@name()` with `check.expect_*` ops is rewritten to return the checked tensors;
each check is recorded, as JSON in the function's `castiron.checks` attribute (kind, result
indices, tolerances, source line), which the module manifest carries and castiron-check-module
evaluates after calling the function. `expect_*_const` become comparisons against a
`util.unfoldable_constant`, as IREE canonicalizes them; a scalar `util.unfoldable_constant`
checked by `expect_true/false` becomes a 0-d tensor.
"""
from __future__ import annotations

import json
import re

from mlir import ir

from castiron.errors import CompileError

CHECKS_ATTR = "castiron.checks"
_KINDS = {"check.expect_true": "true", "check.expect_false": "false", "check.expect_all_true": "all_true",
          "check.expect_eq": "eq", "check.expect_almost_eq": "almost_eq",
          "check.expect_eq_const": "eq", "check.expect_almost_eq_const": "almost_eq"}


def checks_to_results(module_op) -> int:
    count = 0
    for f in list(module_op.regions[0].blocks[0].operations):
        if f.operation.name == "func.func" and f.regions[0].blocks:
            count += _rewrite_function(f)
    return count


def _line(location) -> int:
    match = re.search(r":(\d+):\d+", str(location))
    return int(match.group(1)) if match else 0


def _float_attr(op, name):
    if name in op.attributes:
        attr = op.attributes[name]
        return float(attr.value) if hasattr(attr, "value") else float(str(attr).split(":")[0])
    return None


def _unfoldable(value_attr, result_type, loc) -> ir.Value:
    op = ir.Operation.create("util.unfoldable_constant", results=[result_type],
                             attributes={"value": value_attr}, loc=loc)
    return op.results[0]


def _as_tensor(value, op) -> ir.Value:
    """Checked values must be tensors (they become results); scalar constants become 0-d ones."""
    if isinstance(value.type, ir.RankedTensorType):
        return value
    owner = value.owner
    if not isinstance(owner, ir.Block) and owner.name == "util.unfoldable_constant":
        scalar = owner.attributes["value"]
        tensor_type = ir.RankedTensorType.get([], value.type)
        return _unfoldable(ir.DenseElementsAttr.get_splat(tensor_type, scalar), tensor_type, op.location)
    raise CompileError(f"checks on host scalars are supported only for util.unfoldable_constant "
                       f"values, not '{value.type}' computed on the host", location=op.location)


def _rewrite_function(f) -> int:
    block = f.regions[0].blocks[0]
    checks = [op for op in block.operations if op.operation.name in _KINDS]
    if not checks:
        return 0
    returned = []
    records = []
    for op in checks:
        kind = _KINDS[op.operation.name]
        with ir.InsertionPoint(op), op.location:
            values = [_as_tensor(v, op) for v in op.operands]
            if op.operation.name.endswith("_const"):
                values.append(_unfoldable(op.attributes["value"], values[0].type, op.location))
        indices = []
        for v in values:
            returned.append(v)
            indices.append(len(returned) - 1)
        record = {"kind": kind, "results": indices, "line": _line(op.location), "op": op.operation.name}
        for name in ("atol", "rtol", "tolerance"):
            value = _float_attr(op, name)
            if value is not None:
                record["atol" if name == "tolerance" else name] = value
        records.append(record)
    terminator = list(block.operations)[-1]
    existing = list(terminator.operands)
    offset = len(existing)
    for record in records:
        record["results"] = [i + offset for i in record["results"]]
    with ir.InsertionPoint(terminator), terminator.location:
        new_return = ir.Operation.create("func.return", operands=existing + returned)
    terminator.operation.erase()
    for op in checks:
        op.operation.erase()
    ftype = ir.FunctionType(ir.TypeAttr(f.attributes["function_type"]).value)
    f.attributes["function_type"] = ir.TypeAttr.get(ir.FunctionType.get(
        list(ftype.inputs), list(ftype.results) + [v.type for v in returned]))
    f.attributes[CHECKS_ATTR] = ir.StringAttr.get(json.dumps(records))
    del new_return
    return len(records)
