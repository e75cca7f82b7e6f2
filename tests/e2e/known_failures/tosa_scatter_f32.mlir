// KNOWN FAILURE: tosa.scatter is not lowered: "error: failed to legalize operation 'tosa.scatter'" (upstream lowers it with tosa-to-scf)

func.func @tosa_scatter_f32() {
  %c1 = util.unfoldable_constant dense<[[[0.65, -0.3], [-1.99, -1.05], [0.06, -0.68], [-0.46, 0.2], [-0.3, -0.28]], [[-0.63, 0.5], [0.95, -0.88], [0.97, 0.05], [0.99, 0.8], [-1.0, 0.08]]]> : tensor<2x5x2xf32>
  %c2 = util.unfoldable_constant dense<[[4, 1], [0, 2]]> : tensor<2x2xi32>
  %c3 = util.unfoldable_constant dense<[[[-1.18, -1.67], [0.92, 1.47]], [[0.75, 0.37], [1.03, -0.06]]]> : tensor<2x2x2xf32>
  %t4 = tosa.scatter %c1, %c2, %c3 : (tensor<2x5x2xf32>, tensor<2x2xi32>, tensor<2x2x2xf32>) -> tensor<2x5x2xf32>
  check.expect_eq_const(%t4, dense<[[[0.65, -0.3], [0.92, 1.47], [0.06, -0.68], [-0.46, 0.2], [-1.18, -1.67]], [[0.75, 0.37], [0.95, -0.88], [1.03, -0.06], [0.99, 0.8], [-1.0, 0.08]]]> : tensor<2x5x2xf32>) : tensor<2x5x2xf32>
  return
}
