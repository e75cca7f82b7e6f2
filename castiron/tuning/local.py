"""Running a search on this machine: compiles in a pool of worker processes (one per core),
then measurements one at a time in a child process. Compiles and measurements alternate per
batch, so no compile runs while a candidate is being timed."""
from __future__ import annotations

import concurrent.futures
import multiprocessing
import os

from .candidate import Candidate, compile_candidate, worker_init
from .measure import Measurer


class LocalBackend:
    def __init__(self, jobs: int = 0, timeout: float = 30.0):
        self.jobs = jobs or os.cpu_count() or 1
        self.measurer = Measurer(timeout)
        self._pool = None

    @property
    def parallelism(self) -> int:
        return self.jobs

    def describe(self) -> str:
        return f"local: {self.jobs} compile process(es), measurements one at a time"

    def check_target(self, target) -> None:
        """Measuring here needs a target this CPU runs: its triple, and every feature it requires."""
        from castiron.backend.target import host_target
        from castiron.errors import UsageError
        from castiron.runtime import cpu

        host = host_target()
        missing = cpu.missing_features(target.required_features)
        if target.triple != host.triple or missing:
            raise UsageError(f"cannot measure {target.triple}:{target.cpu} on this machine ({host.triple}:{host.cpu}"
                             + (f", lacks {', '.join(missing[:4])}" if missing else "") +
                             "): run on a Ray cluster with such a node (--ray-address)")

    def compile_many(self, jobs: list[tuple]) -> list[Candidate]:
        """jobs: (text, name, config, target) → Candidates in the same order."""
        if self.jobs <= 1 or len(jobs) <= 1:
            return [compile_candidate(*job) for job in jobs]
        if self._pool is None:
            context = multiprocessing.get_context("spawn")  # MLIR's threads do not survive fork
            self._pool = concurrent.futures.ProcessPoolExecutor(self.jobs, mp_context=context, initializer=worker_init)
        futures = [self._pool.submit(compile_candidate, *job) for job in jobs]
        out = []
        for job, future in zip(jobs, futures):
            try:
                out.append(future.result())
            except concurrent.futures.process.BrokenProcessPool:
                out.append(Candidate(job[1], job[2], error="the compiler process crashed (an MLIR or LLVM abort)"))
                self._pool.shutdown(cancel_futures=True)
                self._pool = None
                return out + [self.compile_many([j])[0] for j in jobs[len(out):]]
        return out

    def measure_many(self, requests: list[dict]) -> list[tuple[dict, str]]:
        return [(self.measurer.measure(r), "local") for r in requests]

    def close(self) -> None:
        self.measurer.close()
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None
