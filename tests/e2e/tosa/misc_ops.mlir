// TOSA resize (nearest, bilinear), arithmetic_right_shift (round false/true), logical shifts, bitwise_or/not, clz, identity, conv3d, avg_pool2d i8
// TOSA input (MLIR 22 syntax), lowered by castiron through upstream tosa-to-linalg.
// Expected values computed with numpy (float64, rounded to f32).

func.func @tosa_resize_nearest_neighbor_f32_2x() {
  %c1 = util.unfoldable_constant dense<[[[[1.82, 1.07], [-1.5, 1.31], [1.4, -0.6], [0.05, 0.41]], [[-0.64, 0.49], [0.93, 1.44], [-0.65, -0.28], [0.38, 1.9]], [[1.71, -1.77], [1.06, -1.37], [-0.89, 0.33], [1.12, -1.31]]]]> : tensor<1x3x4x2xf32>
  %sh2 = tosa.const_shape {values = dense<[4, 2, 4, 2]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %sh3 = tosa.const_shape {values = dense<[-1, -1]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %sh4 = tosa.const_shape {values = dense<[1, 1]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %t5 = tosa.resize %c1, %sh2, %sh3, %sh4 {mode = NEAREST_NEIGHBOR} : (tensor<1x3x4x2xf32>, !tosa.shape<4>, !tosa.shape<2>, !tosa.shape<2>) -> tensor<1x6x8x2xf32>
  check.expect_almost_eq_const(%t5, dense<[[[[1.82, 1.07], [1.82, 1.07], [-1.5, 1.31], [-1.5, 1.31], [1.4, -0.6], [1.4, -0.6], [0.05, 0.41], [0.05, 0.41]], [[1.82, 1.07], [1.82, 1.07], [-1.5, 1.31], [-1.5, 1.31], [1.4, -0.6], [1.4, -0.6], [0.05, 0.41], [0.05, 0.41]], [[-0.64, 0.49], [-0.64, 0.49], [0.93, 1.44], [0.93, 1.44], [-0.65, -0.28], [-0.65, -0.28], [0.38, 1.9], [0.38, 1.9]], [[-0.64, 0.49], [-0.64, 0.49], [0.93, 1.44], [0.93, 1.44], [-0.65, -0.28], [-0.65, -0.28], [0.38, 1.9], [0.38, 1.9]], [[1.71, -1.77], [1.71, -1.77], [1.06, -1.37], [1.06, -1.37], [-0.89, 0.33], [-0.89, 0.33], [1.12, -1.31], [1.12, -1.31]], [[1.71, -1.77], [1.71, -1.77], [1.06, -1.37], [1.06, -1.37], [-0.89, 0.33], [-0.89, 0.33], [1.12, -1.31], [1.12, -1.31]]]]> : tensor<1x6x8x2xf32>) : tensor<1x6x8x2xf32>
  return
}

func.func @tosa_resize_bilinear_f32_2x() {
  %c1 = util.unfoldable_constant dense<[[[[1.71, -0.61], [1.35, 1.59], [-1.09, -1.35], [1.51, -1.41]], [[1.16, 1.98], [-1.67, 0.27], [-0.59, 0.84], [1.52, -0.71]], [[-0.69, -1.0], [1.4, 1.06], [1.45, 0.23], [1.55, -1.48]]]]> : tensor<1x3x4x2xf32>
  %sh2 = tosa.const_shape {values = dense<[4, 2, 4, 2]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %sh3 = tosa.const_shape {values = dense<[-1, -1]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %sh4 = tosa.const_shape {values = dense<[1, 1]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %t5 = tosa.resize %c1, %sh2, %sh3, %sh4 {mode = BILINEAR} : (tensor<1x3x4x2xf32>, !tosa.shape<4>, !tosa.shape<2>, !tosa.shape<2>) -> tensor<1x6x8x2xf32>
  check.expect_almost_eq_const(%t5, dense<[[[[1.71, -0.61], [1.62, -0.060000002], [1.44, 1.04], [0.74, 0.855], [-0.48000002, -0.615], [-0.44000003, -1.365], [0.86, -1.395], [1.51, -1.41]], [[1.5725, 0.037499994], [1.328125, 0.34312502], [0.839375, 0.954375], [0.20500001, 0.744375], [-0.575, -0.286875], [-0.345625, -0.910625], [0.893125, -1.1268749], [1.5125, -1.235]], [[1.2975, 1.3325], [0.744375, 1.149375], [-0.36187497, 0.78312504], [-0.86499995, 0.523125], [-0.765, 0.369375], [-0.156875, -0.0018750131], [0.95937496, -0.590625], [1.5174999, -0.885]], [[0.6975, 1.235], [0.29749998, 1.043125], [-0.5025, 0.659375], [-0.696875, 0.5225], [-0.28562498, 0.6325], [0.321875, 0.29], [1.125625, -0.505], [1.5274999, -0.9025]], [[-0.2275, -0.255], [-0.012500007, 0.024374994], [0.4175, 0.583125], [0.709375, 0.74249995], [0.863125, 0.5025], [1.090625, -0.035000004], [1.391875, -0.87], [1.5425, -1.2875]], [[-0.69, -1.0], [-0.1675, -0.485], [0.8775, 0.54499996], [1.4125, 0.85249996], [1.4375, 0.4375], [1.475, -0.1975], [1.525, -1.0525], [1.55, -1.48]]]]> : tensor<1x6x8x2xf32>) : tensor<1x6x8x2xf32>
  return
}

func.func @tosa_arithmetic_right_shift_i32_round_false() {
  %c1 = util.unfoldable_constant dense<[-100, -7, -1, 0, 1, 7, 100, 2147483647]> : tensor<8xi32>
  %c2 = util.unfoldable_constant dense<[1, 2, 1, 3, 1, 1, 3, 4]> : tensor<8xi32>
  %t3 = tosa.arithmetic_right_shift %c1, %c2 {round = false} : (tensor<8xi32>, tensor<8xi32>) -> tensor<8xi32>
  check.expect_eq_const(%t3, dense<[-50, -2, -1, 0, 0, 3, 12, 134217727]> : tensor<8xi32>) : tensor<8xi32>
  return
}

func.func @tosa_arithmetic_right_shift_i32_round_true() {
  %c1 = util.unfoldable_constant dense<[-100, -7, -1, 0, 1, 7, 100, 2147483647]> : tensor<8xi32>
  %c2 = util.unfoldable_constant dense<[1, 2, 1, 3, 1, 1, 3, 4]> : tensor<8xi32>
  %t3 = tosa.arithmetic_right_shift %c1, %c2 {round = true} : (tensor<8xi32>, tensor<8xi32>) -> tensor<8xi32>
  check.expect_eq_const(%t3, dense<[-50, -2, 0, 0, 1, 4, 13, 134217728]> : tensor<8xi32>) : tensor<8xi32>
  return
}

func.func @tosa_logical_shifts_i32() {
  %c1 = util.unfoldable_constant dense<[-100, -7, -1, 0, 1, 7, 100, 2147483647]> : tensor<8xi32>
  %c2 = util.unfoldable_constant dense<[1, 2, 1, 3, 1, 1, 3, 4]> : tensor<8xi32>
  %t3 = tosa.logical_left_shift %c1, %c2 : (tensor<8xi32>, tensor<8xi32>) -> tensor<8xi32>
  %t4 = tosa.logical_right_shift %c1, %c2 : (tensor<8xi32>, tensor<8xi32>) -> tensor<8xi32>
  check.expect_eq_const(%t3, dense<[-200, -28, -2, 0, 2, 14, 800, -16]> : tensor<8xi32>) : tensor<8xi32>
  check.expect_eq_const(%t4, dense<[2147483598, 1073741822, 2147483647, 0, 0, 3, 12, 134217727]> : tensor<8xi32>) : tensor<8xi32>
  return
}

func.func @tosa_bitwise_or_not_i8() {
  %c1 = util.unfoldable_constant dense<[-109, 36, -63, -13, -25, 54]> : tensor<6xi8>
  %c2 = util.unfoldable_constant dense<[-30, -111, 52, 83, -50, -1]> : tensor<6xi8>
  %t3 = tosa.bitwise_or %c1, %c2 : (tensor<6xi8>, tensor<6xi8>) -> tensor<6xi8>
  %t4 = tosa.bitwise_not %t3 : (tensor<6xi8>) -> tensor<6xi8>
  check.expect_eq_const(%t4, dense<[12, 74, 10, 12, 16, 0]> : tensor<6xi8>) : tensor<6xi8>
  return
}

func.func @tosa_clz_i32() {
  %c1 = util.unfoldable_constant dense<[0, 1, 2, 3, 255, 65536, -1, 2147483647]> : tensor<8xi32>
  %t2 = tosa.clz %c1 : (tensor<8xi32>) -> tensor<8xi32>
  check.expect_eq_const(%t2, dense<[32, 31, 30, 30, 24, 15, 0, 1]> : tensor<8xi32>) : tensor<8xi32>
  return
}

func.func @tosa_identity_f32() {
  %c1 = util.unfoldable_constant dense<[[-0.55, 0.07], [-1.13, -1.08]]> : tensor<2x2xf32>
  %t2 = tosa.identity %c1 : (tensor<2x2xf32>) -> tensor<2x2xf32>
  check.expect_eq_const(%t2, dense<[[-0.55, 0.07], [-1.13, -1.08]]> : tensor<2x2xf32>) : tensor<2x2xf32>
  return
}

func.func @tosa_conv3d_f32() {
  %c1 = util.unfoldable_constant dense<[[[[[1.15, -0.31], [1.3, 1.92], [0.98, -1.25]], [[1.4, -0.17], [1.02, -1.45], [-0.97, 0.6]], [[0.57, -1.64], [1.16, 1.82], [-0.26, -0.17]], [[0.33, -0.87], [-0.35, 0.97], [-1.23, -0.58]]], [[[1.82, 1.94], [-1.37, 1.77], [-1.56, -0.17]], [[-1.13, -1.31], [0.25, -0.82], [0.74, -1.21]], [[0.91, 1.45], [0.09, 0.52], [1.12, 1.29]], [[-0.87, 1.12], [-0.34, 0.36], [1.4, 1.08]]], [[[-0.98, -0.67], [-1.63, -0.92], [1.5, 1.18]], [[0.64, 1.51], [1.29, -0.82], [-1.42, 1.29]], [[-1.85, -0.76], [-0.74, -1.0], [-1.24, 1.21]], [[0.3, 1.39], [-0.44, 0.39], [-0.49, -0.27]]]]]> : tensor<1x3x4x3x2xf32>
  %c2 = util.unfoldable_constant dense<[[[[[1.06, 0.48], [-1.14, 0.67]], [[1.31, -0.05], [1.87, 1.38]]], [[[-1.08, 1.02], [0.62, 0.67]], [[-1.06, -1.66], [-1.27, 1.66]]]], [[[[0.2, 0.23], [1.91, 0.02]], [[0.49, -1.07], [-1.94, 0.18]]], [[[-0.21, -0.9], [-1.76, -1.16]], [[-1.01, -0.25], [0.96, -1.84]]]]]> : tensor<2x2x2x2x2xf32>
  %c3 = util.unfoldable_constant dense<[0.57, -0.97]> : tensor<2xf32>
  %k4 = "tosa.const"() <{values = dense<[0.0]> : tensor<1xf32>}> : () -> tensor<1xf32>
  %k5 = "tosa.const"() <{values = dense<[0.0]> : tensor<1xf32>}> : () -> tensor<1xf32>
  %t6 = tosa.conv3d %c1, %c2, %c3, %k4, %k5 {acc_type = f32, dilation = array<i64: 1, 1, 1>, pad = array<i64: 0, 0, 0, 0, 0, 0>, stride = array<i64: 1, 1, 1>} : (tensor<1x3x4x3x2xf32>, tensor<2x2x2x2x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x3x2x2xf32>
  check.expect_almost_eq_const(%t6, dense<[[[[[5.2368994, 1.7855998], [1.6893997, 10.1463]], [[2.2147, 1.0768999], [1.4728998, -4.578]], [[2.4367, 0.31719995], [1.0177, -4.0913]]], [[[-3.3372998, 3.9424], [8.1956, -12.1466]], [[3.5163, -1.8473], [6.5357, -3.1218002]], [[-0.18349984, 0.5718999], [3.9617002, 0.4666999]]]]]> : tensor<1x2x3x2x2xf32>) : tensor<1x2x3x2x2xf32>
  return
}

func.func @tosa_avg_pool2d_i8_exact() {
  %c1 = util.unfoldable_constant dense<[[[[4], [8], [-4], [0]], [[-8], [4], [12], [4]], [[16], [-12], [2], [2]], [[0], [4], [-2], [6]]]]> : tensor<1x4x4x1xi8>
  %k2 = "tosa.const"() <{values = dense<[0]> : tensor<1xi8>}> : () -> tensor<1xi8>
  %k3 = "tosa.const"() <{values = dense<[0]> : tensor<1xi8>}> : () -> tensor<1xi8>
  %t4 = tosa.avg_pool2d %c1, %k2, %k3 {acc_type = i32, kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x4x4x1xi8>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x2x2x1xi8>
  check.expect_eq_const(%t4, dense<[[[[2], [3]], [[2], [2]]]]> : tensor<1x2x2x1xi8>) : tensor<1x2x2x1xi8>
  return
}
