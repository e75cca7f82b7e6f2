"""Pipeline text → a PassManager mixing upstream and Python passes, nested under op anchors.

`builtin.module(func.func(fold-mul-by-one,canonicalize),cse,my-pass{tile=8})` is parsed into a
tree; upstream runs go to MLIR's parser as they are, Python passes become module-level passes
that visit the ops their anchor path names (MLIR cannot nest a Python pass: it aborts), and
`--mlir-print-ir-before/after=NAME` become printing steps around the matching passes.
"""
from __future__ import annotations

from dataclasses import dataclass, field
import sys
import time

from mlir import ir, passmanager

from castiron.errors import CastironError, CompileError, UsageError

from . import registry


@dataclass
class Element:
    name: str
    options: str = ""
    children: list | None = None  # an op anchor when not None

    def text(self) -> str:
        out = self.name + (f"{{{self.options}}}" if self.options else "")
        if self.children is not None:
            out += "(" + ",".join(c.text() for c in self.children) + ")"
        return out


def parse_pipeline(text: str) -> list[Element]:
    """Parses pipeline text; a top-level `builtin.module(...)` is unwrapped."""
    elements, pos = _parse_list(text.strip(), 0)
    if pos != len(text.strip()):
        raise UsageError(f"malformed pass pipeline '{text}': unexpected '{text.strip()[pos:]}'")
    if len(elements) == 1 and elements[0].name == "builtin.module" and elements[0].children is not None:
        return elements[0].children
    return elements


def _parse_list(text: str, pos: int) -> tuple[list[Element], int]:
    elements = []
    while pos < len(text):
        element, pos = _parse_element(text, pos)
        if element is not None:
            elements.append(element)
        while pos < len(text) and text[pos] == " ":
            pos += 1
        if pos < len(text) and text[pos] == ",":
            pos += 1
            continue
        break
    return elements, pos


def _parse_element(text: str, pos: int) -> tuple[Element | None, int]:
    start = pos
    while pos < len(text) and text[pos] not in "{(),":
        pos += 1
    name = text[start:pos].strip()
    options = ""
    if pos < len(text) and text[pos] == "{":
        depth, begin = 0, pos
        while pos < len(text):
            depth += {"{": 1, "}": -1}.get(text[pos], 0)
            pos += 1
            if depth == 0:
                break
        if depth:
            raise UsageError(f"malformed pass pipeline: unclosed '{{' after '{name}'")
        options = text[begin + 1:pos - 1].strip()
    children = None
    if pos < len(text) and text[pos] == "(":
        children, pos = _parse_list(text, pos + 1)
        if pos >= len(text) or text[pos] != ")":
            raise UsageError(f"malformed pass pipeline: unclosed '(' after '{name}'")
        pos += 1
    if not name:
        if options or children:
            raise UsageError("malformed pass pipeline: options or nesting without a pass name")
        return None, pos
    return Element(name, options, children), pos


@dataclass
class Step:
    kind: str          # upstream | python | print
    path: tuple        # op anchors below builtin.module
    name: str
    text: str = ""
    run: object = None
    element: Element | None = None


@dataclass
class PrintOptions:
    before: set = field(default_factory=set)
    after: set = field(default_factory=set)
    before_all: bool = False
    after_all: bool = False
    after_change: bool = False
    timing: bool = False


def flatten(elements: list[Element], path: tuple = (), hooks: PrintOptions | None = None) -> list[Step]:
    steps = []
    for element in elements:
        if element.children is not None:
            inner = flatten(element.children, path + (element.name,), hooks)
            if all(s.kind == "upstream" for s in inner) and not _hooked(inner, hooks):
                steps.append(Step("upstream", path, element.name, element.text(), element=element))
            else:
                steps.extend(inner)
            continue
        aliases = registry.pipeline_aliases()
        if element.name in aliases and not element.options:
            steps.extend(flatten(parse_pipeline(aliases[element.name]), path, hooks))
            continue
        info = registry.get_pass(element.name)
        if hooks and element.name in hooks.before:
            steps.append(Step("print", (), element.name, "Before"))
        if info is not None:
            anchored = path
            if info.op_name and info.op_name != "builtin.module" and (path[-1:] != (info.op_name,)):
                if path:
                    raise UsageError(f"pass '{element.name}' runs on '{info.op_name}', "
                                     f"not nested under '{path[-1]}'")
                anchored = (info.op_name,)  # implicit nesting, as mlir-opt does
            steps.append(Step("python", anchored, element.name, element.text(), info.instantiate(element.options)))
        else:
            steps.append(Step("upstream", path, element.name, element.text()))
        if hooks and element.name in hooks.after:
            steps.append(Step("print", (), element.name, "After"))
    return steps


def _hooked(steps, hooks) -> bool:
    return bool(hooks) and any(s.name in hooks.before or s.name in hooks.after for s in steps)


def _wrap(path: tuple, text: str) -> str:
    for anchor in reversed(path):
        text = f"{anchor}({text})"
    return text


def build_pass_manager(pipeline: str, hooks: PrintOptions | None = None) -> passmanager.PassManager:
    """A PassManager on builtin.module running `pipeline` (see the module docstring)."""
    steps = flatten(parse_pipeline(pipeline), (), hooks)
    pm = passmanager.PassManager("builtin.module")
    pending: list[Step] = []

    def flush():
        if not pending:
            return
        text = ",".join(_wrap(s.path, s.text) for s in pending)
        try:
            pm.add(text)
        except ValueError:
            raise UsageError(_explain(pending)) from None
        pending.clear()

    for step in steps:
        if step.kind == "upstream":
            pending.append(step)
            continue
        flush()
        if step.kind == "print":
            pm.add(_printer(step.name, step.text), name=f"print-ir-{step.text.lower()}-{step.name}",
                   argument=f"print-ir-{step.text.lower()}-{step.name}")
        else:
            pm.add(_anchored_runner(step), name=step.name, argument=step.name)
    flush()
    if hooks:
        if hooks.before_all or hooks.after_all or hooks.after_change:
            # MLIR aborts the process when module-scope printing meets a multi-threaded context.
            ir.Context.current.enable_multithreading(False)
            pm.enable_ir_printing(print_before_all=hooks.before_all,
                                  print_after_all=hooks.after_all or hooks.after_change,
                                  print_after_change=hooks.after_change, print_module_scope=True)
        if hooks.timing:
            pm.enable_timing()
    return pm


def _explain(steps: list[Step]) -> str:
    """Finds the (leaf) element MLIR rejected and suggests the closest known names."""
    leaves = []
    for step in steps:
        if step.element is not None and step.element.children is not None:
            leaves.extend(_leaves(step.element, step.path))
        else:
            leaves.append((step.path, step.name, step.text))
    for path, name, text in leaves:
        try:
            passmanager.PassManager.parse(f"builtin.module({_wrap(path, text)})")
        except ValueError as exc:
            if name in registry.upstream_pass_names():
                detail = str(exc).strip().splitlines()[0] if str(exc).strip() else "rejected"
                return f"invalid options for pass '{name}': {detail}"
            close = registry.suggest(name)
            hint = f" (did you mean: {', '.join(close)}?)" if close else ""
            return f"unknown pass '{name}'{hint}"
    return "invalid pass pipeline: " + ",".join(s.text for s in steps)


def _leaves(element: Element, path: tuple):
    for child in element.children:
        if child.children is not None:
            yield from _leaves(child, path + (element.name,))
        else:
            yield path + (element.name,), child.name, child.text()


class _FailureProxy:
    """The pass_ handed to a Python pass: records signal_pass_failure() so it can be named."""

    def __init__(self, pass_):
        self._pass = pass_
        self.failed = False

    def signal_pass_failure(self):
        self.failed = True

    def __getattr__(self, name):
        return getattr(self._pass, name)


def _anchored(op, path: tuple):
    """The ops under `op` that an anchor path names (direct nesting, as MLIR anchors work)."""
    if not path:
        yield op
        return
    for region in op.regions:
        for block in region.blocks:
            for child in block.operations:
                if child.operation.name == path[0]:
                    yield from _anchored(child.operation, path[1:])


def _anchored_runner(step: Step):
    """Runs a Python pass on each anchored op; any failure becomes an MLIR error diagnostic at
    the op (or at the location a CompileError carries) naming the pass, then fails the run."""
    def run(op, pass_):
        proxy = _FailureProxy(pass_)
        emitted = []

        def count(diagnostic):
            emitted.append(diagnostic.severity)
            return False  # observe only: MLIR still reports it

        handle = op.context.attach_diagnostic_handler(count)
        try:
            _run_on_targets(step, op, pass_, proxy, emitted)
        finally:
            handle.detach()
    return run


def _run_on_targets(step: Step, op, pass_, proxy: _FailureProxy, emitted: list) -> None:
    for target in list(_anchored(op, step.path)):
        try:
            step.run(target, proxy)
        except CompileError as exc:
            (exc.location or target.location).emit_error(f"pass '{step.name}': {exc.message}")
            proxy.failed = True
        except CastironError as exc:
            target.location.emit_error(f"pass '{step.name}': {exc}")
            proxy.failed = True
        except Exception as exc:  # noqa: BLE001 - a user's pass bug is reported, not a crash
            target.location.emit_error(f"pass '{step.name}' raised {type(exc).__name__}: {exc}")
            proxy.failed = True
        else:
            if proxy.failed and not emitted:  # failed without saying why: say where
                target.location.emit_error(f"pass '{step.name}' failed on '{target.name}'")
        if proxy.failed:
            pass_.signal_pass_failure()
            return


def _printer(name: str, when: str):
    def run(op, pass_):
        print(f"// -----// IR Dump {when} {name} //----- //\n{op}", file=sys.stderr, flush=True)
    return run


def run_pipeline(module: ir.Module, pipeline: str, hooks: PrintOptions | None = None,
                 filename: str = "<input>") -> float:
    """Runs a pipeline on module; raises CompileError (with file:line:col) on failure."""
    from castiron.context import format_diagnostics

    pm = build_pass_manager(pipeline, hooks)
    start = time.perf_counter()
    try:
        pm.run(module.operation)
    except ir.MLIRError as exc:
        raise CompileError(format_diagnostics(exc, filename)) from None
    return time.perf_counter() - start
