"""A persistent pool of worker threads that runs chunks of a dispatch's workgroups.

ctypes releases the GIL during each native call, so workers run truly in parallel. The caller
runs one chunk itself and waits for the rest; small grids never leave the calling thread
(handing a chunk to a thread costs ~20 us, NOTES.md).
"""
from __future__ import annotations

import os
import queue
import threading


def default_worker_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


class _Job:
    __slots__ = ("entry", "state", "remaining", "done", "status", "lock")

    def __init__(self, entry, state, count):
        self.entry, self.state = entry, state
        self.remaining = count
        self.status = 0
        self.done = threading.Event()
        self.lock = threading.Lock()

    def finish(self, status: int) -> None:
        with self.lock:
            if status:
                self.status = status
            self.remaining -= 1
            if self.remaining == 0:
                self.done.set()


class WorkerPool:
    def __init__(self, workers: int):
        self.size = max(1, workers)
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._threads = []
        for i in range(self.size - 1):  # the calling thread is the last worker
            t = threading.Thread(target=self._work, name=f"castiron-worker-{i}", daemon=True)
            t.start()
            self._threads.append(t)

    def _work(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            job, begin, end = item
            try:
                status = job.entry(job.state, begin, end)
            except BaseException:  # noqa: BLE001 - a failed chunk must still release the caller
                status = -1
            job.finish(status)

    def run(self, entry, state, total: int) -> int:
        """Runs workgroups [0, total) of one dispatch; returns the first non-zero status or 0."""
        chunks = min(self.size, total)
        if chunks <= 1:
            return entry(state, 0, total)
        bounds = [total * i // chunks for i in range(chunks + 1)]
        job = _Job(entry, state, chunks - 1)
        for i in range(1, chunks):
            self._queue.put((job, bounds[i], bounds[i + 1]))
        status = entry(state, bounds[0], bounds[1])
        job.done.wait()
        return status or job.status

    def close(self) -> None:
        for _ in self._threads:
            self._queue.put(None)
        self._threads.clear()
