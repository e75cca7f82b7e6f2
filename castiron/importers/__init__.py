"""Importers: other model formats → the MLIR castiron compiles (linalg on tensors).

Each is imported lazily by name, so `import castiron` loads no model-format package:
`castiron.importers.get("onnx")` returns castiron.importers.onnx.import_model.
"""
from __future__ import annotations

import importlib

from castiron.errors import UsageError

# name → "module:function", imported on first use
IMPORTERS = {"onnx": "castiron.importers.onnx:import_model"}


def get(name: str):
    """The import function registered as `name`: (model_or_path, **options) -> MLIR text."""
    try:
        target = IMPORTERS[name]
    except KeyError:
        raise UsageError(f"unknown importer '{name}' (castiron has: {', '.join(sorted(IMPORTERS))})") from None
    module, _, function = target.partition(":")
    return getattr(importlib.import_module(module), function)
