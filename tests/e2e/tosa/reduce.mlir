// TOSA reduce_sum/max/min/product (keepdims), argmax (f32, i8, i32)
// TOSA input (MLIR 22 syntax), lowered by castiron through upstream tosa-to-linalg.
// Expected values computed with numpy (float64, rounded to f32).

func.func @tosa_reduce_sum_f32_axis1_3x5() {
  %c1 = util.unfoldable_constant dense<[[1.61, -1.73, 0.69, -0.11, 0.71], [-1.84, -1.8, -1.29, 1.91, -0.79], [0.36, 1.94, 0.82, -1.16, -0.3]]> : tensor<3x5xf32>
  %t2 = tosa.reduce_sum %c1 {axis = 1 : i32} : (tensor<3x5xf32>) -> tensor<3x1xf32>
  check.expect_almost_eq_const(%t2, dense<[[1.17], [-3.81], [1.6600001]]> : tensor<3x1xf32>, atol 1.0e-04) : tensor<3x1xf32>
  return
}

func.func @tosa_reduce_sum_i32_axis0_7x2() {
  %c1 = util.unfoldable_constant dense<[[306, -793], [95, -431], [-991, -396], [-47, -962], [421, 685], [907, 794], [700, 35]]> : tensor<7x2xi32>
  %t2 = tosa.reduce_sum %c1 {axis = 0 : i32} : (tensor<7x2xi32>) -> tensor<1x2xi32>
  check.expect_eq_const(%t2, dense<[[1391, -1068]]> : tensor<1x2xi32>) : tensor<1x2xi32>
  return
}

func.func @tosa_reduce_sum_f32_axis0_257() {
  %c1 = util.unfoldable_constant dense<[0.54, 0.38, 0.64, 1.98, 0.31, -1.43, 0.77, 0.76, 1.42, 0.72, -0.71, -1.84, -0.21, 0.51, 0.94, 0.68, 0.39, 0.42, -1.07, -0.43, -0.33, -1.83, 1.81, -1.67, 1.88, 1.17, -1.11, -0.55, -1.01, 0.48, -1.88, -0.3, 1.01, -0.18, 0.51, -0.29, 0.51, 1.46, 0.7, 1.59, 1.36, 0.01, -0.34, 0.8, 0.73, -0.73, 0.5, -0.44, 1.92, -1.07, -0.32, 1.4, -0.1, -0.95, -1.09, 0.9, 0.66, -0.73, -0.76, 0.08, 1.47, 0.64, -1.77, 0.51, 1.77, -0.33, 1.48, 1.6, -1.11, -0.59, -1.11, -0.03, 0.73, 1.08, -1.74, 1.71, -1.72, 1.68, -0.1, -1.73, -1.95, -1.47, -1.94, 1.78, 0.35, -1.04, -1.66, 0.22, -0.44, -1.34, -0.84, 1.03, -1.86, 1.24, 1.66, 1.49, -1.52, 1.2, 0.79, -1.77, -1.42, -0.45, -0.26, 0.67, 0.49, 0.41, -1.05, 1.92, 1.58, -0.94, 1.61, 1.2, -0.7, 1.36, 0.6, 0.37, -0.61, -1.9, 1.65, 1.61, 0.2, 0.54, 1.16, -1.98, -1.12, -1.7, 1.89, -0.12, -0.47, 1.15, -0.04, 0.16, 1.84, 0.46, -0.43, -0.37, 0.51, -0.36, 0.07, 0.63, -0.36, 0.89, 1.96, 1.78, -1.64, 0.99, -0.42, 0.17, -1.75, 1.86, 1.38, 1.71, -1.52, -0.55, -0.1, -0.13, 1.36, 0.48, 1.51, -1.89, -1.02, -1.4, 1.57, 1.43, 0.68, -1.23, 0.95, 0.47, 0.94, -0.24, 0.71, 1.87, 1.92, 1.64, -1.81, 0.9, -1.34, -0.92, 0.13, 1.37, 1.54, -0.48, 1.58, -0.08, -2.0, 1.24, -0.1, -0.94, -1.44, 0.16, 0.72, 1.95, 1.45, 0.8, 0.41, -1.39, 0.9, -0.99, -0.07, 1.7, 0.67, -0.94, 0.85, -0.56, 1.23, -0.56, 0.68, -0.41, -1.72, -1.95, -1.07, 1.66, 0.0, 1.18, -0.1, 1.11, 1.54, 1.92, 0.66, -0.39, -0.29, -0.95, 1.76, 1.37, 1.05, -0.97, -1.85, 0.21, -1.16, 0.69, -1.74, -0.46, 0.81, -0.3, 0.48, -0.75, -0.23, 1.62, 1.55, 1.13, -0.51, 0.93, 0.24, -1.3, 1.82, -0.92, 0.09, 1.78, 0.7, 1.76, 1.71, -0.21, -0.19, 0.46, 1.23, -0.95, 0.31]> : tensor<257xf32>
  %t2 = tosa.reduce_sum %c1 {axis = 0 : i32} : (tensor<257xf32>) -> tensor<1xf32>
  check.expect_almost_eq_const(%t2, dense<[43.13]> : tensor<1xf32>, atol 1.0e-04) : tensor<1xf32>
  return
}

func.func @tosa_reduce_max_f32_axis2_2x3x4() {
  %c1 = util.unfoldable_constant dense<[[[-1.83, -1.27, -1.72, -0.95], [-1.17, 1.33, -0.66, -1.58], [-1.44, 1.63, -0.52, 1.24]], [[-0.81, -0.83, 1.23, -1.06], [1.67, 0.44, -1.61, 0.66], [0.35, -0.47, 0.68, -1.6]]]> : tensor<2x3x4xf32>
  %t2 = tosa.reduce_max %c1 {axis = 2 : i32} : (tensor<2x3x4xf32>) -> tensor<2x3x1xf32>
  check.expect_almost_eq_const(%t2, dense<[[[-0.95], [1.33], [1.63]], [[1.23], [1.67], [0.68]]]> : tensor<2x3x1xf32>, atol 1.0e-04) : tensor<2x3x1xf32>
  return
}

func.func @tosa_reduce_max_i8_axis1() {
  %c1 = util.unfoldable_constant dense<[[127, 23, -94, 122, -82, -124], [98, 53, 112, 0, -62, 99], [25, -68, 57, -122, -20, -125]]> : tensor<3x6xi8>
  %t2 = tosa.reduce_max %c1 {axis = 1 : i32} : (tensor<3x6xi8>) -> tensor<3x1xi8>
  check.expect_eq_const(%t2, dense<[[127], [112], [57]]> : tensor<3x1xi8>) : tensor<3x1xi8>
  return
}

func.func @tosa_reduce_min_i32_axis1_2x11() {
  %c1 = util.unfoldable_constant dense<[[-167, -146, -38, -665, -65, 123, -563, -206, -741, -366, -214], [582, 744, -818, 183, -997, -405, -523, -452, -579, 490, -350]]> : tensor<2x11xi32>
  %t2 = tosa.reduce_min %c1 {axis = 1 : i32} : (tensor<2x11xi32>) -> tensor<2x1xi32>
  check.expect_eq_const(%t2, dense<[[-741], [-997]]> : tensor<2x1xi32>) : tensor<2x1xi32>
  return
}

func.func @tosa_reduce_min_f32_axis0_5x1() {
  %c1 = util.unfoldable_constant dense<[[-0.78], [-1.75], [-0.82], [0.84], [-1.96]]> : tensor<5x1xf32>
  %t2 = tosa.reduce_min %c1 {axis = 0 : i32} : (tensor<5x1xf32>) -> tensor<1x1xf32>
  check.expect_almost_eq_const(%t2, dense<[[-1.96]]> : tensor<1x1xf32>, atol 1.0e-04) : tensor<1x1xf32>
  return
}

func.func @tosa_reduce_product_f32_axis1() {
  %c1 = util.unfoldable_constant dense<[[0.73, 0.8, 1.23, 0.81], [0.93, 0.77, 0.84, 1.42], [1.46, 1.23, 0.88, 0.71]]> : tensor<3x4xf32>
  %t2 = tosa.reduce_product %c1 {axis = 1 : i32} : (tensor<3x4xf32>) -> tensor<3x1xf32>
  check.expect_almost_eq_const(%t2, dense<[[0.58183926], [0.854164], [1.1220158]]> : tensor<3x1xf32>, atol 1.0e-04) : tensor<3x1xf32>
  return
}

func.func @tosa_argmax_f32_axis1_ties_first() {
  %c1 = util.unfoldable_constant dense<[[-0.73, -1.07, -0.71, -1.94, 0.54, 0.01, 1.02], [-1.69, -0.68, 9.0, -1.31, 0.7, 9.0, -0.78], [-0.81, -1.99, -1.61, 1.07, 0.95, 1.11, -0.13]]> : tensor<3x7xf32>
  %t2 = tosa.argmax %c1 {axis = 1 : i32} : (tensor<3x7xf32>) -> tensor<3xi32>
  check.expect_eq_const(%t2, dense<[6, 2, 5]> : tensor<3xi32>) : tensor<3xi32>
  return
}

func.func @tosa_argmax_i8_axis0() {
  %c1 = util.unfoldable_constant dense<[[-107, 113, 21, 97], [-53, -77, 75, -40], [40, -23, -3, -22], [30, 8, -50, 13], [9, -128, -88, 44]]> : tensor<5x4xi8>
  %t2 = tosa.argmax %c1 {axis = 0 : i32} : (tensor<5x4xi8>) -> tensor<4xi32>
  check.expect_eq_const(%t2, dense<[2, 0, 1, 0]> : tensor<4xi32>) : tensor<4xi32>
  return
}

func.func @tosa_argmax_i32_axis2() {
  %c1 = util.unfoldable_constant dense<[[[4, -4, -6, 0, 7], [-7, 2, 8, 6, -8], [4, -4, -3, -8, -4]], [[-1, 8, 7, -3, -9], [-3, 4, -3, -8, -3], [-2, -7, -8, -5, 1]]]> : tensor<2x3x5xi32>
  %t2 = tosa.argmax %c1 {axis = 2 : i32} : (tensor<2x3x5xi32>) -> tensor<2x3xi32>
  check.expect_eq_const(%t2, dense<[[4, 2, 0], [1, 1, 4]]> : tensor<2x3xi32>) : tensor<2x3xi32>
  return
}
