"""What this CPU can run, read without LLVM: the process triple and /proc/cpuinfo's flags.

LLVM feature names mostly equal the kernel's flag names; the table below maps those that
differ. Features the kernel does not report are not checked (assumed present).
"""
from __future__ import annotations

import functools
import platform

_LLVM_TO_CPUINFO = {"sse4.1": "sse4_1", "sse4.2": "sse4_2", "sse3": "pni", "crc32": "sse4_2",
                    "lzcnt": "abm", "cx16": "cx16", "sahf": "lahf_lm", "prfchw": "3dnowprefetch",
                    "bmi": "bmi1", "sha": "sha_ni"}


def host_triple() -> str:
    machine = platform.machine().lower()
    machine = {"amd64": "x86_64", "arm64": "aarch64"}.get(machine, machine)
    return f"{machine}-linux-gnu" if platform.system() == "Linux" else f"{machine}-unknown-{platform.system().lower()}"


@functools.lru_cache(maxsize=None)
def cpu_flags() -> frozenset:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith(("flags", "Features")):
                    return frozenset(line.split(":", 1)[1].split())
    except OSError:
        pass
    return frozenset()


def missing_features(required: list[str]) -> list[str]:
    """The required LLVM features this CPU verifiably lacks."""
    flags = {_squash(f) for f in cpu_flags()}
    if not flags:
        return []
    missing = []
    for feature in required:
        name = _squash(_LLVM_TO_CPUINFO.get(feature, feature))
        if _kernel_reports(name) and name not in flags:
            missing.append(feature)
    return missing


def _squash(name: str) -> str:
    """LLVM says avx512bitalg / amx-bf16, the kernel avx512_bitalg / amx_bf16."""
    return name.replace("_", "").replace("-", "").replace(".", "")


def _kernel_reports(flag: str) -> bool:
    """Only flags of families the kernel lists are checkable; others are assumed present."""
    if flag.startswith("avx10"):  # kernels before 6.x do not list AVX10
        return False
    return flag.startswith(("avx", "sse", "fma", "bmi", "f16c", "popcnt", "aes", "sha", "vpclmul",
                            "gfni", "movbe", "adx", "amx"))
