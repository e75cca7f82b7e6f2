"""Reads and validates a castiron module file before anything native runs.

Checks the zip structure, the manifest's format and version, every referenced entry's presence,
size and sha256, and the shape of the function plans (buffer ids, sizes, constant ranges).
"""
from __future__ import annotations

from dataclasses import dataclass
import hashlib
import io
import json
import mmap
import os
import zipfile

import numpy as np

from .errors import ModuleFormatError
from .memory import page_buffer

FORMAT = "castiron-module"
FORMAT_VERSION = 1
DTYPES = {"f16": np.float16, "f32": np.float32, "f64": np.float64, "i1": np.bool_, "i8": np.int8,
          "i16": np.int16, "i32": np.int32, "i64": np.int64}


@dataclass
class ModuleFile:
    manifest: dict
    libraries: dict     # archive path -> bytes
    constants: memoryview  # read-only view of constants.bin (memory-mapped when from a file)
    source: str


def read_module(path_or_bytes) -> ModuleFile:
    if isinstance(path_or_bytes, (bytes, bytearray, memoryview)):
        source = "<bytes>"
        buffer = memoryview(path_or_bytes).cast("B")
    else:
        source = os.fspath(path_or_bytes)
        try:
            with open(source, "rb") as f:
                buffer = memoryview(mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)) \
                    if os.fstat(f.fileno()).st_size else memoryview(b"")
        except FileNotFoundError:
            raise ModuleFormatError(f"module file '{source}' does not exist") from None
        except IsADirectoryError:
            raise ModuleFormatError(f"module file '{source}' is a directory") from None
        except OSError as exc:
            raise ModuleFormatError(f"cannot read module file '{source}': {exc.strerror}") from None
    try:
        # zipfile reads the directory and the small entries; constants stay a view of `buffer`.
        archive = zipfile.ZipFile(io.BytesIO(buffer))
        manifest = json.loads(archive.read("manifest.json"))
    except Exception as exc:  # noqa: BLE001 - zip parsing of untrusted bytes: any failure means corrupt
        raise ModuleFormatError(f"'{source}' is not a castiron module (truncated or corrupt: "
                                f"{str(exc).splitlines()[0] if str(exc) else type(exc).__name__})") from None
    _check_manifest(manifest, source)
    try:
        libraries = {}
        for exe in manifest["executables"]:
            data_ = _read_entry(archive, exe["path"], source)
            if len(data_) != exe["size"] or hashlib.sha256(data_).hexdigest() != exe["sha256"]:
                raise ModuleFormatError(f"'{source}': library {exe['path']} does not match its checksum "
                                        "in the manifest (corrupt module)")
            libraries[exe["path"]] = data_
        constants = _constants_view(archive, buffer, manifest["constants"], source)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        raise ModuleFormatError(f"'{source}': malformed manifest ({type(exc).__name__}: {exc})") from None
    _check_functions(manifest, len(constants), source)
    return ModuleFile(manifest, libraries, constants, source)


def _read_entry(archive, name, source) -> bytes:
    try:
        return archive.read(name)
    except Exception as exc:  # noqa: BLE001 - see read_module
        raise ModuleFormatError(f"'{source}': entry {name} is missing or unreadable ({exc})") from None


def _constants_view(archive, buffer, info, source) -> memoryview:
    """constants.bin (stored uncompressed) copied out of the file onto fresh pages, huge pages
    where the OS offers them (memory.page_buffer: the copy is what makes weights cheap to reach).
    The weights also start on a page, so their page offsets repeat from build to build: with
    them at whatever offset an allocator gave, MobileNetV2 one thread took 7.8 or 8.3 ms
    (the same library, its constants copied to page offsets 0..3584)."""
    try:
        zinfo = archive.getinfo(info["path"])
    except (KeyError, TypeError):
        raise ModuleFormatError(f"'{source}': constants entry is missing") from None
    if zinfo.compress_type != zipfile.ZIP_STORED or zinfo.file_size != info["size"]:
        raise ModuleFormatError(f"'{source}': constants entry is compressed or of the wrong size")
    header = bytes(buffer[zinfo.header_offset:zinfo.header_offset + 30])
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        raise ModuleFormatError(f"'{source}': constants entry header is corrupt")
    start = zinfo.header_offset + 30 + int.from_bytes(header[26:28], "little") + int.from_bytes(header[28:30], "little")
    stored = buffer[start:start + zinfo.file_size]
    if len(stored) != info["size"]:
        raise ModuleFormatError(f"'{source}': constants do not match their checksum (corrupt module)")
    view = page_buffer(len(stored))
    view[:] = stored
    if hashlib.sha256(view).hexdigest() != info["sha256"]:
        raise ModuleFormatError(f"'{source}': constants do not match their checksum (corrupt module)")
    return view.toreadonly()


def _check_manifest(manifest, source) -> None:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ModuleFormatError(f"'{source}' is not a castiron module (manifest format missing)")
    if manifest.get("version") != FORMAT_VERSION:
        raise ModuleFormatError(f"'{source}' has module format version {manifest.get('version')!r}; "
                                f"this runtime reads version {FORMAT_VERSION} (recompile the module)")
    for key in ("functions", "executables", "constants"):
        if key not in manifest:
            raise ModuleFormatError(f"'{source}': manifest lacks '{key}'")


def _check_functions(manifest, constants_size, source) -> None:
    try:
        for name, fn in manifest["functions"].items():
            buffers = fn["buffers"]
            for i, buf in enumerate(buffers):
                if buf["id"] != i or buf["dtype"] not in DTYPES or any(int(d) < 0 for d in buf["shape"]):
                    raise ModuleFormatError(f"'{source}': function {name} has a malformed buffer {i}")
                expected = int(np.prod(buf["shape"], dtype=np.int64)) * np.dtype(DTYPES[buf["dtype"]]).itemsize
                if buf["nbytes"] != expected:
                    raise ModuleFormatError(f"'{source}': function {name} buffer {i} has the wrong size")
                if buf["kind"] == "alias" and not (0 <= buf.get("alias_of", -1) < i and
                                                   buffers[buf["alias_of"]]["nbytes"] == expected):
                    raise ModuleFormatError(f"'{source}': function {name} alias buffer {i} is malformed")
                if buf["kind"] not in ("input", "constant", "transient", "output", "alias"):
                    raise ModuleFormatError(f"'{source}': function {name} buffer {i} has unknown kind")
                if buf["kind"] == "constant" and not (0 <= buf["offset"] and buf["offset"] + expected <= constants_size):
                    raise ModuleFormatError(f"'{source}': function {name} constant {i} lies outside constants.bin")
            for d in fn["dispatches"]:
                if any(not 0 <= b < len(buffers) for b in d["bindings"]):
                    raise ModuleFormatError(f"'{source}': function {name} dispatch {d['entry']} binds a missing buffer")
            if any(not 0 <= b < len(buffers) for b in fn["results"] + fn["inputs"]):
                raise ModuleFormatError(f"'{source}': function {name} has a bad result or input id")
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ModuleFormatError(f"'{source}': malformed manifest ({type(exc).__name__}: {exc})") from None
