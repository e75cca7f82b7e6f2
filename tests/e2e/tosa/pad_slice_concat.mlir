// TOSA pad (const_shape padding, pad_const), slice, concat
// TOSA input (MLIR 22 syntax), lowered by castiron through upstream tosa-to-linalg.
// Expected values computed with numpy (float64, rounded to f32).

func.func @tosa_pad_f32_const() {
  %c1 = util.unfoldable_constant dense<[[-0.23, 0.27, 1.63], [-0.98, 0.36, -0.56]]> : tensor<2x3xf32>
  %sh2 = tosa.const_shape {values = dense<[1, 2, 0, 3]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %k3 = "tosa.const"() <{values = dense<[1.5]> : tensor<1xf32>}> : () -> tensor<1xf32>
  %t4 = tosa.pad %c1, %sh2, %k3 : (tensor<2x3xf32>, !tosa.shape<4>, tensor<1xf32>) -> tensor<5x6xf32>
  check.expect_eq_const(%t4, dense<[[1.5, 1.5, 1.5, 1.5, 1.5, 1.5], [-0.23, 0.27, 1.63, 1.5, 1.5, 1.5], [-0.98, 0.36, -0.56, 1.5, 1.5, 1.5], [1.5, 1.5, 1.5, 1.5, 1.5, 1.5], [1.5, 1.5, 1.5, 1.5, 1.5, 1.5]]> : tensor<5x6xf32>) : tensor<5x6xf32>
  return
}

func.func @tosa_pad_i8_min() {
  %c1 = util.unfoldable_constant dense<[[8, 5], [7, 1], [-2, -6]]> : tensor<3x2xi8>
  %sh2 = tosa.const_shape {values = dense<[0, 1, 2, 1]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %k3 = "tosa.const"() <{values = dense<[-128]> : tensor<1xi8>}> : () -> tensor<1xi8>
  %t4 = tosa.pad %c1, %sh2, %k3 : (tensor<3x2xi8>, !tosa.shape<4>, tensor<1xi8>) -> tensor<4x5xi8>
  check.expect_eq_const(%t4, dense<[[-128, -128, 8, 5, -128], [-128, -128, 7, 1, -128], [-128, -128, -2, -6, -128], [-128, -128, -128, -128, -128]]> : tensor<4x5xi8>) : tensor<4x5xi8>
  return
}

func.func @tosa_pad_i32_3d_zero() {
  %c1 = util.unfoldable_constant dense<[[[3, 0], [-2, -5]]]> : tensor<1x2x2xi32>
  %sh2 = tosa.const_shape {values = dense<[1, 0, 0, 1, 1, 1]> : tensor<6xindex>} : () -> !tosa.shape<6>
  %k3 = "tosa.const"() <{values = dense<[0]> : tensor<1xi32>}> : () -> tensor<1xi32>
  %t4 = tosa.pad %c1, %sh2, %k3 : (tensor<1x2x2xi32>, !tosa.shape<6>, tensor<1xi32>) -> tensor<2x3x4xi32>
  check.expect_eq_const(%t4, dense<[[[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]], [[0, 3, 0, 0], [0, -2, -5, 0], [0, 0, 0, 0]]]> : tensor<2x3x4xi32>) : tensor<2x3x4xi32>
  return
}

func.func @tosa_slice_f32_2d() {
  %c1 = util.unfoldable_constant dense<[[-1.8, -1.55, -0.63, -1.94, 1.09, 1.21, -1.92], [0.1, -0.27, -0.4, -1.71, 1.76, -0.81, 1.73], [-0.39, -1.16, -1.0, -1.01, 1.22, 1.32, 1.23], [-0.93, -0.82, 0.15, 0.85, 0.83, 1.37, 1.06], [0.06, 0.77, 1.06, -1.23, 1.91, 0.15, 0.54]]> : tensor<5x7xf32>
  %sh2 = tosa.const_shape {values = dense<[1, 2]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %sh3 = tosa.const_shape {values = dense<[3, 4]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %t4 = tosa.slice %c1, %sh2, %sh3 : (tensor<5x7xf32>, !tosa.shape<2>, !tosa.shape<2>) -> tensor<3x4xf32>
  check.expect_eq_const(%t4, dense<[[-0.4, -1.71, 1.76, -0.81], [-1.0, -1.01, 1.22, 1.32], [0.15, 0.85, 0.83, 1.37]]> : tensor<3x4xf32>) : tensor<3x4xf32>
  return
}

func.func @tosa_slice_i8_3d() {
  %c1 = util.unfoldable_constant dense<[[[-5, 3, -1, 4], [1, -8, -1, -8], [4, -4, 9, -7]], [[1, 5, 0, -1], [4, -6, 5, -2], [-9, -6, -1, 5]]]> : tensor<2x3x4xi8>
  %sh2 = tosa.const_shape {values = dense<[1, 0, 1]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %sh3 = tosa.const_shape {values = dense<[1, 3, 2]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %t4 = tosa.slice %c1, %sh2, %sh3 : (tensor<2x3x4xi8>, !tosa.shape<3>, !tosa.shape<3>) -> tensor<1x3x2xi8>
  check.expect_eq_const(%t4, dense<[[[5, 0], [-6, 5], [-6, -1]]]> : tensor<1x3x2xi8>) : tensor<1x3x2xi8>
  return
}

func.func @tosa_slice_i32_single_element() {
  %c1 = util.unfoldable_constant dense<[4, -2, 1, 7, 8, 4]> : tensor<6xi32>
  %sh2 = tosa.const_shape {values = dense<[5]> : tensor<1xindex>} : () -> !tosa.shape<1>
  %sh3 = tosa.const_shape {values = dense<[1]> : tensor<1xindex>} : () -> !tosa.shape<1>
  %t4 = tosa.slice %c1, %sh2, %sh3 : (tensor<6xi32>, !tosa.shape<1>, !tosa.shape<1>) -> tensor<1xi32>
  check.expect_eq_const(%t4, dense<[4]> : tensor<1xi32>) : tensor<1xi32>
  return
}

func.func @tosa_concat_f32_axis0_three() {
  %c1 = util.unfoldable_constant dense<[[-0.14, 0.3, 2.0], [0.88, -0.3, -0.42]]> : tensor<2x3xf32>
  %c2 = util.unfoldable_constant dense<[[1.41, 0.52, 0.78]]> : tensor<1x3xf32>
  %c3 = util.unfoldable_constant dense<[[-1.36, -0.23, -1.93], [0.14, -1.92, 0.6], [-1.42, -1.7, -1.34]]> : tensor<3x3xf32>
  %t4 = tosa.concat %c1, %c2, %c3 {axis = 0 : i32} : (tensor<2x3xf32>, tensor<1x3xf32>, tensor<3x3xf32>) -> tensor<6x3xf32>
  check.expect_eq_const(%t4, dense<[[-0.14, 0.3, 2.0], [0.88, -0.3, -0.42], [1.41, 0.52, 0.78], [-1.36, -0.23, -1.93], [0.14, -1.92, 0.6], [-1.42, -1.7, -1.34]]> : tensor<6x3xf32>) : tensor<6x3xf32>
  return
}

func.func @tosa_concat_i32_axis1() {
  %c1 = util.unfoldable_constant dense<[[[-5, -2]], [[2, 0]]]> : tensor<2x1x2xi32>
  %c2 = util.unfoldable_constant dense<[[[3, -5], [2, 2], [-5, 2]], [[-4, -5], [2, -2], [1, 8]]]> : tensor<2x3x2xi32>
  %t3 = tosa.concat %c1, %c2 {axis = 1 : i32} : (tensor<2x1x2xi32>, tensor<2x3x2xi32>) -> tensor<2x4x2xi32>
  check.expect_eq_const(%t3, dense<[[[-5, -2], [3, -5], [2, 2], [-5, 2]], [[2, 0], [-4, -5], [2, -2], [1, 8]]]> : tensor<2x4x2xi32>) : tensor<2x4x2xi32>
  return
}

func.func @tosa_concat_i8_axis1() {
  %c1 = util.unfoldable_constant dense<[[8, 0], [-5, 6]]> : tensor<2x2xi8>
  %c2 = util.unfoldable_constant dense<[[-3, 3, -7], [3, -1, 7]]> : tensor<2x3xi8>
  %t3 = tosa.concat %c1, %c2 {axis = 1 : i32} : (tensor<2x2xi8>, tensor<2x3xi8>) -> tensor<2x5xi8>
  check.expect_eq_const(%t3, dense<[[8, 0, -3, 3, -7], [-5, 6, 3, -1, 7]]> : tensor<2x5xi8>) : tensor<2x5xi8>
  return
}
