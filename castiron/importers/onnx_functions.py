"""Operators ONNX defines as functions, expanded into their bodies before import (and the
recurrent layers, unrolled: onnx_recurrent).

Many standard operators (Attention, GroupNormalization, RotaryEmbedding, Range, Celu, AffineGrid,
CenterCropPad, MeanVarianceNormalization...) have a body in other ONNX operators: a fixed one
(schema.has_function) or one built for the node's attributes and input types
(has_context_dependent_function). A node castiron has no converter for is replaced by that
body (as onnxruntime runs function operators it has no kernel for), then onnx's inliner
renames its values into the graph; the importer converts the ops of the body one by one.
"""
from __future__ import annotations

from .onnx_recurrent import RECURRENT, expand_recurrent

DOMAIN = "castiron.expanded"
CONTROL_FLOW = ("Loop", "Scan")  # (an If on a condition known at import is: onnx._if)
MAX_DEPTH = 4  # function bodies that use function operators, expanded again


def expand_functions(onnx, model, supported, opset: int):
    """The model with each standard node whose operator is not in `supported` (and has a
    function body at `opset`) replaced by that body. Nodes without a body are left as they are
    for the importer to report."""
    if any(n.op_type in RECURRENT and n.domain in ("", "ai.onnx") for n in model.graph.node):
        expand_recurrent(onnx, model, _value_types(onnx, model))
    for _ in range(MAX_DEPTH):
        functions = _bodies(onnx, model, supported, opset)
        if not functions:
            return model
        del model.functions[:]  # nothing else is model-local after a previous round's inlining
        model.functions.extend(functions)
        if all(entry.domain != DOMAIN for entry in model.opset_import):
            model.opset_import.append(onnx.helper.make_opsetid(DOMAIN, 1))
        model = onnx.inliner.inline_local_functions(model)
    return model


def _bodies(onnx, model, supported, opset: int) -> list:
    types = None
    functions = []
    for index, node in enumerate(model.graph.node):
        if node.domain not in ("", "ai.onnx") or node.op_type in supported:
            continue
        try:
            schema = onnx.defs.get_schema(node.op_type, opset)
        except onnx.defs.SchemaError:
            continue
        body = None
        if schema.has_function:
            body = schema.function_body.SerializeToString()
        elif schema.has_context_dependent_function:
            types = types if types is not None else _value_types(onnx, model)
            if any(name and name not in types for name in node.input):
                continue  # an input of unknown type: the importer reports the operator instead
            inputs = [types[name].SerializeToString() if name else onnx.TypeProto().SerializeToString()
                      for name in node.input]
            try:
                body = schema.get_context_dependent_function(node.SerializeToString(), inputs)
            except Exception:  # noqa: BLE001 - the builder refuses attribute/type combinations it lacks
                continue
        if not body:
            continue
        function = onnx.FunctionProto()
        function.ParseFromString(body)
        if any(n.op_type in CONTROL_FLOW for n in function.node):
            continue  # (Range's body is a Loop) castiron runs no loops; the node may still fold
        if not _at_opset(onnx, function, opset):
            continue
        _with_defaults(node, schema)  # a body's attribute references see the defaults the node omits
        function.domain, function.name = DOMAIN, f"{node.op_type}_{index}"
        node.domain, node.op_type = DOMAIN, function.name
        functions.append(function)
    return functions


def _with_defaults(node, schema) -> None:
    given = {a.name for a in node.attribute}
    for name, attribute in schema.attributes.items():
        if name not in given and attribute.default_value.name:
            node.attribute.append(attribute.default_value)
            node.attribute[-1].name = name


def _at_opset(onnx, function, opset: int) -> bool:
    """Restates a body written for another opset at the model's, which the inliner needs, when
    every operator of the body has the same inputs and attributes at both (later versions of
    Div, Mul, Constant... only add types); False when one does not (ReduceMean's axes moved
    from an attribute to an input at 18)."""
    for entry in function.opset_import:
        if entry.domain not in ("", "ai.onnx") or entry.version == opset:
            continue
        for node in function.node:
            if node.domain in ("", "ai.onnx") and _signature(onnx, node.op_type, entry.version) != \
                    _signature(onnx, node.op_type, opset):
                return False
        entry.version = opset
    return True


def _signature(onnx, op_type: str, opset: int):
    try:
        schema = onnx.defs.get_schema(op_type, opset)
    except onnx.defs.SchemaError:
        return None
    return [i.name for i in schema.inputs], sorted(schema.attributes), [o.name for o in schema.outputs]


def _value_types(onnx, model) -> dict:
    inferred = onnx.shape_inference.infer_shapes(model)
    graph = inferred.graph
    types = {v.name: v.type for v in [*graph.input, *graph.value_info, *graph.output]}
    for init in graph.initializer:
        types.setdefault(init.name, onnx.helper.make_tensor_type_proto(init.data_type, list(init.dims)))
    return types
