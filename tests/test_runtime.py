"""Runtime behaviour: import isolation, module validation, threading, memory plan, inputs untouched."""
from __future__ import annotations

import io
import mmap
import subprocess
import sys
import threading
import zipfile

import numpy as np
import pytest

from castiron.runtime import InvocationError, ModuleFormatError, load_module
from castiron.runtime.executor import dependency_graph
from castiron.runtime.memory import ALIGN, HUGE_PAGE, PAGE, data_address, new_output, page_buffer, plan_arena
from conftest import compiled, loaded, rand

CHAIN = """
#id = affine_map<(i, j) -> (i, j)>
func.func @main(%a: tensor<96x80xf32>, %b: tensor<80x72xf32>) -> tensor<96x72xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<96x72xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<96x72xf32>) -> tensor<96x72xf32>
  %mm = linalg.matmul ins(%a, %b : tensor<96x80xf32>, tensor<80x72xf32>) outs(%f : tensor<96x72xf32>) -> tensor<96x72xf32>
  %t = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%mm : tensor<96x72xf32>) outs(%e : tensor<96x72xf32>) {
  ^bb0(%x: f32, %o: f32):
    %y = math.tanh %x : f32
    linalg.yield %y : f32
  } -> tensor<96x72xf32>
  %e2 = tensor.empty() : tensor<72x96xf32>
  %tr = linalg.transpose ins(%t : tensor<96x72xf32>) outs(%e2 : tensor<72x96xf32>) permutation = [1, 0]
  %f2 = linalg.fill ins(%zero : f32) outs(%e : tensor<96x72xf32>) -> tensor<96x72xf32>
  %e3 = tensor.empty() : tensor<96x96xf32>
  %f3 = linalg.fill ins(%zero : f32) outs(%e3 : tensor<96x96xf32>) -> tensor<96x96xf32>
  %sq = linalg.matmul ins(%t, %tr : tensor<96x72xf32>, tensor<72x96xf32>) outs(%f3 : tensor<96x96xf32>) -> tensor<96x96xf32>
  %back = linalg.matmul ins(%sq, %t : tensor<96x96xf32>, tensor<96x72xf32>) outs(%f2 : tensor<96x72xf32>) -> tensor<96x72xf32>
  return %back : tensor<96x72xf32>
}"""


def reference(a, b):
    t = np.tanh(a.astype(np.float64) @ b)
    return (t @ t.T) @ t


def test_import_runtime_loads_no_compiler():
    code = ("import sys, castiron.runtime, castiron; "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('mlir', 'llvmlite')]; "
            "print(bad); sys.exit(1 if bad else 0)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_chain_numerics_and_threads_are_bit_identical():
    data = compiled(CHAIN)
    a, b = rand((96, 80), low=-0.3, high=0.3), rand((80, 72), seed=1, low=-0.3, high=0.3)
    sync = load_module(data, driver="local-sync").main(a, b)
    pooled = load_module(data, workers=4).main(a, b)
    np.testing.assert_allclose(sync, reference(a, b), rtol=1e-4, atol=1e-4)
    assert np.array_equal(sync, pooled)  # bit for bit: each workgroup is computed the same way


def test_module_called_from_many_threads_gives_single_thread_results():
    module = load_module(compiled(CHAIN), workers=2)
    inputs = [(rand((96, 80), seed=s, low=-0.3, high=0.3), rand((80, 72), seed=s + 50, low=-0.3, high=0.3))
              for s in range(6)]
    expected = [module.main(a, b) for a, b in inputs]
    results = [None] * len(inputs)

    def work(i):
        for _ in range(5):
            results[i] = module.main(*inputs[i])

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(inputs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for got, want in zip(results, expected):
        assert np.array_equal(got, want)


def test_inputs_are_never_written():
    module = load_module(compiled(CHAIN))
    a, b = rand((96, 80)), rand((80, 72), seed=1)
    a.flags.writeable = False
    b.flags.writeable = False
    a_copy, b_copy = a.copy(), b.copy()
    module.main(a, b)
    assert np.array_equal(a, a_copy) and np.array_equal(b, b_copy)


def test_wrong_inputs_are_rejected_with_clear_messages():
    module = load_module(compiled(CHAIN))
    a, b = rand((96, 80)), rand((80, 72))
    with pytest.raises(InvocationError, match=r"expects 2 input\(s\) \(96x80xf32, 80x72xf32\), got 1"):
        module.main(a)
    with pytest.raises(InvocationError, match="input 1 of main must be 80x72xf32, got shape 72x80"):
        module.main(a, b.T)
    with pytest.raises(InvocationError, match="input 0 of main must be 96x80xf32, got dtype float64"):
        module.main(a.astype(np.float64), b)
    with pytest.raises(InvocationError, match="module has no function 'nope' \\(it has: main\\)"):
        module["nope"]


def test_dependency_graph_orders_writers_before_readers():
    dispatches = [{"entry": "a", "bindings": [0, 1], "num_outputs": 1},
                  {"entry": "b", "bindings": [1, 2], "num_outputs": 1},
                  {"entry": "c", "bindings": [0, 3], "num_outputs": 1},
                  {"entry": "d", "bindings": [2, 3, 4], "num_outputs": 1}]
    graph = dependency_graph(dispatches)
    assert set(graph.edges) == {(0, 1), (1, 3), (2, 3)}


def test_arena_reuses_bytes_of_dead_transients():
    buffers = [{"kind": "input", "nbytes": 64}] + [{"kind": "transient", "nbytes": 1000} for _ in range(3)]
    order = [{"bindings": [0, 1]}, {"bindings": [1, 2]}, {"bindings": [2, 3]}]
    offsets, size = plan_arena(buffers, order)
    assert offsets[1] == offsets[3]  # buffer 1 is dead when 3 is written
    assert offsets[1] != offsets[2]
    assert size == 2 * 1024


def test_page_buffers_are_zeroed_and_large_ones_start_on_a_huge_page():
    for nbytes in (100, 5000, 3 << 20):
        view = page_buffer(nbytes)
        array = np.frombuffer(view, dtype=np.uint8)
        assert len(view) == nbytes and not array.any() and not view.readonly
        boundary = HUGE_PAGE if nbytes >= HUGE_PAGE and hasattr(mmap, "MADV_HUGEPAGE") else PAGE
        assert array.ctypes.data % boundary == 0


def test_call_outputs_are_aligned_writable_and_their_addresses_right():
    for shape in ((1, 1000), (3, 5), (), (0, 4), (512, 1024)):  # small (ctypes buffers) and large
        array, address = new_output(shape, np.dtype(np.float32), 4 * int(np.prod(shape)))
        assert array.shape == shape and array.dtype == np.float32 and array.flags.writeable
        assert address == array.ctypes.data and address % ALIGN == 0
        array[...] = 1.0
    frozen = np.arange(6, dtype=np.float32)
    frozen.flags.writeable = False  # (read-only inputs take numpy's own address)
    for array in (frozen, np.zeros(0, np.float32), np.ones((4, 4), np.float32)):
        assert data_address(array) == array.ctypes.data


def test_weights_and_arena_are_copied_onto_huge_page_boundaries(tmp_path):
    """A module's constants (3 MiB of weights here) are copied out of the file onto memory from
    page_buffer, read-only, and the transient arena comes from it too: numerics unchanged."""
    w = rand((1024, 768), seed=3)
    text = f"""
func.func @main(%a: tensor<8x1024xf32>) -> tensor<8x768xf32> {{
  %w = arith.constant dense<"0x{w.tobytes().hex().upper()}"> : tensor<1024x768xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<8x768xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<8x768xf32>) -> tensor<8x768xf32>
  %mm = linalg.matmul ins(%a, %w : tensor<8x1024xf32>, tensor<1024x768xf32>) outs(%f : tensor<8x768xf32>) -> tensor<8x768xf32>
  %t = math.tanh %mm : tensor<8x768xf32>
  %f2 = linalg.fill ins(%zero : f32) outs(%e : tensor<8x768xf32>) -> tensor<8x768xf32>
  %r = linalg.matmul ins(%a, %w : tensor<8x1024xf32>, tensor<1024x768xf32>) outs(%t : tensor<8x768xf32>) -> tensor<8x768xf32>
  return %r : tensor<8x768xf32>
}}"""
    path = tmp_path / "weights.vmfb"
    path.write_bytes(compiled(text))
    a = rand((8, 1024), seed=4)
    want = np.tanh(a.astype(np.float64) @ w) + a.astype(np.float64) @ w
    for source in (str(path), path.read_bytes()):
        module = load_module(source, driver="local-sync")
        constants = np.frombuffer(module.file.constants, dtype=np.uint8)
        assert len(constants) >= w.nbytes and not constants.flags.writeable
        boundary = HUGE_PAGE if hasattr(mmap, "MADV_HUGEPAGE") else PAGE
        assert constants.ctypes.data % boundary == 0
        np.testing.assert_allclose(module["main"](a), want, rtol=1e-4, atol=1e-3)
        assert module["main"]._arena().ctypes.data % PAGE == 0
        module.close()


def _corrupt(data: bytes, entry: str, mutate) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            dst.writestr(info.filename, mutate(content) if info.filename.startswith(entry) else content)
    return out.getvalue()


def test_corrupt_truncated_and_foreign_modules_are_refused(tmp_path):
    data = compiled(CHAIN)
    with pytest.raises(ModuleFormatError, match="does not exist"):
        load_module(tmp_path / "missing.vmfb")
    with pytest.raises(ModuleFormatError, match="not a castiron module"):
        load_module(data[: len(data) // 2])
    with pytest.raises(ModuleFormatError, match="not a castiron module"):
        load_module(b"hello")
    flipped = _corrupt(data, "executables/", lambda b: b[:100] + bytes([b[100] ^ 0xFF]) + b[101:])
    with pytest.raises(ModuleFormatError, match="does not match its checksum"):
        load_module(flipped)
    newer = _corrupt(data, "manifest.json", lambda b: b.replace(b'"version": 1', b'"version": 99'))
    with pytest.raises(ModuleFormatError, match="version 99"):
        load_module(newer)
    foreign = _corrupt(data, "manifest.json", lambda b: b.replace(b'"triple": "x86_64-linux-gnu"',
                                                                  b'"triple": "riscv64-linux-gnu"'))
    with pytest.raises(ModuleFormatError, match="no library this CPU"):
        load_module(foreign)


def test_outputs_are_aligned_and_misaligned_inputs_are_read_in_place():
    """Outputs start on 64-byte boundaries; misaligned inputs (numpy's large arrays start 16
    bytes past a page; these 4) are read where they are, with the same results."""
    from castiron.runtime.memory import ALIGN

    text = """
func.func @main(%a: tensor<64x96xf32>, %b: tensor<96x32xf32>) -> tensor<64x32xf32> {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<64x32xf32>
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<64x32xf32>) -> tensor<64x32xf32>
  %r = linalg.matmul ins(%a, %b : tensor<64x96xf32>, tensor<96x32xf32>) outs(%f : tensor<64x32xf32>) -> tensor<64x32xf32>
  return %r : tensor<64x32xf32>
}"""
    module = loaded(text)
    a, b = rand((64, 96)), rand((96, 32), seed=1)
    raw = np.empty(a.nbytes + b.nbytes + 64, np.uint8)
    start = (-raw.ctypes.data) % ALIGN + 4  # 4 bytes past a 64-byte boundary: misaligned
    ma = raw[start:start + a.nbytes].view(np.float32).reshape(a.shape)
    mb = raw[start + a.nbytes:start + a.nbytes + b.nbytes].view(np.float32).reshape(b.shape)
    ma[...], mb[...] = a, b
    assert ma.ctypes.data % ALIGN and mb.ctypes.data % ALIGN
    out = module.main(ma, mb)
    assert out.ctypes.data % ALIGN == 0
    np.testing.assert_allclose(out, a @ b, rtol=1e-5, atol=1e-5)
    np.testing.assert_array_equal(module.main(ma, mb), module.main(a, b))
    np.testing.assert_array_equal(ma, a)  # the caller's input is never written


RESHAPED = """
func.func @main(%x: tensor<1x6x8x16xf32>, %w: tensor<1x1x16x32xf32>) -> tensor<1x6x8x32xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x6x8x32xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x6x8x32xf32>) -> tensor<1x6x8x32xf32>
  %r = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
     ins(%x, %w : tensor<1x6x8x16xf32>, tensor<1x1x16x32xf32>) outs(%f : tensor<1x6x8x32xf32>) -> tensor<1x6x8x32xf32>
  return %r : tensor<1x6x8x32xf32>
}"""


def test_results_viewing_a_reshaped_buffer_are_each_calls_own():
    """A 1x1 conv's result is a host reshape of its matmul's buffer: returned as a view of a
    buffer allocated for the call (no copy out of the arena), so a kept result is not
    overwritten by the next call."""
    module = load_module(compiled(RESHAPED))
    x1, x2, w = rand((1, 6, 8, 16)), rand((1, 6, 8, 16), seed=3), rand((1, 1, 16, 32), seed=1)
    first = module.main(x1, w)
    second = module.main(x2, w)
    for x, got in ((x1, first), (x2, second)):
        np.testing.assert_allclose(got, np.einsum("nhwc,cf->nhwf", x.astype(np.float64), w[0, 0]), rtol=1e-5, atol=1e-5)
    assert not np.shares_memory(first, second)
