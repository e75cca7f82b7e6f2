"""A persistent pool of worker threads that runs chunks of a dispatch's workgroups.

ctypes releases the GIL during each native call, so workers run truly in parallel. Each worker
is driven by two raw locks used as binary semaphores (`go`, `done`): the cheapest cross-thread
handoff Python has (~18 us measured on 2 cores; Events/futures cost more). The caller runs the first
chunk itself. Small dispatches never leave the calling thread, and a caller that finds the pool
busy (another Python thread is using it) runs its dispatch inline rather than wait.
"""
from __future__ import annotations

import _thread
import os
import threading
import time

# Below this many loop iterations a dispatch runs inline: a handoff costs tens of microseconds.
MIN_PARALLEL_ITERATIONS = 1_000_000


def default_worker_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def _call(entry, state, begin: int, end: int, trace) -> int:
    if trace is None:
        return entry(state, begin, end)
    profiler, name = trace
    start = time.perf_counter_ns()
    status = entry(state, begin, end)
    profiler.record(name, "chunk", start, time.perf_counter_ns(), workgroups=f"[{begin}, {end})")
    return status


class _Worker:
    def __init__(self, index: int):
        self.go = _thread.allocate_lock()
        self.done = _thread.allocate_lock()
        self.go.acquire()
        self.done.acquire()
        self.task = None
        self.status = 0
        self.thread = threading.Thread(target=self._loop, name=f"castiron-worker-{index}", daemon=True)
        self.thread.start()

    def _loop(self) -> None:
        while True:
            self.go.acquire()
            task = self.task
            if task is None:
                self.done.release()
                return
            entry, state, begin, end, trace = task
            try:
                self.status = _call(entry, state, begin, end, trace)
            except BaseException:  # noqa: BLE001 - a failed chunk must still release the caller
                self.status = -1
            self.done.release()


class WorkerPool:
    def __init__(self, workers: int):
        self.size = max(1, workers)
        self._workers = [_Worker(i) for i in range(self.size - 1)]  # the caller is the last one
        self._busy = _thread.allocate_lock()

    def run(self, entry, state, total: int, iterations: int = 1 << 62, trace=None) -> int:
        """Runs workgroups [0, total) of one dispatch; returns the first non-zero status or 0.

        `trace` = (profiler, dispatch name) records a span per chunk on the thread that ran it.
        """
        chunks = min(self.size, total, max(1, iterations // MIN_PARALLEL_ITERATIONS))
        if chunks <= 1 or not self._busy.acquire(False):
            return _call(entry, state, 0, total, trace)
        try:
            bounds = [total * i // chunks for i in range(chunks + 1)]
            helpers = self._workers[:chunks - 1]
            for i, worker in enumerate(helpers, start=1):
                worker.task = (entry, state, bounds[i], bounds[i + 1], trace)
                worker.go.release()
            status = _call(entry, state, bounds[0], bounds[1], trace)
            for worker in helpers:
                worker.done.acquire()
                status = status or worker.status
            return status
        finally:
            self._busy.release()

    def close(self) -> None:
        with self._busy:
            for worker in self._workers:
                worker.task = None
                worker.go.release()
                worker.done.acquire()
            self._workers.clear()
