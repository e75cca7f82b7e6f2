"""The pass registry: castiron's and users' Python passes by name, plus upstream MLIR's names.

`@register_pass("name", help=...)` on a function `(op, pass_) -> None`, or on a class whose
annotated fields are its options and whose `run(self, op, pass_)` does the work, makes `name`
usable in any pipeline text (passes/pipeline.py), in `castiron-opt --name` and in
`castiron-compile`'s phase hooks. Other packages register passes through the entry-point group
`castiron.plugins`, loaded on first lookup, so `pip install` is enough.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
import difflib
import functools
import inspect
import os
import re
import sys
from typing import Callable

from castiron.errors import UsageError

from . import options as _options

PLUGIN_GROUP = "castiron.plugins"


@dataclass(frozen=True)
class PassInfo:
    """A registered Python pass: a function, or a class configured from option text."""
    name: str
    target: Callable  # function (op, pass_) or class with run(op, pass_)
    help: str = ""
    origin: str = ""  # the module that registered it
    op_name: str = ""  # the op it runs on ("func.func"); "" = any anchor

    @property
    def is_class(self) -> bool:
        return inspect.isclass(self.target)

    def instantiate(self, option_text: str = "") -> Callable:
        """A callable (op, pass_) configured by option text; errors name the pass and option."""
        if not self.is_class:
            if option_text.strip():
                raise UsageError(f"pass '{self.name}' takes no options, got '{{{option_text}}}'")
            return self.target
        instance = _options.build_options(self.name, self.target, option_text)
        return instance.run

    def option_lines(self) -> list[str]:
        return _options.describe_options(self.target) if self.is_class else []


_PASSES: dict[str, PassInfo] = {}


def register_pass(name: str, help: str = "", op_name: str = ""):
    """Decorator: registers a pass function or class under `name` (kebab-case, like upstream).

    A class that is not yet a dataclass becomes one, so its annotated fields are its options.
    `op_name` ("func.func") declares what the pass runs on: at the top level of a pipeline it is
    nested under that anchor automatically, as mlir-opt does for `--pass` flags.
    """
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_.-]*", name):
        raise ValueError(f"invalid pass name '{name}': use kebab-case letters, digits and dashes")

    def wrap(target):
        if inspect.isclass(target) and not dataclasses.is_dataclass(target):
            target = dataclasses.dataclass(target)
        if inspect.isclass(target) and not callable(getattr(target, "run", None)):
            raise TypeError(f"pass class for '{name}' needs a run(self, op, pass_) method")
        doc = (inspect.getdoc(target) or "").strip().splitlines()
        _PASSES[name] = PassInfo(name, target, help or (doc[0] if doc else ""),
                                 getattr(target, "__module__", ""), op_name)
        return target
    return wrap


def python_passes() -> dict[str, PassInfo]:
    _load_all()
    return dict(_PASSES)


def get_pass(name: str) -> PassInfo | None:
    _load_all()
    return _PASSES.get(name)


@functools.lru_cache(maxsize=None)
def _load_all() -> None:
    from . import builtin_passes  # noqa: F401  (castiron's own passes register on import)

    load_plugins()
    load_env_plugins()


@functools.lru_cache(maxsize=None)
def load_plugins() -> tuple[str, ...]:
    """Imports every `castiron.plugins` entry point (a module whose import registers things)."""
    from importlib.metadata import entry_points

    loaded = []
    for ep in entry_points(group=PLUGIN_GROUP):
        try:
            ep.load()
        except Exception as exc:  # noqa: BLE001 - a broken plugin must not break the tools
            sys.stderr.write(f"castiron: warning: plugin '{ep.name}' ({ep.value}) failed to load: "
                             f"{type(exc).__name__}: {exc}\n")
            continue
        loaded.append(ep.name)
    return tuple(loaded)


def load_pass_plugin(spec: str) -> None:
    """Imports a pass module named on the command line (`pkg.module` or `path/to/file.py`),
    like mlir-opt's --load-pass-plugin; its @register_pass decorators do the rest."""
    import importlib
    import importlib.util

    try:
        if spec.endswith(".py"):
            if not os.path.isfile(spec):
                raise UsageError(f"pass plugin file '{spec}' does not exist")
            name = "castiron_plugin_" + re.sub(r"\W", "_", os.path.abspath(spec))
            module_spec = importlib.util.spec_from_file_location(name, spec)
            module = importlib.util.module_from_spec(module_spec)
            sys.modules[name] = module
            module_spec.loader.exec_module(module)
        else:
            importlib.import_module(spec)
    except UsageError:
        raise
    except ModuleNotFoundError as exc:
        raise UsageError(f"cannot load pass plugin '{spec}': {exc}") from None
    except Exception as exc:  # noqa: BLE001 - a broken plugin is the user's error, shown in one line
        raise UsageError(f"pass plugin '{spec}' failed to load: {type(exc).__name__}: {exc}") from None


def load_env_plugins() -> None:
    """Plugins named in $CASTIRON_PLUGINS (comma-separated modules or .py files)."""
    for spec in filter(None, (s.strip() for s in os.environ.get("CASTIRON_PLUGINS", "").split(","))):
        load_pass_plugin(spec)


def pipeline_aliases() -> dict[str, str]:
    """castiron's phases by name (`castiron-global-opt`...), usable inside any pipeline text."""
    from .phases import PIPELINES

    return {f"castiron-{phase}": text for phase, text in PIPELINES.items()}


@functools.lru_cache(maxsize=None)
def upstream_pass_names() -> tuple[str, ...]:
    """Names of the upstream passes these MLIR bindings register.

    MLIR's C API cannot list them, so candidates are read from the bindings' libraries and kept
    when MLIR's own pipeline parser accepts them (module- or function-level); cached per version.
    """
    import mlir

    cache = _cache_path()
    if cache and os.path.exists(cache):
        with open(cache) as f:
            return tuple(line.strip() for line in f if line.strip())
    from mlir import ir, passmanager

    libdir = os.path.join(list(mlir.__path__)[0], "_mlir_libs")
    candidates = set()
    for entry in os.listdir(libdir):
        if entry.endswith(".so"):
            with open(os.path.join(libdir, entry), "rb") as f:
                data = f.read()
            candidates.update(m.decode() for m in re.findall(rb"(?<=\x00)[a-z][a-z0-9]*(?:-[a-z0-9]+)*(?=\x00)", data)
                              if 3 <= len(m) <= 64)
    names = []
    with ir.Context():
        for name in sorted(candidates):
            for wrapped in (f"builtin.module({name})", f"builtin.module(func.func({name}))"):
                try:
                    passmanager.PassManager.parse(wrapped)
                except ValueError:
                    continue
                names.append(name)
                break
    if cache:
        try:
            os.makedirs(os.path.dirname(cache), exist_ok=True)
            with open(cache, "w") as f:
                f.write("\n".join(names) + "\n")
        except OSError:
            pass
    return tuple(names)


def _cache_path() -> str | None:
    try:
        from importlib.metadata import version

        tag = version("xtc-mlir-python-bindings")
    except Exception:  # noqa: BLE001
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "castiron", f"upstream-passes-{tag}.txt")


def suggest(name: str) -> list[str]:
    known = list(python_passes()) + list(pipeline_aliases()) + list(upstream_pass_names())
    return difflib.get_close_matches(name, known, n=3, cutoff=0.6)


def build_pass_manager(pipeline: str, hooks=None):
    """Compatibility entry: see passes.pipeline.build_pass_manager."""
    from .pipeline import build_pass_manager as build

    return build(pipeline, hooks)
