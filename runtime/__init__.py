"""castiron's runtime: load a module file and call its functions with numpy arrays.

It imports only the standard library, numpy and networkx (never mlir or llvmlite), so a deployed
model needs this package alone.
"""
from __future__ import annotations

from .errors import RuntimeFailure, ModuleFormatError, InvocationError, DispatchFailure
from .loader import SystemLibrary, check_against_library, select_executable
from .module_file import read_module
from .native_runner import NativeRunner
from .pool import WorkerPool, default_worker_count
from .executor import Function

LOADERS = ("embedded", "system")


def _loader_class(name: str):
    """`embedded`: castiron's own in-memory ELF loader; `system`: dlopen of a memory file."""
    if name == "embedded":
        from .elf_loader import EmbeddedLibrary  # binds libc's mmap family on import

        return EmbeddedLibrary
    return SystemLibrary


__all__ = ["load_module", "LoadedModule", "RuntimeFailure", "ModuleFormatError", "InvocationError",
           "DispatchFailure"]


class LoadedModule:
    """A module ready to run: `module.predict(x)` or `module["predict"](x)`."""

    def __init__(self, path_or_bytes, *, workers: int | None = None, driver: str = "local-task",
                 loader: str = "embedded"):
        if driver not in ("local-task", "local-sync", "dylib", "dylib-sync"):
            raise ValueError(f"unknown driver '{driver}' (local-task, local-sync, dylib)")
        if loader not in LOADERS:
            raise InvocationError(f"unknown executable loader '{loader}' (castiron has: {', '.join(LOADERS)})")
        self.loader = loader
        self.functions = {}
        self.pool = self._library = self.runner = None
        self.file = read_module(path_or_bytes)
        try:
            self._load(workers, driver)
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            self.close()
            raise ModuleFormatError(f"'{self.file.source}': malformed manifest ({type(exc).__name__}: {exc})") from None
        except BaseException:
            self.close()
            raise

    def _load(self, workers, driver) -> None:
        self.executable = select_executable(self.file.manifest, self.file.source)
        self._library = _loader_class(self.loader)(self.file.libraries[self.executable["path"]],
                                                   self.executable["path"])
        check_against_library(self.file.manifest, self.executable, self._library.info(), self.file.source)
        sync = driver in ("local-sync", "dylib-sync")
        self.pool = WorkerPool(1 if sync else (workers or default_worker_count()))
        self.runner = NativeRunner(self._library, self.pool.size) if NativeRunner.available(self._library) else None
        self.functions = {name: Function(name, plan, self.file.constants, self._library,
                                         self.executable["entries"], self.pool, self.runner)
                          for name, plan in self.file.manifest["functions"].items()}

    @property
    def selected_target(self) -> str:
        return f"{self.executable['triple']}:{self.executable['cpu']}"

    def __getitem__(self, name: str) -> Function:
        try:
            return self.functions[name]
        except KeyError:
            raise InvocationError(f"module has no function '{name}' (it has: "
                                  f"{', '.join(sorted(self.functions)) or 'none'})") from None

    def __getattr__(self, name: str) -> Function:
        if name.startswith("_") or "functions" not in self.__dict__:
            raise AttributeError(name)
        return self[name]

    def close(self) -> None:
        """Stops the workers and unloads the library; the module's functions must not be called after."""
        for function in self.functions.values():
            function.closed = True
        if self.runner is not None:
            self.runner.close()  # helpers leave native code before the library goes
            self.runner = None
        if self.pool is not None:
            self.pool.close()
            self.pool = None
        if self._library is not None:
            self._library.close()
            self._library = None

    def __enter__(self) -> "LoadedModule":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def load_module(path_or_bytes, **options) -> LoadedModule:
    """Reads, validates and loads a module (path or bytes). Options: workers=N, driver=..."""
    return LoadedModule(path_or_bytes, **options)
