// tensor ops: pad, extract_slice, insert_slice, collapse_shape, expand_shape, concat
// Generated expected values: computed with numpy (float64, rounded to f32).
// Build: castiron-compile FILE -o F.vmfb && castiron-check-module F.vmfb

func.func @tensor_pad_f32_low12_high20() {
  %c1 = util.unfoldable_constant dense<[[0.5, 1.59, 1.1], [-1.1, -0.8, 1.49]]> : tensor<2x3xf32>
  %p = tensor.pad %c1 low[1, 2] high[2, 0] {
  ^bb0(%i: index, %j: index):
    %cst = arith.constant 0.5 : f32
    tensor.yield %cst : f32
  } : tensor<2x3xf32> to tensor<5x5xf32>
  check.expect_eq_const(%p, dense<[[0.5, 0.5, 0.5, 0.5, 0.5], [0.5, 0.5, 0.5, 1.59, 1.1], [0.5, 0.5, -1.1, -0.8, 1.49], [0.5, 0.5, 0.5, 0.5, 0.5], [0.5, 0.5, 0.5, 0.5, 0.5]]> : tensor<5x5xf32>) : tensor<5x5xf32>
  return
}

func.func @tensor_pad_i32_3d() {
  %c1 = util.unfoldable_constant dense<[[[8, -9, 0], [6, -7, 6]]]> : tensor<1x2x3xi32>
  %cst = arith.constant -7 : i32
  %p = tensor.pad %c1 low[0, 1, 0] high[1, 1, 2] {
  ^bb0(%i: index, %j: index, %k: index):
    tensor.yield %cst : i32
  } : tensor<1x2x3xi32> to tensor<2x4x5xi32>
  check.expect_eq_const(%p, dense<[[[-7, -7, -7, -7, -7], [8, -9, 0, -7, -7], [6, -7, 6, -7, -7], [-7, -7, -7, -7, -7]], [[-7, -7, -7, -7, -7], [-7, -7, -7, -7, -7], [-7, -7, -7, -7, -7], [-7, -7, -7, -7, -7]]]> : tensor<2x4x5xi32>) : tensor<2x4x5xi32>
  return
}

func.func @tensor_pad_i8_then_add() {
  %c1 = util.unfoldable_constant dense<[[-7, -1, 6], [-4, -3, -4], [4, -5, 9]]> : tensor<3x3xi8>
  %zero = arith.constant 0 : i8
  %p = tensor.pad %c1 low[1, 1] high[1, 1] {
  ^bb0(%i: index, %j: index):
    tensor.yield %zero : i8
  } : tensor<3x3xi8> to tensor<5x5xi8>
  %e2 = tensor.empty() : tensor<5x5xi8>
  %g3 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%p : tensor<5x5xi8>) outs(%e2 : tensor<5x5xi8>) {
  ^bb0(%a0: i8, %o: i8):
    %one = arith.constant 1 : i8
    %r = arith.addi %a0, %one : i8
    linalg.yield %r : i8
  } -> tensor<5x5xi8>
  check.expect_eq_const(%g3, dense<[[1, 1, 1, 1, 1], [1, -6, 0, 7, 1], [1, -3, -2, -3, 1], [1, 5, -4, 10, 1], [1, 1, 1, 1, 1]]> : tensor<5x5xi8>) : tensor<5x5xi8>
  return
}

func.func @tensor_extract_slice_strided_f32() {
  %c1 = util.unfoldable_constant dense<[[0.02, 0.21, 1.98, 1.17, 0.49, 1.96, -1.14], [-1.36, 0.45, -1.82, -1.86, 0.06, -0.14, 1.67], [0.52, 0.06, -0.01, -1.01, -1.95, -1.23, 0.77], [-1.2, -0.52, -1.99, 1.32, -1.38, -0.93, 1.52], [0.04, 1.39, 0.56, 0.97, -1.63, 0.16, 0.03]]> : tensor<5x7xf32>
  %s = tensor.extract_slice %c1[1, 2] [2, 3] [2, 2] : tensor<5x7xf32> to tensor<2x3xf32>
  check.expect_eq_const(%s, dense<[[-1.82, 0.06, 1.67], [-1.99, -1.38, 1.52]]> : tensor<2x3xf32>) : tensor<2x3xf32>
  return
}

func.func @tensor_extract_slice_rank_reducing_i32() {
  %c1 = util.unfoldable_constant dense<[[[-1, 2, 7, 4, -3], [3, 2, -7, -8, 3], [-2, 2, -3, -5, -7], [-2, 6, -2, -2, 1]], [[9, -2, 2, -1, 2], [-1, 3, 1, 3, 9], [-7, 1, -1, -3, -5], [-9, -2, 6, -8, -2]], [[9, 9, -5, -9, 3], [-9, -4, 0, 7, -8], [3, 1, -7, 7, 7], [0, 8, 2, 8, 9]]]> : tensor<3x4x5xi32>
  %s = tensor.extract_slice %c1[2, 1, 0] [1, 3, 5] [1, 1, 1] : tensor<3x4x5xi32> to tensor<3x5xi32>
  check.expect_eq_const(%s, dense<[[-9, -4, 0, 7, -8], [3, 1, -7, 7, 7], [0, 8, 2, 8, 9]]> : tensor<3x5xi32>) : tensor<3x5xi32>
  return
}

func.func @tensor_insert_slice_f32() {
  %c1 = util.unfoldable_constant dense<[[-1.42, -1.23, 1.71, 0.21, -1.28], [1.54, 0.57, 0.28, -0.49, -0.36], [-1.04, -1.85, 1.5, -0.13, 0.19], [-0.71, 1.01, -1.9, -0.51, -1.88]]> : tensor<4x5xf32>
  %c2 = util.unfoldable_constant dense<[[-1.51, 1.87], [0.63, -0.29]]> : tensor<2x2xf32>
  %s = tensor.insert_slice %c2 into %c1[1, 2] [2, 2] [1, 1] : tensor<2x2xf32> into tensor<4x5xf32>
  check.expect_eq_const(%s, dense<[[-1.42, -1.23, 1.71, 0.21, -1.28], [1.54, 0.57, -1.51, 1.87, -0.36], [-1.04, -1.85, 0.63, -0.29, 0.19], [-0.71, 1.01, -1.9, -0.51, -1.88]]> : tensor<4x5xf32>) : tensor<4x5xf32>
  return
}

func.func @tensor_insert_slice_strided_i8() {
  %c1 = util.unfoldable_constant dense<[[1, -8, 0, -1, 7, 3], [-3, -8, 2, -4, 3, 7], [-3, 8, 0, 1, 5, 5], [8, 9, -7, -2, 8, -4], [-9, 1, 5, 5, 6, 3]]> : tensor<5x6xi8>
  %c2 = util.unfoldable_constant dense<[[-7, 7], [-2, 7], [6, 9]]> : tensor<3x2xi8>
  %s = tensor.insert_slice %c2 into %c1[0, 1] [3, 2] [2, 3] : tensor<3x2xi8> into tensor<5x6xi8>
  check.expect_eq_const(%s, dense<[[1, -7, 0, -1, 7, 3], [-3, -8, 2, -4, 3, 7], [-3, -2, 0, 1, 7, 5], [8, 9, -7, -2, 8, -4], [-9, 6, 5, 5, 9, 3]]> : tensor<5x6xi8>) : tensor<5x6xi8>
  return
}

func.func @tensor_collapse_shape_f32_2x3x4_to_6x4() {
  %c1 = util.unfoldable_constant dense<[[[0.51, 1.17, 0.05, 0.9], [-1.09, -1.21, -0.55, -1.28], [-0.62, 1.79, 0.29, -0.64]], [[-0.91, 1.81, -0.22, 1.92], [0.06, 0.08, 1.59, 0.97], [0.32, -0.29, 1.51, -0.35]]]> : tensor<2x3x4xf32>
  %c = tensor.collapse_shape %c1 [[0, 1], [2]] : tensor<2x3x4xf32> into tensor<6x4xf32>
  %e2 = tensor.empty() : tensor<6x4xf32>
  %g3 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%c : tensor<6x4xf32>) outs(%e2 : tensor<6x4xf32>) {
  ^bb0(%a0: f32, %o: f32):
    %two = arith.constant 2.0 : f32
    %r = arith.mulf %a0, %two : f32
    linalg.yield %r : f32
  } -> tensor<6x4xf32>
  check.expect_eq_const(%g3, dense<[[1.02, 2.34, 0.1, 1.8], [-2.18, -2.42, -1.1, -2.56], [-1.24, 3.58, 0.58, -1.28], [-1.82, 3.62, -0.44, 3.84], [0.12, 0.16, 3.18, 1.94], [0.64, -0.58, 3.02, -0.7]]> : tensor<6x4xf32>) : tensor<6x4xf32>
  return
}

func.func @tensor_expand_shape_i32_12_to_3x4() {
  %c1 = util.unfoldable_constant dense<[-9, 4, 8, -8, -8, -5, -1, -6, 0, 1, 9, 5]> : tensor<12xi32>
  %c = tensor.expand_shape %c1 [[0, 1]] output_shape [3, 4] : tensor<12xi32> into tensor<3x4xi32>
  check.expect_eq_const(%c, dense<[[-9, 4, 8, -8], [-8, -5, -1, -6], [0, 1, 9, 5]]> : tensor<3x4xi32>) : tensor<3x4xi32>
  return
}

func.func @tensor_collapse_expand_unit_dims_f32() {
  %c1 = util.unfoldable_constant dense<[[[[1.22, 0.71, 0.87]], [[0.52, 1.89, -0.67]], [[-0.41, -1.19, -1.8]], [[-1.15, 1.66, 1.36]], [[-1.55, 0.42, -0.08]]]]> : tensor<1x5x1x3xf32>
  %c = tensor.collapse_shape %c1 [[0, 1], [2, 3]] : tensor<1x5x1x3xf32> into tensor<5x3xf32>
  %d = tensor.expand_shape %c [[0], [1, 2]] output_shape [5, 3, 1] : tensor<5x3xf32> into tensor<5x3x1xf32>
  check.expect_eq_const(%d, dense<[[[1.22], [0.71], [0.87]], [[0.52], [1.89], [-0.67]], [[-0.41], [-1.19], [-1.8]], [[-1.15], [1.66], [1.36]], [[-1.55], [0.42], [-0.08]]]> : tensor<5x3x1xf32>) : tensor<5x3x1xf32>
  return
}

func.func @tensor_concat_dim0_f32() {
  %c1 = util.unfoldable_constant dense<[[0.38, 0.64, -0.77], [1.85, -0.14, 0.51]]> : tensor<2x3xf32>
  %c2 = util.unfoldable_constant dense<[[0.54, -1.26, -1.75]]> : tensor<1x3xf32>
  %c3 = util.unfoldable_constant dense<[[-0.35, 1.06, 1.26], [0.92, -1.55, 1.65], [1.21, 1.51, 0.09]]> : tensor<3x3xf32>
  %cat = tensor.concat dim(0) %c1, %c2, %c3 : (tensor<2x3xf32>, tensor<1x3xf32>, tensor<3x3xf32>) -> tensor<6x3xf32>
  check.expect_eq_const(%cat, dense<[[0.38, 0.64, -0.77], [1.85, -0.14, 0.51], [0.54, -1.26, -1.75], [-0.35, 1.06, 1.26], [0.92, -1.55, 1.65], [1.21, 1.51, 0.09]]> : tensor<6x3xf32>) : tensor<6x3xf32>
  return
}

func.func @tensor_concat_dim1_i32() {
  %c1 = util.unfoldable_constant dense<[[-5], [6]]> : tensor<2x1xi32>
  %c2 = util.unfoldable_constant dense<[[8, -4, -9, -6], [-9, -1, -9, -5]]> : tensor<2x4xi32>
  %cat = tensor.concat dim(1) %c1, %c2 : (tensor<2x1xi32>, tensor<2x4xi32>) -> tensor<2x5xi32>
  check.expect_eq_const(%cat, dense<[[-5, 8, -4, -9, -6], [6, -9, -1, -9, -5]]> : tensor<2x5xi32>) : tensor<2x5xi32>
  return
}

func.func @tensor_extract_slice_into_matmul_f32() {
  %c1 = util.unfoldable_constant dense<[[-1.01, -1.25, 0.27, -1.84, 0.36, -1.34], [0.71, -1.92, -0.76, 1.75, 0.15, 1.25], [0.63, 0.44, -1.23, 0.3, -1.84, 1.21], [1.84, 1.42, -1.8, -0.65, -0.73, -1.55]]> : tensor<4x6xf32>
  %c2 = util.unfoldable_constant dense<[[0.51, 1.19], [-0.75, 1.45], [1.19, -1.48]]> : tensor<3x2xf32>
  %s = tensor.extract_slice %c1[1, 3] [3, 3] [1, 1] : tensor<4x6xf32> to tensor<3x3xf32>
  %e3 = tensor.empty() : tensor<3x2xf32>
  %z4 = arith.constant 0.0 : f32
  %fill5 = linalg.fill ins(%z4 : f32) outs(%e3 : tensor<3x2xf32>) -> tensor<3x2xf32>
  %m = linalg.matmul ins(%s, %c2 : tensor<3x3xf32>, tensor<3x2xf32>) outs(%fill5 : tensor<3x2xf32>) -> tensor<3x2xf32>
  check.expect_almost_eq_const(%m, dense<[[2.2675002, 0.45000008], [2.9729002, -4.1018], [-1.6285, 0.4619999]]> : tensor<3x2xf32>) : tensor<3x2xf32>
  return
}
