// TOSA reshape, transpose, tile, reverse
// TOSA input (MLIR 22 syntax), lowered by castiron through upstream tosa-to-linalg.
// Expected values computed with numpy (float64, rounded to f32).

func.func @tosa_reshape_f32_12_to_3x4() {
  %c1 = util.unfoldable_constant dense<[-1.36, 0.29, -0.49, -0.71, 0.75, 1.89, 1.87, 0.69, 1.32, -0.16, -0.73, 0.17]> : tensor<12xf32>
  %sh2 = tosa.const_shape {values = dense<[3, 4]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %t3 = tosa.reshape %c1, %sh2 : (tensor<12xf32>, !tosa.shape<2>) -> tensor<3x4xf32>
  check.expect_eq_const(%t3, dense<[[-1.36, 0.29, -0.49, -0.71], [0.75, 1.89, 1.87, 0.69], [1.32, -0.16, -0.73, 0.17]]> : tensor<3x4xf32>) : tensor<3x4xf32>
  return
}

func.func @tosa_reshape_i8_2x3x4_to_4x6() {
  %c1 = util.unfoldable_constant dense<[[[1, 2, -4, 8], [-2, -2, -8, 1], [2, -2, 2, -7]], [[4, -9, 8, -5], [-5, 2, -4, 8], [4, -9, -6, -1]]]> : tensor<2x3x4xi8>
  %sh2 = tosa.const_shape {values = dense<[4, 6]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %t3 = tosa.reshape %c1, %sh2 : (tensor<2x3x4xi8>, !tosa.shape<2>) -> tensor<4x6xi8>
  check.expect_eq_const(%t3, dense<[[1, 2, -4, 8, -2, -2], [-8, 1, 2, -2, 2, -7], [4, -9, 8, -5, -5, 2], [-4, 8, 4, -9, -6, -1]]> : tensor<4x6xi8>) : tensor<4x6xi8>
  return
}

func.func @tosa_reshape_i32_5x1x3_to_15() {
  %c1 = util.unfoldable_constant dense<[[[3, 6, 2]], [[9, -3, -6]], [[-1, -8, -8]], [[-7, -8, -3]], [[1, -3, -7]]]> : tensor<5x1x3xi32>
  %sh2 = tosa.const_shape {values = dense<[15]> : tensor<1xindex>} : () -> !tosa.shape<1>
  %t3 = tosa.reshape %c1, %sh2 : (tensor<5x1x3xi32>, !tosa.shape<1>) -> tensor<15xi32>
  check.expect_eq_const(%t3, dense<[3, 6, 2, 9, -3, -6, -1, -8, -8, -7, -8, -3, 1, -3, -7]> : tensor<15xi32>) : tensor<15xi32>
  return
}

func.func @tosa_reshape_then_add_f32() {
  %c1 = util.unfoldable_constant dense<[[-1.81, 1.7, 0.66, 0.14, 1.95, -0.28], [-0.81, 1.0, 1.24, 0.87, 1.46, -1.52]]> : tensor<2x6xf32>
  %c2 = util.unfoldable_constant dense<[[1.72, -0.91, 0.49, -0.98], [0.08, 1.76, -0.64, 1.96], [-0.01, 1.72, -0.02, -0.46]]> : tensor<3x4xf32>
  %sh3 = tosa.const_shape {values = dense<[3, 4]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %t4 = tosa.reshape %c1, %sh3 : (tensor<2x6xf32>, !tosa.shape<2>) -> tensor<3x4xf32>
  %t5 = tosa.add %t4, %c2 : (tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
  check.expect_almost_eq_const(%t5, dense<[[-0.089999914, 0.79, 1.1500001, -0.84000003], [2.03, 1.48, -1.45, 2.96], [1.23, 2.5900002, 1.44, -1.98]]> : tensor<3x4xf32>) : tensor<3x4xf32>
  return
}

func.func @tosa_transpose_f32_2d() {
  %c1 = util.unfoldable_constant dense<[[1.26, -0.86, 1.24, -0.87, -0.51], [1.02, -0.47, 1.0, -1.33, -1.25], [-1.55, 1.41, 1.26, 1.19, 1.64]]> : tensor<3x5xf32>
  %t2 = tosa.transpose %c1 {perms = array<i32: 1, 0>} : (tensor<3x5xf32>) -> tensor<5x3xf32>
  check.expect_eq_const(%t2, dense<[[1.26, 1.02, -1.55], [-0.86, -0.47, 1.41], [1.24, 1.0, 1.26], [-0.87, -1.33, 1.19], [-0.51, -1.25, 1.64]]> : tensor<5x3xf32>) : tensor<5x3xf32>
  return
}

func.func @tosa_transpose_i32_3d_perm201() {
  %c1 = util.unfoldable_constant dense<[[[2, -8, -9, 4], [6, -3, -9, -6], [-6, 3, -9, 7]], [[-7, -4, -9, 6], [7, -3, -5, -9], [1, -5, 3, -4]]]> : tensor<2x3x4xi32>
  %t2 = tosa.transpose %c1 {perms = array<i32: 2, 0, 1>} : (tensor<2x3x4xi32>) -> tensor<4x2x3xi32>
  check.expect_eq_const(%t2, dense<[[[2, 6, -6], [-7, 7, 1]], [[-8, -3, 3], [-4, -3, -5]], [[-9, -9, -9], [-9, -5, 3]], [[4, -6, 7], [6, -9, -4]]]> : tensor<4x2x3xi32>) : tensor<4x2x3xi32>
  return
}

func.func @tosa_transpose_i8_nhwc_to_nchw() {
  %c1 = util.unfoldable_constant dense<[[[[-3, -1, 0, -2, 3], [1, 8, -1, -1, -3], [-4, 5, 7, -4, 1]], [[-2, 1, 9, 7, -9], [7, -7, 1, -9, 1], [-8, 9, -5, 6, 8]]]]> : tensor<1x2x3x5xi8>
  %t2 = tosa.transpose %c1 {perms = array<i32: 0, 3, 1, 2>} : (tensor<1x2x3x5xi8>) -> tensor<1x5x2x3xi8>
  check.expect_eq_const(%t2, dense<[[[[-3, 1, -4], [-2, 7, -8]], [[-1, 8, 5], [1, -7, 9]], [[0, -1, 7], [9, 1, -5]], [[-2, -1, -4], [7, -9, 6]], [[3, -3, 1], [-9, 1, 8]]]]> : tensor<1x5x2x3xi8>) : tensor<1x5x2x3xi8>
  return
}

func.func @tosa_tile_f32_2x3_by_2x2() {
  %c1 = util.unfoldable_constant dense<[[1.2, -0.72, -0.73], [1.14, 1.11, 1.93]]> : tensor<2x3xf32>
  %sh2 = tosa.const_shape {values = dense<[2, 2]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %t3 = tosa.tile %c1, %sh2 : (tensor<2x3xf32>, !tosa.shape<2>) -> tensor<4x6xf32>
  check.expect_eq_const(%t3, dense<[[1.2, -0.72, -0.73, 1.2, -0.72, -0.73], [1.14, 1.11, 1.93, 1.14, 1.11, 1.93], [1.2, -0.72, -0.73, 1.2, -0.72, -0.73], [1.14, 1.11, 1.93, 1.14, 1.11, 1.93]]> : tensor<4x6xf32>) : tensor<4x6xf32>
  return
}

func.func @tosa_tile_i8_1x3_by_3x1() {
  %c1 = util.unfoldable_constant dense<[[-6, 1, 4]]> : tensor<1x3xi8>
  %sh2 = tosa.const_shape {values = dense<[3, 1]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %t3 = tosa.tile %c1, %sh2 : (tensor<1x3xi8>, !tosa.shape<2>) -> tensor<3x3xi8>
  check.expect_eq_const(%t3, dense<[[-6, 1, 4], [-6, 1, 4], [-6, 1, 4]]> : tensor<3x3xi8>) : tensor<3x3xi8>
  return
}

func.func @tosa_tile_i32_3d() {
  %c1 = util.unfoldable_constant dense<[[[9, -5]], [[4, -8]]]> : tensor<2x1x2xi32>
  %sh2 = tosa.const_shape {values = dense<[1, 3, 2]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %t3 = tosa.tile %c1, %sh2 : (tensor<2x1x2xi32>, !tosa.shape<3>) -> tensor<2x3x4xi32>
  check.expect_eq_const(%t3, dense<[[[9, -5, 9, -5], [9, -5, 9, -5], [9, -5, 9, -5]], [[4, -8, 4, -8], [4, -8, 4, -8], [4, -8, 4, -8]]]> : tensor<2x3x4xi32>) : tensor<2x3x4xi32>
  return
}

func.func @tosa_reverse_f32_axis1() {
  %c1 = util.unfoldable_constant dense<[[-1.34, -1.67, -0.79, 0.39, 0.82], [-0.99, -0.19, 0.82, -0.78, -1.43]]> : tensor<2x5xf32>
  %t2 = tosa.reverse %c1 {axis = 1 : i32} : (tensor<2x5xf32>) -> tensor<2x5xf32>
  check.expect_eq_const(%t2, dense<[[0.82, 0.39, -0.79, -1.67, -1.34], [-1.43, -0.78, 0.82, -0.19, -0.99]]> : tensor<2x5xf32>) : tensor<2x5xf32>
  return
}

func.func @tosa_reverse_i32_axis0() {
  %c1 = util.unfoldable_constant dense<[[2, -7], [8, -9], [8, -5]]> : tensor<3x2xi32>
  %t2 = tosa.reverse %c1 {axis = 0 : i32} : (tensor<3x2xi32>) -> tensor<3x2xi32>
  check.expect_eq_const(%t2, dense<[[8, -5], [8, -9], [2, -7]]> : tensor<3x2xi32>) : tensor<3x2xi32>
  return
}
