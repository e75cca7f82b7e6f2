"""End-to-end numerics of linalg.generic / reduce / transpose / broadcast, tensor ops, arith and math."""
from __future__ import annotations

import numpy as np
import pytest

from conftest import loaded, rand


def test_elementwise_with_broadcast_fuses_and_matches():
    text = """
#id = affine_map<(i, j) -> (i, j)>
#row = affine_map<(i, j) -> (j)>
#col = affine_map<(i, j) -> (i, 0)>
func.func @main(%a: tensor<31x17xf32>, %b: tensor<17xf32>, %c: tensor<31x1xf32>) -> tensor<31x17xf32> {
  %e = tensor.empty() : tensor<31x17xf32>
  %r = linalg.generic {indexing_maps = [#id, #row, #col, #id], iterator_types = ["parallel", "parallel"]}
      ins(%a, %b, %c : tensor<31x17xf32>, tensor<17xf32>, tensor<31x1xf32>) outs(%e : tensor<31x17xf32>) {
  ^bb0(%x: f32, %y: f32, %z: f32, %o: f32):
    %s = arith.addf %x, %y : f32
    %m = arith.mulf %s, %z : f32
    %d = arith.divf %m, %y : f32
    %n = arith.subf %d, %x : f32
    linalg.yield %n : f32
  } -> tensor<31x17xf32>
  return %r : tensor<31x17xf32>
}"""
    a, b, c = rand((31, 17)), rand((17,), seed=1, low=0.5, high=2.0), rand((31, 1), seed=2)
    np.testing.assert_allclose(loaded(text)["main"](a, b, c), (a + b) * c / b - a, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("rows,cols", [(1, 1), (13, 29), (64, 257), (7, 1003)])
def test_row_sum_and_max_reductions(rows, cols):
    text = f"""
func.func @main(%a: tensor<{rows}x{cols}xf32>) -> (tensor<{rows}xf32>, tensor<{rows}xf32>) {{
  %e = tensor.empty() : tensor<{rows}xf32>
  %z = arith.constant 0.0 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<{rows}xf32>) -> tensor<{rows}xf32>
  %g = linalg.fill ins(%ninf : f32) outs(%e : tensor<{rows}xf32>) -> tensor<{rows}xf32>
  %s = linalg.reduce ins(%a : tensor<{rows}x{cols}xf32>) outs(%f : tensor<{rows}xf32>) dimensions = [1]
    (%x: f32, %acc: f32) {{
      %t = arith.addf %x, %acc : f32
      linalg.yield %t : f32
    }}
  %m = linalg.generic {{indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i)>],
                       iterator_types = ["parallel", "reduction"]}} ins(%a : tensor<{rows}x{cols}xf32>) outs(%g : tensor<{rows}xf32>) {{
  ^bb0(%x: f32, %acc: f32):
    %t = arith.maximumf %x, %acc : f32
    linalg.yield %t : f32
  }} -> tensor<{rows}xf32>
  return %s, %m : tensor<{rows}xf32>, tensor<{rows}xf32>
}}"""
    a = rand((rows, cols))
    s, m = loaded(text)["main"](a)
    np.testing.assert_allclose(s, a.sum(1), rtol=1e-5, atol=1e-5)
    np.testing.assert_array_equal(m, a.max(1))


def test_transpose_and_broadcast_ops():
    text = """
func.func @main(%a: tensor<5x7x3xf32>, %b: tensor<7xf32>) -> (tensor<3x5x7xf32>, tensor<4x7xf32>, tensor<7x5x3xf32>) {
  %e = tensor.empty() : tensor<3x5x7xf32>
  %t = linalg.transpose ins(%a : tensor<5x7x3xf32>) outs(%e : tensor<3x5x7xf32>) permutation = [2, 0, 1]
  %e2 = tensor.empty() : tensor<4x7xf32>
  %bc = linalg.broadcast ins(%b : tensor<7xf32>) outs(%e2 : tensor<4x7xf32>) dimensions = [0]
  %e3 = tensor.empty() : tensor<7x5x3xf32>
  %g = linalg.generic {indexing_maps = [affine_map<(i, j, k) -> (j, i, k)>, affine_map<(i, j, k) -> (i, j, k)>],
                       iterator_types = ["parallel", "parallel", "parallel"]} ins(%a : tensor<5x7x3xf32>) outs(%e3 : tensor<7x5x3xf32>) {
  ^bb0(%x: f32, %o: f32):
    linalg.yield %x : f32
  } -> tensor<7x5x3xf32>
  return %t, %bc, %g : tensor<3x5x7xf32>, tensor<4x7xf32>, tensor<7x5x3xf32>
}"""
    a, b = rand((5, 7, 3)), rand((7,), seed=3)
    t, bc, g = loaded(text)["main"](a, b)
    np.testing.assert_array_equal(t, a.transpose(2, 0, 1))
    np.testing.assert_array_equal(bc, np.broadcast_to(b, (4, 7)))
    np.testing.assert_array_equal(g, a.transpose(1, 0, 2))


def test_tensor_pad_slice_insert_reshape_concat():
    text = """
func.func @main(%a: tensor<4x6xf32>, %b: tensor<2x6xf32>) -> (tensor<6x9xf32>, tensor<2x3xf32>, tensor<4x6xf32>, tensor<24xf32>, tensor<2x2x6xf32>, tensor<6x6xf32>) {
  %c = arith.constant 1.5 : f32
  %p = tensor.pad %a low[1, 2] high[1, 1] {
  ^bb0(%i: index, %j: index):
    tensor.yield %c : f32
  } : tensor<4x6xf32> to tensor<6x9xf32>
  %s = tensor.extract_slice %a[1, 1] [2, 3] [1, 2] : tensor<4x6xf32> to tensor<2x3xf32>
  %ins = tensor.insert_slice %b into %a[1, 0] [2, 6] [1, 1] : tensor<2x6xf32> into tensor<4x6xf32>
  %flat = tensor.collapse_shape %a [[0, 1]] : tensor<4x6xf32> into tensor<24xf32>
  %ex = tensor.expand_shape %a [[0, 1], [2]] output_shape [2, 2, 6] : tensor<4x6xf32> into tensor<2x2x6xf32>
  %cat = tensor.concat dim(0) %a, %b : (tensor<4x6xf32>, tensor<2x6xf32>) -> tensor<6x6xf32>
  return %p, %s, %ins, %flat, %ex, %cat : tensor<6x9xf32>, tensor<2x3xf32>, tensor<4x6xf32>, tensor<24xf32>, tensor<2x2x6xf32>, tensor<6x6xf32>
}"""
    a, b = rand((4, 6)), rand((2, 6), seed=8)
    p, s, ins, flat, ex, cat = loaded(text)["main"](a, b)
    np.testing.assert_array_equal(p, np.pad(a, ((1, 1), (2, 1)), constant_values=1.5))
    np.testing.assert_array_equal(s, a[1:3, 1:6:2])
    expected = a.copy()
    expected[1:3] = b
    np.testing.assert_array_equal(ins, expected)
    np.testing.assert_array_equal(flat, a.reshape(24))
    np.testing.assert_array_equal(ex, a.reshape(2, 2, 6))
    np.testing.assert_array_equal(cat, np.concatenate([a, b]))


def test_integer_i8_and_i32_arith():
    text = """
#id = affine_map<(i) -> (i)>
func.func @main(%a: tensor<19xi8>, %b: tensor<19xi32>) -> (tensor<19xi32>, tensor<19xi8>) {
  %e = tensor.empty() : tensor<19xi32>
  %e8 = tensor.empty() : tensor<19xi8>
  %r, %q = linalg.generic {indexing_maps = [#id, #id, #id, #id], iterator_types = ["parallel"]}
      ins(%a, %b : tensor<19xi8>, tensor<19xi32>) outs(%e, %e8 : tensor<19xi32>, tensor<19xi8>) {
  ^bb0(%x: i8, %y: i32, %o: i32, %o8: i8):
    %w = arith.extsi %x : i8 to i32
    %m = arith.muli %w, %y : i32
    %c3 = arith.constant 3 : i32
    %d = arith.divsi %m, %c3 : i32
    %n = arith.maxsi %d, %y : i32
    %t = arith.trunci %n : i32 to i8
    linalg.yield %n, %t : i32, i8
  } -> (tensor<19xi32>, tensor<19xi8>)
  return %r, %q : tensor<19xi32>, tensor<19xi8>
}"""
    a = rand((19,), np.int8, low=-5, high=5)
    b = rand((19,), np.int32, seed=4, low=-20, high=20)
    r, q = loaded(text)["main"](a, b)
    m = a.astype(np.int32) * b
    expected = np.maximum(np.trunc(m / 3).astype(np.int32), b)
    np.testing.assert_array_equal(r, expected)
    np.testing.assert_array_equal(q, expected.astype(np.int8))


@pytest.mark.parametrize("op,ref,low,high", [
    ("math.exp", np.exp, -20.0, 20.0),
    ("math.tanh", np.tanh, -8.0, 8.0),
    ("math.sqrt", np.sqrt, 0.0, 100.0),
    ("math.log", np.log, 1e-3, 1e3),
    ("math.absf", np.abs, -5.0, 5.0),
    ("math.erf", None, -4.0, 4.0),
    ("math.sin", np.sin, -20.0, 20.0),
    ("math.exp2", np.exp2, -30.0, 30.0),
    ("math.log2", np.log2, 1e-3, 1e3),
    ("math.log1p", np.log1p, -0.9, 10.0),
    ("math.expm1", np.expm1, -5.0, 5.0),
    ("math.atan", np.arctan, -50.0, 50.0),
    ("math.cos", np.cos, -20.0, 20.0),
    ("math.rsqrt", lambda x: 1 / np.sqrt(x), 0.01, 100.0),
])
def test_math_ops_match_numpy(op, ref, low, high):
    text = f"""
#id = affine_map<(i) -> (i)>
func.func @main(%a: tensor<101xf32>) -> tensor<101xf32> {{
  %e = tensor.empty() : tensor<101xf32>
  %r = linalg.generic {{indexing_maps = [#id, #id], iterator_types = ["parallel"]}} ins(%a : tensor<101xf32>) outs(%e : tensor<101xf32>) {{
  ^bb0(%x: f32, %o: f32):
    %y = {op} %x : f32
    linalg.yield %y : f32
  }} -> tensor<101xf32>
  return %r : tensor<101xf32>
}}"""
    x = np.linspace(low, high, 101, dtype=np.float32)
    if ref is None:  # erf: numpy has none; math.erf is exact in double
        import math
        ref = np.vectorize(math.erf)
    np.testing.assert_allclose(loaded(text)["main"](x), ref(x.astype(np.float64)), rtol=8e-6, atol=3e-7)


def test_tensor_level_arith_is_converted_to_linalg():
    text = """
func.func @main(%a: tensor<9x4xf32>, %b: tensor<9x4xf32>) -> tensor<9x4xf32> {
  %s = arith.addf %a, %b : tensor<9x4xf32>
  %m = arith.mulf %s, %a : tensor<9x4xf32>
  return %m : tensor<9x4xf32>
}"""
    a, b = rand((9, 4)), rand((9, 4), seed=1)
    np.testing.assert_allclose(loaded(text)["main"](a, b), (a + b) * a, rtol=1e-6)


def test_insert_slice_into_a_large_input_needs_no_heap():
    text = """
func.func @main(%a: tensor<512x300xf32>, %b: tensor<2x300xf32>) -> tensor<512x300xf32> {
  %ins = tensor.insert_slice %b into %a[7, 0] [2, 300] [1, 1] : tensor<2x300xf32> into tensor<512x300xf32>
  return %ins : tensor<512x300xf32>
}"""
    a, b = rand((512, 300)), rand((2, 300), seed=3)
    expected = a.copy()
    expected[7:9] = b
    np.testing.assert_array_equal(loaded(text)["main"](a, b), expected)


def test_several_functions_and_results_share_one_module():
    text = """
#id = affine_map<(i) -> (i)>
func.func @double(%a: tensor<10xf32>) -> tensor<10xf32> {
  %e = tensor.empty() : tensor<10xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%a : tensor<10xf32>) outs(%e : tensor<10xf32>) {
  ^bb0(%x: f32, %o: f32):
    %y = arith.addf %x, %x : f32
    linalg.yield %y : f32
  } -> tensor<10xf32>
  return %r : tensor<10xf32>
}
func.func @weights_and_input(%a: tensor<3xi32>) -> (tensor<3xi32>, tensor<3xi32>, tensor<3xi32>) {
  %w = arith.constant dense<[10, 20, 30]> : tensor<3xi32>
  %e = tensor.empty() : tensor<3xi32>
  %r = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel"]} ins(%a, %w : tensor<3xi32>, tensor<3xi32>) outs(%e : tensor<3xi32>) {
  ^bb0(%x: i32, %y: i32, %o: i32):
    %s = arith.addi %x, %y : i32
    linalg.yield %s : i32
  } -> tensor<3xi32>
  return %r, %w, %a : tensor<3xi32>, tensor<3xi32>, tensor<3xi32>
}"""
    module = loaded(text)
    x = rand((10,))
    np.testing.assert_array_equal(module.double(x), x + x)
    a = np.array([1, 2, 3], np.int32)
    r, w, same = module.weights_and_input(a)
    np.testing.assert_array_equal(r, [11, 22, 33])
    np.testing.assert_array_equal(w, [10, 20, 30])
    np.testing.assert_array_equal(same, a)
    same[0] = 99  # results are the caller's own arrays, never views of inputs or constants
    assert a[0] == 1 and module.weights_and_input(a)[1][0] == 10


@pytest.mark.parametrize("driver", ["local-sync", "local-task"])
def test_workgroup_grids_give_identical_bits_on_any_thread_count(driver):
    text = """
func.func @main(%x: tensor<2x30x30x8xf32>, %w: tensor<3x3x8x24xf32>) -> tensor<2x28x28x24xf32> {
  %e = tensor.empty() : tensor<2x28x28x24xf32>
  %z = arith.constant 0.0 : f32
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<2x28x28x24xf32>) -> tensor<2x28x28x24xf32>
  %r = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
     ins(%x, %w : tensor<2x30x30x8xf32>, tensor<3x3x8x24xf32>) outs(%f : tensor<2x28x28x24xf32>) -> tensor<2x28x28x24xf32>
  %g = linalg.generic {indexing_maps = [affine_map<(a, b, c, d) -> (a, b, c, d)>, affine_map<(a, b, c, d) -> (a, b, c, d)>],
                       iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%r : tensor<2x28x28x24xf32>) outs(%e : tensor<2x28x28x24xf32>) {
  ^bb0(%v: f32, %o: f32):
    %t = math.tanh %v : f32
    linalg.yield %t : f32
  } -> tensor<2x28x28x24xf32>
  return %g : tensor<2x28x28x24xf32>
}"""
    from castiron.runtime import load_module
    from conftest import compiled
    data = compiled(text)
    x, w = rand((2, 30, 30, 8)), rand((3, 3, 8, 24), seed=1, low=-0.2, high=0.2)
    one = load_module(data, driver="local-sync").main(x, w)
    many = load_module(data, driver=driver, workers=3).main(x, w)
    entries = load_module(data).executable["entries"]
    assert any(np.prod(e["workgroup_count"]) > 1 for e in entries.values())
    assert np.array_equal(one, many)
    from test_e2e_linalg import conv_reference
    np.testing.assert_allclose(one, np.tanh(conv_reference(x, w, 1)), rtol=1e-4, atol=1e-5)


def test_reshapes_are_host_views_and_batch_matmul_through_them():
    text = """
func.func @main(%a: tensor<8x12x16x24xf32>, %b: tensor<8x12x24x16xf32>) -> (tensor<8x12x16x16xf32>, tensor<96x384xf32>) {
  %a3 = tensor.collapse_shape %a [[0, 1], [2], [3]] : tensor<8x12x16x24xf32> into tensor<96x16x24xf32>
  %b3 = tensor.collapse_shape %b [[0, 1], [2], [3]] : tensor<8x12x24x16xf32> into tensor<96x24x16xf32>
  %e = tensor.empty() : tensor<96x16x16xf32>
  %z = arith.constant 0.0 : f32
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<96x16x16xf32>) -> tensor<96x16x16xf32>
  %r = linalg.batch_matmul ins(%a3, %b3 : tensor<96x16x24xf32>, tensor<96x24x16xf32>) outs(%f : tensor<96x16x16xf32>) -> tensor<96x16x16xf32>
  %o = tensor.expand_shape %r [[0, 1], [2], [3]] output_shape [8, 12, 16, 16] : tensor<96x16x16xf32> into tensor<8x12x16x16xf32>
  %flat = tensor.collapse_shape %a [[0, 1], [2, 3]] : tensor<8x12x16x24xf32> into tensor<96x384xf32>
  return %o, %flat : tensor<8x12x16x16xf32>, tensor<96x384xf32>
}"""
    import castiron
    staged = castiron.compile_str(text, compile_to="dispatch-creation")
    assert staged.count("castiron.dispatch @") == 1  # only the matmul: reshapes are views
    a, b = rand((8, 12, 16, 24)), rand((8, 12, 24, 16), seed=2)
    out, flat = loaded(text)["main"](a, b)
    np.testing.assert_allclose(out, a @ b, rtol=1e-5, atol=1e-5)
    np.testing.assert_array_equal(flat, a.reshape(96, 384))
    flat[0, 0] = 42.0  # a returned view is the caller's own copy
    assert a[0, 0, 0, 0] != 42.0


def test_large_concat_and_reversed_read_need_no_heap():
    text = """
func.func @main(%a: tensor<1x56x56x64xf32>, %b: tensor<1x56x56x64xf32>) -> (tensor<1x56x56x128xf32>, tensor<1x56x56x64xf32>) {
  %c = tensor.concat dim(3) %a, %b : (tensor<1x56x56x64xf32>, tensor<1x56x56x64xf32>) -> tensor<1x56x56x128xf32>
  %e = tensor.empty() : tensor<1x56x56x64xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, 55 - d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%a : tensor<1x56x56x64xf32>) outs(%e : tensor<1x56x56x64xf32>) {
  ^bb0(%x: f32, %o: f32):
    linalg.yield %x : f32
  } -> tensor<1x56x56x64xf32>
  return %c, %r : tensor<1x56x56x128xf32>, tensor<1x56x56x64xf32>
}"""
    a, b = rand((1, 56, 56, 64)), rand((1, 56, 56, 64), seed=5)
    cat, rev = loaded(text)["main"](a, b)
    np.testing.assert_array_equal(cat, np.concatenate([a, b], axis=3))
    np.testing.assert_array_equal(rev, a[:, ::-1])


def test_powf_matches_numpy_including_negative_bases():
    text = """
#id = affine_map<(i) -> (i)>
func.func @main(%a: tensor<9xf32>, %b: tensor<9xf32>) -> tensor<9xf32> {
  %e = tensor.empty() : tensor<9xf32>
  %r = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel"]} ins(%a, %b : tensor<9xf32>, tensor<9xf32>) outs(%e : tensor<9xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %p = math.powf %x, %y : f32
    linalg.yield %p : f32
  } -> tensor<9xf32>
  return %r : tensor<9xf32>
}"""
    x = np.array([2.0, 3.5, 0.5, -2.0, -2.0, 0.0, 0.0, 10.0, 7.0], np.float32)
    y = np.array([3.0, 0.5, -2.0, 3.0, 2.0, 2.0, 0.0, -1.5, 0.0], np.float32)
    np.testing.assert_allclose(loaded(text)["main"](x, y), np.power(x.astype(np.float64), y), rtol=2e-6)


def test_boolean_tensors_cross_the_abi_as_bytes():
    text = """
#id = affine_map<(i) -> (i)>
func.func @main(%a: tensor<7xf32>, %b: tensor<7xf32>, %m: tensor<7xi1>) -> (tensor<7xi1>, tensor<7xf32>) {
  %e1 = tensor.empty() : tensor<7xi1>
  %gt = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel"]} ins(%a, %b : tensor<7xf32>, tensor<7xf32>) outs(%e1 : tensor<7xi1>) {
  ^bb0(%x: f32, %y: f32, %o: i1):
    %c = arith.cmpf ogt, %x, %y : f32
    linalg.yield %c : i1
  } -> tensor<7xi1>
  %e2 = tensor.empty() : tensor<7xf32>
  %sel = linalg.generic {indexing_maps = [#id, #id, #id, #id], iterator_types = ["parallel"]} ins(%m, %a, %b : tensor<7xi1>, tensor<7xf32>, tensor<7xf32>) outs(%e2 : tensor<7xf32>) {
  ^bb0(%k: i1, %x: f32, %y: f32, %o: f32):
    %s = arith.select %k, %x, %y : f32
    linalg.yield %s : f32
  } -> tensor<7xf32>
  return %gt, %sel : tensor<7xi1>, tensor<7xf32>
}"""
    a, b = rand((7,)), rand((7,), seed=9)
    mask = np.array([True, False, True, True, False, False, True])
    gt, sel = loaded(text)["main"](a, b, mask)
    assert gt.dtype == np.bool_
    np.testing.assert_array_equal(gt, a > b)
    np.testing.assert_array_equal(sel, np.where(mask, a, b))


@pytest.mark.parametrize("rows", [1, 7, 48, 130])
def test_generic_reading_through_mod_and_floordiv_matches_numpy(rows):
    """A loop that indexes an operand through mod/floordiv stays whole (its tiles would read the
    wrong elements); the other loops are still tiled into workgroups."""
    text = f"""
func.func @main(%x: tensor<{rows}x201xf32>) -> tensor<{rows}x201xf32> {{
  %e = tensor.empty() : tensor<{rows}x201xf32>
  %y = linalg.generic {{indexing_maps = [affine_map<(d0, d1) -> (d0, (d1 mod 3) * 67 + d1 floordiv 3)>,
                                         affine_map<(d0, d1) -> (d0, d1)>],
                        iterator_types = ["parallel", "parallel"]}}
      ins(%x : tensor<{rows}x201xf32>) outs(%e : tensor<{rows}x201xf32>) {{
  ^bb0(%a: f32, %b: f32):
    %s = arith.addf %a, %a : f32
    linalg.yield %s : f32
  }} -> tensor<{rows}x201xf32>
  return %y : tensor<{rows}x201xf32>
}}"""
    x = rand((rows, 201))
    d1 = np.arange(201)
    np.testing.assert_array_equal(loaded(text)["main"](x), 2 * x[:, (d1 % 3) * 67 + d1 // 3])
