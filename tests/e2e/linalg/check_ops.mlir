// the check dialect itself: expect_true/false on scalars, expect_all_true, expect_eq and expect_almost_eq between computed tensors
// Generated expected values: computed with numpy (float64, rounded to f32).
// Build: castiron-compile FILE -o F.vmfb && castiron-check-module F.vmfb

func.func @check_expect_true_scalar() {
  %s1 = util.unfoldable_constant 1 : i32
  check.expect_true(%s1) : i32
  return
}

func.func @check_expect_false_scalar() {
  %s1 = util.unfoldable_constant 0 : i32
  check.expect_false(%s1) : i32
  return
}

func.func @check_expect_all_true_cmpi() {
  %c1 = util.unfoldable_constant dense<[4, -3, -5, 9]> : tensor<4xi32>
  %e2 = tensor.empty() : tensor<4xi32>
  %g3 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%c1 : tensor<4xi32>) outs(%e2 : tensor<4xi32>) {
  ^bb0(%a0: i32, %o: i32):
    %big = arith.constant 100 : i32
    %p = arith.cmpi slt, %a0, %big : i32
    %r = arith.extui %p : i1 to i32
    linalg.yield %r : i32
  } -> tensor<4xi32>
  check.expect_all_true(%g3) : tensor<4xi32>
  return
}

func.func @check_expect_eq_transpose_twice_i32() {
  %c1 = util.unfoldable_constant dense<[[-6, -3, 3, 5, 3], [7, -9, -2, 1, -1], [-2, -2, -9, -7, 1]]> : tensor<3x5xi32>
  %e2 = tensor.empty() : tensor<5x3xi32>
  %t1 = linalg.transpose ins(%c1 : tensor<3x5xi32>) outs(%e2 : tensor<5x3xi32>) permutation = [1, 0]
  %e3 = tensor.empty() : tensor<3x5xi32>
  %t2 = linalg.transpose ins(%t1 : tensor<5x3xi32>) outs(%e3 : tensor<3x5xi32>) permutation = [1, 0]
  check.expect_eq(%t2, %c1) : tensor<3x5xi32>
  return
}

func.func @check_expect_almost_eq_distributive_f32() {
  %c1 = util.unfoldable_constant dense<[[-1.03, -0.97, -1.26, -1.22, 1.26, -0.31, -0.98], [0.36, 0.42, 0.59, 1.65, -1.4, -0.51, -0.86]]> : tensor<2x7xf32>
  %c2 = util.unfoldable_constant dense<[[-1.93, -1.27, -0.42, -0.43, 0.47, -0.19, 0.43], [-1.11, -1.46, -0.68, -1.62, -0.54, -0.16, 0.88]]> : tensor<2x7xf32>
  %c3 = util.unfoldable_constant dense<[[1.47, -1.79, 1.82, 0.88, 1.96, -1.52, -0.5], [0.01, 0.99, -0.76, -0.2, -0.9, -0.2, 0.04]]> : tensor<2x7xf32>
  %e4 = tensor.empty() : tensor<2x7xf32>
  %g5 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%c1, %c2, %c3 : tensor<2x7xf32>, tensor<2x7xf32>, tensor<2x7xf32>) outs(%e4 : tensor<2x7xf32>) {
  ^bb0(%a0: f32, %a1: f32, %a2: f32, %o: f32):
    %s = arith.addf %a0, %a1 : f32
    %r = arith.mulf %s, %a2 : f32
    linalg.yield %r : f32
  } -> tensor<2x7xf32>
  %e6 = tensor.empty() : tensor<2x7xf32>
  %g7 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%c1, %c2, %c3 : tensor<2x7xf32>, tensor<2x7xf32>, tensor<2x7xf32>) outs(%e6 : tensor<2x7xf32>) {
  ^bb0(%a0: f32, %a1: f32, %a2: f32, %o: f32):
    %p = arith.mulf %a0, %a2 : f32
    %q = arith.mulf %a1, %a2 : f32
    %r = arith.addf %p, %q : f32
    linalg.yield %r : f32
  } -> tensor<2x7xf32>
  check.expect_almost_eq(%g5, %g7, atol 1.0e-05) : tensor<2x7xf32>
  return
}
