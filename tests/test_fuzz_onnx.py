"""Differential fuzzing against onnxruntime: random chains of data movement around compute ops
(tests/onnx_chains.py) must compute what onnxruntime computes, or be refused with a CompileError.

CI runs FUZZ_BATCHES batches of CHAINS_PER_BATCH chains; CASTIRON_SOAK=1 runs SOAK_BATCHES.
A mismatch names its seed and writes the failing chain alone to the test's tmp_path as ONNX.
"""
from __future__ import annotations

import os

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")

import castiron  # noqa: E402
from castiron.errors import CompileError  # noqa: E402
from castiron.importers.onnx import import_model  # noqa: E402
import onnx_chains  # noqa: E402
from test_onnx_ops import check, make_model  # noqa: E402

CHAINS_PER_BATCH = 8
FUZZ_BATCHES = 30
SOAK_BATCHES = 500
SOAK = os.environ.get("CASTIRON_SOAK") == "1"


def _reference(model, feeds):
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    return session.run(None, feeds)


def _compiled(model):
    return castiron.load_module(castiron.compile_str(import_model(model)))


def _check_chains(chains, tmp_path, seed) -> tuple[int, int]:
    """(matched, refused); a mismatch fails with the chain saved for replay."""
    model = onnx_chains.model(chains)
    expected = _reference(model, {c.input: c.x for c in chains})
    try:
        module = _compiled(model)
    except CompileError:
        if len(chains) == 1:
            return 0, 1
        counts = [_check_chains([c], tmp_path, seed) for c in chains]
        return sum(c[0] for c in counts), sum(c[1] for c in counts)
    got = module.main(*[c.x for c in chains])
    got = got if isinstance(got, tuple) else (got,)
    for c, g, e in zip(chains, got, expected):
        if g.shape != e.shape or not np.allclose(g, e, rtol=1e-4, atol=1e-4):
            path = tmp_path / f"seed{seed}_{c.prefix}chain.onnx"
            onnx.save(onnx_chains.model([c]), str(path))
            error = f"max error {np.abs(g - e).max()}" if g.shape == e.shape else f"shape {g.shape} != {e.shape}"
            pytest.fail(f"seed {seed}, chain {c.prefix}: {error}; ops {[n.op_type for n in c.nodes]} on input "
                        f"{c.x.shape}; saved as {path}")
    return len(chains), 0


@pytest.mark.parametrize("seed", range(SOAK_BATCHES if SOAK else FUZZ_BATCHES))
def test_random_chains_match_onnxruntime(seed, tmp_path):
    matched, refused = _check_chains(onnx_chains.batch(seed, CHAINS_PER_BATCH), tmp_path, seed)
    assert matched + refused == CHAINS_PER_BATCH
    assert refused <= CHAINS_PER_BATCH // 2, "the fuzzer should exercise compiled code, not refusals"


@pytest.mark.parametrize("channels, groups, size", [(8, 2, 28), (16, 2, 28), (116, 2, 28), (24, 3, 7), (8, 4, 28)])
def test_channel_shuffle_matches_onnxruntime(channels, groups, size):
    """ShuffleNet's channel shuffle after a 1x1 conv: the reshape back reads channels through
    `(c mod g) * (C/g) + c floordiv g`, which must not be tiled along c (it was: wrong numbers)."""
    rng = np.random.default_rng(channels + groups)
    helper = onnx.helper
    weight = rng.standard_normal((channels, channels, 1, 1)).astype(np.float32)
    nodes = [helper.make_node("Conv", ["x", "w"], ["c"]),
             helper.make_node("Reshape", ["c", "s1"], ["r"]),
             helper.make_node("Transpose", ["r"], ["t"], perm=[0, 2, 1, 3, 4]),
             helper.make_node("Reshape", ["t", "s2"], ["y"])]
    inits = {"w": weight, "s1": np.array([1, groups, channels // groups, size, size], np.int64),
             "s2": np.array([1, channels, size, size], np.int64)}
    x = rng.standard_normal((1, channels, size, size)).astype(np.float32)
    check(make_model(nodes, {"x": x}, ["y"], inits), {"x": x}, rtol=1e-4, atol=1e-4)


def test_fuzzer_covers_every_data_movement_op():
    """The generator reaches every op it lists (a chain of one kind alone builds)."""
    rng = np.random.default_rng(0)
    seen = set()
    for _ in range(400):
        seen.update(n.op_type for n in onnx_chains.chain(rng).nodes)
    assert {"Transpose", "Reshape", "Flatten", "Unsqueeze", "Squeeze", "Slice", "Pad", "Concat", "Expand",
            "Gather", "Tile", "Split", "Where", "Conv", "MatMul", "Softmax", "ConvTranspose", "Resize",
            "InstanceNormalization", "LpNormalization", "TopK", "ScatterElements"} <= seen
    modes = {a.s.decode() for c in [onnx_chains.chain(rng) for _ in range(200)] for n in c.nodes
             if n.op_type == "Pad" for a in n.attribute if a.name == "mode"}
    assert modes == {"constant", "reflect", "edge", "wrap"}
