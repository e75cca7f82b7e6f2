"""castiron-example-passes: a plugin package shipping two Python passes.

`fold-mul-by-one` rewrites `x * 1.0` to `x` with a greedy pattern; `tag-op-count{kind=... minimum=N}`
counts ops of a kind per function, records it as an attribute, and fails below a minimum.
"""
from __future__ import annotations

from mlir import ir

from castiron.passes import apply_patterns, is_constant, register_pass, walk


def _fold(mul, rewriter) -> bool:
    """x * 1.0 (either side) -> x."""
    for keep, other in ((0, 1), (1, 0)):
        if is_constant(mul.operands[other], 1.0):
            rewriter.replace_op(mul, [mul.operands[keep]])
            return True
    return False


@register_pass("fold-mul-by-one", help="x * 1.0 -> x (arith.mulf, scalars and splat tensors)")
def fold_mul_by_one(op, pass_):
    apply_patterns(op, {"arith.mulf": _fold})


@register_pass("tag-op-count", help="count ops of one kind per function into a 'op_count' attribute",
               op_name="func.func")
class TagOpCount:
    kind: str = "arith.mulf"
    minimum: int = 0

    def run(self, op, pass_):
        count = walk(op, self.kind, lambda _: None)
        op.attributes["op_count"] = ir.IntegerAttr.get(ir.IntegerType.get_signless(64), count)
        if count < self.minimum:
            op.location.emit_error(f"found {count} '{self.kind}' ops, fewer than minimum={self.minimum}")
            pass_.signal_pass_failure()
