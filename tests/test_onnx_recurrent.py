"""RNN, GRU and LSTM (unrolled at import) against onnxruntime: directions, layouts, biases,
initial states, peepholes, clip, linear_before_reset, other activations, short sequences."""
from __future__ import annotations

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")

from onnx import helper  # noqa: E402

from castiron.importers.onnx import import_model  # noqa: E402
from test_onnx_ops import check, loaded, make_model, rnd  # noqa: E402

SEQ, BATCH, INPUT, HIDDEN = 5, 3, 7, 6
GATES = {"RNN": 1, "GRU": 3, "LSTM": 4}


def _run(op, direction="forward", layout=0, bias=True, initial=True, lens=None, peepholes=False, **attrs):
    dirs = 2 if direction == "bidirectional" else 1
    g = GATES[op]
    x = rnd(SEQ, BATCH, INPUT) if layout == 0 else rnd(BATCH, SEQ, INPUT)
    feeds = {"x": x}
    inits = {"w": rnd(dirs, g * HIDDEN, INPUT, seed=1), "r": rnd(dirs, g * HIDDEN, HIDDEN, seed=2)}
    names = ["x", "w", "r", "", "", ""]
    if bias:
        inits["b"] = rnd(dirs, 2 * g * HIDDEN, seed=3)
        names[3] = "b"
    if lens is not None:
        feeds["lens"] = np.array(lens, np.int32)
        names[4] = "lens"
    state = (dirs, BATCH, HIDDEN) if layout == 0 else (BATCH, dirs, HIDDEN)
    if initial:
        feeds["h0"] = rnd(*state, seed=4)
        names[5] = "h0"
    outputs = ["y", "y_h"]
    if op == "LSTM":
        outputs.append("y_c")
        if initial:
            feeds["c0"] = rnd(*state, seed=5)
            names.append("c0")
        if peepholes:
            names += [""] * (7 - len(names)) + ["p"]
            inits["p"] = rnd(dirs, 3 * HIDDEN, seed=6)
    while names and not names[-1]:
        names.pop()
    node = helper.make_node(op, names, outputs, hidden_size=HIDDEN, direction=direction, layout=layout, **attrs)
    check(make_model([node], feeds, outputs, inits, opset=14), feeds, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("op", ["RNN", "GRU", "LSTM"])
@pytest.mark.parametrize("direction", ["forward", "reverse", "bidirectional"])
def test_directions(op, direction):
    _run(op, direction)


@pytest.mark.parametrize("op", ["RNN", "GRU", "LSTM"])
def test_without_bias_or_initial_state(op):
    _run(op, bias=False, initial=False)


@pytest.mark.parametrize("op", ["GRU", "LSTM"])
def test_batch_first_layout_is_the_transposed_sequence_first_one(op):
    """onnxruntime's CPU kernels refuse layout=1: castiron's layout 1 against its own layout 0."""
    x = rnd(SEQ, BATCH, INPUT)
    w, r = rnd(2, GATES[op] * HIDDEN, INPUT, seed=1), rnd(2, GATES[op] * HIDDEN, HIDDEN, seed=2)
    outputs = ["y", "y_h"]
    results = []
    for layout, xs in ((0, x), (1, x.transpose(1, 0, 2))):
        node = helper.make_node(op, ["x", "w", "r"], outputs, hidden_size=HIDDEN, direction="bidirectional",
                                layout=layout)
        results.append(loaded(import_model(make_model([node], {"x": xs}, outputs, {"w": w, "r": r},
                                                      opset=14)))["main"](xs))
    (y0, h0), (y1, h1) = results
    np.testing.assert_allclose(y1, y0.transpose(2, 0, 1, 3), rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(h1, h0.transpose(1, 0, 2), rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("op", ["RNN", "GRU", "LSTM"])
def test_short_sequences_keep_their_state(op):
    _run(op, lens=[5, 2, 1])


def test_gru_linear_before_reset_and_clip():
    _run("GRU", "bidirectional", linear_before_reset=1, clip=0.7)


def test_lstm_peepholes_input_forget_and_activations():
    _run("LSTM", peepholes=True, input_forget=1, activations=["HardSigmoid", "LeakyRelu", "Tanh"],
         activation_alpha=[0.3, 0.2], activation_beta=[0.4])


def test_rnn_relu():
    _run("RNN", activations=["Relu"])
