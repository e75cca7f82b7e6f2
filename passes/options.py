"""Typed pass options: `my-pass{tile=8 verbose=true names=a,b}` → the fields of a pass dataclass.

A class pass declares its options as annotated dataclass fields (xDSL style); this module
parses the `{...}` text of a pipeline element into them, converting and validating each value
by its type, and reports a bad option in one line naming the pass, the option and what it takes.
"""
from __future__ import annotations

import dataclasses
import shlex
import typing

from castiron.errors import UsageError

_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off"}


def split_options(text: str) -> dict[str, str]:
    """`tile=8 verbose=true name="a b"` → {"tile": "8", "verbose": "true", "name": "a b"}.

    A bare `flag` means `flag=true`, as MLIR's option parser reads it.
    """
    out = {}
    try:
        words = shlex.split(text)
    except ValueError as exc:
        raise UsageError(f"malformed pass options '{{{text}}}': {exc}") from None
    for word in words:
        key, sep, value = word.partition("=")
        out[key.strip()] = value if sep else "true"
    return out


def option_fields(cls) -> dict[str, dataclasses.Field]:
    if not dataclasses.is_dataclass(cls):
        return {}
    return {f.name.replace("_", "-"): f for f in dataclasses.fields(cls) if f.init}


def _convert(pass_name: str, key: str, raw: str, kind):
    origin = typing.get_origin(kind)
    try:
        if kind is bool:
            low = raw.lower()
            if low in _TRUE:
                return True
            if low in _FALSE:
                return False
            raise ValueError
        if kind is int:
            return int(raw, 0)
        if kind is float:
            return float(raw)
        if kind is str:
            return raw
        if origin in (list, tuple):
            (item,) = typing.get_args(kind)[:1] or (str,)
            items = [x for x in raw.split(",") if x != ""]
            return type([])(_convert(pass_name, key, x, item) for x in items)
        if origin is typing.Literal:
            if raw in typing.get_args(kind):
                return raw
            raise ValueError
    except ValueError:
        pass
    else:
        return kind(raw)
    raise UsageError(f"pass '{pass_name}': option '{key}' expects {_describe(kind)}, got '{raw}'")


def _describe(kind) -> str:
    if typing.get_origin(kind) is typing.Literal:
        return "one of " + ", ".join(map(str, typing.get_args(kind)))
    if typing.get_origin(kind) in (list, tuple):
        return f"a comma-separated list of {_describe(typing.get_args(kind)[0])}"
    return {bool: "true or false", int: "an integer", float: "a number", str: "a string"}.get(kind, str(kind))


def build_options(pass_name: str, cls, text: str):
    """An instance of the pass class `cls` configured from option text (may be empty)."""
    fields = option_fields(cls)
    given = split_options(text) if text.strip() else {}
    if given and not fields:
        raise UsageError(f"pass '{pass_name}' takes no options, got '{{{text}}}'")
    hints = typing.get_type_hints(cls) if fields else {}
    kwargs = {}
    for key, raw in given.items():
        if key not in fields:
            raise UsageError(f"pass '{pass_name}' has no option '{key}' "
                             f"(options: {', '.join(sorted(fields)) or 'none'})")
        field = fields[key]
        kwargs[field.name] = _convert(pass_name, key, raw, hints.get(field.name, str))
    try:
        return cls(**kwargs)
    except (TypeError, ValueError) as exc:
        raise UsageError(f"pass '{pass_name}': {exc}") from None


def describe_options(cls) -> list[str]:
    """`name: type = default` lines for --list-passes."""
    if not dataclasses.is_dataclass(cls):
        return []
    hints = typing.get_type_hints(cls)
    lines = []
    for key, field in option_fields(cls).items():
        default = field.default if field.default is not dataclasses.MISSING else (
            field.default_factory() if field.default_factory is not dataclasses.MISSING else "required")
        doc = field.metadata.get("help", "") if field.metadata else ""
        lines.append(f"{key}: {_describe(hints.get(field.name, str))} = {default}" + (f"  {doc}" if doc else ""))
    return lines
