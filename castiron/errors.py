"""castiron's exception types for the compiler side.

Tools turn any CastironError into one line on stderr and a non-zero exit; the runtime
has its own RuntimeError types (castiron.runtime.errors) so it never imports this side.
"""


class CastironError(Exception):
    """Base of every error castiron reports to a user as one line."""


class CompileError(CastironError):
    """Input IR that castiron cannot compile: a parse/verify diagnostic or an unsupported op.

    `location` (an MLIR Location) says where; str() gives `LOC: error: MESSAGE`, which the
    driver rewrites to file:line:col. Passes re-emit it as an MLIR diagnostic at that location.
    """

    def __init__(self, message: str, location=None):
        super().__init__(message)
        self.message = message
        self.location = location

    def __str__(self) -> str:
        return f"{self.location}: error: {self.message}" if self.location is not None else self.message


class UsageError(CastironError):
    """Bad flags or arguments given to a tool or API."""
