// TOSA gather, table (i8), clamp (f32, i8, i32), cast (f32<->int rounding/saturation, int widths), rescale (i8->i8 with zero points, per-channel i32->i8)
// TOSA input (MLIR 22 syntax), lowered by castiron through upstream tosa-to-linalg.
// Expected values computed with numpy (float64, rounded to f32).

func.func @tosa_gather_f32() {
  %c1 = util.unfoldable_constant dense<[[[-1.98, 1.49, -1.03], [0.6, -0.06, 1.15], [1.52, 1.6, 0.08], [1.86, 1.65, 0.71], [1.04, -1.29, 1.47]], [[2.0, 1.64, -1.53], [-0.45, 1.7, -1.63], [-0.75, 0.69, 0.51], [-0.85, 0.88, -1.97], [1.42, 0.33, -1.93]]]> : tensor<2x5x3xf32>
  %c2 = util.unfoldable_constant dense<[[4, 0, 0, 2], [1, 3, 4, 1]]> : tensor<2x4xi32>
  %t3 = tosa.gather %c1, %c2 : (tensor<2x5x3xf32>, tensor<2x4xi32>) -> tensor<2x4x3xf32>
  check.expect_eq_const(%t3, dense<[[[1.04, -1.29, 1.47], [-1.98, 1.49, -1.03], [-1.98, 1.49, -1.03], [1.52, 1.6, 0.08]], [[-0.45, 1.7, -1.63], [-0.85, 0.88, -1.97], [1.42, 0.33, -1.93], [-0.45, 1.7, -1.63]]]> : tensor<2x4x3xf32>) : tensor<2x4x3xf32>
  return
}

func.func @tosa_gather_i32() {
  %c1 = util.unfoldable_constant dense<[[[-6, 3], [7, -2], [-7, 2], [6, -1], [-8, -4], [8, -2], [4, 1]]]> : tensor<1x7x2xi32>
  %c2 = util.unfoldable_constant dense<[[6, 6, 0]]> : tensor<1x3xi32>
  %t3 = tosa.gather %c1, %c2 : (tensor<1x7x2xi32>, tensor<1x3xi32>) -> tensor<1x3x2xi32>
  check.expect_eq_const(%t3, dense<[[[4, 1], [4, 1], [-6, 3]]]> : tensor<1x3x2xi32>) : tensor<1x3x2xi32>
  return
}

func.func @tosa_table_i8() {
  %c1 = util.unfoldable_constant dense<[[-128, -1, 0], [1, 50, 127]]> : tensor<2x3xi8>
  %k2 = "tosa.const"() <{values = dense<[-128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -127, -125, -124, -122, -121, -119, -118, -116, -115, -113, -112, -110, -109, -107, -106, -104, -103, -101, -100, -98, -97, -95, -94, -92, -91, -89, -88, -86, -85, -83, -82, -80, -79, -77, -76, -74, -73, -71, -70, -68, -67, -65, -64, -62, -61, -59, -58, -56, -55, -53, -52, -50, -49, -47, -46, -44, -43, -41, -40, -38, -37, -35, -34, -32, -31, -29, -28, -26, -25, -23, -22, -20, -19, -17, -16, -14, -13, -11, -10, -8, -7, -5, -4, -2, -1, 1, 2, 4, 5, 7, 8, 10, 11, 13, 14, 16, 17, 19, 20, 22, 23, 25, 26, 28, 29, 31, 32, 34, 35, 37, 38, 40, 41, 43, 44, 46, 47, 49, 50, 52, 53, 55, 56, 58, 59, 61, 62, 64, 65, 67, 68, 70, 71, 73, 74, 76, 77, 79, 80, 82, 83, 85, 86, 88, 89, 91, 92, 94, 95, 97, 98, 100, 101, 103, 104, 106, 107, 109, 110, 112, 113, 115, 116, 118, 119, 121, 122, 124, 125, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127]> : tensor<256xi8>}> : () -> tensor<256xi8>
  %t3 = tosa.table %c1, %k2 : (tensor<2x3xi8>, tensor<256xi8>) -> tensor<2x3xi8>
  check.expect_eq_const(%t3, dense<[[-128, -7, -5], [-4, 70, 127]]> : tensor<2x3xi8>) : tensor<2x3xi8>
  return
}

func.func @tosa_clamp_f32() {
  %c1 = util.unfoldable_constant dense<[[-2.02, -0.06, 2.66, -2.9], [0.61, 2.66, -0.63, -1.03], [0.34, -2.0, -2.76, 1.8]]> : tensor<3x4xf32>
  %t2 = tosa.clamp %c1 {max_val = 1.5 : f32, min_val = -0.5 : f32} : (tensor<3x4xf32>) -> tensor<3x4xf32>
  check.expect_eq_const(%t2, dense<[[-0.5, -0.06, 1.5, -0.5], [0.61, 1.5, -0.5, -0.5], [0.34, -0.5, -0.5, 1.5]]> : tensor<3x4xf32>) : tensor<3x4xf32>
  return
}

func.func @tosa_clamp_i8() {
  %c1 = util.unfoldable_constant dense<[-19, 8, 70, 107, 44, -42, -36]> : tensor<7xi8>
  %t2 = tosa.clamp %c1 {max_val = 20 : i8, min_val = -30 : i8} : (tensor<7xi8>) -> tensor<7xi8>
  check.expect_eq_const(%t2, dense<[-19, 8, 20, 20, 20, -30, -30]> : tensor<7xi8>) : tensor<7xi8>
  return
}

func.func @tosa_clamp_i32_relu6_like() {
  %c1 = util.unfoldable_constant dense<[[296, 499, -657], [-562, 99, -752]]> : tensor<2x3xi32>
  %t2 = tosa.clamp %c1 {max_val = 600 : i32, min_val = 0 : i32} : (tensor<2x3xi32>) -> tensor<2x3xi32>
  check.expect_eq_const(%t2, dense<[[296, 499, 0], [0, 99, 0]]> : tensor<2x3xi32>) : tensor<2x3xi32>
  return
}

func.func @tosa_cast_f32_to_i32_round_half_even() {
  %c1 = util.unfoldable_constant dense<[-2.5, -1.5, -0.4, 0.5, 1.5, 2.5, 3.7, -3.7]> : tensor<8xf32>
  %t2 = tosa.cast %c1 : (tensor<8xf32>) -> tensor<8xi32>
  check.expect_eq_const(%t2, dense<[-2, -2, 0, 0, 2, 2, 4, -4]> : tensor<8xi32>) : tensor<8xi32>
  return
}

func.func @tosa_cast_f32_to_i8_saturates() {
  %c1 = util.unfoldable_constant dense<[-300.0, -128.6, -5.5, 0.0, 6.5, 126.5, 127.4, 1000.0]> : tensor<8xf32>
  %t2 = tosa.cast %c1 : (tensor<8xf32>) -> tensor<8xi8>
  check.expect_eq_const(%t2, dense<[-128, -128, -6, 0, 6, 126, 127, 127]> : tensor<8xi8>) : tensor<8xi8>
  return
}

func.func @tosa_cast_i8_to_f32() {
  %c1 = util.unfoldable_constant dense<[-128, -1, 0, 7, 127]> : tensor<5xi8>
  %t2 = tosa.cast %c1 : (tensor<5xi8>) -> tensor<5xf32>
  check.expect_eq_const(%t2, dense<[-128.0, -1.0, 0.0, 7.0, 127.0]> : tensor<5xf32>) : tensor<5xf32>
  return
}

func.func @tosa_cast_i8_to_i32() {
  %c1 = util.unfoldable_constant dense<[-128, -1, 0, 7, 127]> : tensor<5xi8>
  %t2 = tosa.cast %c1 : (tensor<5xi8>) -> tensor<5xi32>
  check.expect_eq_const(%t2, dense<[-128, -1, 0, 7, 127]> : tensor<5xi32>) : tensor<5xi32>
  return
}

func.func @tosa_cast_i32_to_i8_truncates() {
  %c1 = util.unfoldable_constant dense<[300, -300, 127, -129, 65535]> : tensor<5xi32>
  %t2 = tosa.cast %c1 : (tensor<5xi32>) -> tensor<5xi8>
  check.expect_eq_const(%t2, dense<[44, -44, 127, 127, -1]> : tensor<5xi8>) : tensor<5xi8>
  return
}

func.func @tosa_cast_i32_to_f32() {
  %c1 = util.unfoldable_constant dense<[-593628, 547306, -344663, 706590]> : tensor<4xi32>
  %t2 = tosa.cast %c1 : (tensor<4xi32>) -> tensor<4xf32>
  check.expect_eq_const(%t2, dense<[-593628.0, 547306.0, -344663.0, 706590.0]> : tensor<4xf32>) : tensor<4xf32>
  return
}

func.func @tosa_rescale_i8_to_i8() {
  %c1 = util.unfoldable_constant dense<[-128, -50, -1, 0, 3, 4, 77, 127]> : tensor<8xi8>
  %k2 = "tosa.const"() <{values = dense<[1610612736]> : tensor<1xi32>}> : () -> tensor<1xi32>
  %k3 = "tosa.const"() <{values = dense<[31]> : tensor<1xi8>}> : () -> tensor<1xi8>
  %k4 = "tosa.const"() <{values = dense<[3]> : tensor<1xi8>}> : () -> tensor<1xi8>
  %k5 = "tosa.const"() <{values = dense<[-2]> : tensor<1xi8>}> : () -> tensor<1xi8>
  %t6 = tosa.rescale %c1, %k2, %k3, %k4, %k5 {input_unsigned = false, output_unsigned = false, per_channel = false, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<8xi8>, tensor<1xi32>, tensor<1xi8>, tensor<1xi8>, tensor<1xi8>) -> tensor<8xi8>
  check.expect_eq_const(%t6, dense<[-100, -42, -5, -4, -2, -1, 54, 91]> : tensor<8xi8>) : tensor<8xi8>
  return
}

func.func @tosa_rescale_i32_to_i8_per_channel() {
  %c1 = util.unfoldable_constant dense<[[-1334, -948, -2076], [-1839, 4908, -1789]]> : tensor<2x3xi32>
  %k2 = "tosa.const"() <{values = dense<[1073741824, 1288490189, 858993459]> : tensor<3xi32>}> : () -> tensor<3xi32>
  %k3 = "tosa.const"() <{values = dense<[36, 37, 35]> : tensor<3xi8>}> : () -> tensor<3xi8>
  %k4 = "tosa.const"() <{values = dense<[0]> : tensor<1xi32>}> : () -> tensor<1xi32>
  %k5 = "tosa.const"() <{values = dense<[0]> : tensor<1xi8>}> : () -> tensor<1xi8>
  %t6 = tosa.rescale %c1, %k2, %k3, %k4, %k5 {input_unsigned = false, output_unsigned = false, per_channel = true, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<2x3xi32>, tensor<3xi32>, tensor<3xi8>, tensor<1xi32>, tensor<1xi8>) -> tensor<2x3xi8>
  check.expect_eq_const(%t6, dense<[[-21, -9, -52], [-29, 46, -45]]> : tensor<2x3xi8>) : tensor<2x3xi8>
  return
}
