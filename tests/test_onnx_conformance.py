"""ONNX's node tests through castiron's ONNX backend (tests/onnx_conformance.py): no case may
compute wrong numbers, and the pass count may only grow. The count is printed at the end of the
run (conftest.pytest_terminal_summary)."""
from __future__ import annotations

import pytest

pytest.importorskip("onnx")
pytest.importorskip("onnxruntime")

import onnx_conformance  # noqa: E402

# castiron's count when this floor was last raised (1106 of 1189, 2026-12-07): a drop is a regression.
PASS_FLOOR = 1100


def test_onnx_node_tests(conformance_summary):
    report = onnx_conformance.run()
    conformance_summary.append(report.summary())
    failed = {name: report.reasons[name] for name, o in report.outcomes.items() if o == "FAILED"}
    assert not failed, f"castiron computes wrong outputs for {len(failed)} ONNX node tests: {failed}"
    assert report.count("passed") >= PASS_FLOOR, report.summary()


def test_exclusions_file_is_well_formed_and_each_rule_excludes_something():
    rules = onnx_conformance.load_exclusions()
    cases = onnx_conformance.cases()
    unused = [f"{kind}:{value}" for kind, value, reason in rules
              if not any(onnx_conformance._excluded(c, [(kind, value, reason)]) for c in cases)]
    assert not unused, f"exclusion rules that match no case: {unused}"
