"""Rewrite helpers for Python passes: greedy pattern application and a walk, without worklists.

    @register_pass("fold-mul-by-one", help="x * 1.0 -> x")
    def fold_mul_by_one(op, pass_):
        apply_patterns(op, {"arith.mulf": fold})

    def fold(mul, rewriter) -> bool:        # True = rewrote, False = did not match
        if is_constant(mul.operands[1], 1.0):
            rewriter.replace_op(mul, [mul.operands[0]])
            return True
        return False

Patterns run through MLIR's greedy driver (upstream `mlir.rewrite`), which also folds and
erases dead ops; `walk` visits ops of given names when no fixed point is needed.
"""
from __future__ import annotations

from typing import Callable, Iterable

from mlir import ir
from mlir import rewrite as _rewrite


def apply_patterns(op, patterns: dict | Iterable[tuple], *, benefit: int = 1) -> None:
    """Applies {op name or OpView class: fn(op, rewriter) -> bool} greedily to op until fixpoint.

    A pattern returns True when it rewrote the op (MLIR's own convention is the opposite;
    castiron turns it around so a pattern reads naturally).
    """
    items = patterns.items() if isinstance(patterns, dict) else patterns
    pattern_set = _rewrite.RewritePatternSet()
    for root, fn in items:
        pattern_set.add(root, _adapt(fn), benefit)
    target = op.operation if hasattr(op, "operation") else op
    _rewrite.apply_patterns_and_fold_greedily(target, pattern_set.freeze())


def _adapt(fn: Callable) -> Callable:
    def run(op, rewriter):
        return not fn(op, rewriter)  # MLIR: falsy return = matched and rewritten
    return run


def walk(op, names: str | Iterable[str] | None, fn: Callable) -> int:
    """Calls fn(op) for every nested op whose name is in `names` (all ops when None), in
    post-order, collecting them first so fn may erase or replace what it visits. Returns count."""
    wanted = {names} if isinstance(names, str) else (set(names) if names is not None else None)
    found = []

    def visit(o):
        if wanted is None or o.name in wanted:
            found.append(o)
        return ir.WalkResult.ADVANCE

    target = op.operation if hasattr(op, "operation") else op
    target.walk(visit, ir.WalkOrder.POST_ORDER)
    for o in found:
        fn(o)
    return len(found)


def constant_value(value):
    """The Python value of a scalar or splat `arith.constant`, or None."""
    owner = value.owner
    if isinstance(owner, ir.Block) or owner.name != "arith.constant":
        return None
    attr = owner.attributes["value"]
    if isinstance(attr, ir.DenseElementsAttr):
        if not attr.is_splat:
            return None
        attr = attr.get_splat_value()
    if isinstance(attr, (ir.FloatAttr, ir.IntegerAttr)):
        return attr.value
    return None


def is_constant(value, expected) -> bool:
    got = constant_value(value)
    return got is not None and got == expected
