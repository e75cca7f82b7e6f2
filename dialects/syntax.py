"""The custom spellings of castiron's IRDL ops: a small front end and a pretty printer.

IRDL-defined ops parse and print only in MLIR's generic form, but IREE's e2e test files use
custom forms (`util.unfoldable_constant dense<..> : T`, `check.expect_eq_const(%r, dense<..> : T)
: T`) and castiron's host graph reads better as `castiron.dispatch @entry(%a) : (T) -> R`.
`to_generic` rewrites exactly those forms, line by line, so line numbers stay exact and each
op keeps its starting column; `to_custom` turns printed dispatches back into the custom form.
Each form must sit on one line (as in IREE's tests).
"""
from __future__ import annotations

import re

_CHECK_UNARY = ("expect_true", "expect_false", "expect_all_true")
_CHECK_BINARY = ("expect_eq", "expect_almost_eq")
_CHECK_CONST = ("expect_eq_const", "expect_almost_eq_const")

_UNFOLDABLE = re.compile(r"^(?P<lead>\s*%[\w$.-]+\s*=\s*)util\.unfoldable_constant\s+(?P<rest>.*?)\s*(?P<comment>//.*)?$")
_CHECK = re.compile(r"^(?P<lead>\s*)check\.(?P<op>\w+)\((?P<args>.*)\)\s*(?P<attrs>\{.*\})?\s*:\s*(?P<type>.+?)\s*(?P<comment>//.*)?$")
_DISPATCH = re.compile(r"^(?P<lead>\s*(?:%[\w$.#:-]+(?:\s*,\s*%[\w$.#:-]+)*\s*=\s*)?)castiron\.dispatch\s+"
                       r"(?P<entry>@[\w$.-]+)\((?P<args>[^)]*)\)\s*(?P<attrs>\{.*\})?\s*:\s*(?P<sig>.+)$")
_GENERIC_DISPATCH = re.compile(r'^(?P<lead>\s*(?:%[\w$.#:-]+(?:\s*,\s*%[\w$.#:-]+)*\s*=\s*)?)"castiron\.dispatch"'
                               r"\((?P<args>[^)]*)\)\s*\{(?P<attrs>[^{}]*)\}\s*:\s*(?P<sig>.+)$")


class SyntaxProblem(ValueError):
    """A custom-form line castiron cannot rewrite; carries the 1-based line number."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line


def split_top(text: str, sep: str = ",") -> list[str]:
    """Splits at `sep` outside <>, [], (), {} and quotes."""
    parts, depth, current, quote = [], 0, [], False
    for ch in text:
        if ch == '"':
            quote = not quote
        elif not quote and ch in "<[({":
            depth += 1
        elif not quote and ch in ">])}":
            depth -= 1
        if ch == sep and depth == 0 and not quote:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
    if "".join(current).strip():
        parts.append("".join(current).strip())
    return parts


def _split_typed_attr(text: str) -> tuple[str, str]:
    """`dense<[1, 2]> : tensor<2xi32>` → (`dense<[1, 2]>`, `tensor<2xi32>`)."""
    pieces = split_top(text, ":")
    if len(pieces) < 2:
        raise ValueError(f"expected 'VALUE : TYPE', got '{text}'")
    return ":".join(pieces[:-1]).strip(), pieces[-1].strip()


def _tolerances(parts: list[str]) -> list[str]:
    """`atol 1.0e-4` / `rtol 1e-3` arguments → attribute entries."""
    out = []
    for part in parts:
        word, _, value = part.partition(" ")
        if word not in ("atol", "rtol") or not value.strip():
            raise ValueError(f"unexpected argument '{part}' (expected 'atol X' or 'rtol X')")
        out.append(f"{word} = {float(value):e} : f64")
    return out


def _merge_attrs(existing: str | None, extra: list[str]) -> str:
    inner = existing.strip()[1:-1].strip() if existing else ""
    entries = [e for e in [inner] + extra if e]
    return " {" + ", ".join(entries) + "}" if entries else ""


def _rewrite_check(m: re.Match) -> str:
    op, args, ty = m.group("op"), split_top(m.group("args")), m.group("type")
    lead, attrs = m.group("lead"), m.group("attrs")
    if op in _CHECK_UNARY:
        if len(args) != 1:
            raise ValueError(f"check.{op} takes one operand")
        return f'{lead}"check.{op}"({args[0]}){_merge_attrs(attrs, [])} : ({ty}) -> ()'
    if op in _CHECK_BINARY:
        if len(args) < 2:
            raise ValueError(f"check.{op} takes two operands")
        extra = _tolerances(args[2:])
        return f'{lead}"check.{op}"({args[0]}, {args[1]}){_merge_attrs(attrs, extra)} : ({ty}, {ty}) -> ()'
    if op in _CHECK_CONST:
        if len(args) < 2:
            raise ValueError(f"check.{op} takes an operand and a constant")
        value, value_type = _split_typed_attr(args[1])
        extra = [f"value = {value} : {value_type}"] + _tolerances(args[2:])
        return f'{lead}"check.{op}"({args[0]}){_merge_attrs(attrs, extra)} : ({ty}) -> ()'
    raise ValueError(f"unknown check op 'check.{op}'")


def to_generic(text: str) -> str:
    """Rewrites the custom forms of util/check/castiron ops to generic form, line for line."""
    if "check." not in text and "util.unfoldable_constant" not in text and "castiron.dispatch" not in text:
        return text
    out = []
    for number, line in enumerate(text.split("\n"), start=1):
        code = line.split("//")[0] if "//" in line and '"' not in line.split("//")[0] else line
        try:
            if "util.unfoldable_constant" in code and (m := _UNFOLDABLE.match(line)):
                value, value_type = _split_typed_attr(m.group("rest"))
                line = (f'{m.group("lead")}"util.unfoldable_constant"() {{value = {value} : {value_type}}} '
                        f": () -> {value_type}" + (f"  {m.group('comment')}" if m.group("comment") else ""))
            elif code.lstrip().startswith("check.") and (m := _CHECK.match(line)):
                line = _rewrite_check(m)
            elif "castiron.dispatch @" in code and (m := _DISPATCH.match(line)):
                extra = [f"entry = {m.group('entry')}"]
                line = f'{m.group("lead")}"castiron.dispatch"({m.group("args")}){_merge_attrs(m.group("attrs"), extra)} : {m.group("sig")}'
        except ValueError as exc:
            raise SyntaxProblem(number, str(exc)) from None
        out.append(line)
    return "\n".join(out)


def to_custom(text: str) -> str:
    """Prints `castiron.dispatch` ops in their custom form (the inverse of to_generic)."""
    if '"castiron.dispatch"' not in text:
        return text
    out = []
    for line in text.split("\n"):
        m = _GENERIC_DISPATCH.match(line)
        if m:
            entries = split_top(m.group("attrs"))
            entry = next((e.split("=", 1)[1].strip() for e in entries if e.startswith("entry =")), None)
            rest = [e for e in entries if not e.startswith("entry =")]
            if entry:
                attrs = " {" + ", ".join(rest) + "}" if rest else ""
                line = f"{m.group('lead')}castiron.dispatch {entry}({m.group('args')}){attrs} : {m.group('sig')}"
        out.append(line)
    return "\n".join(out)
