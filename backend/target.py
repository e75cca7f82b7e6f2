"""TargetSpec: which CPU a dispatch library is compiled for, and what codegen derives from it.

`host` is resolved through llvmlite (the running CPU's name and features), so a module built
with the default runs at full speed here and is refused where those features are missing.
"""
from __future__ import annotations

from dataclasses import dataclass
import functools

from castiron.errors import UsageError


SUPPORTED_ARCHES = ("x86_64", "aarch64", "riscv64", "arm", "thumb")

_V2 = ["sse3", "ssse3", "sse4.1", "sse4.2", "popcnt", "cx16"]
_V3 = _V2 + ["avx", "avx2", "fma", "f16c", "bmi", "bmi2", "lzcnt", "movbe"]
_V4 = _V3 + ["avx512f", "avx512bw", "avx512cd", "avx512dq", "avx512vl"]
# ISA features a library for a named CPU may use, as the runtime checks them on the host (the
# vector and bit-manipulation families; LLVM enables more, which the kernel does not report).
CPU_FEATURES = {
    "x86-64": [], "generic": [], "x86-64-v2": _V2, "x86-64-v3": _V3, "x86-64-v4": _V4,
    "haswell": _V3, "broadwell": _V3 + ["adx"], "skylake": _V3 + ["adx"],
    "skylake-avx512": _V4 + ["adx"], "cascadelake": _V4 + ["adx", "avx512vnni"],
    "icelake-server": _V4 + ["adx", "avx512vnni", "avx512vbmi", "vaes", "gfni"],
    "sapphirerapids": _V4 + ["adx", "avx512vnni", "avx512bf16", "amx-tile", "amx-int8", "amx-bf16"],
    "znver2": _V3 + ["adx"], "znver3": _V3 + ["adx", "vaes"],
    "znver4": _V4 + ["adx", "vaes", "avx512vnni", "avx512bf16", "gfni"],
    "cortex-a76": ["neon"], "neoverse-n1": ["neon"], "neoverse-v1": ["neon", "sve"],
    "neoverse-v2": ["neon", "sve", "sve2"], "apple-m1": ["neon"],
    "sifive-u74": [], "generic-rv64": [],
}


@dataclass(frozen=True)
class TargetSpec:
    triple: str
    cpu: str
    features: str = ""  # LLVM feature string: "+avx2,+fma,..."

    @property
    def arch(self) -> str:
        return self.triple.split("-")[0]

    @property
    def vector_bits(self) -> int:
        """Widest vector register the features allow (drives tile sizes)."""
        feats = set(self.features.split(",")) | {"+" + f for f in CPU_FEATURES.get(self.cpu, [])}
        if self.arch == "x86_64":
            if "+avx512f" in feats:
                return 512
            if "+avx2" in feats or "+avx" in feats:
                return 256
            return 128
        return 128

    @property
    def required_features(self) -> list[str]:
        """The features a CPU must have to run this library: the explicit `+feature`s and
        those the named CPU implies (so a skylake-avx512 library is never picked on an AVX2-only
        machine, where it would die of SIGILL)."""
        explicit = {f[1:] for f in self.features.split(",") if f.startswith("+")}
        return sorted(explicit | set(CPU_FEATURES.get(self.cpu, [])))


@functools.lru_cache(maxsize=None)
def host_target() -> TargetSpec:
    import llvmlite.binding as llvm

    _init_llvm()
    triple = llvm.get_process_triple()
    cpu = llvm.get_host_cpu_name()
    features = llvm.get_host_cpu_features().flatten()
    return TargetSpec(_normalize_triple(triple), cpu, features)


def _normalize_triple(triple: str) -> str:
    parts = triple.split("-")
    if len(parts) == 4 and parts[1] in ("pc", "unknown"):
        parts.pop(1)
    return "-".join(parts)


def resolve_target(triple: str | None = None, cpu: str | None = None, features: str | None = None) -> TargetSpec:
    """A TargetSpec from flag values; `host` (or nothing) means this machine."""
    host = host_target()
    if (triple in (None, "", "host") or _normalize_triple(triple) == host.triple) and cpu in (None, "", "host"):
        return TargetSpec(host.triple, host.cpu, features if features else host.features)
    triple = host.triple if triple in (None, "", "host") else _normalize_triple(triple)
    arch = triple.split("-")[0]
    if not arch.startswith(SUPPORTED_ARCHES):
        raise UsageError(f"unknown target triple '{triple}': castiron targets "
                         f"{', '.join(a + '-*' for a in SUPPORTED_ARCHES)}")
    if cpu in (None, "", "host"):
        cpu = "generic"
    import llvmlite.binding as llvm

    _init_llvm()
    try:
        llvm.Target.from_triple(triple)
    except RuntimeError as exc:
        raise UsageError(f"unknown target triple '{triple}': {str(exc).strip()}") from None
    return TargetSpec(triple, cpu, features or "")


@functools.lru_cache(maxsize=None)
def _init_llvm() -> None:
    import llvmlite.binding as llvm

    llvm.initialize_all_targets()
    llvm.initialize_all_asmprinters()
