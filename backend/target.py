"""TargetSpec: which CPU a dispatch library is compiled for, and what codegen derives from it.

`host` is resolved through llvmlite (the running CPU's name and features), so a module built
with the default runs at full speed here and is refused where those features are missing.
"""
from __future__ import annotations

from dataclasses import dataclass
import functools

from castiron.errors import UsageError


SUPPORTED_ARCHES = ("x86_64", "aarch64", "riscv64", "arm", "thumb")


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
        feats = set(self.features.split(","))
        if self.arch == "x86_64":
            if "+avx512f" in feats:
                return 512
            if "+avx2" in feats or "+avx" in feats:
                return 256
            return 128
        return 128

    @property
    def required_features(self) -> list[str]:
        """The `+feature` names a CPU must have to run this library."""
        return sorted(f[1:] for f in self.features.split(",") if f.startswith("+"))


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
