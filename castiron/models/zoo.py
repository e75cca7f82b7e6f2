"""The model zoo users bring: torchvision classifiers and Hugging Face transformers, exported to
ONNX by `torch.onnx.export` with random weights from a fixed seed (nothing is downloaded).

`export(name, path, small=False)` writes one model and returns its example inputs (name →
array). `small=True` shrinks the transformers to a two-layer configuration and the images to
64x64, for tests. Needs the `zoo` extra (torch, torchvision, transformers, onnxscript).

    python -m castiron.models.zoo resnet18 -o resnet18.onnx [--small]
    python -m castiron.models.zoo --list
"""
from __future__ import annotations

import argparse
import sys
import types

import numpy as np

VISION = ["resnet18", "resnet50", "squeezenet1_1", "efficientnet_b0", "convnext_tiny", "shufflenet_v2_x1_0",
          "densenet121", "mobilenet_v2", "mobilenet_v3_small", "mnasnet0_5", "regnet_y_400mf",
          "resnext50_32x4d", "googlenet", "alexnet", "vgg11", "vit_b_16"]
TEXT = ["bert", "distilbert", "gpt2"]
MODELS = VISION + TEXT
SEQUENCE = 128  # tokens of the transformers' example input


def _torch():
    try:
        import torch
    except ImportError:
        raise SystemExit("the zoo needs torch, torchvision and transformers: pip install 'castiron[zoo]'") from None
    return torch


def _torchvision():
    # torchvision's compiled extension registers fake CUDA ops at import and fails beside a CPU
    # torch; the classifiers use none of them.
    sys.modules.setdefault("torchvision._meta_registrations", types.ModuleType("torchvision._meta_registrations"))
    import torchvision

    return torchvision


def _vision(name: str, small: bool):
    torchvision = _torchvision()
    kwargs = {"aux_logits": False, "init_weights": True} if name == "googlenet" else {}
    model = getattr(torchvision.models, name)(weights=None, **kwargs)
    # (vit's patch grid and alexnet/vgg's adaptive pools export at 224 only)
    size = 224 if name in ("vit_b_16", "alexnet", "vgg11") or not small else 64
    image = np.random.default_rng(1).standard_normal((1, 3, size, size)).astype(np.float32)
    return model, {"input": image}


def _text(name: str, small: bool):
    import transformers

    layers = {"num_hidden_layers": 2} if small else {}
    if name == "bert":
        config = transformers.BertConfig(**layers)
        model = transformers.BertModel(config)
    elif name == "distilbert":
        config = transformers.DistilBertConfig(**({"n_layers": 2} if small else {}))
        model = transformers.DistilBertModel(config)
    else:
        config = transformers.GPT2Config(**({"n_layer": 2} if small else {}))
        model = transformers.GPT2Model(config)
    sequence = 16 if small else SEQUENCE
    ids = np.random.default_rng(1).integers(0, config.vocab_size, (1, sequence)).astype(np.int64)
    mask = np.ones((1, sequence), np.int64)
    mask[0, sequence - sequence // 4:] = 0  # padding at the end, so the mask matters
    return model, {"input_ids": ids, "attention_mask": mask}


def _randomize(model, torch) -> None:
    """Weights that keep activations near unit scale, so outputs compare at a meaningful size
    (torchvision zero-initializes some heads, and fresh batch norms with deep stacks shrink
    logits to 1e-14): each matrix ~ N(0, 1/fan_in), norms' scales ~ U(0.5, 1.5), biases and
    running means ~ N(0, 0.1), running variances ~ U(0.5, 1.5)."""
    with torch.no_grad():
        for name, p in model.named_parameters():
            if p.dim() >= 2:
                p.normal_(0.0, (1.0 / max(1, p[0].numel())) ** 0.5)
            elif name.endswith("weight"):
                p.uniform_(0.5, 1.5)
            else:
                p.normal_(0.0, 0.1)
        for name, b in model.named_buffers():
            if name.endswith("running_mean"):
                b.normal_(0.0, 0.1)
            elif name.endswith("running_var"):
                b.uniform_(0.5, 1.5)


class _LastHidden:
    """Wraps a transformer so the export has one output: the last hidden state."""

    def __new__(cls, model):
        torch = _torch()

        class Wrapper(torch.nn.Module):
            def __init__(self):
                super().__init__()
                self.inner = model

            def forward(self, input_ids, attention_mask):
                return self.inner(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

        return Wrapper()


def export(name: str, path: str, small: bool = False, seed: int = 0) -> dict:
    """Writes model `name` as ONNX (opset 17, static shapes) to path; returns its inputs."""
    if name not in MODELS:
        raise SystemExit(f"unknown zoo model '{name}' (the zoo has: {', '.join(MODELS)})")
    torch = _torch()
    torch.manual_seed(seed)
    model, inputs = _text(name, small) if name in TEXT else _vision(name, small)
    if name in TEXT:
        model = _LastHidden(model)
    else:
        _randomize(model, torch)
    model.eval()
    args = tuple(torch.from_numpy(v) for v in inputs.values())
    with torch.no_grad():
        dynamo = {"dynamo": True, "external_data": False} if name == "vit_b_16" else {"dynamo": False}
        torch.onnx.export(model, args, path, input_names=list(inputs), output_names=["output"],
                          opset_version=17, **dynamo)
    return inputs


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m castiron.models.zoo", description=__doc__.split("\n\n")[0])
    p.add_argument("model", nargs="?", help="zoo model name")
    p.add_argument("-o", "--output", help="ONNX file to write (default: MODEL.onnx)")
    p.add_argument("--small", action="store_true", help="two transformer layers, 64x64 images (for tests)")
    p.add_argument("--list", action="store_true", help="list the zoo's models")
    args = p.parse_args(argv)
    if args.list or not args.model:
        print("\n".join(MODELS))
        return 0
    inputs = export(args.model, args.output or f"{args.model}.onnx", small=args.small)
    shapes = ", ".join(f"{k}: {'x'.join(map(str, v.shape))} {v.dtype}" for k, v in inputs.items())
    print(f"wrote {args.output or args.model + '.onnx'} ({shapes})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
