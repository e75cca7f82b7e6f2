// TOSA comparisons (equal/greater/greater_equal), logical and/or/xor/not, select.
// i1 results are cast to i32 or consumed by select inside the same dispatch (i1 tensors in memory: i1_tensors.mlir)
// TOSA input (MLIR 22 syntax), lowered by castiron through upstream tosa-to-linalg.
// Expected values computed with numpy (float64, rounded to f32).

func.func @tosa_equal_f32_cast_i32() {
  %c1 = util.unfoldable_constant dense<[[-1.0, 2.0, -1.0, -1.0, -1.0], [-1.0, 1.0, -2.0, 2.0, 1.0]]> : tensor<2x5xf32>
  %c2 = util.unfoldable_constant dense<[[-2.0, 0.0, -2.0, -1.0, -0.0], [-0.0, -0.0, 2.0, -1.0, -1.0]]> : tensor<2x5xf32>
  %t3 = tosa.equal %c1, %c2 : (tensor<2x5xf32>, tensor<2x5xf32>) -> tensor<2x5xi1>
  %t4 = tosa.cast %t3 : (tensor<2x5xi1>) -> tensor<2x5xi32>
  check.expect_eq_const(%t4, dense<[[0, 0, 0, 1, 0], [0, 0, 0, 0, 0]]> : tensor<2x5xi32>) : tensor<2x5xi32>
  return
}

func.func @tosa_greater_f32_cast_i32() {
  %c1 = util.unfoldable_constant dense<[[-1.0, 2.0, -1.0, -1.0, -1.0], [-1.0, 1.0, -2.0, 2.0, 1.0]]> : tensor<2x5xf32>
  %c2 = util.unfoldable_constant dense<[[-2.0, 0.0, -2.0, -1.0, -0.0], [-0.0, -0.0, 2.0, -1.0, -1.0]]> : tensor<2x5xf32>
  %t3 = tosa.greater %c1, %c2 : (tensor<2x5xf32>, tensor<2x5xf32>) -> tensor<2x5xi1>
  %t4 = tosa.cast %t3 : (tensor<2x5xi1>) -> tensor<2x5xi32>
  check.expect_eq_const(%t4, dense<[[1, 1, 1, 0, 0], [0, 1, 0, 1, 1]]> : tensor<2x5xi32>) : tensor<2x5xi32>
  return
}

func.func @tosa_greater_equal_f32_cast_i32() {
  %c1 = util.unfoldable_constant dense<[[-1.0, 2.0, -1.0, -1.0, -1.0], [-1.0, 1.0, -2.0, 2.0, 1.0]]> : tensor<2x5xf32>
  %c2 = util.unfoldable_constant dense<[[-2.0, 0.0, -2.0, -1.0, -0.0], [-0.0, -0.0, 2.0, -1.0, -1.0]]> : tensor<2x5xf32>
  %t3 = tosa.greater_equal %c1, %c2 : (tensor<2x5xf32>, tensor<2x5xf32>) -> tensor<2x5xi1>
  %t4 = tosa.cast %t3 : (tensor<2x5xi1>) -> tensor<2x5xi32>
  check.expect_eq_const(%t4, dense<[[1, 1, 1, 1, 0], [0, 1, 0, 1, 1]]> : tensor<2x5xi32>) : tensor<2x5xi32>
  return
}

func.func @tosa_greater_i32_broadcast_cast_i32() {
  %c1 = util.unfoldable_constant dense<[1, 1, 1, 2, 0, 2, 2]> : tensor<7xi32>
  %c2 = util.unfoldable_constant dense<[2]> : tensor<1xi32>
  %t3 = tosa.greater %c1, %c2 : (tensor<7xi32>, tensor<1xi32>) -> tensor<7xi1>
  %t4 = tosa.cast %t3 : (tensor<7xi1>) -> tensor<7xi32>
  check.expect_eq_const(%t4, dense<[0, 0, 0, 0, 0, 0, 0]> : tensor<7xi32>) : tensor<7xi32>
  return
}

func.func @tosa_equal_i8_cast_i32() {
  %c1 = util.unfoldable_constant dense<[[-1, -2, 2], [2, -1, 1], [-2, 2, 2]]> : tensor<3x3xi8>
  %c2 = util.unfoldable_constant dense<[[0, 1, -1], [2, 1, 2], [1, -2, 1]]> : tensor<3x3xi8>
  %t3 = tosa.equal %c1, %c2 : (tensor<3x3xi8>, tensor<3x3xi8>) -> tensor<3x3xi1>
  %t4 = tosa.cast %t3 : (tensor<3x3xi1>) -> tensor<3x3xi32>
  check.expect_eq_const(%t4, dense<[[0, 0, 0], [1, 0, 0], [0, 0, 0]]> : tensor<3x3xi32>) : tensor<3x3xi32>
  return
}

func.func @tosa_logical_and_of_comparisons() {
  %c1 = util.unfoldable_constant dense<[[1, -2, 3, -3], [-1, 2, 2, -3]]> : tensor<2x4xi32>
  %c2 = util.unfoldable_constant dense<[[-2, 3, 0, -3], [-1, 1, -3, -1]]> : tensor<2x4xi32>
  %k3 = "tosa.const"() <{values = dense<[[0]]> : tensor<1x1xi32>}> : () -> tensor<1x1xi32>
  %t4 = tosa.greater %c1, %k3 : (tensor<2x4xi32>, tensor<1x1xi32>) -> tensor<2x4xi1>
  %t5 = tosa.greater %c2, %k3 : (tensor<2x4xi32>, tensor<1x1xi32>) -> tensor<2x4xi1>
  %t6 = tosa.logical_and %t4, %t5 : (tensor<2x4xi1>, tensor<2x4xi1>) -> tensor<2x4xi1>
  %t7 = tosa.cast %t6 : (tensor<2x4xi1>) -> tensor<2x4xi32>
  check.expect_eq_const(%t7, dense<[[0, 0, 0, 0], [0, 1, 0, 0]]> : tensor<2x4xi32>) : tensor<2x4xi32>
  return
}

func.func @tosa_logical_or_of_comparisons() {
  %c1 = util.unfoldable_constant dense<[[1, -2, 3, -3], [-1, 2, 2, -3]]> : tensor<2x4xi32>
  %c2 = util.unfoldable_constant dense<[[-2, 3, 0, -3], [-1, 1, -3, -1]]> : tensor<2x4xi32>
  %k3 = "tosa.const"() <{values = dense<[[0]]> : tensor<1x1xi32>}> : () -> tensor<1x1xi32>
  %t4 = tosa.greater %c1, %k3 : (tensor<2x4xi32>, tensor<1x1xi32>) -> tensor<2x4xi1>
  %t5 = tosa.greater %c2, %k3 : (tensor<2x4xi32>, tensor<1x1xi32>) -> tensor<2x4xi1>
  %t6 = tosa.logical_or %t4, %t5 : (tensor<2x4xi1>, tensor<2x4xi1>) -> tensor<2x4xi1>
  %t7 = tosa.cast %t6 : (tensor<2x4xi1>) -> tensor<2x4xi32>
  check.expect_eq_const(%t7, dense<[[1, 1, 1, 0], [0, 1, 1, 0]]> : tensor<2x4xi32>) : tensor<2x4xi32>
  return
}

func.func @tosa_logical_xor_of_comparisons() {
  %c1 = util.unfoldable_constant dense<[[1, -2, 3, -3], [-1, 2, 2, -3]]> : tensor<2x4xi32>
  %c2 = util.unfoldable_constant dense<[[-2, 3, 0, -3], [-1, 1, -3, -1]]> : tensor<2x4xi32>
  %k3 = "tosa.const"() <{values = dense<[[0]]> : tensor<1x1xi32>}> : () -> tensor<1x1xi32>
  %t4 = tosa.greater %c1, %k3 : (tensor<2x4xi32>, tensor<1x1xi32>) -> tensor<2x4xi1>
  %t5 = tosa.greater %c2, %k3 : (tensor<2x4xi32>, tensor<1x1xi32>) -> tensor<2x4xi1>
  %t6 = tosa.logical_xor %t4, %t5 : (tensor<2x4xi1>, tensor<2x4xi1>) -> tensor<2x4xi1>
  %t7 = tosa.cast %t6 : (tensor<2x4xi1>) -> tensor<2x4xi32>
  check.expect_eq_const(%t7, dense<[[1, 1, 1, 0], [0, 0, 1, 0]]> : tensor<2x4xi32>) : tensor<2x4xi32>
  return
}

func.func @tosa_logical_not_of_comparison() {
  %c1 = util.unfoldable_constant dense<[[1, -2, 3, -3], [-1, 2, 2, -3]]> : tensor<2x4xi32>
  %k2 = "tosa.const"() <{values = dense<[[0]]> : tensor<1x1xi32>}> : () -> tensor<1x1xi32>
  %t3 = tosa.greater %c1, %k2 : (tensor<2x4xi32>, tensor<1x1xi32>) -> tensor<2x4xi1>
  %t4 = tosa.logical_not %t3 : (tensor<2x4xi1>) -> tensor<2x4xi1>
  %t5 = tosa.cast %t4 : (tensor<2x4xi1>) -> tensor<2x4xi32>
  check.expect_eq_const(%t5, dense<[[0, 1, 0, 1], [1, 0, 0, 1]]> : tensor<2x4xi32>) : tensor<2x4xi32>
  return
}

func.func @tosa_select_greater_f32() {
  %c1 = util.unfoldable_constant dense<[[-0.7, -1.32, 1.12, 1.66], [0.92, 0.4, 0.85, 0.14], [0.23, 1.62, -0.87, -1.11]]> : tensor<3x4xf32>
  %c2 = util.unfoldable_constant dense<[[1.79, 1.77, -0.1, 1.2], [0.97, 1.8, -1.67, 1.59], [0.0, -0.2, 0.75, 0.47]]> : tensor<3x4xf32>
  %t3 = tosa.greater %c1, %c2 : (tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<3x4xi1>
  %t4 = tosa.select %t3, %c1, %c2 : (tensor<3x4xi1>, tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
  check.expect_eq_const(%t4, dense<[[1.79, 1.77, 1.12, 1.66], [0.97, 1.8, 0.85, 1.59], [0.23, 1.62, 0.75, 0.47]]> : tensor<3x4xf32>) : tensor<3x4xf32>
  return
}

func.func @tosa_select_i32_greater_equal() {
  %c1 = util.unfoldable_constant dense<[-3, -1, 2, -4, -7]> : tensor<5xi32>
  %c2 = util.unfoldable_constant dense<[8, 6, 6, -1, -8]> : tensor<5xi32>
  %c3 = util.unfoldable_constant dense<[8, -2, -7, 5, -3]> : tensor<5xi32>
  %t4 = tosa.greater_equal %c3, %c1 : (tensor<5xi32>, tensor<5xi32>) -> tensor<5xi1>
  %t5 = tosa.select %t4, %c1, %c2 : (tensor<5xi1>, tensor<5xi32>, tensor<5xi32>) -> tensor<5xi32>
  check.expect_eq_const(%t5, dense<[-3, 6, 6, -4, -7]> : tensor<5xi32>) : tensor<5xi32>
  return
}
