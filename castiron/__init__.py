"""castiron: compile MLIR (linalg, TOSA) to native CPU dylib modules and run them.

Importing castiron loads no compiler: `compile_str`/`compile_file` import MLIR on first use, so
a deployment that only needs `castiron.runtime` never pulls in mlir or llvmlite.
"""
from __future__ import annotations

import os as _os

__version__ = "0.1.0"

# In a source checkout the top-level folders passes/, backend/, runtime/... are this package's
# subpackages (pyproject's package-dir maps them when installed). Running Python from the
# checkout root finds this folder first, so point the package at its siblings too.
_root = _os.path.dirname(_os.path.dirname(_os.path.abspath(__file__)))
if _os.path.isfile(_os.path.join(_root, "pyproject.toml")) and \
        _os.path.isfile(_os.path.join(_root, "runtime", "__init__.py")):
    __path__.append(_root)  # noqa: F821 - a package's __path__


def compile_str(text: str, **options):
    """MLIR text → module bytes. Options: see castiron.driver.CompileOptions."""
    from .driver import compile_str as _compile

    return _compile(text, **options)


def compile_file(path: str, **options):
    """An .mlir file → module bytes."""
    from .driver import compile_file as _compile

    return _compile(path, **options)


def load_module(path_or_bytes, **options):
    """Loads a compiled module for execution (castiron.runtime.load_module)."""
    from .runtime import load_module as _load

    return _load(path_or_bytes, **options)
