"""Ctrl-C that cannot be lost: MLIR calls Python (passes, rewrite patterns) from C++, and a
KeyboardInterrupt raised inside such a callback can be swallowed there. The tools' SIGINT handler
also records the interrupt, and long loops call `check()` at safe points to honour it.
"""
from __future__ import annotations

import signal
import threading

_interrupted = threading.Event()


def _handler(signum, frame):
    _interrupted.set()
    raise KeyboardInterrupt


def install() -> None:
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, _handler)


def check() -> None:
    """Raises KeyboardInterrupt if Ctrl-C arrived, even if a callback swallowed the first one."""
    if _interrupted.is_set():
        raise KeyboardInterrupt
