"""castiron's own Python passes, registered under their pipeline names.

Each wraps a module of passes/ (imported only when the pass runs, so listing passes is cheap).
"""
from __future__ import annotations

from .registry import register_pass


@register_pass("castiron-create-dispatches",
               help="partition public functions into dispatch regions and outline them as executables")
def create_dispatches(op, pass_):
    from .dispatch_creation import create_dispatches as run

    run(op)


@register_pass("castiron-math-approximation",
               help="math.exp/log/tanh/erf -> castiron's freestanding f32 polynomials (on a module)")
def math_approximation(op, pass_):
    from .math_approximation import approximate_math

    approximate_math(_as_module(op))


@register_pass("memref-copy-to-linalg", help="memref.copy -> linalg.copy (no memcpy/memrefCopy calls)")
def memref_copy_to_linalg(op, pass_):
    from .memref_copy_to_linalg import memref_copy_to_linalg as run

    run(op)


@register_pass("reuse-producer-as-destination",
               help="an elementwise linalg.generic writes into its producer's result (on func.func)")
def reuse_producer_as_destination(op, pass_):
    from .reuse_destination import reuse_producer_as_destination as run

    run(op.opview if hasattr(op, "opview") else op)


def _as_module(op):
    """approximate_math takes something with .body and .operation (a Module or a ModuleOp)."""
    return op.opview if hasattr(op, "opview") else op


@register_pass("castiron-checks-to-results",
               help="IREE e2e check functions return what they check; checks recorded for castiron-check-module")
def checks_to_results(op, pass_):
    from .checks_to_results import checks_to_results as run

    run(op)


@register_pass("castiron-verify-dispatches",
               help="verify castiron.dispatch ops against their executables (entry, operand and result types)")
def verify_dispatches(op, pass_):
    from castiron.dialects.dispatch import verify_dispatches as run

    run(op)


@register_pass("castiron-loop-order",
               help="interchange long-reduction linalg ops so the output's contiguous dim is innermost")
def loop_order(op, pass_):
    from .loop_order import order_loops

    order_loops(_as_module(op))


@register_pass("castiron-fold-reshape-of-empty",
               help="collapse/expand_shape of tensor.empty -> tensor.empty of the new shape")
def fold_reshape_of_empty(op, pass_):
    from mlir import ir
    from mlir.dialects import tensor

    from .patterns import apply_patterns

    def fold(reshape, rewriter) -> bool:
        source = reshape.operands[0].owner
        if isinstance(source, ir.Block) or getattr(source, "operation", source).name != "tensor.empty":
            return False
        result_type = reshape.results[0].type
        if not result_type.has_static_shape:
            return False
        with rewriter.ip, reshape.location:
            empty = tensor.EmptyOp(result_type.shape, result_type.element_type)
        rewriter.replace_op(reshape, [empty.result])
        return True

    apply_patterns(op, {"tensor.expand_shape": fold, "tensor.collapse_shape": fold})



@register_pass("castiron-conv1x1-to-matmul",
               help="1x1 stride-1 NHWC convolutions -> matmuls over flattened pixels (reshapes are views)")
def conv1x1_to_matmul(op, pass_):
    from .conv1x1_to_matmul import conv1x1_to_matmul as run

    run(op)


@register_pass("castiron-sink-expand-shape",
               help="elementwise generics on an expand_shape result run on the collapsed tensor (so they fuse into the matmul)")
def sink_expand_shape(op, pass_):
    from .sink_expand_shape import sink_expand_shape as run

    run(op)


@register_pass("castiron-decompose-aggregates", help="linalg.softmax (and other aggregate ops) -> linalg generics")
def decompose_aggregates(op, pass_):
    from .patterns import walk
    from .transform_script import decompose_aggregates as run

    if walk(op, "linalg.softmax", lambda _: None):  # the interpreter fails on an empty match
        run(_as_module(op))
