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


def clock_ghz() -> float:
    """The CPU clock as the kernel reports it (`cpu MHz`, the highest listed); 3.0 when unknown."""
    best = 0.0
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("cpu MHz"):
                    best = max(best, float(line.split(":")[1]))
    except (OSError, ValueError):
        pass
    return best / 1000 if best else 3.0


def peak_gflops(features: list[str], threads: int) -> tuple[float, str]:
    """f32 peak GFLOP/s of `threads` cores for a library built with `features`, and how it was derived.

    lanes = vector bits / 32 (512 with avx512f, 256 with avx/avx2, 128 otherwise); 2 FMA pipes
    per core (Intel since Haswell, AMD since Zen; Zen 4 runs 512-bit FMA as two 256-bit halves,
    so its AVX-512 peak equals its AVX2 peak, which this formula over-states by 2x); 2 flops/FMA.
    """
    feats = set(features)
    bits = 512 if "avx512f" in feats else 256 if ({"avx2", "avx"} & feats) else 128
    ghz = clock_ghz()
    peak = bits / 32 * 2 * 2 * ghz * threads
    return peak, f"{bits // 32} f32 lanes x 2 FMA pipes x 2 flops x {ghz:.2f} GHz x {threads} thread(s)"
