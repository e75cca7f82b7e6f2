"""The ONNX importer: an ONNX model (static shapes; opsets before 13 are upgraded with
onnx.version_converter) → MLIR text castiron compiles.

`import_model(model_or_path, input_shapes=None)` returns one `func.func` on tensors written with
linalg named ops, linalg.generic, tensor, arith and math ops; initializers become hex
`arith.constant dense<"0x...">` weights, which castiron keeps as module constants.

Layout: ONNX convolutions are NCHW with OIHW weights; castiron's convolutions are NHWC/HWCF.
Rather than transposing around every Conv, each tensor records the permutation it is stored
in (onnx_emit.Value.perm). Conv and pooling produce NHWC; elementwise ops, reductions,
BatchNormalization, Softmax, Concat, Slice and Pad work in whatever layout their input has
(their indexing maps and axes are permuted instead of the data); an ONNX Transpose only
relabels the layout, and Reshape/Flatten/Squeeze/Unsqueeze copy straight from the stored
layout (onnx_emit.reshape). A linalg.transpose is emitted only where an operator needs the
logical layout (2-D MatMul/Gemm operands, Gather, a function result) or a Conv/pool input is
not NHWC. So an NHWC model input followed by Transpose(0,3,1,2) into an NCHW network runs with
no transposes at all; weights are transposed once, at import, in numpy.

Nodes whose inputs are all known at import (initializers, Constant, Shape of a static tensor)
are evaluated with onnx's reference evaluator instead of being emitted.
"""
from __future__ import annotations

import os
import re

import numpy as np

from castiron.errors import CompileError, UsageError

from .onnx_functions import expand_functions
from .onnx_emit import MLIR_TYPES, Emitter, Value, tensor_type
from . import (onnx_ops_conv_transpose, onnx_ops_loss, onnx_ops_math, onnx_ops_more,  # noqa: F401 - register
               onnx_ops_grid_sample, onnx_ops_normalization, onnx_ops_resize, onnx_ops_scatter,
               onnx_ops_sort)  # noqa: F401 - operators
from .onnx_ops import ONNX_TO_MLIR, OPS, NodeError, NotConstant, const_value

MIN_OPSET = 13
# Operators whose result depends only on their input's (static) shape.
_SHAPE_OPS = ("Shape", "Size")


class InputNotConstant(CompileError):
    """Graph inputs feed an operand castiron needs known at import (Reshape's shape, Slice's
    starts, a reduction's axes...): bind them with import_model(constants=...)."""

    def __init__(self, message: str, input_names: list[str]):
        super().__init__(message)
        self.input_names = input_names


class UnknownDimension(CompileError):
    """A graph input has a symbolic or unknown dimension: fix it with input_shapes=."""

    def __init__(self, message: str, input_name: str):
        super().__init__(message)
        self.input_name = input_name


def supported_operators() -> list[str]:
    return sorted(OPS)


def import_model(model_or_path, input_shapes: dict | None = None, function_name: str | None = None,
                 constants: dict | None = None) -> str:
    """An ONNX model (ModelProto, path or serialized bytes) → MLIR text, parsed and verified.

    input_shapes: {input name: (d0, d1, ...) or "d0xd1x..."} fixes symbolic (or overrides) dims.
    function_name: the func.func's name (default: the graph's name, else "main").
    constants: {input name: array} binds graph inputs to values: each becomes a weight, not an
    argument of the function (as a shape or axes input that is always the same).
    """
    onnx = _require_onnx()
    model = _upgraded(onnx, _load(onnx, model_or_path))
    opset = _default_opset(model)
    graph = model.graph
    _bind_inputs(onnx, graph, constants or {})
    _fix_input_shapes(onnx, graph, input_shapes or {})
    model = expand_functions(onnx, model, OPS, opset)
    graph = model.graph
    _check_operators(graph)
    inferred = _inferred_shapes(onnx, model)

    em = Emitter()
    values: dict[str, Value] = {}
    for init in graph.initializer:
        values[init.name] = const_value(onnx.numpy_helper.to_array(init))
    arguments = []
    for inp in graph.input:
        if inp.name in values:
            continue  # an initializer listed as an input (IR < 4), or bound: a weight, not an argument
        shape, dtype = _static_type(inp)
        ssa = em.fresh(inp.name)
        values[inp.name] = Value(shape, dtype, ssa)
        arguments.append(f"{ssa}: {tensor_type(shape, dtype)}")

    _import_nodes(onnx, em, graph, graph.node, values, opset, inferred)

    results = []
    for out in graph.output:
        if out.name not in values:
            raise CompileError(f"graph output '{out.name}' is not produced by any node")
        value = values[out.name]
        if 0 in value.shape:
            raise CompileError(f"graph output '{out.name}' is empty (shape {list(value.shape)}); castiron does "
                               "not support empty tensors")
        if value.dtype not in MLIR_TYPES.values():
            raise CompileError(f"graph output '{out.name}' has element type {value.dtype}, which castiron "
                               f"does not support")
        results.append((em.ssa(value), tensor_type(value.shape, value.dtype)))
    name = _symbol(function_name or graph.name or "main")
    text = _function_text(name, arguments, em.lines, results, model)
    _verify(text)
    return text


def _require_onnx():
    try:
        import onnx
        import onnx.numpy_helper  # noqa: F401 - a submodule the importer uses
        import onnx.shape_inference  # noqa: F401
        import onnx.inliner  # noqa: F401
    except ImportError:
        raise UsageError("the ONNX importer needs the onnx package: pip install 'castiron[onnx]'") from None
    return onnx


def _load(onnx, model_or_path):
    if isinstance(model_or_path, onnx.ModelProto):
        model = onnx.ModelProto()
        model.CopyFrom(model_or_path)  # input shapes are fixed in place: never in the caller's model
        return model
    if isinstance(model_or_path, (bytes, bytearray)):
        try:
            return onnx.load_from_string(bytes(model_or_path))
        except Exception as exc:  # noqa: BLE001 - protobuf's decode errors have no common base
            raise CompileError(f"cannot read the ONNX model: {exc}") from None
    path = os.fspath(model_or_path)
    if not os.path.isfile(path):
        raise UsageError(f"cannot read ONNX model '{path}': no such file")
    try:
        return onnx.load(path)
    except Exception as exc:  # noqa: BLE001
        raise CompileError(f"cannot read ONNX model '{path}': {exc}") from None


def _default_opset(model) -> int:
    for entry in model.opset_import:
        if entry.domain in ("", "ai.onnx"):
            return entry.version
    raise CompileError("the model imports no default ONNX operator set")


def _upgraded(onnx, model):
    """A model of an opset before MIN_OPSET, converted by onnx.version_converter (as most of the
    ONNX Model Zoo is opset 7-12); newer models as they are."""
    opset = _default_opset(model)
    if opset >= MIN_OPSET:
        return model
    from onnx import version_converter

    try:
        return version_converter.convert_version(model, MIN_OPSET)
    except Exception as exc:  # noqa: BLE001 - the converter raises RuntimeError or its C++ errors
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise CompileError(f"the model uses ONNX opset {opset}, and onnx.version_converter could not upgrade "
                           f"it to opset {MIN_OPSET}: {reason}") from None


def _check_operators(graph) -> None:
    """Every unsupported operator is reported before any work, in one message. A node whose
    inputs are all known at import (weights, shapes) is evaluated, so any operator may fold; one
    whose inputs would be known if integer graph inputs were bound names those inputs instead."""
    known = {init.name for init in graph.initializer}
    integer = {i.name for i in graph.input if i.type.tensor_type.elem_type in (6, 7)}  # int32, int64
    bindable = set(integer) - known
    missing: dict[str, str] = {}  # operator -> its first node
    needs: set[str] = set()      # integer graph inputs an unsupported operator would fold with
    for index, node in enumerate(graph.node):
        standard = node.domain in ("", "ai.onnx")
        inputs = [name for name in node.input if name]
        if standard and node.op_type == "If":  # its condition must be known at import; its branches'
            inputs = _node_inputs(node)            # nodes are checked as imported
            if all(name in known for name in inputs):
                known.update(name for name in node.output if name)
            elif all(name in known or name in bindable for name in inputs):
                bindable.update(name for name in node.output if name)
            continue
        if standard and (node.op_type in _SHAPE_OPS or all(name in known for name in inputs)):
            known.update(name for name in node.output if name)
        elif standard and node.op_type not in OPS and all(name in known or name in bindable for name in inputs) \
                and (sources := {s for name in inputs if name in bindable for s in _input_sources(graph, name)}):
            needs.update(sources)
            bindable.update(name for name in node.output if name)
        elif not standard or node.op_type not in OPS:
            op_type = node.op_type if standard else f"{node.domain}.{node.op_type}"
            missing.setdefault(op_type, node.name or (node.output[0] if node.output else f"#{index}"))
        elif all(name in known or name in bindable for name in inputs):
            bindable.update(name for name in node.output if name)
    if needs and not missing:
        names = [i.name for i in graph.input if i.name in needs]
        listed = ", ".join(f"'{n}'" for n in names)
        raise InputNotConstant(f"the model computes values castiron needs at import from the graph input"
                               f"{'s' if len(names) > 1 else ''} {listed}: bind "
                               f"{'them' if len(names) > 1 else 'it'} with constants={{"
                               + ", ".join(f"'{n}': ..." for n in names) + "}", names)
    if len(missing) == 1:
        (op_type, label), = missing.items()
        raise CompileError(f"node '{label}' (op {op_type}): operator {op_type} is not supported "
                           f"(supported: {', '.join(supported_operators())})")
    if missing:
        listed = ", ".join(f"{op_type} (node '{label}')" for op_type, label in missing.items())
        raise CompileError(f"{len(missing)} operators of the model are not supported: {listed} "
                           f"(supported: {', '.join(supported_operators())})")


def parse_shape(text) -> tuple:
    """'1x224x224x3' (or a sequence of ints) → (1, 224, 224, 3)."""
    if isinstance(text, str):
        try:
            dims = tuple(int(d) for d in text.lower().split("x")) if text else ()
        except ValueError:
            raise UsageError(f"bad shape '{text}': expected dimensions like 1x224x224x3") from None
    else:
        dims = tuple(int(d) for d in text)
    if any(d <= 0 for d in dims):
        raise UsageError(f"bad shape {'x'.join(map(str, dims))}: dimensions must be positive")
    return dims


def _fix_input_shapes(onnx, graph, input_shapes: dict) -> None:
    inputs = {inp.name: inp for inp in graph.input}
    for name, shape in input_shapes.items():
        if name not in inputs:
            raise UsageError(f"--input-shape names '{name}', which is not an input of the model "
                             f"(inputs: {', '.join(inputs) or 'none'})")
        dims = parse_shape(shape)
        tensor = inputs[name].type.tensor_type
        if tensor.HasField("shape") and len(tensor.shape.dim) != len(dims):
            raise UsageError(f"--input-shape for '{name}' has rank {len(dims)}, the model's input has "
                             f"rank {len(tensor.shape.dim)}")
        tensor.shape.Clear()
        for d in dims:
            tensor.shape.dim.add().dim_value = d
    # Shape inference overwrites nothing declared, so stale declarations of the intermediate
    # tensors (computed for other input shapes) would contradict: drop them.
    if input_shapes:
        del graph.value_info[:]


def _node_inputs(node) -> list[str]:
    """A node's inputs, and the outer values its subgraphs (If branches, Loop bodies) read."""
    names = [name for name in node.input if name]
    for attribute in node.attribute:
        for subgraph in [attribute.g] if attribute.HasField("g") else list(attribute.graphs):
            inner = {i.name for i in subgraph.input} | {i.name for i in subgraph.initializer}
            for sub in subgraph.node:
                names += [name for name in _node_inputs(sub) if name not in inner]
                inner.update(sub.output)
    return names


def _input_sources(graph, name: str) -> list[str]:
    """The graph inputs `name` is computed from (through any nodes but Shape and Size, whose
    results depend on shapes only), in the graph's input order."""
    producers = {out: node for node in graph.node for out in node.output if out}
    inputs = [inp.name for inp in graph.input]
    seen, stack, found = set(), [name], set()
    while stack:
        current = stack.pop()
        if current in seen or not current:
            continue
        seen.add(current)
        if current in inputs:
            found.add(current)
        elif current in producers and producers[current].op_type not in _SHAPE_OPS:
            stack.extend(_node_inputs(producers[current]))
    return [n for n in inputs if n in found]


def _bind_inputs(onnx, graph, constants: dict) -> None:
    """Bound inputs become initializers (and leave the inputs), so shape inference and folding
    see their values as they see any weight's."""
    inputs = {inp.name: inp for inp in graph.input}
    for name, array in constants.items():
        if name not in inputs:
            raise UsageError(f"constants= names '{name}', which is not an input of the model "
                             f"(inputs: {', '.join(inputs) or 'none'})")
        tensor = inputs[name].type.tensor_type
        dtype = onnx.helper.tensor_dtype_to_np_dtype(tensor.elem_type)
        array = np.asarray(array)
        if tensor.HasField("shape") and len(tensor.shape.dim) != array.ndim:
            raise UsageError(f"constants= gives '{name}' rank {array.ndim}, the model's input has rank "
                             f"{len(tensor.shape.dim)}")
        graph.initializer.append(onnx.numpy_helper.from_array(array.astype(dtype, copy=False), name))
        graph.input.remove(inputs[name])


def _static_type(inp) -> tuple[tuple, str]:
    tensor = inp.type.tensor_type
    dtype = ONNX_TO_MLIR.get(tensor.elem_type)
    if dtype is None:
        raise CompileError(f"input '{inp.name}' has ONNX element type {tensor.elem_type}; castiron "
                           "supports float, float16, int64, int32, int8 and bool inputs")
    if not tensor.HasField("shape"):
        raise CompileError(f"input '{inp.name}' has no shape: give --input-shape={inp.name}:D0xD1x...")
    dims = []
    for d in tensor.shape.dim:
        if not d.HasField("dim_value") or d.dim_value <= 0:
            what = f"symbolic dimension '{d.dim_param}'" if d.dim_param else "an unknown dimension"
            raise UnknownDimension(f"input '{inp.name}' has {what}; castiron needs static shapes: give "
                                   f"--input-shape={inp.name}:D0xD1x... (input_shapes= in Python)", inp.name)
        dims.append(d.dim_value)
    return tuple(dims), dtype


def _inferred_shapes(onnx, model) -> dict:
    """Static shapes ONNX shape inference finds, to check the importer's own against."""
    try:
        inferred = onnx.shape_inference.infer_shapes(model, data_prop=True)
    except Exception as exc:  # noqa: BLE001 - inference errors are the model's, reported as such
        raise CompileError(f"ONNX shape inference failed: {str(exc).strip().splitlines()[0]}") from None
    shapes = {}
    for info in list(inferred.graph.value_info) + list(inferred.graph.output):
        tensor = info.type.tensor_type
        if tensor.HasField("shape") and all(d.HasField("dim_value") for d in tensor.shape.dim):
            shapes[info.name] = tuple(d.dim_value for d in tensor.shape.dim)
    return shapes


def _attributes(onnx, node) -> dict:
    attrs = {}
    for a in node.attribute:
        value = onnx.helper.get_attribute_value(a)
        attrs[a.name] = value.decode() if isinstance(value, bytes) else value
    return attrs


def _convert(onnx, em: Emitter, graph, node, values: dict, opset: int, inferred: dict) -> list[Value]:
    if node.op_type == "If" and node.domain in ("", "ai.onnx"):
        return _if(onnx, em, graph, node, values, opset, inferred)
    ins = []
    for name in node.input:
        if not name:
            ins.append(None)
        elif name not in values:
            raise NodeError(f"input '{name}' is not defined before this node")
        else:
            ins.append(values[name])
    present = [v for v in ins if v is not None]
    if all(v.is_const for v in present) and (present or node.op_type not in OPS):
        return _fold(onnx, node, ins, opset)
    return OPS[node.op_type](em, node, ins, _attributes(onnx, node))


def _import_nodes(onnx, em: Emitter, graph, nodes, values: dict, opset: int, inferred: dict) -> None:
    """Converts `nodes` in order, each output into `values` (checked against shape inference)."""
    for index, node in enumerate(nodes):
        label = node.name or (node.output[0] if node.output else f"#{index}")
        em.node_hint = next((name for name in node.output if name), None)
        try:
            outputs = _convert(onnx, em, graph, node, values, opset, inferred)
            if len(outputs) < len(node.output) and any(node.output[len(outputs):]):
                raise NodeError(f"output {len(outputs)} is not supported")
            for name, value in zip(node.output, outputs):
                if not name:
                    continue
                if name in inferred and inferred[name] != value.shape:
                    raise NodeError(f"internal: the importer computed shape {list(value.shape)} for '{name}', "
                                    f"ONNX shape inference says {list(inferred[name])}")
                values[name] = value
        except NotConstant as exc:
            message = f"node '{label}' (op {node.op_type}): {exc}"
            name = node.input[exc.index] if exc.index < len(node.input) else ""
            sources = _input_sources(graph, name)
            if sources:
                what = f"the graph input '{name}'" if sources == [name] else \
                    "computed from the graph input" + ("s " if len(sources) > 1 else " ") + \
                    ", ".join(f"'{s}'" for s in sources)
                binding = ", ".join(f"'{s}': ..." for s in sources)
                raise InputNotConstant(f"{message}; it is {what}: bind {'them' if len(sources) > 1 else 'it'} "
                                       f"to values with constants={{{binding}}}", sources) from None
            raise CompileError(message) from None
        except NodeError as exc:
            raise CompileError(f"node '{label}' (op {node.op_type}): {exc}") from None



def _gather_elements(ins, attrs):
    data, idx = (v.const for v in ins)
    axis = attrs.get("axis", 0) % data.ndim
    return [np.take_along_axis(data, np.where(idx < 0, idx + data.shape[axis], idx), axis)]


# Folds written in numpy where onnx's reference implementation fails (GatherElements over more
# than 64 elements along its axis: np.choose's limit, as BERT's position ids export).
_NUMPY_FOLDS = {"GatherElements": _gather_elements}


def _if(onnx, em: Emitter, graph, node, values: dict, opset: int, inferred: dict) -> list[Value]:
    """An If whose condition is known at import (a shape test, a flag): the taken branch's nodes,
    imported in place. castiron has no host control flow to decide at run time."""
    cond = values.get(node.input[0])
    if cond is None or not cond.is_const:
        raise NodeError("the condition must be known at import (castiron does not branch at run time)")
    branch = onnx.helper.get_attribute_value(
        next(a for a in node.attribute if a.name == ("then_branch" if cond.const.reshape(-1)[0] else "else_branch")))
    for init in branch.initializer:
        values[init.name] = const_value(onnx.numpy_helper.to_array(init))
    _import_nodes(onnx, em, graph, branch.node, values, opset, inferred)
    return [values[out.name] for out in branch.output]


def _fold(onnx, node, ins, opset: int) -> list[Value]:
    """Evaluates a node whose inputs are all constants with onnx's reference implementation."""
    from onnx import helper

    if node.op_type in _NUMPY_FOLDS:
        return [const_value(r) for r in _NUMPY_FOLDS[node.op_type](ins, _attributes(onnx, node))]
    from onnx.reference import ReferenceEvaluator

    inputs = [helper.make_tensor_value_info(name, helper.np_dtype_to_tensor_dtype(v.const.dtype), v.const.shape)
              for name, v in zip(node.input, ins) if v is not None]
    outputs = [helper.make_tensor_value_info(name, 0, None) for name in node.output if name]
    graph = helper.make_graph([node], "fold", inputs, outputs)
    try:
        results = ReferenceEvaluator(graph, opsets={"": opset}).run(
            None, {name: v.const for name, v in zip(node.input, ins) if v is not None})
    except Exception as exc:  # noqa: BLE001 - the evaluator raises whatever the op raises
        raise NodeError(f"cannot evaluate on constant inputs: {exc}") from None
    folded = iter(results)
    return [const_value(np.asarray(next(folded))) if name else None for name in node.output]


def _symbol(name: str) -> str:
    name = re.sub(r"[^A-Za-z0-9_]", "_", name)
    return name if name[:1].isalpha() or name[:1] == "_" else "f_" + name


def _function_text(name: str, arguments, lines, results, model) -> str:
    producer = " ".join(filter(None, [model.producer_name, model.producer_version])) or "unknown producer"
    result_types = ", ".join(t for _, t in results)
    if len(results) != 1:
        result_types = f"({result_types})"
    return "\n".join([
        f"// Imported from ONNX by castiron-import-onnx ({producer}, opset {_default_opset(model)}).",
        f"func.func @{name}({', '.join(arguments)}) -> {result_types} {{",
        *lines,
        f"  return {', '.join(s for s, _ in results)} : {', '.join(t for _, t in results)}",
        "}",
        "",
    ])


def _verify(text: str) -> None:
    from castiron.context import make_context, parse_module
    from mlir import ir

    with make_context(), ir.Location.unknown():
        try:
            parse_module(text, "<onnx import>")
        except CompileError as exc:
            raise CompileError(f"internal: the ONNX importer produced invalid MLIR: {exc}") from None
