"""Dispatch configurations: the codegen knobs of one dispatch as a line a person can read and edit.

Syntax: space-separated `knob=value` pairs, e.g. `tile=8x64 reg=8x32 vector=on`.
- `tile`: workgroup tile size of each *parallel* loop of the dispatch's root op, outermost first
  ('x'-separated; 0 leaves a loop untiled). A matmul's loops are (m, n); an NHWC conv's
  (n, oh, ow, f). One workgroup computes one tile; the grid is ceil(range / tile) per loop.
- `reg`: register tile (rows x columns of accumulators) of a vectorized f32 matmul; both must
  divide the matmul's workgroup tile.
- `vector`: on/off, whether a matmul is tiled to registers and vectorized.
- `kc`: block the vectorized matmul's k loop by this many (a divisor of k; default: no blocking).
- `pack`: on/off, copy each k-block of B into a contiguous buffer on the stack first.
- `fault`: crash/hang/wrong, makes the compiled entry trap, spin forever or corrupt its first
  output. It exists to test what consumes configurations (the tuner records such candidates
  as crashed / timeout / wrong-result); never use it otherwise.

`default` (or an empty line) means the heuristics. Knobs left out keep their heuristic value.
A dispatch is named by its structural key (`dispatch_key`), which does not change when the
model around it changes, or by its name in one compile (`main_dispatch_3`).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
import hashlib
import os
import re

from castiron.errors import UsageError

KNOBS = ("tile", "reg", "vector", "kc", "pack", "fault")
FAULTS = ("crash", "hang", "wrong")


@dataclass(frozen=True)
class DispatchConfig:
    tile: tuple | None = None
    reg: tuple | None = None
    vector: bool | None = None
    kc: int | None = None
    pack: bool | None = None
    fault: str | None = None
    source: str = field(default="given", compare=False)  # where it came from: flag, file, tuning-db

    @property
    def is_default(self) -> bool:
        return self == DispatchConfig()

    def merged_over(self, base: "DispatchConfig") -> "DispatchConfig":
        """This config's knobs, with `base`'s for those it leaves out."""
        return replace(base, **{k: getattr(self, k) for k in KNOBS if getattr(self, k) is not None})

    def __str__(self) -> str:
        parts = []
        if self.tile is not None:
            parts.append("tile=" + "x".join(map(str, self.tile)))
        if self.reg is not None:
            parts.append("reg=" + "x".join(map(str, self.reg)))
        if self.vector is not None:
            parts.append("vector=" + ("on" if self.vector else "off"))
        if self.kc is not None:
            parts.append(f"kc={self.kc}")
        if self.pack is not None:
            parts.append("pack=" + ("on" if self.pack else "off"))
        if self.fault is not None:
            parts.append("fault=" + self.fault)
        return " ".join(parts) or "default"


def parse_config(text: str) -> DispatchConfig:
    """Parses `tile=8x64 reg=8x32 vector=on`; a UsageError names the bad knob."""
    text = text.strip()
    if text in ("", "default"):
        return DispatchConfig()
    values = {}
    for part in text.split():
        knob, eq, value = part.partition("=")
        if not eq or not value:
            raise UsageError(f"dispatch config '{text}': expected knob=value, got '{part}'")
        if knob not in KNOBS:
            raise UsageError(f"dispatch config '{text}': unknown knob '{knob}' (knobs: {', '.join(KNOBS)})")
        if knob in values:
            raise UsageError(f"dispatch config '{text}': knob '{knob}' given twice")
        if knob in ("tile", "reg"):
            if not re.fullmatch(r"\d+(x\d+)*", value):
                raise UsageError(f"dispatch config '{text}': {knob} must be sizes like 8x64, got '{value}'")
            sizes = tuple(int(v) for v in value.split("x"))
            if knob == "reg" and (len(sizes) != 2 or 0 in sizes):
                raise UsageError(f"dispatch config '{text}': reg must be ROWSxCOLUMNS, both positive")
            values[knob] = sizes
        elif knob in ("vector", "pack"):
            if value not in ("on", "off"):
                raise UsageError(f"dispatch config '{text}': {knob} must be on or off, got '{value}'")
            values[knob] = value == "on"
        elif knob == "kc":
            if not value.isdigit():
                raise UsageError(f"dispatch config '{text}': kc must be a number, got '{value}'")
            values[knob] = int(value)
        else:
            if value not in FAULTS:
                raise UsageError(f"dispatch config '{text}': fault must be one of {', '.join(FAULTS)}")
            values[knob] = value
    return DispatchConfig(**values)


def parse_assignment(text: str) -> tuple[str, DispatchConfig]:
    """`KEY=CONFIG` (the first '=' splits; CONFIG has its own) → (key, config)."""
    key, eq, config = text.partition("=")
    if not eq or not key.strip() or key.strip() in KNOBS:
        raise UsageError(f"dispatch config '{text}': expected KEY=CONFIG, e.g. "
                         "matmul_64x64x64_f32_1a2b3c4d='tile=32x64 reg=8x32'")
    return key.strip(), replace(parse_config(config), source="flag")


def read_config_file(path: str) -> dict:
    """A file of `KEY=CONFIG` lines ('#' comments, blank lines ignored) → {key: config}."""
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except OSError as exc:
        raise UsageError(f"cannot read dispatch config file '{path}': {exc.strerror}") from None
    table = {}
    for number, line in enumerate(lines, start=1):
        line = line.split("#", 1)[0].strip()
        if line:
            try:
                key, config = parse_assignment(line)
            except UsageError as exc:
                raise UsageError(f"{path}:{number}: {exc}") from None
            table[key] = replace(config, source=f"file {os.path.basename(path)}")
    return table


def structural_digest(executable_text: str, name: str) -> str:
    """sha256 of a dispatch's tensor function with its own name taken out: equal for the same
    computation in any model or position."""
    normalized = re.sub(rf"@{re.escape(name)}\b", "@dispatch", executable_text)
    return hashlib.sha256(normalized.encode()).hexdigest()


def dispatch_key(executable_text: str, name: str, root: str, loop_ranges: list, element_type: str) -> str:
    """A dispatch's structural key: root op, loop ranges, element type, and a hash of its whole
    tensor function (fused ops, shapes, dtypes, constants) with its name taken out, so the same
    computation gets the same key in any model. The target is not in it: records carry it."""
    digest = structural_digest(executable_text, name)[:8]
    op = root.removeprefix("linalg.").replace(".", "_") or "copy"
    shape = "x".join(map(str, loop_ranges)) or "0"
    return f"{op}_{shape}_{element_type}_{digest}"
