"""MobileNetV2 (the ONNX model castiron.models builds) in castiron and onnxruntime, side by side.

    python -m benchmarks.mobilenet [--reps N]

Same model, same input, 1 and 2 threads each; castiron's result is checked against
onnxruntime's before timing.
"""
from __future__ import annotations

import argparse
import time

import numpy as np

from .__main__ import median_ms


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.mobilenet")
    p.add_argument("--reps", type=int, default=20)
    args = p.parse_args(argv)
    import onnxruntime as ort

    import castiron
    from castiron.importers.onnx import import_model
    from castiron.models.mobilenet_v2 import mobilenet_v2
    from castiron.runtime import load_module

    model = mobilenet_v2(seed=0)
    start = time.perf_counter()
    data = castiron.compile_str(import_model(model), jobs=0)
    compile_s = time.perf_counter() - start
    x = np.random.default_rng(0).uniform(0, 1, (1, 224, 224, 3)).astype(np.float32)
    rows = []
    for threads in (1, 2):
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        session = ort.InferenceSession(model.SerializeToString(), options, providers=["CPUExecutionProvider"])
        module = load_module(data, workers=threads)
        expected = session.run(None, {"input": x})[0]
        got = module.predict(x)
        ok = np.allclose(got, expected, rtol=1e-4, atol=1e-5)
        t_castiron = median_ms(module.predict, [x], args.reps)
        t_ort = median_ms(lambda v: session.run(None, {"input": v}), [x], args.reps)
        rows.append((threads, ok, t_castiron, t_ort))
        module.close()
    print(f"MobileNetV2 224 f32: castiron compile {compile_s:.1f} s (jobs = cores)")
    for threads, ok, tc, to in rows:
        print(f"  {threads} thread(s): castiron {tc:8.2f} ms  onnxruntime {to:8.2f} ms  "
              f"ratio {to / tc:5.2f}x  {'ok' if ok else 'MISMATCH'}")
    return 0 if all(r[1] for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
