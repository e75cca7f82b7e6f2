
func.func @math_atan_f32() {
  %c1 = util.unfoldable_constant dense<[1.8, 3.4, 1.6, -4.3, -2.3, -1.1, 3.8, -2.4, 4.5]> : tensor<9xf32>
  %e2 = tensor.empty() : tensor<9xf32>
  %g3 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%c1 : tensor<9xf32>) outs(%e2 : tensor<9xf32>) {
  ^bb0(%a0: f32, %o: f32):
    %r = math.atan %a0 : f32
    linalg.yield %r : f32
  } -> tensor<9xf32>
  check.expect_almost_eq_const(%g3, dense<[1.0636978, 1.2847449, 1.012197, -1.3422997, -1.160669, -0.8329813, 1.3134726, -1.1760052, 1.3521274]> : tensor<9xf32>, atol 1.0e-05) : tensor<9xf32>
  return
}
