"""The systems castiron is compared with, on the same computation: IREE (the same MLIR text,
compiled with iree-compile for this CPU) and onnxruntime (an equivalent ONNX graph).

Both are optional (`pip install '.[bench]'`); a missing one gives an empty column, said so once.
IREE runs with `local-sync` for one thread and `local-task` (all cores) for more; onnxruntime
with intra_op_num_threads.
"""
from __future__ import annotations

import numpy as np


def iree_function(mlir_text: str, entry: str, threads: int):
    """A callable running `entry` of the MLIR compiled by IREE, or None if IREE is not installed.
    Raises RuntimeError with iree-compile's last line if it cannot compile the text.

    iree-compile runs as its own process: IREE's compiler bindings cannot be imported into a
    process that has loaded castiron's MLIR bindings (both are `mlir._mlir_libs`; the import
    fails with "undefined symbol: _ZN8nanobind6detail4initEPKc")."""
    import os
    import subprocess
    import sys
    import tempfile

    compiler = os.path.join(os.path.dirname(sys.executable), "iree-compile")
    try:
        import iree.runtime as ireert
    except ImportError:
        return None
    if not os.path.exists(compiler):
        return None
    with tempfile.TemporaryDirectory() as tmp:
        source, output = os.path.join(tmp, "in.mlir"), os.path.join(tmp, "out.vmfb")
        with open(source, "w") as f:
            f.write(mlir_text)
        proc = subprocess.run([compiler, source, "-o", output, "--iree-hal-target-device=local",
                               "--iree-hal-local-target-device-backends=llvm-cpu", "--iree-llvmcpu-target-cpu=host"],
                              capture_output=True, text=True)
        if proc.returncode:
            raise RuntimeError((proc.stderr.strip().splitlines() or ["iree-compile failed"])[-1])
        with open(output, "rb") as f:
            vmfb = f.read()
    config = ireert.Config("local-sync" if threads == 1 else "local-task")
    context = ireert.SystemContext(config=config)
    context.add_vm_module(ireert.VmModule.copy_buffer(context.instance, vmfb))
    fn = context.modules.module[entry]

    def call(*args):
        result = fn(*args)
        return result.to_host() if hasattr(result, "to_host") else np.asarray(result)

    return call


def ort_function(model_bytes: bytes, threads: int):
    """A callable running an ONNX model with onnxruntime on the CPU, or None if not installed."""
    try:
        import onnxruntime as ort
    except ImportError:
        return None
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    session = ort.InferenceSession(model_bytes, options, providers=["CPUExecutionProvider"])
    names = [i.name for i in session.get_inputs()]

    def call(*args):
        return session.run(None, dict(zip(names, args)))[0]

    return call


def onnx_model(build) -> bytes:
    """Serializes a graph from `build(helper, TensorProto)` -> (nodes, inputs, outputs)."""
    import onnx
    from onnx import TensorProto, helper

    nodes, inputs, outputs = build(helper, TensorProto)
    graph = helper.make_graph(nodes, "workload", inputs, outputs)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model.SerializeToString()
