// i1 (boolean) tensors in memory: comparison results checked as i1, i1 constants into logical ops and select, a linalg.generic i1 result
// TOSA input (MLIR 22 syntax), lowered by castiron through upstream tosa-to-linalg.
// Expected values computed with numpy (float64, rounded to f32).

func.func @tosa_equal_f32_i1_result() {
  %c1 = util.unfoldable_constant dense<[[1.0, 1.0, 1.0, -1.0, -2.0], [2.0, 0.0, -2.0, 2.0, 2.0]]> : tensor<2x5xf32>
  %c2 = util.unfoldable_constant dense<[[-1.0, 1.0, -2.0, -0.0, 1.0], [-0.0, 0.0, -2.0, 1.0, -0.0]]> : tensor<2x5xf32>
  %t3 = tosa.equal %c1, %c2 : (tensor<2x5xf32>, tensor<2x5xf32>) -> tensor<2x5xi1>
  check.expect_eq_const(%t3, dense<[[false, true, false, false, false], [false, true, true, false, false]]> : tensor<2x5xi1>) : tensor<2x5xi1>
  return
}

func.func @tosa_greater_i32_i1_result() {
  %c1 = util.unfoldable_constant dense<[-1, -1, -1, 1, -1, 2, -1]> : tensor<7xi32>
  %c2 = util.unfoldable_constant dense<[0]> : tensor<1xi32>
  %t3 = tosa.greater %c1, %c2 : (tensor<7xi32>, tensor<1xi32>) -> tensor<7xi1>
  check.expect_eq_const(%t3, dense<[false, false, false, true, false, true, false]> : tensor<7xi1>) : tensor<7xi1>
  return
}

func.func @tosa_logical_and_i1_inputs() {
  %c1 = util.unfoldable_constant dense<[[false, true, false, true], [true, false, true, true]]> : tensor<2x4xi1>
  %c2 = util.unfoldable_constant dense<[[true, true, false, false], [true, false, false, true]]> : tensor<2x4xi1>
  %t3 = tosa.logical_and %c1, %c2 : (tensor<2x4xi1>, tensor<2x4xi1>) -> tensor<2x4xi1>
  check.expect_eq_const(%t3, dense<[[false, true, false, false], [true, false, false, true]]> : tensor<2x4xi1>) : tensor<2x4xi1>
  return
}

func.func @tosa_logical_or_i1_inputs() {
  %c1 = util.unfoldable_constant dense<[[false, true, false, true], [true, false, true, true]]> : tensor<2x4xi1>
  %c2 = util.unfoldable_constant dense<[[true, true, false, false], [true, false, false, true]]> : tensor<2x4xi1>
  %t3 = tosa.logical_or %c1, %c2 : (tensor<2x4xi1>, tensor<2x4xi1>) -> tensor<2x4xi1>
  check.expect_eq_const(%t3, dense<[[true, true, false, true], [true, false, true, true]]> : tensor<2x4xi1>) : tensor<2x4xi1>
  return
}

func.func @tosa_logical_xor_i1_inputs() {
  %c1 = util.unfoldable_constant dense<[[false, true, false, true], [true, false, true, true]]> : tensor<2x4xi1>
  %c2 = util.unfoldable_constant dense<[[true, true, false, false], [true, false, false, true]]> : tensor<2x4xi1>
  %t3 = tosa.logical_xor %c1, %c2 : (tensor<2x4xi1>, tensor<2x4xi1>) -> tensor<2x4xi1>
  check.expect_eq_const(%t3, dense<[[true, false, false, true], [false, false, true, false]]> : tensor<2x4xi1>) : tensor<2x4xi1>
  return
}

func.func @tosa_logical_not_i1_input() {
  %c1 = util.unfoldable_constant dense<[[false, true, false, true], [true, false, true, true]]> : tensor<2x4xi1>
  %t2 = tosa.logical_not %c1 : (tensor<2x4xi1>) -> tensor<2x4xi1>
  check.expect_eq_const(%t2, dense<[[true, false, true, false], [false, true, false, false]]> : tensor<2x4xi1>) : tensor<2x4xi1>
  return
}

func.func @tosa_select_i32_i1_const_pred() {
  %c1 = util.unfoldable_constant dense<[true, false, false, false, false]> : tensor<5xi1>
  %c2 = util.unfoldable_constant dense<[1, 4, 8, 1, -5]> : tensor<5xi32>
  %c3 = util.unfoldable_constant dense<[1, -8, -9, -7, 5]> : tensor<5xi32>
  %t4 = tosa.select %c1, %c2, %c3 : (tensor<5xi1>, tensor<5xi32>, tensor<5xi32>) -> tensor<5xi32>
  check.expect_eq_const(%t4, dense<[1, -8, -9, -7, 5]> : tensor<5xi32>) : tensor<5xi32>
  return
}

func.func @linalg_cmpi_i1_result() {
  %c1 = util.unfoldable_constant dense<[3, -2, 1, 1, 0, 0]> : tensor<6xi32>
  %e2 = tensor.empty() : tensor<6xi1>
  %g3 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%c1 : tensor<6xi32>) outs(%e2 : tensor<6xi1>) {
  ^bb0(%a0: i32, %o: i1):
    %z = arith.constant 0 : i32
    %r = arith.cmpi sgt, %a0, %z : i32
    linalg.yield %r : i1
  } -> tensor<6xi1>
  check.expect_eq_const(%g3, dense<[true, false, true, true, false, false]> : tensor<6xi1>) : tensor<6xi1>
  return
}
