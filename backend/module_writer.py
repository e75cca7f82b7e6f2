"""Writes the castiron module file: a zip of manifest.json, executables/*.so and constants.bin.

Entries are stored uncompressed and constants.bin starts on a 4 KiB page of the archive, so the
runtime can memory-map constants straight out of the file, always at the same page offset (which
weights share a cache set with which activations is then a property of the model, not of the
size of the libraries in front of them).
"""
from __future__ import annotations

import hashlib
import io
import json
import zipfile

FORMAT = "castiron-module"
FORMAT_VERSION = 1


def _aligned_writestr(zf: zipfile.ZipFile, name: str, data: bytes, align: int = 64) -> None:
    """Stores `data` so its first byte sits at a multiple of `align` in the archive."""
    info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_STORED
    header_size = 30 + len(name.encode())
    pad = (-(zf.fp.tell() + header_size + 4)) % align
    info.extra = b"\xca\xfe" + pad.to_bytes(2, "little") + b"\0" * pad
    zf.writestr(info, data)


def write_module(manifest: dict, libraries: dict[str, bytes], constants: bytes) -> bytes:
    """Serializes a module; `libraries` maps archive paths to library bytes (sha256s added here)."""
    manifest = dict(manifest)
    manifest["format"] = FORMAT
    manifest["version"] = FORMAT_VERSION
    for exe in manifest["executables"]:
        exe["sha256"] = hashlib.sha256(libraries[exe["path"]]).hexdigest()
        exe["size"] = len(libraries[exe["path"]])
    manifest["constants"] = {"path": "constants.bin", "size": len(constants),
                             "sha256": hashlib.sha256(constants).hexdigest()}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zf:
        _aligned_writestr(zf, "manifest.json", json.dumps(manifest, indent=1).encode())
        for path, data in libraries.items():
            _aligned_writestr(zf, path, data)
        _aligned_writestr(zf, "constants.bin", constants, align=4096)
    return out.getvalue()
