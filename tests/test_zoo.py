"""The model zoo, exported by torch.onnx.export as a user would (castiron.models.zoo, small
configurations: 64x64 images, two-layer transformers), compiled by castiron and compared with
onnxruntime on the same input. CI runs ZOO; CASTIRON_SOAK=1 adds the slow compiles (SOAK_ZOO).
"""
from __future__ import annotations

import os

import numpy as np
import pytest

pytest.importorskip("torch")
pytest.importorskip("torchvision")
pytest.importorskip("transformers")
ort = pytest.importorskip("onnxruntime")

import castiron  # noqa: E402
from castiron.models import zoo  # noqa: E402

ZOO = ["resnet18", "squeezenet1_1", "efficientnet_b0", "convnext_tiny", "shufflenet_v2_x1_0", "mobilenet_v3_small",
       "mnasnet0_5", "regnet_y_400mf", "resnext50_32x4d", "bert", "distilbert", "gpt2"]
SOAK_ZOO = ["resnet50", "mobilenet_v2", "densenet121", "googlenet", "alexnet", "vgg11", "vit_b_16"]
pytestmark = pytest.mark.filterwarnings("ignore::Warning")  # (the exporters' tracer notes)
MODELS = ZOO + (SOAK_ZOO if os.environ.get("CASTIRON_SOAK") == "1" else [])


def test_every_zoo_model_is_tested_somewhere():
    assert sorted(ZOO + SOAK_ZOO) == sorted(zoo.MODELS)


@pytest.mark.parametrize("name", MODELS)
def test_zoo_model_matches_onnxruntime(name, tmp_path):
    path = str(tmp_path / f"{name}.onnx")
    inputs = zoo.export(name, path, small=True)
    expected = ort.InferenceSession(path, providers=["CPUExecutionProvider"]).run(None, inputs)[0]
    module = castiron.load_module(castiron.compile_file(path))
    got = module[next(iter(module.functions))](*inputs.values())
    scale = float(np.abs(expected).max())
    assert scale > 1e-2, "the export's output is too small to compare (weights not randomized?)"
    assert got.shape == expected.shape and got.dtype == expected.dtype
    np.testing.assert_allclose(got, expected, rtol=1e-3, atol=1e-4 * scale)
