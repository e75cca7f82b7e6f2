"""IREE's value syntax for tools: parse `--function_input` strings, print results like iree-run-module.

`2x3xf32=1 2 3 4 5 6`, `2x2xf32=[1 2][3 4]`, splats `4xf32=0`, scalars `f32=1.5`, `@x.npy` and
`2x3xf32=@x.npy`; results print as `2x3xf32=[1 2 3][4 5 6]`. Errors are InputError, one line.
"""
from __future__ import annotations

import os
import re

import numpy as np

DTYPES = {"f16": np.float16, "f32": np.float32, "f64": np.float64, "i1": np.bool_, "i8": np.int8,
          "i16": np.int16, "i32": np.int32, "i64": np.int64, "ui8": np.uint8, "ui16": np.uint16,
          "ui32": np.uint32, "ui64": np.uint64, "si8": np.int8, "si16": np.int16, "si32": np.int32,
          "si64": np.int64}
_NAMES = {np.dtype(v): k for k, v in reversed(list(DTYPES.items())) if not k.startswith("si")}
_TOKEN = re.compile(r"[^\s,\[\]]+")


class InputError(ValueError):
    """A value string that does not describe a tensor; the message quotes it."""


def _quote(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:57] + "...")


def parse_dtype(name: str) -> np.dtype:
    if name == "bf16":
        raise InputError("bf16 inputs are not supported (numpy has no bfloat16)")
    try:
        return np.dtype(DTYPES[name])
    except KeyError:
        raise InputError(f"unknown element type '{name}' (expected one of {', '.join(DTYPES)})") from None


def dtype_name(dtype) -> str:
    try:
        return _NAMES[np.dtype(dtype)]
    except KeyError:
        raise InputError(f"numpy dtype {np.dtype(dtype)} has no IREE element type name") from None


def shape_dtype_string(shape, dtype) -> str:
    return "".join(f"{d}x" for d in shape) + dtype_name(dtype)


def _parse_type(text: str, original: str) -> tuple[list[int], np.dtype]:
    parts = text.strip().split("x")
    *dims, elem = parts
    if not elem:
        raise InputError(f"missing element type in {_quote(original)}")
    shape = []
    for d in dims:
        if not d.isdigit():
            raise InputError(f"bad dimension '{d}' in {_quote(original)} (expected e.g. 2x3xf32=...)")
        shape.append(int(d))
    return shape, parse_dtype(elem)


def _load_npy(path: str, base_dir, original: str) -> np.ndarray:
    full = os.path.join(base_dir, path) if base_dir and not os.path.isabs(path) else path
    try:
        return np.load(full, allow_pickle=False)
    except FileNotFoundError:
        raise InputError(f"input file '{full}' does not exist ({_quote(original)})") from None
    except (ValueError, OSError, EOFError) as exc:
        raise InputError(f"input file '{full}' is not a .npy array: {str(exc).splitlines()[0] if str(exc) else 'unreadable'}") from None


def _convert(token: str, dtype: np.dtype, original: str):
    low = token.lower()
    if dtype.kind == "f":
        try:
            return float(low)
        except ValueError:
            raise InputError(f"'{token}' is not a number in {_quote(original)}") from None
    if dtype.kind == "b":
        if low in ("1", "true"):
            return True
        if low in ("0", "false"):
            return False
        raise InputError(f"'{token}' is not an i1 value (0, 1, true, false) in {_quote(original)}")
    try:
        value = int(low, 0)
    except ValueError:
        raise InputError(f"'{token}' is not an integer in {_quote(original)} "
                         f"(element type {dtype_name(dtype)})") from None
    info = np.iinfo(dtype)
    if not info.min <= value <= info.max:
        raise InputError(f"{value} is out of range for {dtype_name(dtype)} in {_quote(original)}")
    return value


def parse_input(text: str, *, base_dir=None) -> np.ndarray:
    """One IREE input value → a numpy array (0-d for scalars)."""
    original = text
    text = text.strip()
    if text.startswith("@"):
        return _load_npy(text[1:], base_dir, original)
    if "=" not in text:
        raise InputError(f"expected TYPE=VALUES (e.g. 2x3xf32=1 2 3 4 5 6 or @file.npy), got {_quote(original)}")
    type_text, values_text = text.split("=", 1)
    shape, dtype = _parse_type(type_text, original)
    count = int(np.prod(shape, dtype=np.int64))
    values_text = values_text.strip()
    if values_text.startswith("@"):
        array = _load_npy(values_text[1:], base_dir, original)
        if list(array.shape) != shape or array.dtype != dtype:
            raise InputError(f"{values_text[1:]} holds {shape_dtype_string(array.shape, array.dtype)}, "
                             f"not {type_text.strip()}")
        return array
    if values_text.count("[") != values_text.count("]"):
        raise InputError(f"unbalanced brackets in {_quote(original)}")
    tokens = _TOKEN.findall(values_text)
    if not tokens and count:
        raise InputError(f"no values for {type_text.strip()} in {_quote(original)}")
    values = [_convert(t, dtype, original) for t in tokens]
    if len(values) == 1 and count != 1:
        return np.full(shape, values[0], dtype=dtype)
    if len(values) != count:
        raise InputError(f"expected {count} values for {type_text.strip()}, got {len(values)} in {_quote(original)}")
    return np.array(values, dtype=dtype).reshape(shape)


def _format_scalar(value, dtype: np.dtype) -> str:
    if dtype.kind == "b":
        return "1" if value else "0"
    if dtype.kind == "f":
        return f"{float(value):g}"
    return str(int(value))


def format_result(array: np.ndarray, max_elements: int | None = None) -> str:
    """`2x3xf32=[1 2 3][4 5 6]` (rank 1: `4xf32=1 2 3 4`; 0-d: `f32=1.5`), as iree-run-module prints."""
    array = np.asarray(array)
    header = shape_dtype_string(array.shape, array.dtype) + "="
    flat = [_format_scalar(v, array.dtype) for v in array.reshape(-1)]
    truncated = max_elements is not None and len(flat) > max_elements
    if truncated:
        flat = flat[:max_elements]
    if array.ndim <= 1:
        return header + " ".join(flat) + ("..." if truncated else "")
    return header + _nest(iter(flat), list(array.shape)) + ("..." if truncated else "")


def _nest(values, shape: list) -> str:
    """Rows in brackets at every level: [a b][c d] for 2-d, [[a b][c d]][[e f][g h]] for 3-d."""
    if len(shape) == 1:
        return " ".join(v for _, v in zip(range(shape[0]), values))
    return "".join("[" + _nest(values, shape[1:]) + "]" for _ in range(shape[0]))
