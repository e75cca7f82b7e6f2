"""The measuring child process: `python -m castiron.tuning.measure_worker THREADS`.

Reads requests (length-prefixed pickles) on stdin, loads each candidate library, runs its
dispatch over the whole grid on the same seeded random inputs, and answers with its times and
outputs. A candidate that crashes takes only this process down; the parent (measure.py) sees
the pipe close, records `crashed`, and starts a fresh one. Imports only castiron.runtime.
"""
from __future__ import annotations

import ctypes
import os
import pickle
import signal
import struct
import sys
import time

import numpy as np

from castiron.runtime.loader import DispatchState, SystemLibrary
from castiron.runtime.pool import WorkerPool

_DTYPES = {"f16": np.float16, "f32": np.float32, "f64": np.float64, "i8": np.int8, "i16": np.int16,
           "i32": np.int32, "i64": np.int64}


# Every binding starts at the same offset from a page boundary, as numpy places large arrays
# (each its own mmap): the common case, and the worst for power-of-two strides. Fixed, so every
# candidate sees the same placement: with malloc's placement, times of one library varied up
# to 1.9x between runs, enough for a search to chase lucky addresses instead of better code.
_PAGE, _OFFSET = 4096, int(os.environ.get("CASTIRON_TUNE_PAGE_OFFSET", "0"))
_STAGGER = int(os.environ.get("CASTIRON_TUNE_STAGGER", "0"))  # binding i moves i * this more


def binding_arrays(binding_types: list, num_outputs: int, seed: int) -> list:
    """Inputs drawn from `seed` (floats in [-1, 1), integers 0 or 1: valid as indices), outputs
    zeroed, each at a fixed offset from a page boundary (see _OFFSET)."""
    rng = np.random.default_rng(seed)
    arrays = []
    for i, text in enumerate(binding_types):
        dims = text[text.index("<") + 1:text.rindex(">")].split("x")
        shape, dtype = [int(d) for d in dims[:-1]], np.dtype(_DTYPES[dims[-1]])
        if i >= len(binding_types) - num_outputs:
            value = np.zeros(shape, dtype)
        elif dtype.kind == "f":
            value = rng.uniform(-1, 1, shape).astype(dtype)
        else:
            value = rng.integers(0, 2, shape).astype(dtype)
        arrays.append(_placed(value, (_OFFSET + i * _STAGGER) % _PAGE))
    return arrays


def _placed(value: np.ndarray, offset: int) -> np.ndarray:
    raw = np.empty(value.nbytes + 2 * _PAGE, dtype=np.uint8)
    start = (-raw.ctypes.data) % _PAGE + offset
    out = raw[start:start + value.nbytes].view(value.dtype).reshape(value.shape)
    out[...] = value
    return out


def run(request: dict, pools: dict) -> dict:
    library = SystemLibrary(request["library"], request["entry"])
    try:
        entry = library.entry(request["entry"])
        arrays = binding_arrays(request["binding_types"], request["num_outputs"], request["seed"])
        pointers = (ctypes.c_void_p * max(1, len(arrays)))(*[a.ctypes.data for a in arrays])
        grid = request["grid"]
        state = DispatchState(pointers, None, (ctypes.c_uint32 * 3)(*grid))
        threads = request["threads"] or os.cpu_count() or 1
        pool = pools.get(threads) or pools.setdefault(threads, WorkerPool(threads))
        total = int(np.prod(grid))
        iterations = request.get("iterations", 1 << 62)
        status = pool.run(entry, ctypes.addressof(state), total, iterations)  # warm-up, and the result
        if status:
            return {"status": "crashed", "error": f"dispatch returned status {status}"}
        outputs = [a.copy() for a in arrays[len(arrays) - request["num_outputs"]:]]
        times = []
        deadline = time.perf_counter() + request["min_time"]
        while len(times) < request["repetitions"] or (time.perf_counter() < deadline and len(times) < 1000):
            start = time.perf_counter()
            pool.run(entry, ctypes.addressof(state), total, iterations)
            times.append(time.perf_counter() - start)
        return {"status": "ok", "times": times, "outputs": outputs}
    finally:
        library.close()


def main() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the tuner stops us; a terminal's Ctrl-C is its to handle
    reader, writer = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr
    pools: dict = {}
    while True:
        header = reader.read(8)
        if len(header) < 8:
            return
        request = pickle.loads(reader.read(struct.unpack("<Q", header)[0]))
        try:
            reply = run(request, pools)
        except Exception as exc:  # a library the loader refuses, a bad request: the candidate failed
            reply = {"status": "crashed", "error": f"{type(exc).__name__}: {exc}"}
        data = pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL)
        writer.write(struct.pack("<Q", len(data)) + data)
        writer.flush()


if __name__ == "__main__":
    main()
