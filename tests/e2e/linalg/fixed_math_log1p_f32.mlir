
func.func @math_log1p_f32() {
  %c1 = util.unfoldable_constant dense<[1.1, -0.3, 0.2, 2.8, -0.1, 2.6, 0.5, 0.5, 0.7]> : tensor<9xf32>
  %e2 = tensor.empty() : tensor<9xf32>
  %g3 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%c1 : tensor<9xf32>) outs(%e2 : tensor<9xf32>) {
  ^bb0(%a0: f32, %o: f32):
    %r = math.log1p %a0 : f32
    linalg.yield %r : f32
  } -> tensor<9xf32>
  check.expect_almost_eq_const(%g3, dense<[0.74193734, -0.35667497, 0.18232156, 1.3350011, -0.105360515, 1.2809339, 0.4054651, 0.4054651, 0.53062826]> : tensor<9xf32>, atol 1.0e-05) : tensor<9xf32>
  return
}
