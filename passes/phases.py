"""The named phase pipelines of castiron-compile (each also runnable by castiron-opt)."""
from __future__ import annotations

PHASES = ["input", "global-opt", "dispatch-creation", "codegen", "serialize"]

PIPELINES = {
    # TOSA → linalg (a no-op on linalg input), as upstream's tosa-to-linalg pipeline orders it.
    "input": ("builtin.module(castiron-checks-to-results,func.func(tosa-to-linalg-named,tosa-to-linalg,"
              "tosa-to-arith{include-apply-rescale=true},tosa-to-tensor),canonicalize)"),
    "global-opt": ("builtin.module(castiron-decompose-aggregates,canonicalize,cse,func.func(convert-elementwise-to-linalg,"
                   "linalg-fuse-elementwise-ops),castiron-conv1x1-to-matmul,castiron-sink-expand-shape,canonicalize,"
                   "castiron-fold-reshape-of-empty,canonicalize,cse)"),
    "dispatch-creation": "builtin.module(castiron-create-dispatches,cse)",
}
