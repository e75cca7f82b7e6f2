
func.func @math_exp2_f32() {
  %c1 = util.unfoldable_constant dense<[-2.4, -1.1, 1.4, 1.3, 0.6, -0.9, 0.7, 1.3, -2.9]> : tensor<9xf32>
  %e2 = tensor.empty() : tensor<9xf32>
  %g3 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%c1 : tensor<9xf32>) outs(%e2 : tensor<9xf32>) {
  ^bb0(%a0: f32, %o: f32):
    %r = math.exp2 %a0 : f32
    linalg.yield %r : f32
  } -> tensor<9xf32>
  check.expect_almost_eq_const(%g3, dense<[0.18946455, 0.4665165, 2.6390157, 2.4622889, 1.5157166, 0.53588676, 1.6245048, 2.4622889, 0.13397168]> : tensor<9xf32>, atol 1.0e-04) : tensor<9xf32>
  return
}
