"""The loss operators, registered into onnx_ops.OPS on import: NegativeLogLikelihoodLoss and
SoftmaxCrossEntropyLoss (a LogSoftmax over the classes, then the former), as models exported
with their loss head (or evaluated with it) carry them."""
from __future__ import annotations

from .onnx_emit import Raw, Value, elementwise, reduce
from .onnx_ops import NodeError, _require_float, op, optional, softmax


def _class_of(b, label: str, it: str, classes: int, ignore_index):
    """(the class to read, clamped into [0, classes), and whether the label is ignored)."""
    ignored = None
    if ignore_index is not None:
        ignored = b(f"arith.cmpi eq, {label}, {b.const(ignore_index, it)} : {it}")
    low = b(f"arith.maxsi {label}, {b.const(0, it)} : {it}")
    clamped = b(f"arith.minsi {low}, {b.const(classes - 1, it)} : {it}")
    return b(f"arith.index_cast {clamped} : {it} to index"), ignored


def negative_log_likelihood(em, x: Value, target: Value, weight: Value | None, reduction: str,
                            ignore_index) -> Value:
    """loss[n, d...] = -x[n, target[n, d...], d...] * w, w = weight[target] (1 without weights),
    0 where the target is ignore_index; 'mean' divides the sum of losses by the sum of w."""
    _require_float(x)
    if target.dtype not in ("i64", "i32"):
        raise NodeError(f"targets of element type {target.dtype} are not supported (int64, int32)")
    if x.rank < 2 or target.shape != (x.shape[0], *x.shape[2:]):
        raise NodeError(f"target shape {list(target.shape)} does not match input shape {list(x.shape)} "
                        "without its class dimension")
    if reduction not in ("none", "sum", "mean"):
        raise NodeError(f"reduction='{reduction}' is not supported (none, sum, mean)")
    t, it, classes = x.dtype, target.dtype, x.shape[1]
    labels = Raw(em.ssa(target), target.shape, it, [f"d{d}" for d in range(target.rank)])
    weights = em.ssa(weight) if weight is not None else None

    def weight_of(b, label, out):
        cls, ignored = _class_of(b, label, it, classes, ignore_index)
        w = b(f"tensor.extract {weights}[{cls}] : tensor<{classes}x{t}>") if weights else b.const(1.0, t)
        return b(f"arith.select {ignored}, {b.const(0.0, t)}, {w} : {t}") if ignored else w

    w_ssa = em.generic([labels], target.shape, t, weight_of, hint="loss_weight")
    table, table_t = em.ssa(x), f"tensor<{''.join(f'{d}x' for d in x.shape)}{t}>"

    def loss_of(b, label, w, out):
        cls, _ = _class_of(b, label, it, classes, None)
        coords = [b("linalg.index 0 : index"), cls, *(b(f"linalg.index {d} : index") for d in range(1, target.rank))]
        picked = b(f"tensor.extract {table}[{', '.join(coords)}] : {table_t}")
        return b(f"arith.negf {b(f'arith.mulf {picked}, {w} : {t}')} : {t}")

    w_raw = Raw(w_ssa, target.shape, t, [f"d{d}" for d in range(target.rank)])
    loss = Value(target.shape, t, em.generic([labels, w_raw], target.shape, t, loss_of, hint="loss"))
    if reduction == "none":
        return loss
    everything = list(range(target.rank))
    total = reduce(em, loss, everything, "sum")
    if reduction == "sum":
        return total
    count = reduce(em, Value(target.shape, t, w_ssa), everything, "sum")
    return elementwise(em, [total, count], t, lambda b, s, n: b(f"arith.divf {s}, {n} : {t}"), hint="mean_loss")


@op("NegativeLogLikelihoodLoss")
def _nll(em, node, ins, attrs):
    return [negative_log_likelihood(em, ins[0], ins[1], optional(ins, 2), attrs.get("reduction", "mean"),
                                    attrs.get("ignore_index"))]


@op("SoftmaxCrossEntropyLoss")
def _softmax_cross_entropy(em, node, ins, attrs):
    log_prob = softmax(em, ins[0], 1, log=True)
    loss = negative_log_likelihood(em, log_prob, ins[1], optional(ins, 2), attrs.get("reduction", "mean"),
                                   attrs.get("ignore_index"))
    return [loss, log_prob]
