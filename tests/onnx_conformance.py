"""ONNX's own node tests (generated in memory by the onnx wheel's onnx.backend.test.case.node),
run through castiron's ONNX backend and through onnxruntime, with a report per operator.

    python tests/onnx_conformance.py [--only SUBSTRING] [--failures]

Each case ends as one of: passed; FAILED (castiron ran and its numbers differ: must never
happen); unsupported (castiron refused it with a one-line CompileError); excluded (listed in
onnx_conformance_exclusions.txt with the reason); or onnxruntime-fails (onnxruntime itself does
not reproduce the expected outputs, so the case is outside the goal). The goal: every case
onnxruntime passes and castiron's types support.
"""
from __future__ import annotations

import argparse
import collections
import os
import re
import warnings
from dataclasses import dataclass, field

import numpy as np

EXCLUSIONS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "onnx_conformance_exclusions.txt")
OUTCOMES = ("passed", "FAILED", "unsupported", "excluded", "onnxruntime-fails")


@dataclass
class Report:
    outcomes: dict = field(default_factory=dict)          # case name -> outcome
    operators: dict = field(default_factory=dict)         # case name -> operator label
    reasons: dict = field(default_factory=dict)           # case name -> why (unsupported, FAILED)

    def count(self, outcome: str) -> int:
        return sum(1 for o in self.outcomes.values() if o == outcome)

    def summary(self) -> str:
        counts = ", ".join(f"{self.count(o)} {o}" for o in OUTCOMES)
        goal = self.count("passed") + self.count("FAILED") + self.count("unsupported")
        return (f"ONNX node tests: {len(self.outcomes)} cases: {counts}; castiron passes "
                f"{self.count('passed')} of the {goal} that onnxruntime passes and no exclusion covers")

    def per_operator(self) -> str:
        table = collections.defaultdict(collections.Counter)
        for name, outcome in self.outcomes.items():
            table[self.operators[name]][outcome] += 1
        lines = [f"{'operator':<28} " + " ".join(f"{o:>17}" for o in OUTCOMES)]
        for op in sorted(table):
            lines.append(f"{op:<28} " + " ".join(f"{table[op][o]:>17}" for o in OUTCOMES))
        return "\n".join(lines)


def load_exclusions(path: str = EXCLUSIONS) -> list[tuple[str, str, str]]:
    """Lines `KIND:VALUE  # reason`, KIND one of name (a regex matching a case's whole name),
    op (an operator the case's graph uses) and type (an ONNX element type of an input or output,
    as onnx.helper.tensor_dtype_to_string spells it without 'TensorProto.')."""
    rules = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            rule, _, reason = line.partition("#")
            kind, sep, value = rule.strip().partition(":")
            if not sep or kind not in ("name", "op", "type") or not reason.strip():
                raise ValueError(f"{path}:{number}: expected 'name:REGEX|op:OPERATOR|type:TYPE  # reason'")
            rules.append((kind, value.strip(), reason.strip()))
    return rules


def _excluded(case, rules) -> str | None:
    from onnx import helper

    ops = {n.op_type for n in case.model.graph.node}
    types = set()
    for v in [*case.model.graph.input, *case.model.graph.output]:
        kind = v.type.WhichOneof("value")
        if kind == "tensor_type":
            types.add(helper.tensor_dtype_to_string(v.type.tensor_type.elem_type).split(".")[-1])
        else:
            types.add(kind)  # sequence_type, optional_type, map_type
    for kind, value, reason in rules:
        if kind == "name" and re.fullmatch(value, case.name) or kind == "op" and value in ops or \
                kind == "type" and value in types:
            return reason
    return None


def cases():
    from onnx.backend.test.case import node

    with warnings.catch_warnings():  # (the generators cast NaNs and overflow on purpose)
        warnings.simplefilter("ignore")
        return node.collect_testcases(None)


def _matches(got, expected, case) -> bool:
    if len(got) != len(expected):
        return False
    for g, e in zip(got, expected):
        g, e = np.asarray(g), np.asarray(e)
        if g.shape != e.shape or g.dtype != e.dtype:
            return False
        if e.dtype.kind in "fc":
            if not np.allclose(g, e, rtol=case.rtol, atol=case.atol, equal_nan=True):
                return False
        elif not np.array_equal(g, e):
            return False
    return True


def _onnxruntime_passes(case) -> bool:
    import onnxruntime as ort

    try:
        options = ort.SessionOptions()
        options.log_severity_level = 4
        session = ort.InferenceSession(case.model.SerializeToString(), options, providers=["CPUExecutionProvider"])
        names = [i.name for i in session.get_inputs()]
        return all(_matches(session.run(None, dict(zip(names, ins))), outs, case) for ins, outs in case.data_sets)
    except Exception:  # noqa: BLE001 - onnxruntime refusing a case is an outcome, whatever it raises
        return False


def run(only: str | None = None, jobs: int | None = None) -> Report:
    """Every case (whose name contains `only`), in `jobs` processes (default: one per CPU)."""
    names = [case.name for case in cases() if not only or only in case.name]
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(names)))
    if jobs == 1:
        results = [_outcome(name) for name in names]
    else:
        import concurrent.futures
        import multiprocessing

        # spawn: each worker builds its own MLIR contexts and LLVM state, nothing inherited
        with concurrent.futures.ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn"),
                                                    initializer=_quiet) as pool:
            results = list(pool.map(_outcome, names, chunksize=8))
    report = Report()
    for name, operator, outcome, reason in results:
        report.operators[name], report.outcomes[name] = operator, outcome
        if reason is not None:
            report.reasons[name] = reason
    return report


def _quiet() -> None:
    warnings.simplefilter("ignore")


_CASES: dict = {}
_EXCLUSIONS: list = []


def _outcome(name: str) -> tuple[str, str, str, str | None]:
    """(name, operator label, outcome, reason or None) of one case."""
    from castiron.errors import CompileError, UsageError
    from castiron.importers.onnx_backend import CastironBackend

    if not _CASES:
        _CASES.update((case.name, case) for case in cases())
        _EXCLUSIONS.extend(load_exclusions())
    case = _CASES[name]
    nodes = case.model.graph.node
    operator = nodes[0].op_type if len(nodes) == 1 else "(function expansions)"
    excluded = _excluded(case, _EXCLUSIONS)
    if excluded is not None:
        return name, operator, "excluded", excluded
    if not _onnxruntime_passes(case):
        return name, operator, "onnxruntime-fails", None
    try:
        rep = CastironBackend.prepare(case.model)
    except CompileError as exc:
        return name, operator, "unsupported", str(exc)
    try:
        ok = all(_matches(rep.run(ins), outs, case) for ins, outs in case.data_sets)
        why = "outputs differ from the expected ones"
    except (CompileError, UsageError) as exc:  # compiled at its first run (symbolic shapes) and refused
        return name, operator, "unsupported", str(exc)
    except Exception as exc:  # noqa: BLE001 - a run-time failure of a compiled case is a failure
        ok, why = False, f"{type(exc).__name__}: {exc}"
    finally:
        rep.close()
    return name, operator, "passed" if ok else "FAILED", None if ok else why


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python tests/onnx_conformance.py", description=__doc__.splitlines()[0])
    p.add_argument("--only", default=None, help="cases whose name contains this")
    p.add_argument("--failures", action="store_true", help="list every FAILED and unsupported case with its reason")
    p.add_argument("--jobs", type=int, default=None, help="processes (default: one per CPU)")
    args = p.parse_args(argv)
    report = run(args.only, args.jobs)
    print(report.per_operator())
    if args.failures:
        for name, outcome in sorted(report.outcomes.items()):
            if outcome in ("FAILED", "unsupported"):
                print(f"{outcome:<12} {name}: {report.reasons[name].splitlines()[0][:200]}")
    print(report.summary())
    return 1 if report.count("FAILED") else 0


if __name__ == "__main__":
    raise SystemExit(main())
