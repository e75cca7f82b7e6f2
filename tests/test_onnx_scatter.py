"""GatherND, ScatterElements and ScatterND against onnxruntime: negative indices, batch dims,
indices narrower than the data, repeated targets under every reduction."""
from __future__ import annotations

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")

from test_onnx_ops import one, rnd  # noqa: E402


def _ints(low, high, shape, seed=0):
    return np.random.default_rng(seed).integers(low, high, shape).astype(np.int64)


@pytest.mark.parametrize("data_shape, idx_shape, batch", [((5, 7, 3), (4, 2), 0), ((5, 7, 3), (2, 3, 3), 0),
                                                          ((5, 7, 3), (6, 1), 0), ((4, 7, 3), (4, 2, 1), 1),
                                                          ((3, 5, 7, 2), (3, 5, 2), 2)])
def test_gather_nd(data_shape, idx_shape, batch):
    k = idx_shape[-1]
    dims = data_shape[batch:batch + k]
    idx = np.stack([_ints(-d, d, idx_shape[:-1], seed=i) for i, d in enumerate(dims)], axis=-1)
    one("GatherND", {"data": rnd(*data_shape)}, inits={"i": idx}, attrs={"batch_dims": batch})


@pytest.mark.parametrize("reduction", ["none", "add", "mul", "max", "min"])
@pytest.mark.parametrize("axis", [0, 1, -1])
def test_scatter_elements(reduction, axis):
    data = rnd(5, 7, 3)
    idx_shape = [4, 6, 2]
    idx_shape[axis] = 9  # more updates than the axis: targets repeat
    dim = data.shape[axis]
    # "none" with repeated targets has no defined result: unique targets along the axis there
    if reduction == "none":
        idx_shape[axis] = dim
        idx = np.argsort(np.random.default_rng(1).random(idx_shape), axis=axis) - dim * (axis == 1)
    else:
        idx = _ints(-dim, dim, idx_shape)
    one("ScatterElements", {"data": data, "upd": rnd(*idx_shape, seed=2)}, inits={"i": idx.astype(np.int64)},
        inputs=["data", "i", "upd"], attrs={"axis": axis, "reduction": reduction})


@pytest.mark.parametrize("reduction", ["none", "add", "mul", "max", "min"])
@pytest.mark.parametrize("idx", [[[1], [4], [0]], [[2, 1], [0, 6], [4, 3]], [[[3, 2, 1], [0, 0, 0]]]])
def test_scatter_nd(reduction, idx):
    idx = np.array(idx, np.int64)
    data = rnd(5, 7, 3)
    if reduction != "none":  # repeat every target once more
        idx = np.concatenate([idx, idx], axis=0)
    upd_shape = (*idx.shape[:-1], *data.shape[idx.shape[-1]:])
    one("ScatterND", {"data": data, "upd": rnd(*upd_shape, seed=3)}, inits={"i": idx}, inputs=["data", "i", "upd"],
        attrs={"reduction": reduction})
