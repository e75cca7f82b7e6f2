"""The model zoo at full size: where castiron stands against onnxruntime, model by model.

    python -m benchmarks.zoo [--only NAME,...] [--reps N] [--json]

For every model of castiron.models.zoo (torchvision classifiers at 224x224, BERT/DistilBERT/
GPT-2 base at sequence 128, exported by torch.onnx.export): castiron's compile time, the largest
difference from onnxruntime's output, and both systems' median latency at 1 and 2 threads,
timed in turns in one process (benchmarks.__main__.interleaved_median_ms). A model castiron
refuses shows its one-line error. Needs the zoo extra (torch, torchvision, transformers).
"""
from __future__ import annotations

import argparse
import json
import os
import tempfile
import time

import numpy as np

from .__main__ import interleaved_median_ms
from .others import ort_function


def measure(name: str, workdir: str, reps: int) -> dict:
    import castiron
    from castiron.errors import CastironError
    from castiron.models import zoo
    from castiron.runtime import load_module

    path = os.path.join(workdir, f"{name}.onnx")
    inputs = zoo.export(name, path)
    args = list(inputs.values())
    with open(path, "rb") as f:
        model_bytes = f.read()
    row = {"model": name}
    start = time.perf_counter()
    try:
        data = castiron.compile_file(path, jobs=0)
    except CastironError as exc:
        row["error"] = str(exc).splitlines()[0]
        return row
    row["compile_s"] = round(time.perf_counter() - start, 1)
    for threads in (1, 2):
        module = load_module(data, workers=threads)
        fn = module[next(iter(module.functions))]
        ort_call = ort_function(model_bytes, threads)
        expected, got = ort_call(*args), fn(*args)
        row["max_error"] = float(np.abs(got - expected).max())
        row["scale"] = float(np.abs(expected).max())
        times = interleaved_median_ms([("castiron", fn, args), ("onnxruntime", ort_call, args)], reps, threads)
        row[f"castiron_{threads}t_ms"] = round(times["castiron"], 3)
        row[f"onnxruntime_{threads}t_ms"] = round(times["onnxruntime"], 3)
        module.close()
    return row


def _line(r: dict) -> str:
    if "error" in r:
        return f"{r['model']:<20} refused: {r['error']}"
    ratios = [r[f"castiron_{t}t_ms"] / r[f"onnxruntime_{t}t_ms"] for t in (1, 2)]
    return (f"{r['model']:<20} {r['compile_s']:7.1f} {r['max_error']:9.1e} "
            f"{r['castiron_1t_ms']:9.2f} {r['onnxruntime_1t_ms']:9.2f} {ratios[0]:5.2f}x "
            f"{r['castiron_2t_ms']:9.2f} {r['onnxruntime_2t_ms']:9.2f} {ratios[1]:5.2f}x")


def main(argv=None) -> int:
    from castiron.models import zoo

    p = argparse.ArgumentParser(prog="python -m benchmarks.zoo", description=__doc__.splitlines()[0])
    p.add_argument("--only", default=None, help="comma-separated model names (default: the whole zoo)")
    p.add_argument("--reps", type=int, default=10)
    p.add_argument("--json", action="store_true", help="one JSON object per model")
    args = p.parse_args(argv)
    names = args.only.split(",") if args.only else zoo.MODELS
    if not args.json:
        print(f"{'model':<20} {'compile':>7} {'max err':>9} {'ci 1t ms':>9} {'ort 1t ms':>9} {'ratio':>6} "
              f"{'ci 2t ms':>9} {'ort 2t ms':>9} {'ratio':>6}   (ratio = castiron / onnxruntime)", flush=True)
    with tempfile.TemporaryDirectory() as workdir:
        for name in names:
            row = measure(name, workdir, args.reps)
            print(json.dumps(row) if args.json else _line(row), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
