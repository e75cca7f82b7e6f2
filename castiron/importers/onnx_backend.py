"""castiron as an ONNX backend (`onnx.backend.base.Backend`): prepare a model once, run it on
numpy inputs, as `onnx.backend.test` and other ONNX harnesses expect.

    from castiron.importers.onnx_backend import CastironBackend
    rep = CastironBackend.prepare(model)          # import + compile (CompileError if refused)
    outputs = rep.run([x])                        # a tuple of numpy arrays, in graph output order
"""
from __future__ import annotations

import numpy as np
from onnx.backend.base import Backend, BackendRep


class CastironRep(BackendRep):
    def __init__(self, module, input_names: list[str]):
        self.module = module
        self.function = module[next(iter(module.functions))]
        self.input_names = input_names

    def run(self, inputs, **kwargs):
        if isinstance(inputs, dict):
            inputs = [inputs[name] for name in self.input_names]
        elif not isinstance(inputs, (list, tuple)):
            inputs = [inputs]
        result = self.function(*[np.asarray(v) for v in inputs])
        return result if isinstance(result, tuple) else (result,)


class CastironBackend(Backend):
    @classmethod
    def prepare(cls, model, device: str = "CPU", **kwargs):
        import castiron
        from castiron.importers.onnx import import_model

        initializers = {init.name for init in model.graph.initializer}
        names = [i.name for i in model.graph.input if i.name not in initializers]
        module = castiron.load_module(castiron.compile_str(import_model(model, **kwargs)))
        return CastironRep(module, names)

    @classmethod
    def run_model(cls, model, inputs, device: str = "CPU", **kwargs):
        return cls.prepare(model, device, **kwargs).run(inputs)

    @classmethod
    def supports_device(cls, device: str) -> bool:
        return device.upper() == "CPU"


prepare = CastironBackend.prepare
run_model = CastironBackend.run_model
supports_device = CastironBackend.supports_device
