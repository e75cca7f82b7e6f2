// KNOWN FAILURE: tosa.reduce_any leaves an i1 tensor in memory between dispatches: "error: dispatch ..._dispatch_0 stores i1 (boolean) values in memory, which castiron's LLVM 22 lowering cannot do yet"

func.func @tosa_reduce_any_of_comparison() {
  %c1 = util.unfoldable_constant dense<[[-5, 2, -3, 3], [0, -4, 4, -1], [-2, -2, 1, -1]]> : tensor<3x4xi32>
  %k2 = "tosa.const"() <{values = dense<[[0]]> : tensor<1x1xi32>}> : () -> tensor<1x1xi32>
  %t3 = tosa.greater %c1, %k2 : (tensor<3x4xi32>, tensor<1x1xi32>) -> tensor<3x4xi1>
  %t4 = tosa.reduce_any %t3 {axis = 1 : i32} : (tensor<3x4xi1>) -> tensor<3x1xi1>
  %t5 = tosa.cast %t4 : (tensor<3x1xi1>) -> tensor<3x1xi32>
  check.expect_eq_const(%t5, dense<[[1], [1], [1]]> : tensor<3x1xi32>) : tensor<3x1xi32>
  return
}
