// broadcasting linalg.generic maps, linalg.transpose, linalg.broadcast
// Generated expected values: computed with numpy (float64, rounded to f32).
// Build: castiron-compile FILE -o F.vmfb && castiron-check-module F.vmfb

func.func @generic_add_broadcast_row_f32() {
  %c1 = util.unfoldable_constant dense<[[0.15, -0.63, -0.52, -0.5, 1.95], [0.53, 0.7, -0.68, 0.72, -1.51], [-1.79, 1.4, -1.96, 1.92, 1.31]]> : tensor<3x5xf32>
  %c2 = util.unfoldable_constant dense<[1.14, -1.81, -1.17, 1.4, -0.27]> : tensor<5xf32>
  %e3 = tensor.empty() : tensor<3x5xf32>
  %g4 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%c1, %c2 : tensor<3x5xf32>, tensor<5xf32>) outs(%e3 : tensor<3x5xf32>) {
  ^bb0(%a0: f32, %a1: f32, %o: f32):
    %r = arith.addf %a0, %a1 : f32
    linalg.yield %r : f32
  } -> tensor<3x5xf32>
  check.expect_almost_eq_const(%g4, dense<[[1.29, -2.44, -1.6899999, 0.9, 1.6800001], [1.67, -1.1099999, -1.8499999, 2.12, -1.78], [-0.65, -0.40999997, -3.13, 3.32, 1.04]]> : tensor<3x5xf32>) : tensor<3x5xf32>
  return
}

func.func @generic_sub_broadcast_column_i32() {
  %c1 = util.unfoldable_constant dense<[[1, 2, 5, -7, 5], [-6, 1, 0, 7, 5], [-6, 1, -9, -7, -1]]> : tensor<3x5xi32>
  %c2 = util.unfoldable_constant dense<[7, -5, -7]> : tensor<3xi32>
  %e3 = tensor.empty() : tensor<3x5xi32>
  %g4 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%c1, %c2 : tensor<3x5xi32>, tensor<3xi32>) outs(%e3 : tensor<3x5xi32>) {
  ^bb0(%a0: i32, %a1: i32, %o: i32):
    %r = arith.subi %a0, %a1 : i32
    linalg.yield %r : i32
  } -> tensor<3x5xi32>
  check.expect_eq_const(%g4, dense<[[-6, -5, -2, -14, -2], [-1, 6, 5, 12, 10], [1, 8, -2, 0, 6]]> : tensor<3x5xi32>) : tensor<3x5xi32>
  return
}

func.func @generic_outer_product_f32_3x4() {
  %c1 = util.unfoldable_constant dense<[-0.24, 0.35, -0.72]> : tensor<3xf32>
  %c2 = util.unfoldable_constant dense<[-0.33, 1.55, -0.18, 0.16]> : tensor<4xf32>
  %e3 = tensor.empty() : tensor<3x4xf32>
  %g4 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%c1, %c2 : tensor<3xf32>, tensor<4xf32>) outs(%e3 : tensor<3x4xf32>) {
  ^bb0(%a0: f32, %a1: f32, %o: f32):
    %r = arith.mulf %a0, %a1 : f32
    linalg.yield %r : f32
  } -> tensor<3x4xf32>
  check.expect_almost_eq_const(%g4, dense<[[0.0792, -0.37199998, 0.0432, -0.038399998], [-0.1155, 0.54249996, -0.063, 0.055999998], [0.23760001, -1.116, 0.1296, -0.115200005]]> : tensor<3x4xf32>) : tensor<3x4xf32>
  return
}

func.func @generic_mul_broadcast_0d_f32() {
  %c1 = util.unfoldable_constant dense<[[[1.88, -0.9, 1.58]], [[-0.55, -0.75, 1.53]]]> : tensor<2x1x3xf32>
  %c2 = util.unfoldable_constant dense<0.75> : tensor<f32>
  %e3 = tensor.empty() : tensor<2x1x3xf32>
  %g4 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> ()>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%c1, %c2 : tensor<2x1x3xf32>, tensor<f32>) outs(%e3 : tensor<2x1x3xf32>) {
  ^bb0(%a0: f32, %a1: f32, %o: f32):
    %r = arith.mulf %a0, %a1 : f32
    linalg.yield %r : f32
  } -> tensor<2x1x3xf32>
  check.expect_almost_eq_const(%g4, dense<[[[1.41, -0.67499995, 1.1850001]], [[-0.41250002, -0.5625, 1.1475]]]> : tensor<2x1x3xf32>) : tensor<2x1x3xf32>
  return
}

func.func @generic_add_broadcast_both_i8_2x3x4() {
  %c1 = util.unfoldable_constant dense<[[-2, -8, 0, 7], [6, 6, 5, 7]]> : tensor<2x4xi8>
  %c2 = util.unfoldable_constant dense<[-4, -8, 4]> : tensor<3xi8>
  %e3 = tensor.empty() : tensor<2x3x4xi8>
  %g4 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d1)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%c1, %c2 : tensor<2x4xi8>, tensor<3xi8>) outs(%e3 : tensor<2x3x4xi8>) {
  ^bb0(%a0: i8, %a1: i8, %o: i8):
    %r = arith.addi %a0, %a1 : i8
    linalg.yield %r : i8
  } -> tensor<2x3x4xi8>
  check.expect_eq_const(%g4, dense<[[[-6, -12, -4, 3], [-10, -16, -8, -1], [2, -4, 4, 11]], [[2, 2, 1, 3], [-2, -2, -3, -1], [10, 10, 9, 11]]]> : tensor<2x3x4xi8>) : tensor<2x3x4xi8>
  return
}

func.func @linalg_transpose_f32_3x5() {
  %c1 = util.unfoldable_constant dense<[[1.1, -0.25, -1.98, 0.77, 1.2], [1.89, -1.4, -0.99, 1.37, -1.63], [-0.9, -0.19, -0.33, 0.17, 1.47]]> : tensor<3x5xf32>
  %e2 = tensor.empty() : tensor<5x3xf32>
  %t = linalg.transpose ins(%c1 : tensor<3x5xf32>) outs(%e2 : tensor<5x3xf32>) permutation = [1, 0]
  check.expect_eq_const(%t, dense<[[1.1, 1.89, -0.9], [-0.25, -1.4, -0.19], [-1.98, -0.99, -0.33], [0.77, 1.37, 0.17], [1.2, -1.63, 1.47]]> : tensor<5x3xf32>) : tensor<5x3xf32>
  return
}

func.func @linalg_transpose_i32_2x3x4_perm201() {
  %c1 = util.unfoldable_constant dense<[[[-5, 1, 2, 9], [3, -4, 2, -8], [-5, -4, -1, 2]], [[9, -6, 8, -7], [5, 8, 1, 0], [7, -8, 2, 7]]]> : tensor<2x3x4xi32>
  %e2 = tensor.empty() : tensor<4x2x3xi32>
  %t = linalg.transpose ins(%c1 : tensor<2x3x4xi32>) outs(%e2 : tensor<4x2x3xi32>) permutation = [2, 0, 1]
  check.expect_eq_const(%t, dense<[[[-5, 3, -5], [9, 5, 7]], [[1, -4, -4], [-6, 8, -8]], [[2, 2, -1], [8, 1, 2]], [[9, -8, 2], [-7, 0, 7]]]> : tensor<4x2x3xi32>) : tensor<4x2x3xi32>
  return
}

func.func @linalg_transpose_i8_1x7x2_perm021() {
  %c1 = util.unfoldable_constant dense<[[[-2, -4], [1, -8], [-6, -1], [1, 2], [-4, -6], [5, -9], [6, -7]]]> : tensor<1x7x2xi8>
  %e2 = tensor.empty() : tensor<1x2x7xi8>
  %t = linalg.transpose ins(%c1 : tensor<1x7x2xi8>) outs(%e2 : tensor<1x2x7xi8>) permutation = [0, 2, 1]
  check.expect_eq_const(%t, dense<[[[-2, 1, -6, 1, -4, 5, 6], [-4, -8, -1, 2, -6, -9, -7]]]> : tensor<1x2x7xi8>) : tensor<1x2x7xi8>
  return
}

func.func @linalg_broadcast_f32_5_to_3x5() {
  %c1 = util.unfoldable_constant dense<[1.34, -1.76, 0.9, 1.23, 1.49]> : tensor<5xf32>
  %e2 = tensor.empty() : tensor<3x5xf32>
  %b = linalg.broadcast ins(%c1 : tensor<5xf32>) outs(%e2 : tensor<3x5xf32>) dimensions = [0]
  check.expect_eq_const(%b, dense<[[1.34, -1.76, 0.9, 1.23, 1.49], [1.34, -1.76, 0.9, 1.23, 1.49], [1.34, -1.76, 0.9, 1.23, 1.49]]> : tensor<3x5xf32>) : tensor<3x5xf32>
  return
}

func.func @linalg_broadcast_i8_3_to_3x2x4() {
  %c1 = util.unfoldable_constant dense<[9, -8, 0]> : tensor<3xi8>
  %e2 = tensor.empty() : tensor<3x2x4xi8>
  %b = linalg.broadcast ins(%c1 : tensor<3xi8>) outs(%e2 : tensor<3x2x4xi8>) dimensions = [1, 2]
  check.expect_eq_const(%b, dense<[[[9, 9, 9, 9], [9, 9, 9, 9]], [[-8, -8, -8, -8], [-8, -8, -8, -8]], [[0, 0, 0, 0], [0, 0, 0, 0]]]> : tensor<3x2x4xi8>) : tensor<3x2x4xi8>
  return
}

func.func @linalg_broadcast_i32_2x3_to_2x5x3() {
  %c1 = util.unfoldable_constant dense<[[5, 0, 4], [1, -2, -7]]> : tensor<2x3xi32>
  %e2 = tensor.empty() : tensor<2x5x3xi32>
  %b = linalg.broadcast ins(%c1 : tensor<2x3xi32>) outs(%e2 : tensor<2x5x3xi32>) dimensions = [1]
  check.expect_eq_const(%b, dense<[[[5, 0, 4], [5, 0, 4], [5, 0, 4], [5, 0, 4], [5, 0, 4]], [[1, -2, -7], [1, -2, -7], [1, -2, -7], [1, -2, -7], [1, -2, -7]]]> : tensor<2x5x3xi32>) : tensor<2x5x3xi32>
  return
}

func.func @generic_transpose_add_f32() {
  %c1 = util.unfoldable_constant dense<[[1.83, 1.95, -0.95], [1.83, -1.17, -1.66], [0.93, 1.27, -1.2], [1.82, -0.4, -1.26]]> : tensor<4x3xf32>
  %c2 = util.unfoldable_constant dense<[[-0.8, -1.55, 1.09, -0.86], [0.77, -0.16, -1.5, 0.35], [1.87, -1.26, 1.85, -1.53]]> : tensor<3x4xf32>
  %e3 = tensor.empty() : tensor<3x4xf32>
  %g4 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1, d0)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%c1, %c2 : tensor<4x3xf32>, tensor<3x4xf32>) outs(%e3 : tensor<3x4xf32>) {
  ^bb0(%a0: f32, %a1: f32, %o: f32):
    %r = arith.addf %a0, %a1 : f32
    linalg.yield %r : f32
  } -> tensor<3x4xf32>
  check.expect_almost_eq_const(%g4, dense<[[1.03, 0.2800001, 2.02, 0.96000004], [2.72, -1.3299999, -0.23000002, -0.050000012], [0.92, -2.92, 0.65, -2.79]]> : tensor<3x4xf32>) : tensor<3x4xf32>
  return
}
