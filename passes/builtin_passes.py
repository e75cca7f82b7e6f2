"""Registers castiron's own Python passes under their pipeline names."""
from __future__ import annotations

from .registry import register_pass


@register_pass("castiron-create-dispatches",
               help="partition public functions into dispatch regions and outline them as executables")
def _create_dispatches(op, pass_):
    from castiron.errors import CastironError
    from .dispatch_creation import create_dispatches

    try:
        create_dispatches(op)
    except CastironError as exc:
        _record_failure(exc)
        pass_.signal_pass_failure()


_failures: list = []


def _record_failure(exc) -> None:
    """MLIR only sees 'pass failed'; the driver re-raises the castiron error recorded here."""
    _failures.append(exc)


def take_failure():
    return _failures.pop() if _failures else None
