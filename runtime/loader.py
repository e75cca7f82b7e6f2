"""Executable loaders: pick the library for this CPU from a module and load it.

`system` dlopens the library from an anonymous memory file (memfd: nothing is written to disk);
the library's `castiron_abi_version` is checked before any entry is called.
"""
from __future__ import annotations

import ctypes
import os
import tempfile

from . import cpu
from .errors import ModuleFormatError

ABI_VERSION = 0
ENTRY_TYPE = ctypes.CFUNCTYPE(ctypes.c_int32, ctypes.c_void_p, ctypes.c_uint32, ctypes.c_uint32)


class DispatchState(ctypes.Structure):
    """castiron_dispatch_state_v0."""
    _fields_ = [("bindings", ctypes.POINTER(ctypes.c_void_p)),
                ("push_constants", ctypes.POINTER(ctypes.c_int64)),
                ("workgroup_count", ctypes.c_uint32 * 3)]


def select_executable(manifest: dict, source: str) -> dict:
    """The most specific executable (most required features) whose triple is this process's
    and whose features this CPU has."""
    triple = cpu.host_triple()
    reasons = []
    for exe in sorted(manifest["executables"], key=lambda e: -len(e["features"])):
        if exe["triple"] != triple:
            reasons.append(f"{exe['triple']}:{exe['cpu']} (other architecture)")
            continue
        missing = cpu.missing_features(exe["features"])
        if missing:
            reasons.append(f"{exe['triple']}:{exe['cpu']} (this CPU lacks {', '.join(missing[:6])})")
            continue
        return exe
    raise ModuleFormatError(f"'{source}' has no library this CPU ({triple}) can run: "
                            + ("; ".join(reasons) or "it holds no libraries"))


class SystemLibrary:
    """A dispatch library loaded with the system's dynamic loader."""

    def __init__(self, data: bytes, name: str):
        self._name = name
        self._path, self._fd = _anonymous_file(data, name)
        try:
            self._lib = ctypes.CDLL(self._path)
        except OSError as exc:
            raise ModuleFormatError(f"library {name} does not load: {exc}") from None
        try:
            version = ctypes.c_int32.in_dll(self._lib, "castiron_abi_version").value
        except ValueError:
            raise ModuleFormatError(f"library {name} does not export castiron_abi_version") from None
        if version != ABI_VERSION:
            raise ModuleFormatError(f"library {name} has dispatch ABI version {version}; "
                                    f"this runtime calls version {ABI_VERSION}")

    def info(self) -> dict:
        """The library's own description of its entries (`castiron_library_info`, JSON)."""
        return read_library_info(self._lib, self._name)

    def entry(self, name: str):
        try:
            return ENTRY_TYPE((name, self._lib))
        except AttributeError:
            raise ModuleFormatError(f"library does not export dispatch entry '{name}'") from None

    def function(self, name: str, prototype):
        """An exported function as `prototype` (a ctypes CFUNCTYPE), or None if not exported."""
        try:
            return prototype((name, self._lib))
        except AttributeError:
            return None

    def close(self) -> None:
        """Unloads the library (dlclose) and frees its memory file; entries must not be called after."""
        if self._lib is not None:
            import _ctypes

            _ctypes.dlclose(self._lib._handle)
            self._lib = None
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def read_library_info(lib, name: str) -> dict:
    import json

    try:
        address = ctypes.addressof(ctypes.c_char.in_dll(lib, "castiron_library_info"))
    except ValueError:
        raise ModuleFormatError(f"library {name} does not export castiron_library_info") from None
    try:
        return json.loads(ctypes.string_at(address, _bounded_strlen(address, 1 << 20)).decode())
    except (ValueError, UnicodeDecodeError):
        raise ModuleFormatError(f"library {name} has a corrupt castiron_library_info") from None


def _bounded_strlen(address: int, limit: int) -> int:
    """Length of the NUL-terminated string at address, reading at most `limit` bytes."""
    n, step = 0, 4096
    while n < limit:
        block = ctypes.string_at(address + n, min(step, limit - n))
        end = block.find(b"\0")
        if end >= 0:
            return n + end
        n += len(block)
    raise ModuleFormatError("castiron_library_info is not terminated")


def check_against_library(manifest: dict, executable: dict, info: dict, source: str) -> None:
    """The manifest must describe the code it ships: same grids, same binding sizes, so no
    dispatch can run past its buffers because of an edited or corrupt manifest."""
    for entry, meta in executable["entries"].items():
        actual = info.get(entry)
        if actual is None or actual["workgroup_count"] != meta["workgroup_count"]:
            raise ModuleFormatError(f"'{source}': entry {entry} does not match its library "
                                    "(workgroup grid differs from the code's)")
    for fname, plan in manifest["functions"].items():
        for d in plan["dispatches"]:
            sizes = info.get(d["entry"], {}).get("binding_bytes")
            have = [plan["buffers"][b]["nbytes"] for b in d["bindings"]]
            if sizes != have:
                raise ModuleFormatError(f"'{source}': function {fname} binds buffers of {have} bytes to "
                                        f"{d['entry']}, whose code expects {sizes}")


def _anonymous_file(data: bytes, name: str) -> tuple[str, int | None]:
    if hasattr(os, "memfd_create"):
        fd = os.memfd_create(f"castiron-{os.path.basename(name)}", 0)
        os.write(fd, data)
        return f"/proc/self/fd/{fd}", fd
    handle = tempfile.NamedTemporaryFile(suffix=".so", delete=False)  # no memfd: a temp file
    handle.write(data)
    handle.close()
    return handle.name, None
