"""The native plan runner (runtime/native_runner.py, backend/runner_ir.py): one foreign call per
function call, helpers taking ranges of workgroups in native code (and stealing from a stalled
one), parking when idle, stopping on close."""
from __future__ import annotations

import ctypes
import threading
import time

import numpy as np

from castiron.backend import runner_ir
from castiron.runtime import load_module
from castiron.runtime import native_runner
from castiron.runtime.profiling import Profiler
from conftest import compiled, rand
from test_runtime import CHAIN, reference


def _inputs(seed=0):
    return rand((96, 80), seed=seed, low=-0.3, high=0.3), rand((80, 72), seed=seed + 1, low=-0.3, high=0.3)


def test_every_library_exports_the_runner_and_modules_use_it():
    module = load_module(compiled(CHAIN), workers=2)
    try:
        assert module.runner is not None and module.runner.size == 2
        assert native_runner.NativeRunner.available(module._library)
        assert native_runner.CTRL_BYTES == runner_ir.CTRL_BYTES and native_runner.MAX_SLOTS == runner_ir.MAX_SLOTS
    finally:
        module.close()


def test_runner_and_python_pool_give_the_same_bits_on_1_to_3_workers():
    a, b = _inputs()
    results = []
    for workers in (1, 2, 3):
        module = load_module(compiled(CHAIN), workers=workers)
        native = module.main(a, b)
        module.main.profiler = Profiler(chunks=True)  # the per-dispatch Python pool path
        pooled = module.main(a, b)
        module.close()
        assert np.array_equal(native, pooled)
        results.append(native)
    np.testing.assert_allclose(results[0], reference(a, b), rtol=1e-4, atol=1e-4)
    assert all(np.array_equal(results[0], r) for r in results[1:])


def test_a_profiled_call_stays_in_the_runner_and_times_every_dispatch():
    a, b = _inputs()
    module = load_module(compiled(CHAIN), workers=2)
    try:
        expected = module.main(a, b)
        assert module.runner.timed and module.runner.ns_per_tick() > 0
        profiler = module.main.profiler = Profiler()
        calls = []
        real_run = module.runner.run
        module.runner.run = lambda address: calls.append(address) or real_run(address)
        for _ in range(3):
            assert np.array_equal(module.main(a, b), expected)
        module.main.profiler = None
        assert len(calls) == 3  # one runner call per function call, not one per dispatch
        steps = [s.name for s in module.main._steps]
        spans = [s for s in profiler.spans if s.category == "dispatch"]
        assert [s.name for s in spans] == steps * 3
        for call in range(3):
            mine = spans[call * len(steps):(call + 1) * len(steps)]
            assert all(s.end_ns >= s.start_ns for s in mine)
            assert all(x.end_ns == y.start_ns for x, y in zip(mine, mine[1:]))  # back to back
        whole = [s for s in profiler.spans if s.category == "call"]
        assert len(whole) == 3
        for w, call in zip(whole, range(3)):  # within the call, give or take the calibration
            last = spans[(call + 1) * len(steps) - 1]
            assert w.start_ns == spans[call * len(steps)].start_ns
            assert last.end_ns <= w.end_ns + 0.05 * (w.end_ns - w.start_ns) + 50_000
        assert {r["name"] for r in profiler.dispatch_statistics()} == set(steps)
    finally:
        module.close()


def test_helpers_park_when_idle_and_rejoin_on_the_next_call(monkeypatch):
    monkeypatch.setattr(native_runner, "SPIN_TURNS", 1000)
    module = load_module(compiled(CHAIN), workers=2)
    try:
        a, b = _inputs()
        first = module.main(a, b)
        deadline = time.monotonic() + 10
        while not all(module.runner._parked) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert all(module.runner._parked), "an idle helper did not leave native code"
        for seed in range(3):
            a2, b2 = _inputs(seed)
            np.testing.assert_allclose(module.main(a2, b2), reference(a2, b2), rtol=1e-4, atol=1e-4)
        assert np.array_equal(module.main(a, b), first)
    finally:
        module.close()


def test_close_stops_spinning_and_parked_helpers_promptly():
    module = load_module(compiled(CHAIN), workers=3)
    module.main(*_inputs())
    threads = list(module.runner._threads)
    start = time.monotonic()
    module.close()
    assert time.monotonic() - start < 5
    assert not any(t.is_alive() for t in threads)


def test_calls_from_several_threads_while_helpers_run():
    module = load_module(compiled(CHAIN), workers=2)
    inputs = [_inputs(s) for s in range(4)]
    expected = [reference(a, b) for a, b in inputs]
    errors = []

    def work(i):
        for _ in range(10):
            got = module.main(*inputs[i])
            if not np.allclose(got, expected[i], rtol=1e-4, atol=1e-4):
                errors.append(i)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(inputs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    module.close()
    assert errors == []


ENTRY = ctypes.CFUNCTYPE(ctypes.c_int32, ctypes.c_void_p, ctypes.c_uint32, ctypes.c_uint32)


def test_a_stalled_helpers_range_is_taken_by_the_caller():
    """A helper that stops in the middle of its share (here: sleeps in its first grain, as a
    vCPU taken by the host does) keeps only that grain; the caller runs the rest of its range.
    With one fixed chunk each the caller waited for the whole other half (MobileNetV2 on two
    threads, helpers waking cold: 8.65 ms median against 4.85 with stealing)."""
    module = load_module(compiled(CHAIN), workers=2)
    runner = module.runner
    ran, lock = [], threading.Lock()

    @ENTRY
    def entry(state, begin, end):
        helper = threading.current_thread().name.startswith("castiron-helper")
        with lock:
            first_for_helper = helper and not any(h for h, _, _ in ran)
            ran.append((helper, begin, end))
        time.sleep(0.3 if first_for_helper else 0.003)  # the helper stalls in its first grain
        return 0

    try:
        total = 64
        jobs = (native_runner.Job * 1)()
        jobs[0].entry = ctypes.cast(entry, ctypes.c_void_p).value
        jobs[0].state, jobs[0].total, jobs[0].slots = 0, total, 2
        run = native_runner.Run(ctypes.addressof(jobs), 0, 1, None)
        assert runner.run(ctypes.addressof(run)) == 0
        covered = sorted(w for _, b, e in ran for w in range(b, e))
        assert covered == list(range(total))  # every workgroup once
        helper_share = sum(e - b for h, b, e in ran if h)
        assert 1 <= helper_share <= total // 32  # one grain (2 workgroups), then the stall
    finally:
        module.close()
