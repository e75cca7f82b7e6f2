
func.func @math_expm1_f32() {
  %c1 = util.unfoldable_constant dense<[1.0, 1.5, 1.7, -0.7, -1.1, -0.2, -2.0, 0.9, -0.3]> : tensor<9xf32>
  %e2 = tensor.empty() : tensor<9xf32>
  %g3 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%c1 : tensor<9xf32>) outs(%e2 : tensor<9xf32>) {
  ^bb0(%a0: f32, %o: f32):
    %r = math.expm1 %a0 : f32
    linalg.yield %r : f32
  } -> tensor<9xf32>
  check.expect_almost_eq_const(%g3, dense<[1.7182819, 3.481689, 4.4739475, -0.5034147, -0.6671289, -0.18126924, -0.86466473, 1.4596031, -0.2591818]> : tensor<9xf32>, atol 1.0e-05) : tensor<9xf32>
  return
}
