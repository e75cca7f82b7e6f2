"""Measuring candidates in a child process, one at a time, with a timeout.

The child (measure_worker.py) is kept between candidates (starting one costs ~0.2 s); when a
candidate kills it (a trap, a segfault) or hangs past the timeout, the child is killed and the
candidate recorded as `crashed` or `timeout`; the next request starts a fresh child.
"""
from __future__ import annotations

import os
import pickle
import select
import signal
import struct
import subprocess
import sys
import time


class Measurer:
    def __init__(self, timeout: float = 30.0):
        self.timeout = timeout
        self._proc: subprocess.Popen | None = None

    def _start(self) -> subprocess.Popen:
        if self._proc is None or self._proc.poll() is not None:
            # its own session: a terminal's Ctrl-C reaches the tuner, which stops this child itself
            self._proc = subprocess.Popen([sys.executable, "-m", "castiron.tuning.measure_worker"],
                                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, start_new_session=True)
        return self._proc

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None and self._proc.poll() is None else None

    def measure(self, request: dict) -> dict:
        """{'status': 'ok', 'times': [...], 'outputs': [...]} or {'status': crashed|timeout, 'error'}."""
        proc = self._start()
        data = pickle.dumps(request, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            proc.stdin.write(struct.pack("<Q", len(data)) + data)
            proc.stdin.flush()
        except BrokenPipeError:
            return self._died()
        deadline = time.monotonic() + self.timeout
        header = self._read(8, deadline)
        if header is None or len(header) < 8:
            return self._died() if header is not None else self._timed_out()
        body = self._read(struct.unpack("<Q", header)[0], deadline)
        if body is None:
            return self._timed_out()
        return pickle.loads(body)

    def _read(self, count: int, deadline: float) -> bytes | None:
        """`count` bytes (fewer at EOF), or None at the deadline."""
        fd = self._proc.stdout.fileno()
        chunks, got = [], 0
        while got < count:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
                return None
            chunk = os.read(fd, min(count - got, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
        return b"".join(chunks)

    def _died(self) -> dict:
        code = self._proc.wait()
        self._proc = None
        how = f"signal {signal.Signals(-code).name}" if code < 0 else f"exit status {code}"
        return {"status": "crashed", "error": f"the measuring process died ({how})"}

    def _timed_out(self) -> dict:
        self.close()
        return {"status": "timeout", "error": f"no result within {self.timeout:g} s"}

    def close(self) -> None:
        if self._proc is not None:
            if self._proc.poll() is None:
                self._proc.kill()
            self._proc.wait()
            for pipe in (self._proc.stdin, self._proc.stdout):
                try:
                    pipe.close()
                except OSError:
                    pass
            self._proc = None
