"""castiron's exception types for the compiler side.

Tools turn any CastironError into one line on stderr and a non-zero exit; the runtime
has its own RuntimeError types (castiron.runtime.errors) so it never imports this side.
"""


class CastironError(Exception):
    """Base of every error castiron reports to a user as one line."""


class CompileError(CastironError):
    """Input IR that castiron cannot compile: a parse/verify diagnostic or an unsupported op.

    The message already carries the source location (file:line:col) when MLIR gave one.
    """


class UsageError(CastironError):
    """Bad flags or arguments given to a tool or API."""
