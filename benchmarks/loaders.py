"""Load time of a module through both executable loaders (embedded ELF loader vs dlopen).

    python -m benchmarks.loaders [--model mobilenet_v2] [--reps 20]

Times load_module (read + validate + load + check the library) and the first call, for the
module compiled from MobileNetV2 (or the example CNN with --model example_cnn).
"""
from __future__ import annotations

import argparse
import statistics
import time

import numpy as np


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.loaders")
    p.add_argument("--model", default="mobilenet_v2", choices=("mobilenet_v2", "example_cnn"))
    p.add_argument("--reps", type=int, default=20)
    args = p.parse_args(argv)
    import castiron
    from castiron.runtime import load_module

    if args.model == "mobilenet_v2":
        from castiron.importers.onnx import import_model
        from castiron.models.mobilenet_v2 import mobilenet_v2

        text = import_model(mobilenet_v2(seed=0))
    else:
        from castiron.examples import tiny_mobilenet_mlir

        text = tiny_mobilenet_mlir()
    data = castiron.compile_str(text, jobs=0)
    x = np.zeros((1, 224, 224, 3), np.float32)
    for loader in ("embedded", "system"):
        times = []
        for _ in range(args.reps):
            start = time.perf_counter()
            module = load_module(data, loader=loader)
            times.append(time.perf_counter() - start)
            module.predict(x)
            module.close()
        print(f"{args.model} ({len(data) / 1e6:.1f} MB module): {loader:<8} loader "
              f"median {statistics.median(times) * 1e3:.2f} ms, min {min(times) * 1e3:.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
