"""The onnx wheel's own 'light' networks (onnx/backend/test/data/light: opset 9, filters made by
ConstantOfShape): upgraded to opset 13 on import, compiled, and compared with onnxruntime.
CI runs the quick compiles; CASTIRON_SOAK=1 all nine."""
from __future__ import annotations

import os

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")

from castiron.importers.onnx_backend import CastironBackend  # noqa: E402

LIGHT = os.path.join(os.path.dirname(onnx.__file__), "backend", "test", "data", "light")
QUICK = ["bvlc_alexnet", "resnet50", "squeezenet", "vgg19", "zfnet512"]
ALL = sorted(f[len("light_"):-len(".onnx")] for f in os.listdir(LIGHT) if f.endswith(".onnx")) \
    if os.path.isdir(LIGHT) else []


@pytest.mark.parametrize("name", ALL if os.environ.get("CASTIRON_SOAK") == "1" else QUICK)
def test_light_network_matches_onnxruntime(name):
    path = os.path.join(LIGHT, f"light_{name}.onnx")
    model = onnx.load(path)
    assert model.opset_import[0].version < 13  # (what the upgrade on import is for)
    initializers = {i.name for i in model.graph.initializer}
    rng = np.random.default_rng(0)
    feeds = {i.name: rng.standard_normal([d.dim_value for d in i.type.tensor_type.shape.dim]).astype(np.float32)
             for i in model.graph.input if i.name not in initializers}
    options = ort.SessionOptions()
    options.log_severity_level = 3
    expected = ort.InferenceSession(path, options, providers=["CPUExecutionProvider"]).run(None, feeds)
    got = CastironBackend.prepare(model).run(list(feeds.values()))
    for g, e in zip(got, expected):
        np.testing.assert_allclose(g, e, rtol=1e-4, atol=1e-5)


def test_quick_list_names_real_networks():
    assert set(QUICK) <= set(ALL) and len(ALL) == 9
