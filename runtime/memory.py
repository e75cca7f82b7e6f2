"""The transient-buffer plan: one arena per call, offsets assigned by liveness at load time.

A transient is live from the dispatch that writes it to the last dispatch that reads it; two
transients whose live ranges do not overlap may share bytes (greedy first-fit, 64-byte aligned).
"""
from __future__ import annotations

import ctypes
import mmap

import numpy as np

ALIGN = 64
PAGE = 4096
HUGE_PAGE = 2 << 20


def _align(n: int) -> int:
    return (n + ALIGN - 1) // ALIGN * ALIGN


def plan_arena(buffers: list[dict], order: list[dict]) -> tuple[dict, int]:
    """Returns ({buffer id: offset}, arena size) for the transient buffers of `order`'s dispatches."""
    first, last = {}, {}
    for step, dispatch in enumerate(order):
        for b in dispatch["bindings"]:
            while buffers[b]["kind"] == "alias":  # a view keeps the bytes it views alive
                b = buffers[b]["alias_of"]
            if buffers[b]["kind"] == "transient":
                first.setdefault(b, step)
                last[b] = step
    placed: list[tuple[int, int, int, int]] = []  # (offset, size, first, last)
    offsets = {}
    for b in sorted(first, key=lambda b: -buffers[b]["nbytes"]):
        size = _align(max(1, buffers[b]["nbytes"]))
        busy = sorted((o, s) for o, s, f, l in placed if not (l < first[b] or last[b] < f))
        offset = 0
        for o, s in busy:
            if offset + size <= o:
                break
            offset = max(offset, o + s)
        placed.append((offset, size, first[b], last[b]))
        offsets[b] = offset
    arena = max((o + s for o, s, _, _ in placed), default=0)
    return offsets, arena


def aligned_empty(shape, dtype) -> "np.ndarray":
    """An uninitialized array whose data starts on an ALIGN-byte boundary.

    numpy places large arrays 16 bytes past a page boundary (its mmap header); there, every
    512-bit load of a row is split across two cache lines, and a dispatch ran 2x slower (matmul
    512, one thread: 44.1 GFLOP/s at offset 16, 82.9 at offset 0 or 64)."""
    dtype = np.dtype(dtype)
    count = 1
    for d in shape:
        count *= int(d)
    raw = np.empty(count * dtype.itemsize + ALIGN, dtype=np.uint8)
    start = (-raw.ctypes.data) % ALIGN
    return raw[start:start + count * dtype.itemsize].view(dtype).reshape(shape)


def page_buffer(nbytes: int) -> memoryview:
    """Fresh zeroed memory for weights and arenas: page-aligned, and on 2 MiB transparent huge
    pages where Linux offers them (THP "madvise" mode, as here) and the buffer spans one.

    Why: a model's weights are read once per call, each matmul's B in column strips that walk
    every 4 KiB page of it per workgroup, and with 14 MB of MobileNetV2 weights plus its
    activations the TLB cannot hold them (its FC layer: 0.239 ms on 4 KiB pages, 0.186 on 2 MiB).
    MobileNetV2 one thread 7.57-7.63 -> 7.44-7.45 ms, two threads 4.06 -> 3.93, A/B in one process.
    Where huge pages are unavailable the advice is ignored and the buffer is plain pages."""
    if nbytes <= 0:
        return memoryview(bytearray(0))
    advice = getattr(mmap, "MADV_HUGEPAGE", None)
    slack = HUGE_PAGE if advice is not None and nbytes >= HUGE_PAGE else 0
    flags = getattr(mmap, "MAP_PRIVATE", 0) | getattr(mmap, "MAP_ANONYMOUS", 0)
    # (private: Python's default anonymous mapping is shared memory, which THP leaves alone)
    pages = mmap.mmap(-1, nbytes + slack, flags=flags) if flags else mmap.mmap(-1, nbytes + slack)
    start = 0
    if slack:
        address = ctypes.addressof(ctypes.c_char.from_buffer(pages))
        start = (-address) % HUGE_PAGE
        try:
            pages.madvise(advice, 0, len(pages))
        except OSError:  # (a kernel without THP: plain pages)
            pass
    return memoryview(pages)[start:start + nbytes]


SMALL_OUTPUT = 64 << 10  # outputs up to this size come from ctypes buffers (new_output)
_BUFFER_TYPES: dict = {}


def new_output(shape: tuple, dtype, nbytes: int) -> tuple:
    """(array, its data address) for a call's output, 64-byte aligned.

    A call starts with the caches full of the model's weights, where every numpy operation
    costs 5-25 us: aligned_empty's slicing, view and `.ctypes.data` took 63 us for a 4 KB
    output. A small output is a ctypes buffer (whose address ctypes knows) wrapped by one
    ndarray constructor instead."""
    if nbytes > SMALL_OUTPUT:
        array = aligned_empty(shape, dtype)
        return array, array.ctypes.data
    kind = _BUFFER_TYPES.get(nbytes)
    if kind is None:
        kind = _BUFFER_TYPES[nbytes] = ctypes.c_char * (nbytes + ALIGN)
    raw = kind()
    address = ctypes.addressof(raw)
    offset = (-address) % ALIGN
    return np.ndarray(shape, dtype, buffer=raw, offset=offset), address + offset


def data_address(array) -> int:
    """The address of an input array's data (from_buffer: half the cost of `.ctypes.data`
    with cold caches; read-only arrays take the latter)."""
    try:
        return ctypes.addressof(ctypes.c_char.from_buffer(array))
    except (TypeError, ValueError):  # read-only, or empty
        return array.ctypes.data
