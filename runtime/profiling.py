"""Runtime profiling: per-dispatch timings and Chrome trace-event files.

A Profiler attached to a loaded module's function (`function.profiler = Profiler()`) records
one span per dispatch, and `dispatch_statistics` aggregates time per dispatch. Two ways:

- `Profiler()` times the path calls really take: the library's native plan runner stamps each
  dispatch's end with the CPU's counter, so the figures at N threads are the real ones.
- `Profiler(chunks=True)` runs each dispatch through the Python pool instead and also records
  one span per chunk of workgroups on whichever thread ran it, so `write_chrome_trace` shows a
  track per worker (load imbalance and idle cores are visible in Perfetto / chrome://tracing).
  Each dispatch then pays the pool's Python handoff (~10-20 us), which the native path does not.

Libraries without the runner's counter (older modules, targets without one) take the second way.
"""
from __future__ import annotations

from dataclasses import dataclass
import json
import os
import statistics
import threading
import time


@dataclass
class Span:
    name: str
    category: str      # call | dispatch | chunk
    thread: str
    start_ns: int
    end_ns: int
    args: dict


class Profiler:
    def __init__(self, chunks: bool = False):
        self.chunks = chunks
        self.spans: list[Span] = []
        self._origin = time.perf_counter_ns()

    def record(self, name: str, category: str, start_ns: int, end_ns: int, **args) -> None:
        # list.append is atomic under the GIL: workers record without a lock.
        self.spans.append(Span(name, category, threading.current_thread().name, start_ns, end_ns, args))

    def clear(self) -> None:
        self.spans.clear()

    def write_chrome_trace(self, path: str) -> None:
        """Trace-event JSON: one track (tid) per thread, complete ('X') events in microseconds."""
        threads = sorted({s.thread for s in self.spans}, key=lambda t: (not t.startswith("Main"), t))
        tids = {name: i for i, name in enumerate(threads)}
        events = [{"ph": "M", "name": "thread_name", "pid": os.getpid(), "tid": tid, "args": {"name": name}}
                  for name, tid in tids.items()]
        for s in self.spans:
            events.append({"name": s.name, "cat": s.category, "ph": "X", "pid": os.getpid(), "tid": tids[s.thread],
                           "ts": (s.start_ns - self._origin) / 1e3, "dur": (s.end_ns - s.start_ns) / 1e3,
                           "args": s.args})
        with open(path, "w") as f:
            json.dump({"traceEvents": events, "displayTimeUnit": "ms"}, f)

    def dispatch_statistics(self) -> list[dict]:
        """Per dispatch: calls, median/total seconds (from the calling thread's dispatch spans)."""
        by_name: dict[str, list[float]] = {}
        for s in self.spans:
            if s.category == "dispatch":
                by_name.setdefault(s.name, []).append((s.end_ns - s.start_ns) / 1e9)
        rows = [{"name": n, "calls": len(ts), "median_s": statistics.median(ts), "total_s": sum(ts)}
                for n, ts in by_name.items()]
        return sorted(rows, key=lambda r: -r["total_s"])
