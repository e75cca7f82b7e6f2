"""IREE's tensor value syntax for the castiron tools: `--function_input` strings in, printed results out.
Mirrors iree-run-module (`2x3xf32=1 2 3 4 5 6`, `2x2xf32=[1 2][3 4]`, `4xf32=0`, `f32=1.5`, `@x.npy`)."""
from __future__ import annotations

import math
import os
import re

import numpy as np

# IREE element type names -> numpy. `si*` are IREE's explicitly signed spellings; they parse, but
# results print with the signless name (i32), as iree-run-module prints what MLIR tensors carry.
_DTYPES = {"f16": np.float16, "f32": np.float32, "f64": np.float64, "i1": np.bool_,
           "i8": np.int8, "i16": np.int16, "i32": np.int32, "i64": np.int64,
           "ui8": np.uint8, "ui16": np.uint16, "ui32": np.uint32, "ui64": np.uint64}
_ALIASES = {"si8": "i8", "si16": "i16", "si32": "i32", "si64": "i64"}
# Keyed by (kind, itemsize), not by dtype, so np.int64 / np.longlong / 'l' all find "i64".
_NAMES = {(np.dtype(t).kind, np.dtype(t).itemsize): name for name, t in _DTYPES.items()}

_DIM = re.compile(r"[0-9]+\Z")
_INT = re.compile(r"[+-]?(0[xX][0-9a-fA-F]+|[0-9]+)\Z")
_FLOAT = re.compile(r"[+-]?(nan|inf|infinity|([0-9]+\.?[0-9]*|\.[0-9]+)(e[+-]?[0-9]+)?)\Z", re.IGNORECASE)
_SEPARATORS = re.compile(r"[\s,\[\]]+")  # as in IREE, brackets only group: they separate like spaces
_NPY_MAGIC = b"\x93NUMPY"


class InputError(ValueError):
    """A value string (or the file it names) that does not describe a tensor; the message quotes it."""


def _quote(text: str) -> str:
    """repr() so newlines cannot break the one-line message; cut long input so the message stays readable."""
    return repr(text if len(text) <= 60 else text[:57] + "...")


def _quote_path(path: str) -> str:
    """Like _quote, but a long path keeps its end: the file name is the part worth reading."""
    return repr(path if len(path) <= 60 else "..." + path[-57:])


def parse_dtype(name: str) -> np.dtype:
    """IREE element type name (f32, i1, ui8, si32...) -> numpy dtype; InputError names what is accepted."""
    if name == "bf16":
        raise InputError("element type 'bf16' is not supported (numpy has no bfloat16; use f32)")
    name = _ALIASES.get(name, name)
    if name not in _DTYPES:
        raise InputError(f"unknown element type {_quote(name)} (known: {' '.join(_DTYPES)})")
    return np.dtype(_DTYPES[name])


def dtype_name(dtype) -> str:
    """numpy dtype -> IREE element type name; ValueError for dtypes IREE has no name for (complex, objects)."""
    dt = np.dtype(dtype)
    name = _NAMES.get((dt.kind, dt.itemsize)) if dt.isnative or dt.itemsize == 1 else None
    if name is None:
        raise ValueError(f"numpy dtype {dt.str} has no IREE element type")
    return name


def shape_dtype_string(shape, dtype) -> str:
    """`2x3xf32`; a rank-0 shape gives just `f32`, as in IREE's buffer view header."""
    return "".join(f"{int(d)}x" for d in shape) + dtype_name(dtype)


def _parse_type(text: str, original: str) -> tuple[tuple[int, ...], np.dtype]:
    """`2x3xf32` -> ((2, 3), float32). Like IREE, the element type is whatever follows the last 'x'."""
    if not text:
        raise InputError(f"missing shape and element type before '=' in {_quote(original)}")
    *dims, elem = text.split("x")
    if not elem:
        raise InputError(f"missing element type after the shape in {_quote(original)}")
    for d in dims:
        if not _DIM.match(d):
            raise InputError(f"bad dimension {_quote(d)} in {_quote(original)} "
                             "(dimensions are non-negative integers, e.g. 2x3xf32=...)")
    try:
        dtype = parse_dtype(elem)
    except InputError as exc:
        raise InputError(f"{exc} in {_quote(original)}") from None
    return tuple(int(d) for d in dims), dtype


def _load_npy(path: str, base_dir, original: str) -> np.ndarray:
    """Loads a .npy array, checking the magic bytes first so text/npz files get a plain-words error."""
    if not path:
        raise InputError(f"missing file name after '@' in {_quote(original)}")
    full = os.path.join(base_dir, path) if base_dir is not None else path
    try:
        with open(full, "rb") as f:
            if f.read(len(_NPY_MAGIC)) != _NPY_MAGIC:
                raise InputError(f"input file {_quote_path(full)} is not a .npy file (no numpy header)")
            f.seek(0)
            array = np.load(f, allow_pickle=False)
    except InputError:
        raise
    except FileNotFoundError:
        raise InputError(f"input file {_quote_path(full)} does not exist (from {_quote(original)})") from None
    except IsADirectoryError:
        raise InputError(f"input file {_quote_path(full)} is a directory (from {_quote(original)})") from None
    except (ValueError, OSError, EOFError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(f"input file {_quote_path(full)} is not a readable .npy array: {reason}") from None
    if not array.dtype.isnative:
        array = array.astype(array.dtype.newbyteorder("="))
    try:
        dtype_name(array.dtype)
    except ValueError:
        raise InputError(f"input file {_quote_path(full)} holds {array.dtype} values, "
                         "which have no IREE element type") from None
    return array


def _convert(token: str, dtype: np.dtype, original: str):
    """One value token -> a Python value valid for dtype; rejects what numpy would silently wrap/round."""
    if dtype.kind == "f":
        if not _FLOAT.match(token):
            raise InputError(f"{_quote(token)} is not a number in {_quote(original)}")
        value = float(token)
        with np.errstate(over="ignore"):
            overflows = math.isfinite(value) and math.isinf(dtype.type(value))
        if overflows:
            raise InputError(f"{token} is out of range for {dtype_name(dtype)} in {_quote(original)}")
        return value
    if dtype.kind == "b" and token.lower() in ("true", "false"):
        return token.lower() == "true"
    if not _INT.match(token):
        raise InputError(f"{_quote(token)} is not an integer in {_quote(original)} "
                         f"(element type {dtype_name(dtype)})")
    value = int(token, 16 if "x" in token.lower() else 10)
    if dtype.kind == "b":
        if value not in (0, 1):
            raise InputError(f"{_quote(token)} is not an i1 value (0, 1, true, false) in {_quote(original)}")
        return bool(value)
    info = np.iinfo(dtype)
    if not info.min <= value <= info.max:
        raise InputError(f"{token} is out of range for {dtype_name(dtype)} "
                         f"[{info.min}, {info.max}] in {_quote(original)}")
    return value


def parse_input(text: str, *, base_dir=None) -> np.ndarray:
    """One iree-run-module input value -> numpy array (0-d for scalars); InputError if malformed.

    `SHAPExTYPE=v0 v1 ...` (spaces, commas and brackets all separate values), one value splats,
    `@file.npy` / `SHAPExTYPE=@file.npy` load numpy files (relative to base_dir when given).
    """
    stripped = text.strip()
    if stripped.startswith("@"):
        return _load_npy(stripped[1:], base_dir, text)
    if "=" not in stripped:
        raise InputError(f"missing '=' in input {_quote(text)} "
                         "(expected e.g. 2x3xf32=1 2 3 4 5 6, f32=1.5 or @file.npy)")
    type_text, values_text = (part.strip() for part in stripped.split("=", 1))
    shape, dtype = _parse_type(type_text, text)
    if values_text.startswith("@"):
        array = _load_npy(values_text[1:], base_dir, text)
        if array.shape != shape or array.dtype != dtype:
            raise InputError(f"{_quote_path(values_text[1:])} holds {shape_dtype_string(array.shape, array.dtype)}, "
                             f"not {type_text}")
        return array
    if values_text.count("[") != values_text.count("]"):
        raise InputError(f"unbalanced brackets in {_quote(text)}")
    tokens = [t for t in _SEPARATORS.split(values_text) if t]
    count = math.prod(shape)
    values = [_convert(t, dtype, text) for t in tokens]
    if len(values) == 1 and count > 1:
        return np.full(shape, values[0], dtype=dtype)
    if len(values) != count:
        raise InputError(f"expected {count} values for {type_text}, got {len(values)} in {_quote(text)}")
    return np.array(values, dtype=dtype).reshape(shape)


def _element_formatter(dtype: np.dtype):
    """IREE's iree_hal_format_element: floats with C's %G (so NAN, INF, 1E+10), ints in decimal."""
    if dtype.kind == "f":
        return lambda v: "%G" % v
    if dtype.kind == "b":
        return lambda v: "1" if v else "0"
    return str


def _format_elements(array: np.ndarray, fmt, budget: list) -> str:
    """IREE's recursive layout: one [...] per index of every dimension but the last, leaf rows
    space-separated; a shared element budget cuts rows short with `...` (later rows print `[...]`)."""
    if array.ndim == 0:
        array = array.reshape(1)
    if array.ndim > 1:
        return "".join("[" + _format_elements(row, fmt, budget) + "]" for row in array)
    n = min(budget[0], len(array))
    budget[0] -= n
    text = " ".join(fmt(v) for v in array[:n].tolist())
    return text + ("..." if n < len(array) else "")


def format_result(array: np.ndarray, *, max_elements: int | None = None) -> str:
    """A result as iree-run-module prints a buffer view: `2x3xf32=[1 2 3][4 5 6]`, rank 1 `4xf32=1 2 3 4`,
    rank 0 `f32=1.5`. max_elements (default: all) truncates like IREE's --output_max_element_count."""
    array = np.asarray(array)
    budget = [array.size if max_elements is None else max(0, int(max_elements))]
    return (shape_dtype_string(array.shape, array.dtype) + "="
            + _format_elements(array, _element_formatter(array.dtype), budget))
