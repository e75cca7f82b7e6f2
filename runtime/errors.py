"""The runtime's error types (it never imports the compiler's): tools print them as one line."""


class RuntimeFailure(Exception):
    """Base of every error the runtime reports to a user."""


class ModuleFormatError(RuntimeFailure):
    """A module file that is missing, truncated, corrupt, of another version, or not runnable here."""


class InvocationError(RuntimeFailure):
    """A call with the wrong function name, input count, shape or dtype."""


class DispatchFailure(RuntimeFailure):
    """A native dispatch returned a non-zero status."""
