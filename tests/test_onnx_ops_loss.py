"""NegativeLogLikelihoodLoss and SoftmaxCrossEntropyLoss against onnxruntime: spatial targets,
class weights, ignored labels, every reduction, at odd shapes."""
from __future__ import annotations

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")

from onnx import helper  # noqa: E402

from test_onnx_ops import check, make_model, rnd  # noqa: E402


def _labels(shape, classes, ignore=None, seed=1):
    labels = np.random.default_rng(seed).integers(0, classes, shape).astype(np.int64)
    if ignore is not None:
        labels.reshape(-1)[::3] = ignore  # every third label ignored
    return labels


@pytest.mark.parametrize("op", ["NegativeLogLikelihoodLoss", "SoftmaxCrossEntropyLoss"])
@pytest.mark.parametrize("reduction", ["none", "sum", "mean"])
@pytest.mark.parametrize("weighted, ignore", [(False, None), (True, None), (True, -5), (False, 2)])
def test_losses(op, reduction, weighted, ignore):
    x, labels = rnd(5, 7, 3, 2), _labels((5, 3, 2), 7, ignore)
    feeds = {"x": x, "t": labels}
    inits = {"w": rnd(7, seed=3, low=0.2, high=2.0)} if weighted else {}
    attrs = {"reduction": reduction} | ({"ignore_index": ignore} if ignore is not None else {})
    outputs = ["loss", "log_prob"] if op == "SoftmaxCrossEntropyLoss" else ["loss"]
    node = helper.make_node(op, ["x", "t", *inits], outputs, **attrs)
    check(make_model([node], feeds, outputs, inits), feeds, rtol=2e-5, atol=2e-6)


def test_loss_of_a_two_dimensional_batch_in_f16():
    x, labels = rnd(13, 11).astype(np.float16), _labels((13,), 11)
    node = helper.make_node("SoftmaxCrossEntropyLoss", ["x", "t"], ["loss"])
    check(make_model([node], {"x": x, "t": labels}, ["loss"]), {"x": x, "t": labels}, rtol=2e-3, atol=1e-3)
