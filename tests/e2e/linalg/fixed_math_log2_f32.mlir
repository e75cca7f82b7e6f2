
func.func @math_log2_f32() {
  %c1 = util.unfoldable_constant dense<[11.8, 49.0, 10.6, 19.7, 30.2, 37.5, 19.5, 11.3, 33.2]> : tensor<9xf32>
  %e2 = tensor.empty() : tensor<9xf32>
  %g3 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%c1 : tensor<9xf32>) outs(%e2 : tensor<9xf32>) {
  ^bb0(%a0: f32, %o: f32):
    %r = math.log2 %a0 : f32
    linalg.yield %r : f32
  } -> tensor<9xf32>
  check.expect_almost_eq_const(%g3, dense<[3.560715, 5.61471, 3.4059925, 4.3001237, 4.9164767, 5.228819, 4.2854023, 3.498251, 5.0531116]> : tensor<9xf32>, atol 1.0e-05) : tensor<9xf32>
  return
}
