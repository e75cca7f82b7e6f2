"""castiron as an ONNX backend (`onnx.backend.base.Backend`): prepare a model, run it on numpy
inputs, as `onnx.backend.test` and other ONNX harnesses expect.

    from castiron.importers.onnx_backend import CastironBackend
    rep = CastironBackend.prepare(model)          # import + compile (CompileError if refused)
    outputs = rep.run([x])                        # a tuple of numpy arrays, in graph output order

castiron compiles for static shapes and needs shape-like operands (Reshape's shape, a
reduction's axes, Slice's starts...) at import. A model that has symbolic input dimensions, or
feeds such an operand from a graph input, is compiled at its first run instead: for the shapes
of the arrays given, with those inputs bound to their values, and compiled again whenever a
run brings other shapes or other values for them (as torch.compile specializes and guards).
"""
from __future__ import annotations

import numpy as np
from onnx.backend.base import Backend, BackendRep

MAX_BOUND = 16  # graph inputs bound to their values before castiron gives up on a model


def _compile(model, **kwargs):
    import castiron
    from castiron.importers.onnx import import_model

    return castiron.load_module(castiron.compile_str(import_model(model, **kwargs)))


def _entry(module):
    return module[next(iter(module.functions))]


class CastironRep(BackendRep):
    """A compiled model, or (module None) one compiled per input signature at run."""

    def __init__(self, model, input_names: list[str], module=None, kwargs=None):
        self.model = model
        self.input_names = input_names
        self.kwargs = kwargs or {}
        self.module = module
        self.function = _entry(module) if module is not None else None
        self.bound: list[str] = []          # inputs bound to their values, found at the first run
        self.specialized: dict = {}         # signature -> (module, its function)

    def close(self) -> None:
        """Unloads every compiled module (a model's libraries stay loaded until then)."""
        for module in [self.module, *(m for m, _ in self.specialized.values())]:
            if module is not None:
                module.close()
        self.specialized.clear()

    def run(self, inputs, **kwargs):
        if isinstance(inputs, dict):
            inputs = [inputs[name] for name in self.input_names]
        elif not isinstance(inputs, (list, tuple)):
            inputs = [inputs]
        arrays = [np.asarray(v) for v in inputs]
        if self.function is not None:
            return self._results(self.function(*arrays))
        named = dict(zip(self.input_names, arrays))
        function = self._specialized(named)
        return self._results(function(*[a for n, a in named.items() if n not in self.bound]))

    def _specialized(self, named: dict):
        from castiron.errors import CompileError
        from castiron.importers.onnx import InputNotConstant, UnknownDimension

        while True:
            key = tuple((n, a.shape, a.tobytes() if n in self.bound else None) for n, a in named.items())
            if key in self.specialized:
                return self.specialized[key][1]
            shapes = {n: a.shape for n, a in named.items() if n not in self.bound and a.size}
            try:
                module = _compile(self.model, input_shapes=shapes,
                                  constants={n: named[n] for n in self.bound}, **self.kwargs)
                self.specialized[key] = module, _entry(module)
                return _entry(module)
            except UnknownDimension as exc:
                array = named[exc.input_name]
                if array.size or exc.input_name in self.bound:
                    raise
                if array.dtype.kind not in "iu":
                    raise CompileError(f"input '{exc.input_name}' is empty (shape {'x'.join(map(str, array.shape))}); "
                                       "castiron does not support empty tensors") from None
                new = [exc.input_name]  # an empty integer input (no axes given): bound, it has no shape to compile for
            except InputNotConstant as exc:
                new = [n for n in exc.input_names if n not in self.bound]
                if not new:
                    raise
            self.bound.extend(new)
            if len(self.bound) > MAX_BOUND:
                raise CompileError(f"more than {MAX_BOUND} graph inputs would need binding to values") from None
            if len(self.bound) == len(named):
                raise CompileError("every input of the model is an operand castiron needs at import: "
                                   "it would compute nothing at run time") from None

    @staticmethod
    def _results(result):
        return result if isinstance(result, tuple) else (result,)


class CastironBackend(Backend):
    @classmethod
    def prepare(cls, model, device: str = "CPU", **kwargs):
        from castiron.importers.onnx import InputNotConstant, UnknownDimension

        initializers = {init.name for init in model.graph.initializer}
        names = [i.name for i in model.graph.input if i.name not in initializers]
        try:
            return CastironRep(model, names, _compile(model, **kwargs))
        except (InputNotConstant, UnknownDimension):
            return CastironRep(model, names, kwargs=kwargs)

    @classmethod
    def run_model(cls, model, inputs, device: str = "CPU", **kwargs):
        return cls.prepare(model, device, **kwargs).run(inputs)

    @classmethod
    def supports_device(cls, device: str) -> bool:
        return device.upper() == "CPU"


prepare = CastironBackend.prepare
run_model = CastironBackend.run_model
supports_device = CastironBackend.supports_device
