"""RNN, GRU and LSTM, unrolled over their (static) sequence into ordinary ONNX nodes before import.

castiron compiles straight-line graphs, and a recurrent layer of a static sequence length is
one: each time step is a few MatMuls and elementwise gates. The input projection of every step
is one MatMul over the whole sequence; the recurrent one is a MatMul per step. The equations
are ONNX's (gate orders: LSTM i, o, f, c; GRU z, r, h), with its activations, clip, directions
(forward, reverse, bidirectional), layouts, peepholes, input_forget and linear_before_reset.
"""
from __future__ import annotations

import numpy as np

from castiron.errors import CompileError

RECURRENT = {"RNN": 1, "GRU": 3, "LSTM": 4}  # operator -> gates
_DEFAULTS = {"RNN": ["Tanh"], "GRU": ["Sigmoid", "Tanh"], "LSTM": ["Sigmoid", "Tanh", "Tanh"]}
_PLAIN = ("Sigmoid", "Tanh", "Relu", "Softsign", "Softplus")
_WITH_ALPHA = {"LeakyRelu": 0.01, "ThresholdedRelu": 1.0, "Elu": 1.0}


class _Builder:
    """Appends nodes named after the layer; each call returns its (first) output's name."""

    def __init__(self, onnx, prefix: str):
        self.onnx, self.prefix, self.nodes, self.count = onnx, prefix, [], 0

    def __call__(self, op_type: str, *inputs, outputs: int = 1, **attrs):
        names = [f"{self.prefix}_{op_type}_{self.count}_{i}" for i in range(outputs)]
        self.count += 1
        self.nodes.append(self.onnx.helper.make_node(op_type, list(inputs), names, **attrs))
        return names[0] if outputs == 1 else names

    def const(self, array) -> str:
        array = np.asarray(array)
        return self("Constant", value=self.onnx.numpy_helper.from_array(array, f"{self.prefix}_c{self.count}"))

    def split(self, x: str, parts: int, size: int, axis: int) -> list[str]:
        """x cut into `parts` pieces of `size` along axis (Split with sizes: valid from opset 13)."""
        return self("Split", x, self.const(np.full(parts, size, np.int64)), axis=axis, outputs=parts)

    def take(self, x: str, index: int, axis: int = 0) -> str:
        """x[index] along axis, the axis dropped."""
        return self("Gather", x, self.const(np.array(index, np.int64)), axis=axis)


def _activation(b: _Builder, name: str, x: str, alpha, beta) -> str:
    if name in _PLAIN:
        return b(name, x)
    if name in _WITH_ALPHA:
        return b(name, x, alpha=float(alpha if alpha is not None else _WITH_ALPHA[name]))
    if name == "HardSigmoid":
        return b(name, x, alpha=float(0.2 if alpha is None else alpha), beta=float(0.5 if beta is None else beta))
    if name == "Affine":
        return b("Add", b("Mul", x, b.const(np.float32(alpha))), b.const(np.float32(beta)))
    if name == "ScaledTanh":
        return b("Mul", b("Tanh", b("Mul", x, b.const(np.float32(beta)))), b.const(np.float32(alpha)))
    raise CompileError(f"recurrent activation '{name}' is not supported")


def expand_recurrent(onnx, model, types: dict) -> bool:
    """Replaces every RNN, GRU and LSTM node of model.graph by its unrolled nodes; False if none."""
    graph = model.graph
    changed = False
    for index in reversed(range(len(graph.node))):
        node = graph.node[index]
        if node.domain not in ("", "ai.onnx") or node.op_type not in RECURRENT:
            continue
        label = node.name or node.output[0]
        try:
            nodes = _unrolled(onnx, node, types, f"{node.op_type}_{index}")
        except CompileError as exc:
            raise CompileError(f"node '{label}' (op {node.op_type}): {exc}") from None
        del graph.node[index]
        for offset, new in enumerate(nodes):
            graph.node.insert(index + offset, new)
        changed = True
    return changed


def _shape(types, name):
    tensor = types[name].tensor_type
    dims = [d.dim_value if d.HasField("dim_value") else None for d in tensor.shape.dim]
    if None in dims:
        raise CompileError(f"'{name}' needs a static shape")
    return dims


def _unrolled(onnx, node, types, prefix):
    attrs = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
    attrs = {k: v.decode() if isinstance(v, bytes) else v for k, v in attrs.items()}
    gates = RECURRENT[node.op_type]
    inputs = list(node.input) + [""] * (8 - len(node.input))
    x, w, r, bias, lens, h0 = inputs[:6]
    c0, peep = (inputs[6], inputs[7]) if node.op_type == "LSTM" else ("", "")
    for name in (x, w, r):
        if name not in types:
            raise CompileError(f"the type of '{name}' is unknown")
    layout = attrs.get("layout", 0)
    seq, batch, _ = _shape(types, x) if layout == 0 else [_shape(types, x)[i] for i in (1, 0, 2)]
    dirs, _, _ = _shape(types, w)
    hidden = int(attrs.get("hidden_size") or _shape(types, r)[2])
    direction = attrs.get("direction", "forward")
    if direction not in ("forward", "reverse", "bidirectional"):
        raise CompileError(f"direction='{direction}' is not supported")
    if lens and direction != "forward":
        raise CompileError("sequence_lens is supported in the forward direction only")
    acts = [a.decode() if isinstance(a, bytes) else a for a in attrs.get("activations", [])] or \
        _DEFAULTS[node.op_type] * (2 if direction == "bidirectional" else 1)
    alphas, betas = list(attrs.get("activation_alpha", [])), list(attrs.get("activation_beta", []))
    per_dir = len(_DEFAULTS[node.op_type])
    clip = attrs.get("clip")
    b = _Builder(onnx, prefix)
    xs = x if layout == 0 else b("Transpose", x, perm=[1, 0, 2])
    dtype = types[x].tensor_type.elem_type
    np_type = onnx.helper.tensor_dtype_to_np_dtype(dtype)

    def act(k: int, d: int, v: str) -> str:
        i = d * per_dir + k
        pick = (lambda values: values[i] if i < len(values) else None)
        return _activation(b, acts[i], v, pick(alphas), pick(betas))

    def clipped(v: str) -> str:
        return b("Clip", v, b.const(np.array(-clip, np_type)), b.const(np.array(clip, np_type))) if clip else v

    ys, finals_h, finals_c = [], [], []
    for d in range(dirs):
        wd, rt = b.take(w, d), b("Transpose", b.take(r, d), perm=[1, 0])
        projected = b("MatMul", xs, b("Transpose", wd, perm=[1, 0]))  # [seq, batch, gates*hidden]
        if bias:
            wb, rb = b.split(b.take(bias, d), 2, gates * hidden, 0)
            projected = b("Add", projected, wb if node.op_type == "GRU" and attrs.get("linear_before_reset")
                          else b("Add", wb, rb))
        gru_rb = b.split(rb, 3, hidden, 0) if bias and node.op_type == "GRU" and \
            attrs.get("linear_before_reset") else None
        h = b.take(h0, d) if h0 else b.const(np.zeros((batch, hidden), np_type))
        c = (b.take(c0, d) if c0 else b.const(np.zeros((batch, hidden), np_type))) if node.op_type == "LSTM" else None
        peeps = b.split(b.take(peep, d), 3, hidden, 0) if peep else None
        reverse = direction == "reverse" or (direction == "bidirectional" and d == 1)
        steps = range(seq - 1, -1, -1) if reverse else range(seq)
        outputs = {}
        for t in steps:
            xt = b.take(projected, t)
            h_before, c_before = h, c
            if node.op_type == "RNN":
                h = act(0, d, clipped(b("Add", xt, b("MatMul", h, rt))))
            elif node.op_type == "LSTM":
                pre = b.split(b("Add", xt, b("MatMul", h, rt)), 4, hidden, 1)  # i o f c
                i_pre, o_pre, f_pre, c_pre = pre
                if peeps:
                    i_pre = b("Add", i_pre, b("Mul", peeps[0], c))
                    f_pre = b("Add", f_pre, b("Mul", peeps[2], c))
                i_g = act(0, d, clipped(i_pre))
                f_g = b("Sub", b.const(np.array(1, np_type)), i_g) if attrs.get("input_forget") else \
                    act(0, d, clipped(f_pre))
                c = b("Add", b("Mul", f_g, c), b("Mul", i_g, act(1, d, clipped(c_pre))))
                if peeps:
                    o_pre = b("Add", o_pre, b("Mul", peeps[1], c))
                h = b("Mul", act(0, d, clipped(o_pre)), act(2, d, c))
            else:  # GRU
                xz, xr, xh = b.split(xt, 3, hidden, 1)
                rz, rr, rh = b.split(rt, 3, hidden, 1)
                z_pre, r_pre = b("Add", xz, b("MatMul", h, rz)), b("Add", xr, b("MatMul", h, rr))
                if gru_rb:  # linear_before_reset: the recurrent biases were left out of the projection
                    z_pre, r_pre = b("Add", z_pre, gru_rb[0]), b("Add", r_pre, gru_rb[1])
                z, rg = act(0, d, clipped(z_pre)), act(0, d, clipped(r_pre))
                if attrs.get("linear_before_reset"):
                    recurrent = b("MatMul", h, rh)
                    if gru_rb:
                        recurrent = b("Add", recurrent, gru_rb[2])
                    candidate = b("Add", xh, b("Mul", rg, recurrent))
                else:
                    candidate = b("Add", xh, b("MatMul", b("Mul", rg, h), rh))
                hh = act(1, d, clipped(candidate))
                h = b("Add", b("Mul", b("Sub", b.const(np.array(1, np_type)), z), hh), b("Mul", z, h))
            if lens:  # a sequence past its length keeps its state and outputs zeros
                live = b("Unsqueeze", b("Less", b.const(np.array(t, np.int32)), b("Cast", lens, to=6)),
                         b.const(np.array([1], np.int64)))
                h = b("Where", live, h, h_before)
                c = b("Where", live, c, c_before) if c is not None else None
                outputs[t] = b("Where", live, h, b.const(np.zeros((), np_type)))
                continue
            outputs[t] = h
        ys.append(b("Concat", *[b("Unsqueeze", outputs[t], b.const(np.array([0, 1], np.int64)))
                                for t in range(seq)], axis=0))
        finals_h.append(b("Unsqueeze", h, b.const(np.array([0], np.int64))))
        if c is not None:
            finals_c.append(b("Unsqueeze", c, b.const(np.array([0], np.int64))))
    results = [b("Concat", *ys, axis=1), b("Concat", *finals_h, axis=0)]
    if finals_c:
        results.append(b("Concat", *finals_c, axis=0))
    if layout == 1:  # Y [batch, seq, dirs, hidden]; Y_h, Y_c [batch, dirs, hidden]
        results = [b("Transpose", results[0], perm=[2, 0, 1, 3])] + \
            [b("Transpose", v, perm=[1, 0, 2]) for v in results[1:]]
    for name, value in zip(node.output, results):
        if name:
            b("Identity", value)
            b.nodes[-1].output[0] = name
    return b.nodes
