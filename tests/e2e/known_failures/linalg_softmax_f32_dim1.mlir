// KNOWN FAILURE: linalg.softmax is never decomposed: "codegen of dispatch linalg_softmax_f32_dim1_dispatch_0 left ops it cannot lower: linalg.softmax"

func.func @linalg_softmax_f32_dim1() {
  %c1 = util.unfoldable_constant dense<[[2.16, 0.64, -1.15, -1.37, 1.18, 0.55, -1.47], [2.39, -2.55, -1.94, -0.84, 2.9, -1.27, 2.75], [2.97, 2.0, -0.91, -0.11, -1.63, -0.82, -1.12]]> : tensor<3x7xf32>
  %e2 = tensor.empty() : tensor<3x7xf32>
  %s = linalg.softmax dimension(1) ins(%c1 : tensor<3x7xf32>) outs(%e2 : tensor<3x7xf32>) -> tensor<3x7xf32>
  check.expect_almost_eq_const(%s, dense<[[0.53015304, 0.11595076, 0.01935916, 0.0155360885, 0.1989723, 0.105971016, 0.014057634], [0.23899245, 0.0017098949, 0.0031469439, 0.009453943, 0.397992, 0.006149876, 0.34255487], [0.6688606, 0.25355372, 0.013812523, 0.030740336, 0.006723277, 0.015113308, 0.011196214]]> : tensor<3x7xf32>, atol 1.0e-05) : tensor<3x7xf32>
  return
}
