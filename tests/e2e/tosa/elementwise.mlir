// TOSA elementwise: add/sub/mul/negate/abs/exp/log/tanh/sigmoid/reciprocal/rsqrt/erf/floor/ceil/sin/cos/maximum/minimum/intdiv/bitwise/pow
// TOSA input (MLIR 22 syntax), lowered by castiron through upstream tosa-to-linalg.
// Expected values computed with numpy (float64, rounded to f32).

func.func @tosa_add_f32_broadcast_3x4_1x4() {
  %c1 = util.unfoldable_constant dense<[[-1.49, -0.0, 0.41, -1.89], [-1.41, 1.71, -1.72, -1.48], [1.79, 0.49, -0.52, 0.05]]> : tensor<3x4xf32>
  %c2 = util.unfoldable_constant dense<[[0.65, -0.9, -1.45, 1.15]]> : tensor<1x4xf32>
  %t3 = tosa.add %c1, %c2 : (tensor<3x4xf32>, tensor<1x4xf32>) -> tensor<3x4xf32>
  check.expect_almost_eq_const(%t3, dense<[[-0.84000003, -0.9, -1.0400001, -0.74], [-0.76, 0.81000006, -3.17, -0.33000004], [2.44, -0.40999997, -1.97, 1.1999999]]> : tensor<3x4xf32>) : tensor<3x4xf32>
  return
}

func.func @tosa_sub_i32_broadcast_2x3_2x1() {
  %c1 = util.unfoldable_constant dense<[[-504749, 340721, -82011], [24765, 882560, 633473]]> : tensor<2x3xi32>
  %c2 = util.unfoldable_constant dense<[[678341], [98151]]> : tensor<2x1xi32>
  %t3 = tosa.sub %c1, %c2 : (tensor<2x3xi32>, tensor<2x1xi32>) -> tensor<2x3xi32>
  check.expect_eq_const(%t3, dense<[[-1183090, -337620, -760352], [-73386, 784409, 535322]]> : tensor<2x3xi32>) : tensor<2x3xi32>
  return
}

func.func @tosa_mul_f32_5() {
  %c1 = util.unfoldable_constant dense<[1.92, -1.18, 0.21, -0.07, -0.59]> : tensor<5xf32>
  %c2 = util.unfoldable_constant dense<[0.37, -1.06, 1.21, 1.47, -1.48]> : tensor<5xf32>
  %k3 = "tosa.const"() <{values = dense<[0]> : tensor<1xi8>}> : () -> tensor<1xi8>
  %t4 = tosa.mul %c1, %c2, %k3 : (tensor<5xf32>, tensor<5xf32>, tensor<1xi8>) -> tensor<5xf32>
  check.expect_almost_eq_const(%t4, dense<[0.7104, 1.2507999, 0.2541, -0.102900006, 0.8732]> : tensor<5xf32>) : tensor<5xf32>
  return
}

func.func @tosa_mul_i32_shift0() {
  %c1 = util.unfoldable_constant dense<[168, -20, 112, -134, -292, -251, 284]> : tensor<7xi32>
  %c2 = util.unfoldable_constant dense<[238, -118, -42, -156, -212, 215, 104]> : tensor<7xi32>
  %k3 = "tosa.const"() <{values = dense<[0]> : tensor<1xi8>}> : () -> tensor<1xi8>
  %t4 = tosa.mul %c1, %c2, %k3 : (tensor<7xi32>, tensor<7xi32>, tensor<1xi8>) -> tensor<7xi32>
  check.expect_eq_const(%t4, dense<[39984, 2360, -4704, 20904, 61904, -53965, 29536]> : tensor<7xi32>) : tensor<7xi32>
  return
}

func.func @tosa_mul_i32_shift2_rounds() {
  %c1 = util.unfoldable_constant dense<[7, -7, 9, -9, 100, 3, -1]> : tensor<7xi32>
  %c2 = util.unfoldable_constant dense<[1, 1, 3, 3, -5, 1, 1]> : tensor<7xi32>
  %k3 = "tosa.const"() <{values = dense<[2]> : tensor<1xi8>}> : () -> tensor<1xi8>
  %t4 = tosa.mul %c1, %c2, %k3 : (tensor<7xi32>, tensor<7xi32>, tensor<1xi8>) -> tensor<7xi32>
  check.expect_eq_const(%t4, dense<[2, -2, 7, -7, -125, 1, 0]> : tensor<7xi32>) : tensor<7xi32>
  return
}

func.func @tosa_mul_i8_to_i32() {
  %c1 = util.unfoldable_constant dense<[[-109, -77, 16, 102, 126], [-73, 28, -120, -84, -77]]> : tensor<2x5xi8>
  %c2 = util.unfoldable_constant dense<[[-15, -40, 58, -8, -42], [103, 32, 50, 62, -42]]> : tensor<2x5xi8>
  %k3 = "tosa.const"() <{values = dense<[0]> : tensor<1xi8>}> : () -> tensor<1xi8>
  %t4 = tosa.mul %c1, %c2, %k3 : (tensor<2x5xi8>, tensor<2x5xi8>, tensor<1xi8>) -> tensor<2x5xi32>
  check.expect_eq_const(%t4, dense<[[1635, 3080, 928, -816, -5292], [-7519, 896, -6000, -5208, 3234]]> : tensor<2x5xi32>) : tensor<2x5xi32>
  return
}

func.func @tosa_add_i8() {
  %c1 = util.unfoldable_constant dense<[100, -100, 5, -128]> : tensor<4xi8>
  %c2 = util.unfoldable_constant dense<[27, -28, -6, 0]> : tensor<4xi8>
  %t3 = tosa.add %c1, %c2 : (tensor<4xi8>, tensor<4xi8>) -> tensor<4xi8>
  check.expect_eq_const(%t3, dense<[127, -128, -1, -128]> : tensor<4xi8>) : tensor<4xi8>
  return
}

func.func @tosa_negate_f32() {
  %c1 = util.unfoldable_constant dense<[[-1.93, -1.36, 1.99], [-0.16, 0.76, -1.78]]> : tensor<2x3xf32>
  %k2 = "tosa.const"() <{values = dense<[0.0]> : tensor<1xf32>}> : () -> tensor<1xf32>
  %k3 = "tosa.const"() <{values = dense<[0.0]> : tensor<1xf32>}> : () -> tensor<1xf32>
  %t4 = tosa.negate %c1, %k2, %k3 : (tensor<2x3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<2x3xf32>
  check.expect_eq_const(%t4, dense<[[1.93, 1.36, -1.99], [0.16, -0.76, 1.78]]> : tensor<2x3xf32>) : tensor<2x3xf32>
  return
}

func.func @tosa_negate_i32() {
  %c1 = util.unfoldable_constant dense<[-6, -932, -617, 692, -854, 176]> : tensor<6xi32>
  %k2 = "tosa.const"() <{values = dense<[0]> : tensor<1xi32>}> : () -> tensor<1xi32>
  %k3 = "tosa.const"() <{values = dense<[0]> : tensor<1xi32>}> : () -> tensor<1xi32>
  %t4 = tosa.negate %c1, %k2, %k3 : (tensor<6xi32>, tensor<1xi32>, tensor<1xi32>) -> tensor<6xi32>
  check.expect_eq_const(%t4, dense<[6, 932, 617, -692, 854, -176]> : tensor<6xi32>) : tensor<6xi32>
  return
}

func.func @tosa_abs_f32() {
  %c1 = util.unfoldable_constant dense<[[-0.77], [-0.73], [-1.64], [-1.31]]> : tensor<4x1xf32>
  %t2 = tosa.abs %c1 : (tensor<4x1xf32>) -> tensor<4x1xf32>
  check.expect_eq_const(%t2, dense<[[0.77], [0.73], [1.64], [1.31]]> : tensor<4x1xf32>) : tensor<4x1xf32>
  return
}

func.func @tosa_abs_i32() {
  %c1 = util.unfoldable_constant dense<[0, -95, -95, 67, -98]> : tensor<5xi32>
  %t2 = tosa.abs %c1 : (tensor<5xi32>) -> tensor<5xi32>
  check.expect_eq_const(%t2, dense<[0, 95, 95, 67, 98]> : tensor<5xi32>) : tensor<5xi32>
  return
}

func.func @tosa_exp_f32() {
  %c1 = util.unfoldable_constant dense<[[-2.36, 0.7, -2.02, -2.69, -0.01, 1.48, -2.87], [1.03, -2.05, -2.54, -2.91, -1.54, 0.64, -0.53]]> : tensor<2x7xf32>
  %t2 = tosa.exp %c1 : (tensor<2x7xf32>) -> tensor<2x7xf32>
  check.expect_almost_eq_const(%t2, dense<[[0.09442023, 2.0137527, 0.13265547, 0.067880936, 0.99004984, 4.392946, 0.056698933], [2.8010657, 0.12873492, 0.0788664, 0.054475725, 0.21438111, 1.8964808, 0.588605]]> : tensor<2x7xf32>) : tensor<2x7xf32>
  return
}

func.func @tosa_log_f32() {
  %c1 = util.unfoldable_constant dense<[42.65, 10.9, 15.79, 12.94, 48.92, 47.05, 17.07, 21.83, 15.75]> : tensor<9xf32>
  %t2 = tosa.log %c1 : (tensor<9xf32>) -> tensor<9xf32>
  check.expect_almost_eq_const(%t2, dense<[3.7530272, 2.3887627, 2.7593768, 2.5603232, 3.8901863, 3.8512108, 2.8373225, 3.083285, 2.7568405]> : tensor<9xf32>, atol 1.0e-05) : tensor<9xf32>
  return
}

func.func @tosa_tanh_f32() {
  %c1 = util.unfoldable_constant dense<[[1.97, -3.68, -3.46, -0.77, -2.04], [2.76, 1.93, 0.37, 1.29, 1.54], [2.25, 3.42, -2.8, 1.01, -2.85]]> : tensor<3x5xf32>
  %t2 = tosa.tanh %c1 : (tensor<3x5xf32>) -> tensor<3x5xf32>
  check.expect_almost_eq_const(%t2, dense<[[0.96184564, -0.9987284, -0.9980263, -0.64692944, -0.9667473], [0.99202025, 0.9587334, 0.35399172, 0.8591265, 0.91212034], [0.9780261, 0.9978621, -0.9926315, 0.76576203, -0.99333036]]> : tensor<3x5xf32>, atol 1.0e-05) : tensor<3x5xf32>
  return
}

func.func @tosa_sigmoid_f32() {
  %c1 = util.unfoldable_constant dense<[-0.91, 4.58, 6.32, 4.15, -7.43, -2.25, -5.39, 7.98, -5.7, -4.09, -2.28]> : tensor<11xf32>
  %t2 = tosa.sigmoid %c1 : (tensor<11xf32>) -> tensor<11xf32>
  check.expect_almost_eq_const(%t2, dense<[0.28699982, 0.9898492, 0.9982033, 0.98448026, 0.00059283595, 0.09534947, 0.004541257, 0.99965787, 0.003334808, 0.016463643, 0.09279296]> : tensor<11xf32>, atol 1.0e-05) : tensor<11xf32>
  return
}

func.func @tosa_reciprocal_f32() {
  %c1 = util.unfoldable_constant dense<[0.5, -4.0, 3.0, 0.1, -7.25, 100.0]> : tensor<6xf32>
  %t2 = tosa.reciprocal %c1 : (tensor<6xf32>) -> tensor<6xf32>
  check.expect_almost_eq_const(%t2, dense<[2.0, -0.25, 0.33333334, 10.0, -0.13793103, 0.01]> : tensor<6xf32>, atol 1.0e-06) : tensor<6xf32>
  return
}

func.func @tosa_rsqrt_f32() {
  %c1 = util.unfoldable_constant dense<[[1.02, 13.93], [10.2, 2.6]]> : tensor<2x2xf32>
  %t2 = tosa.rsqrt %c1 : (tensor<2x2xf32>) -> tensor<2x2xf32>
  check.expect_almost_eq_const(%t2, dense<[[0.99014753, 0.2679319], [0.31311214, 0.6201737]]> : tensor<2x2xf32>, atol 1.0e-05) : tensor<2x2xf32>
  return
}

func.func @tosa_erf_f32() {
  %c1 = util.unfoldable_constant dense<[-0.01, -2.53, 0.67, -1.61, -2.77, -2.31, 0.33, 0.82, -1.05, 0.86, -0.89, -2.22, -1.11]> : tensor<13xf32>
  %t2 = tosa.erf %c1 : (tensor<13xf32>) -> tensor<13xf32>
  check.expect_almost_eq_const(%t2, dense<[-0.011283415, -0.9996537, 0.6566277, -0.9772068, -0.9999105, -0.9989124, 0.35927868, 0.75381076, -0.8624361, 0.7761003, -0.79184324, -0.99830794, -0.883533]> : tensor<13xf32>, atol 1.0e-05) : tensor<13xf32>
  return
}

func.func @tosa_floor_ceil_f32_floor() {
  %c1 = util.unfoldable_constant dense<[-1.05, 4.13, -3.84, -4.14, 0.62, 4.63, 4.07]> : tensor<7xf32>
  %t2 = tosa.floor %c1 : (tensor<7xf32>) -> tensor<7xf32>
  check.expect_eq_const(%t2, dense<[-2.0, 4.0, -4.0, -5.0, 0.0, 4.0, 4.0]> : tensor<7xf32>) : tensor<7xf32>
  return
}

func.func @tosa_floor_ceil_f32_ceil() {
  %c1 = util.unfoldable_constant dense<[-1.05, 4.13, -3.84, -4.14, 0.62, 4.63, 4.07]> : tensor<7xf32>
  %t2 = tosa.ceil %c1 : (tensor<7xf32>) -> tensor<7xf32>
  check.expect_eq_const(%t2, dense<[-1.0, 5.0, -3.0, -4.0, 1.0, 5.0, 5.0]> : tensor<7xf32>) : tensor<7xf32>
  return
}

func.func @tosa_sin_f32() {
  %c1 = util.unfoldable_constant dense<[1.2, -2.6, 1.84, 1.1, -2.14, -0.21, -2.7, 1.81]> : tensor<8xf32>
  %t2 = tosa.sin %c1 : (tensor<8xf32>) -> tensor<8xf32>
  check.expect_almost_eq_const(%t2, dense<[0.9320391, -0.51550144, 0.963983, 0.8912074, -0.8423304, -0.2084599, -0.42737985, 0.971527]> : tensor<8xf32>, atol 1.0e-05) : tensor<8xf32>
  return
}

func.func @tosa_cos_f32() {
  %c1 = util.unfoldable_constant dense<[1.2, -2.6, 1.84, 1.1, -2.14, -0.21, -2.7, 1.81]> : tensor<8xf32>
  %t2 = tosa.cos %c1 : (tensor<8xf32>) -> tensor<8xf32>
  check.expect_almost_eq_const(%t2, dense<[0.3623577, -0.8568887, -0.2659639, 0.4535961, -0.5389615, 0.9780309, -0.90407217, -0.236929]> : tensor<8xf32>, atol 1.0e-05) : tensor<8xf32>
  return
}

func.func @tosa_maximum_f32() {
  %c1 = util.unfoldable_constant dense<[[0.87, 1.22, 1.04, -0.93], [1.16, -1.0, -1.45, -0.44]]> : tensor<2x4xf32>
  %c2 = util.unfoldable_constant dense<[[-0.01, -0.86, 0.42, 0.41], [-1.04, 0.49, -0.57, 0.94]]> : tensor<2x4xf32>
  %t3 = tosa.maximum %c1, %c2 : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  check.expect_eq_const(%t3, dense<[[0.87, 1.22, 1.04, 0.41], [1.16, 0.49, -0.57, 0.94]]> : tensor<2x4xf32>) : tensor<2x4xf32>
  return
}

func.func @tosa_minimum_f32() {
  %c1 = util.unfoldable_constant dense<[[0.87, 1.22, 1.04, -0.93], [1.16, -1.0, -1.45, -0.44]]> : tensor<2x4xf32>
  %c2 = util.unfoldable_constant dense<[[-0.01, -0.86, 0.42, 0.41], [-1.04, 0.49, -0.57, 0.94]]> : tensor<2x4xf32>
  %t3 = tosa.minimum %c1, %c2 : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  check.expect_eq_const(%t3, dense<[[-0.01, -0.86, 0.42, -0.93], [-1.04, -1.0, -1.45, -0.44]]> : tensor<2x4xf32>) : tensor<2x4xf32>
  return
}

func.func @tosa_maximum_i32_broadcast() {
  %c1 = util.unfoldable_constant dense<[[-1, -2, -4, -7, 6, 2]]> : tensor<1x6xi32>
  %c2 = util.unfoldable_constant dense<[[-2], [4], [1]]> : tensor<3x1xi32>
  %t3 = tosa.maximum %c1, %c2 : (tensor<1x6xi32>, tensor<3x1xi32>) -> tensor<3x6xi32>
  check.expect_eq_const(%t3, dense<[[-1, -2, -2, -2, 6, 2], [4, 4, 4, 4, 6, 4], [1, 1, 1, 1, 6, 2]]> : tensor<3x6xi32>) : tensor<3x6xi32>
  return
}

func.func @tosa_minimum_i8() {
  %c1 = util.unfoldable_constant dense<[8, 44, 67, 4, -23]> : tensor<5xi8>
  %c2 = util.unfoldable_constant dense<[-63, -51, 122, -81, -104]> : tensor<5xi8>
  %t3 = tosa.minimum %c1, %c2 : (tensor<5xi8>, tensor<5xi8>) -> tensor<5xi8>
  check.expect_eq_const(%t3, dense<[-63, -51, 67, -81, -104]> : tensor<5xi8>) : tensor<5xi8>
  return
}

func.func @tosa_intdiv_i32_truncates() {
  %c1 = util.unfoldable_constant dense<[7, -7, 7, -7, 0, 100, 13]> : tensor<7xi32>
  %c2 = util.unfoldable_constant dense<[2, 2, -2, -2, 5, 7, -4]> : tensor<7xi32>
  %t3 = tosa.intdiv %c1, %c2 : (tensor<7xi32>, tensor<7xi32>) -> tensor<7xi32>
  check.expect_eq_const(%t3, dense<[3, -3, -3, 3, 0, 14, -3]> : tensor<7xi32>) : tensor<7xi32>
  return
}

func.func @tosa_bitwise_and_i32() {
  %c1 = util.unfoldable_constant dense<[234, -350, -809, 98, 499, -943]> : tensor<6xi32>
  %c2 = util.unfoldable_constant dense<[-25, -691, 149, 599, 607, 568]> : tensor<6xi32>
  %t3 = tosa.bitwise_and %c1, %c2 : (tensor<6xi32>, tensor<6xi32>) -> tensor<6xi32>
  check.expect_eq_const(%t3, dense<[226, -1024, 149, 66, 83, 16]> : tensor<6xi32>) : tensor<6xi32>
  return
}

func.func @tosa_bitwise_xor_i32() {
  %c1 = util.unfoldable_constant dense<[234, -350, -809, 98, 499, -943]> : tensor<6xi32>
  %c2 = util.unfoldable_constant dense<[-25, -691, 149, 599, 607, 568]> : tensor<6xi32>
  %t3 = tosa.bitwise_xor %c1, %c2 : (tensor<6xi32>, tensor<6xi32>) -> tensor<6xi32>
  check.expect_eq_const(%t3, dense<[-243, 1007, -958, 565, 940, -407]> : tensor<6xi32>) : tensor<6xi32>
  return
}

func.func @tosa_pow_f32() {
  %c1 = util.unfoldable_constant dense<[1.95, 2.72, 2.29, 0.97, 1.97]> : tensor<5xf32>
  %c2 = util.unfoldable_constant dense<[-0.64, 1.0, -0.46, -1.39, 1.51]> : tensor<5xf32>
  %t3 = tosa.pow %c1, %c2 : (tensor<5xf32>, tensor<5xf32>) -> tensor<5xf32>
  check.expect_almost_eq_const(%t3, dense<[0.6521956, 2.72, 0.68308645, 1.0432473, 2.7838383]> : tensor<5xf32>, atol 1.0e-04) : tensor<5xf32>
  return
}
