"""Runs a whole function's dispatches in one foreign call, with helpers waiting in native code.

Every library castiron builds exports `castiron_run_plan` and `castiron_worker_loop`
(backend/runner_ir.py describes the protocol). The calling thread hands the runner an array of
jobs (entry, dispatch state, workgroups, slots) and the runner executes them in order; helper
threads sit in `castiron_worker_loop` and join each job as it is published. A handoff costs
an atomic store and a compare-and-swap instead of a Python lock and the GIL (~20 us), and the
caller makes one foreign call per function call instead of one per dispatch.

Helpers spin while idle and leave native code after SPIN_TURNS idle turns (a few ms) to park
on a lock; the next call wakes them, and until they are back the caller steals their ranges
itself, so nothing waits on a parked helper. Libraries without the runner (older modules) run
on runtime.pool's Python workers.
"""
from __future__ import annotations

import _thread
import atexit
import ctypes
import threading
import time
import weakref

RUN_PLAN = ctypes.CFUNCTYPE(ctypes.c_int32, ctypes.c_void_p, ctypes.c_void_p)
WORKER_LOOP = ctypes.CFUNCTYPE(ctypes.c_int32, ctypes.c_void_p, ctypes.c_uint64)
TICKS = ctypes.CFUNCTYPE(ctypes.c_uint64)
CALIBRATION_NS = 5_000_000  # how long the tick counter is compared with perf_counter, once

SPIN_TURNS = 200_000  # idle turns (a pause each: ~50 ns on x86) before a helper parks
MAX_SLOTS = 64  # backend/runner_ir.MAX_SLOTS
CTRL_BYTES = 384 + 64 * MAX_SLOTS  # backend/runner_ir.CTRL_BYTES: the job's word, status, its ranges
_STOP, _FAILED = 64, 196
# Below this many loop iterations a dispatch runs inline on the caller: a native handoff costs
# ~1 us, so a dispatch must do some tens of microseconds of work to gain from a helper.
MIN_SPLIT_ITERATIONS = 100_000
# Larger dispatches get one contiguous range of workgroups per thread (backend/runner_ir.py:
# taken a grain at a time, the back half of a range stolen by a thread that ran out). Fixed
# chunks interleaved between threads cost more than they balanced: each claim moves a cache
# line between cores, and a thread reads the rows its neighbour wrote in the previous dispatch
# (with one range each, the caller keeps the top of the image from layer to layer).


_LIVE: "weakref.WeakSet[NativeRunner]" = weakref.WeakSet()


@atexit.register
def _stop_all() -> None:
    """Helpers must be out of native code before the interpreter frees their control block."""
    for runner in list(_LIVE):
        runner.close()


class Job(ctypes.Structure):
    _fields_ = [("entry", ctypes.c_void_p), ("state", ctypes.c_void_p), ("total", ctypes.c_uint32),
                ("slots", ctypes.c_uint32), ("completed", ctypes.c_uint64)]


class Run(ctypes.Structure):
    _fields_ = [("jobs", ctypes.c_void_p), ("base", ctypes.c_uint64), ("count", ctypes.c_uint64),
                ("times", ctypes.c_void_p)]  # (uint64 *: stamped by the runner when set)


def _ctrl_block():
    """A zeroed, 64-byte aligned control block (its counters sit on their own cache lines)."""
    raw = ctypes.create_string_buffer(CTRL_BYTES + 64)
    address = ctypes.addressof(raw)
    return raw, address + (-address) % 64


class NativeRunner:
    """The library's plan runner and `workers - 1` helper threads."""

    def __init__(self, library, workers: int):
        self.run_plan = library.function("castiron_run_plan", RUN_PLAN)
        self.worker_loop = library.function("castiron_worker_loop", WORKER_LOOP)
        self._ticks = library.function("castiron_ticks", TICKS)  # (older libraries lack it)
        self._ns_per_tick = None
        self.size = max(1, workers)
        self._raw, self.ctrl = _ctrl_block()
        self._busy = _thread.allocate_lock()
        self._local = threading.local()
        self._stopping = False
        self._parked = [False] * (self.size - 1)
        self._wake = [_thread.allocate_lock() for _ in range(self.size - 1)]
        for lock in self._wake:
            lock.acquire()
        self._threads = [threading.Thread(target=self._helper, args=(i,), name=f"castiron-helper-{i}", daemon=True)
                         for i in range(self.size - 1)]
        for t in self._threads:
            t.start()
        _LIVE.add(self)

    @staticmethod
    def available(library) -> bool:
        return library.function("castiron_run_plan", RUN_PLAN) is not None and \
            library.function("castiron_worker_loop", WORKER_LOOP) is not None

    @property
    def timed(self) -> bool:
        """Whether the runner stamps each job's end (its library has a counter for this CPU)."""
        return self.ns_per_tick() > 0

    def ns_per_tick(self) -> float:
        """The counter's period, measured once against perf_counter (0: no counter)."""
        if self._ns_per_tick is None:
            self._ns_per_tick = 0.0
            if self._ticks is not None and self._ticks() != 0:
                start_ns, start = time.perf_counter_ns(), self._ticks()
                while time.perf_counter_ns() - start_ns < CALIBRATION_NS:
                    pass
                end_ns, end = time.perf_counter_ns(), self._ticks()
                if end > start:
                    self._ns_per_tick = (end_ns - start_ns) / (end - start)
        return self._ns_per_tick

    def slots(self, workgroups: int, iterations: int) -> int:
        """How many ranges a dispatch's workgroups are split into (1: inline on the caller)."""
        if self.size <= 1 or workgroups <= 1 or iterations < MIN_SPLIT_ITERATIONS:
            return 1
        return min(workgroups, self.size, MAX_SLOTS)

    def _helper(self, index: int) -> None:
        while not self._stopping:
            if self.worker_loop(self.ctrl, SPIN_TURNS) == 0:
                return
            self._parked[index] = True  # (under the GIL, before blocking: see run)
            self._wake[index].acquire()

    def run(self, run_address: int) -> int:
        """Runs a plan (a Run's address); returns its status (0: all dispatches succeeded;
        else failed_job() says which failed)."""
        if not self._busy.acquire(False):  # another Python thread is running: go alone, on a
            raw_ctrl = getattr(self._local, "ctrl", None)  # control block no helper watches
            if raw_ctrl is None:
                raw_ctrl = self._local.ctrl = _ctrl_block()
            self._local.last_ctrl = raw_ctrl[1]
            return self.run_plan(raw_ctrl[1], run_address)
        try:
            self._local.last_ctrl = self.ctrl
            for i, parked in enumerate(self._parked):
                if parked:
                    self._parked[i] = False
                    self._wake[i].release()
            return self.run_plan(self.ctrl, run_address)
        finally:
            self._busy.release()

    def failed_job(self) -> int:
        """Index of the job that failed in this thread's last run."""
        return ctypes.c_uint32.from_address(self._local.last_ctrl + _FAILED).value

    def close(self) -> None:
        with self._busy:
            self._stopping = True
            ctypes.c_uint64.from_address(self.ctrl + _STOP).value = 1
            for t in self._threads:
                while t.is_alive():  # a helper may park just after this looked: look again
                    for i, parked in enumerate(self._parked):
                        if parked:
                            self._parked[i] = False
                            self._wake[i].release()
                    t.join(0.005)
            self._threads.clear()
