"""Trying hard to break castiron: fuzzed inputs and modules, leaks, concurrency, interrupts.

Counts scale with CASTIRON_SOAK=1 (the README's development section runs the full version);
CI runs reduced counts.
"""
from __future__ import annotations

import io
import os
import random
import signal
import subprocess
import sys
import threading
import time
import zipfile

import numpy as np
import pytest

from castiron.runtime import InvocationError, ModuleFormatError, load_module
from castiron.runtime.values import InputError, parse_input
from conftest import compiled, rand, tool

FULL = os.environ.get("CASTIRON_SOAK") == "1"

SMALL = """
func.func @main(%a: tensor<64x48xf32>, %b: tensor<48x32xf32>) -> tensor<64x32xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<64x32xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<64x32xf32>) -> tensor<64x32xf32>
  %mm = linalg.matmul ins(%a, %b : tensor<64x48xf32>, tensor<48x32xf32>) outs(%f : tensor<64x32xf32>) -> tensor<64x32xf32>
  %t = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>],
                       iterator_types = ["parallel", "parallel"]} ins(%mm : tensor<64x32xf32>) outs(%e : tensor<64x32xf32>) {
  ^bb0(%x: f32, %o: f32):
    %y = math.tanh %x : f32
    linalg.yield %y : f32
  } -> tensor<64x32xf32>
  return %t : tensor<64x32xf32>
}"""


def rss_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def counts() -> tuple[int, int]:
    with open("/proc/self/maps") as f:
        maps = sum(1 for _ in f)
    return maps, len(os.listdir("/proc/self/fd"))


def test_fuzzed_input_values_never_escape_as_other_errors():
    rng = random.Random(1234)
    alphabet = "0123456789xf.,[]=@ -+eEnaiub_"
    seeds = ["2x3xf32=1 2 3 4 5 6", "2x2xi8=[1 2][3 4]", "f32=1.5", "4xi1=1 0 1 0", "3xui16=1,2,3"]
    cases = 4000 if FULL else 1500
    accepted = 0
    for _ in range(cases):
        text = list(rng.choice(seeds))
        for _ in range(rng.randint(1, 4)):
            op = rng.random()
            pos = rng.randrange(len(text) + 1)
            if op < 0.4 and text:
                text[min(pos, len(text) - 1)] = rng.choice(alphabet)
            elif op < 0.7:
                text.insert(pos, rng.choice(alphabet))
            elif text:
                del text[min(pos, len(text) - 1)]
        try:
            value = parse_input("".join(text))
            assert isinstance(value, np.ndarray)
            accepted += 1
        except InputError:
            pass
    assert 0 < accepted < cases


def _mutations(data: bytes, rng: random.Random):
    for _ in range(rng.randint(1, 8)):
        kind = rng.random()
        if kind < 0.15:
            data = data[:rng.randrange(len(data))]
        elif kind < 0.9:
            i = rng.randrange(len(data))
            data = data[:i] + bytes([rng.randrange(256)]) + data[i + 1:]
        else:
            i = rng.randrange(len(data))
            data = data[:i] + bytes(rng.randrange(256) for _ in range(rng.randint(1, 16))) + data[i:]
    return data


def test_fuzzed_module_files_are_rejected_cleanly():
    data = compiled(SMALL)
    a, b = rand((64, 48)), rand((48, 32), seed=1)
    expected = load_module(data, driver="local-sync").main(a, b)
    rng = random.Random(99)
    cases = 5000 if FULL else 2000
    rejected = 0
    for _ in range(cases):
        mutated = _mutations(data, rng)
        try:
            module = load_module(mutated, driver="local-sync")
        except ModuleFormatError:
            rejected += 1
            continue
        with module:  # whatever still loads has passed every check: it must compute the same
            np.testing.assert_array_equal(module.main(a, b), expected)
    assert rejected > cases * 0.5


def test_edited_manifest_cannot_make_a_dispatch_overrun_its_buffers():
    data = compiled(SMALL)
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "manifest.json":
                content = content.replace(b'"workgroup_count": [\n      1,', b'"workgroup_count": [\n      9,', 1)
                content = content.replace(b'"workgroup_count": [\n      2,', b'"workgroup_count": [\n      9,', 1)
            dst.writestr(info.filename, content)
    with pytest.raises(ModuleFormatError, match="does not match its library"):
        load_module(out.getvalue())


def test_loading_and_unloading_leaks_nothing():
    data = compiled(SMALL)
    a, b = rand((64, 48)), rand((48, 32), seed=1)
    rounds = 1000 if FULL else 150
    for _ in range(10):
        with load_module(data) as m:
            m.main(a, b)
    maps0, fds0 = counts()
    rss0 = rss_bytes()
    for _ in range(rounds):
        with load_module(data) as m:
            m.main(a, b)
    maps1, fds1 = counts()
    assert fds1 == fds0, "file descriptors leaked"
    assert maps1 <= maps0 + 4, f"mappings grew from {maps0} to {maps1}"
    assert rss_bytes() - rss0 < 16 << 20


def test_soak_keeps_memory_flat():
    data = compiled(SMALL)
    module = load_module(data)
    a, b = rand((64, 48)), rand((48, 32), seed=1)
    calls = 10_000 if FULL else 2000
    for _ in range(200):
        module.main(a, b)
    rss0 = rss_bytes()
    for _ in range(calls):
        module.main(a, b)
    growth = rss_bytes() - rss0
    module.close()
    assert growth < 5 << 20, f"RSS grew {growth / 1e6:.1f} MB over {calls} calls"
    with pytest.raises(InvocationError, match="closed module"):
        module.main(a, b)


def test_eight_threads_of_calls_match_single_thread_results():
    module = load_module(compiled(SMALL), workers=2)
    inputs = [(rand((64, 48), seed=s), rand((48, 32), seed=100 + s)) for s in range(8)]
    expected = [module.main(*x) for x in inputs]
    calls = 1000 if FULL else 150
    errors = []

    def work(i):
        for _ in range(calls):
            if not np.array_equal(module.main(*inputs[i]), expected[i]):
                errors.append(i)
                return

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors


def test_interrupted_compile_leaves_no_output_and_no_temp_files(tmp_path):
    from castiron.examples import tiny_mobilenet_mlir

    text = tiny_mobilenet_mlir()
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    aliases = "\n".join(line for line in text.splitlines() if line.startswith("#"))
    # a compile of several seconds: 40 copies, made distinct (a different clamp bound and pool
    # divisor each) so they do not compile once and share their code
    copies = [body.replace("@predict", f"@predict{i}").replace("arith.constant 6.0 : f32", f"arith.constant {6 + i}.0 : f32")
              .replace("arith.constant 3025.0 : f32", f"arith.constant {3025 + i}.0 : f32") for i in range(40)]
    (tmp_path / "m.mlir").write_text(aliases + "\n" + "\n".join(copies))
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = dict(os.environ, TMPDIR=str(scratch))
    out = tmp_path / "m.vmfb"
    proc = subprocess.Popen([tool("castiron-compile"), "m.mlir", "-o", str(out), "--jobs=1"], cwd=tmp_path,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(1.5)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert "Traceback" not in err
    assert proc.returncode == 130 and "interrupted" in err, err
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("m.vmfb.partial")]
    assert list(scratch.iterdir()) == []


def test_a_codegen_worker_failure_reaches_the_parent_as_one_line():
    """What a codegen worker process raises must cross the process boundary (pickle): an MLIR
    error in codegen became 'internal error: Can't pickle ... MLIRError' in the parent."""
    import pickle

    from castiron.driver import _codegen_worker
    from castiron.errors import CompileError

    with pytest.raises(CompileError) as info:
        _codegen_worker("func.func @x( {", "x", False, {})
    again = pickle.loads(pickle.dumps(info.value))
    assert str(again).startswith("dispatch x: codegen failed:") and "\n" not in str(again).strip()
