// reductions: linalg.generic reduction iterators and linalg.reduce (sum/max/min; f32, i32, i8->i32)
// Generated expected values: computed with numpy (float64, rounded to f32).
// Build: castiron-compile FILE -o F.vmfb && castiron-check-module F.vmfb

func.func @reduce_sum_f32_rows_5x7() {
  %c1 = util.unfoldable_constant dense<[[1.22, 1.23, 0.06, -0.86, -1.78, -0.47, -0.37], [-1.82, -1.8, 2.0, 0.61, -1.06, -0.26, 1.9], [1.59, 1.38, -0.43, -0.03, 0.71, -1.76, 0.22], [-0.91, 1.52, -1.74, 0.72, 1.48, -1.09, 1.58], [1.49, -1.93, 0.83, -2.0, 0.01, -0.25, -1.19]]> : tensor<5x7xf32>
  %e2 = tensor.empty() : tensor<5xf32>
  %z3 = arith.constant 0.0 : f32
  %fill4 = linalg.fill ins(%z3 : f32) outs(%e2 : tensor<5xf32>) -> tensor<5xf32>
  %g5 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]} ins(%c1 : tensor<5x7xf32>) outs(%fill4 : tensor<5xf32>) {
  ^bb0(%a0: f32, %o: f32):
    %r = arith.addf %a0, %o : f32
    linalg.yield %r : f32
  } -> tensor<5xf32>
  check.expect_almost_eq_const(%g5, dense<[-0.96999997, -0.42999995, 1.6800001, 1.56, -3.04]> : tensor<5xf32>) : tensor<5xf32>
  return
}

func.func @reduce_sum_f32_cols_5x7() {
  %c1 = util.unfoldable_constant dense<[[-0.7, 1.22, -0.73, -1.4, 0.79, -0.21, 1.2], [-1.06, -0.72, 1.2, 0.03, 0.03, -1.06, -1.94], [1.73, -1.66, 1.38, -0.53, 1.8, -0.4, 1.75], [0.22, -1.04, 0.97, 0.7, 0.74, -0.14, -1.11], [0.56, -1.57, 0.77, 0.54, -0.49, 1.19, -1.22]]> : tensor<5x7xf32>
  %e2 = tensor.empty() : tensor<7xf32>
  %z3 = arith.constant 0.0 : f32
  %fill4 = linalg.fill ins(%z3 : f32) outs(%e2 : tensor<7xf32>) -> tensor<7xf32>
  %g5 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>], iterator_types = ["reduction", "parallel"]} ins(%c1 : tensor<5x7xf32>) outs(%fill4 : tensor<7xf32>) {
  ^bb0(%a0: f32, %o: f32):
    %r = arith.addf %a0, %o : f32
    linalg.yield %r : f32
  } -> tensor<7xf32>
  check.expect_almost_eq_const(%g5, dense<[0.7500001, -3.77, 3.5900002, -0.65999997, 2.87, -0.6199999, -1.32]> : tensor<7xf32>) : tensor<7xf32>
  return
}

func.func @reduce_max_f32_3x11() {
  %c1 = util.unfoldable_constant dense<[[-0.44, 1.19, -0.48, 0.85, 0.45, 1.76, 1.97, 0.89, 1.24, -1.39, 0.85], [1.39, -0.4, 0.21, -0.08, 1.83, -0.73, -0.39, -2.0, -0.32, 0.53, 1.74], [1.69, -0.69, 1.96, -1.25, 1.29, -1.37, -0.38, -1.71, 1.43, 1.32, -1.44]]> : tensor<3x11xf32>
  %e2 = tensor.empty() : tensor<3xf32>
  %z3 = arith.constant -340000000000000000000000000000000000000.0 : f32
  %fill4 = linalg.fill ins(%z3 : f32) outs(%e2 : tensor<3xf32>) -> tensor<3xf32>
  %g5 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]} ins(%c1 : tensor<3x11xf32>) outs(%fill4 : tensor<3xf32>) {
  ^bb0(%a0: f32, %o: f32):
    %r = arith.maximumf %a0, %o : f32
    linalg.yield %r : f32
  } -> tensor<3xf32>
  check.expect_almost_eq_const(%g5, dense<[1.97, 1.83, 1.96]> : tensor<3xf32>) : tensor<3xf32>
  return
}

func.func @reduce_min_f32_2x3x5_axis1() {
  %c1 = util.unfoldable_constant dense<[[[0.11, -0.97, -0.03, 0.21, -1.57], [1.46, -0.89, -0.21, -1.77, -1.99], [-1.22, -0.63, 1.71, 1.56, -0.08]], [[-0.18, 0.67, 1.44, -0.65, 1.17], [-0.4, 0.38, 0.95, 0.01, 0.76], [0.79, -1.98, -1.84, -1.4, -1.15]]]> : tensor<2x3x5xf32>
  %e2 = tensor.empty() : tensor<2x5xf32>
  %z3 = arith.constant 340000000000000000000000000000000000000.0 : f32
  %fill4 = linalg.fill ins(%z3 : f32) outs(%e2 : tensor<2x5xf32>) -> tensor<2x5xf32>
  %g5 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d2)>], iterator_types = ["parallel", "reduction", "parallel"]} ins(%c1 : tensor<2x3x5xf32>) outs(%fill4 : tensor<2x5xf32>) {
  ^bb0(%a0: f32, %o: f32):
    %r = arith.minimumf %a0, %o : f32
    linalg.yield %r : f32
  } -> tensor<2x5xf32>
  check.expect_almost_eq_const(%g5, dense<[[-1.22, -0.97, -0.21, -1.77, -1.99], [-0.4, -1.98, -1.84, -1.4, -1.15]]> : tensor<2x5xf32>) : tensor<2x5xf32>
  return
}

func.func @reduce_sum_f32_all_2x3x4_to_0d() {
  %c1 = util.unfoldable_constant dense<[[[-1.19, -1.8, -1.13, 0.4], [1.54, -0.6, -0.53, -0.33], [0.72, 1.14, 1.76, -0.5]], [[0.83, -0.63, 1.3, -1.08], [1.48, 0.02, 0.9, 0.14], [-0.74, -0.02, -1.8, -1.83]]]> : tensor<2x3x4xf32>
  %e2 = tensor.empty() : tensor<f32>
  %z3 = arith.constant 0.0 : f32
  %fill4 = linalg.fill ins(%z3 : f32) outs(%e2 : tensor<f32>) -> tensor<f32>
  %g5 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> ()>], iterator_types = ["reduction", "reduction", "reduction"]} ins(%c1 : tensor<2x3x4xf32>) outs(%fill4 : tensor<f32>) {
  ^bb0(%a0: f32, %o: f32):
    %r = arith.addf %a0, %o : f32
    linalg.yield %r : f32
  } -> tensor<f32>
  check.expect_almost_eq_const(%g5, dense<-1.9500002> : tensor<f32>) : tensor<f32>
  return
}

func.func @reduce_sum_f32_1031() {
  %c1 = util.unfoldable_constant dense<[0.12, -0.09, 1.33, -1.92, 0.23, -0.04, 0.39, 0.92, 0.1, 0.25, -0.03, 0.46, -1.01, 0.21, 0.69, -1.24, 1.96, 0.99, 1.82, -0.82, -0.23, -0.95, -1.81, -1.93, -1.01, 1.45, -1.35, 0.76, -1.0, -1.74, -1.23, 0.71, 0.01, 0.2, -0.19, -0.9, -0.05, 1.69, -1.19, 0.93, -1.0, -1.23, -0.7, -1.63, 1.74, -0.54, -1.3, -2.0, -1.76, -1.14, -0.33, 0.41, 1.92, 1.56, -1.03, 0.45, 1.69, -1.59, 1.42, -0.42, 1.13, -0.71, 0.5, 0.03, -1.58, 1.04, 1.29, -0.07, -0.45, 1.79, -0.5, 1.52, -0.33, -0.51, -0.55, -1.76, -0.89, -1.08, -1.75, 0.17, -0.23, -1.9, -1.38, 1.67, -1.47, -0.51, 1.8, -1.55, -0.36, 1.2, -1.92, -1.73, 1.72, 0.74, -0.96, -0.08, -1.0, 1.57, 1.8, -1.72, 0.1, -1.26, -0.38, 0.96, 0.85, -1.24, -0.67, -0.3, -0.45, 0.73, 1.15, -0.66, -0.24, -1.73, -0.53, 1.79, 0.01, 0.23, 0.42, 0.27, 1.22, -0.96, -0.73, 1.55, -0.0, 1.84, -1.44, 1.13, -0.11, -0.1, 1.52, -1.48, 0.06, -1.0, -0.63, 1.27, -0.41, 1.14, -1.95, 2.0, 1.82, 0.71, -1.21, 0.63, -1.24, -0.51, -1.86, -1.72, -1.37, -1.27, 1.35, -1.02, 1.3, -1.98, -1.77, -1.76, 1.73, 1.27, -1.94, 1.73, -1.09, -0.94, 0.34, -1.18, 1.9, -0.53, 0.28, 0.29, -0.87, 0.94, 1.97, 0.38, -1.66, 1.23, 0.67, -0.04, 0.62, -0.95, -0.78, 0.06, -1.73, 0.35, -1.27, -0.98, 1.6, 0.35, -1.02, 0.8, 1.99, 1.59, 1.2, -0.67, 0.33, 0.34, -1.65, 0.77, 0.08, 0.09, 0.95, -1.69, -1.15, 1.95, -0.8, -0.98, -1.71, -0.75, 0.24, -1.84, -0.84, -0.97, -1.38, 1.17, 1.85, 1.66, -0.24, -1.73, -0.6, 0.1, -0.48, 0.92, 0.97, 1.59, -0.12, -1.05, 1.64, 1.54, -1.49, -1.15, 0.64, 1.28, 1.84, -1.92, -1.24, -0.31, 0.2, 1.11, 0.23, 0.07, -1.04, 0.6, 0.33, 1.78, -1.24, -1.5, -0.59, -0.7, -0.19, -1.31, 0.83, 1.29, -1.97, 1.64, -1.64, -0.77, -0.05, -0.3, -1.14, 0.92, 1.36, -1.09, -1.34, 0.08, -1.41, 1.76, 1.4, 1.34, -0.35, 1.15, -0.43, -0.17, -1.58, -1.85, 0.68, -1.23, 1.83, 0.26, 0.31, 1.58, -0.81, -1.96, -1.12, -0.17, -1.39, -0.88, 0.95, -0.49, -0.63, -1.07, 0.13, 1.98, -1.32, 1.37, 1.1, 0.4, 0.17, 0.08, -1.59, 0.28, 1.96, 0.92, -0.13, -0.23, 1.48, -1.97, -1.2, 1.83, 0.61, 1.31, 0.14, -1.84, 0.14, 0.52, -1.65, -0.08, 1.77, -1.75, -1.82, -1.59, 0.73, 1.57, -1.38, 1.38, -1.11, 0.15, 1.06, -1.53, -0.09, 1.47, -0.58, 1.19, -0.18, 1.77, -0.4, 1.29, -1.7, -0.64, -1.42, -0.38, -0.38, -1.04, -0.32, 0.73, 0.31, -1.03, 0.85, 0.84, -0.31, -0.16, -1.31, 1.34, -0.57, -0.83, 1.71, -0.78, -1.21, -0.47, 0.06, 0.46, -0.41, 0.74, -1.91, 1.71, -0.16, -0.21, -0.21, -0.9, 1.26, -0.19, -1.62, -0.6, -0.06, -0.56, -1.59, 1.56, -1.4, 0.92, -0.3, -0.02, 0.71, -1.93, -0.04, -0.16, -0.28, -2.0, -1.95, -0.04, -0.18, -0.66, -1.53, -0.54, 0.69, 1.28, 1.06, -1.99, -0.65, -0.04, 1.26, 0.26, 1.21, 0.76, -1.71, 1.92, 0.23, 0.41, -0.96, 1.61, 1.99, -0.63, -0.04, -1.75, 1.05, 0.57, -1.07, 1.32, 0.19, 1.72, 1.28, -1.6, -1.05, 1.39, -1.87, -1.48, 1.68, 1.24, -0.98, -0.65, -1.85, -1.49, -1.96, 0.35, 0.44, -1.42, 1.33, -0.05, 0.4, 0.65, -1.18, 1.21, -0.36, -0.01, -1.5, -0.98, -0.18, 0.9, -0.17, 0.24, 1.03, -0.39, -1.94, 0.25, 1.78, -1.85, -0.15, 0.62, -0.04, -1.59, 0.06, -1.68, -1.72, -0.65, -1.29, 0.02, 1.78, -1.14, 1.95, -0.6, 1.34, 0.09, 1.12, 1.46, 1.37, -1.41, 1.56, -1.52, 0.94, -1.82, -0.8, -1.47, 0.49, -0.74, 0.27, -1.13, -0.4, 1.61, 0.39, -0.05, 0.9, 1.97, -0.66, -1.56, -1.04, -1.37, -0.38, 0.97, 1.07, -1.57, -1.35, -0.56, 1.38, -0.06, 0.16, -0.84, 0.2, 0.42, -0.65, 0.41, 1.02, -0.58, -0.18, -1.48, -0.96, -1.84, -1.77, -1.66, 1.59, 0.93, 0.34, 1.19, -1.3, -0.59, 0.33, 1.42, 0.16, -1.5, -1.82, -1.86, 1.02, 1.58, -1.42, 1.24, -1.83, 1.34, 0.81, -0.11, -0.09, -1.12, 1.72, -0.91, -0.94, 1.08, 0.31, 0.07, 0.28, -1.56, -1.56, 1.92, 0.81, 0.46, 0.24, -1.06, -1.37, 0.34, -1.96, -1.89, -0.63, 0.34, 1.72, -0.19, -0.78, 1.82, -0.81, -0.08, -0.09, -1.82, -1.58, -1.97, 1.18, -0.48, 0.72, -0.22, -0.02, 1.46, -0.42, -1.59, 0.68, -1.88, 0.06, -0.53, -0.29, 0.91, 1.36, 1.85, 1.12, 1.28, 1.75, -0.46, -0.63, -1.89, -0.18, -1.77, -1.14, -0.35, -0.35, 1.06, -0.15, 0.83, -1.91, 0.88, 1.05, -1.95, -0.6, 0.55, -1.45, 1.22, 1.89, 1.13, 0.48, 1.13, 1.75, 1.82, -0.67, 0.59, -1.62, 1.66, -1.77, -0.85, 0.29, -1.11, -0.32, -0.6, 0.67, 0.07, 1.32, 0.48, 0.88, -1.94, 0.7, 1.64, -1.46, 1.13, 1.14, -1.67, 0.46, -0.75, -0.52, 1.98, 0.28, -0.09, 1.19, -0.44, -1.48, 1.92, -1.35, 1.6, 1.91, -0.13, -1.52, -0.16, 0.17, 1.15, 2.0, -1.02, -1.86, 1.93, -1.99, 1.85, 1.57, 1.6, -0.39, -1.2, 0.39, -0.27, 0.84, -1.23, -0.12, 1.65, 0.36, 1.71, 1.0, -1.46, 0.58, -1.26, -1.71, 0.41, -1.96, -1.79, -0.44, -1.28, 0.66, -0.89, -1.03, 0.21, 0.1, 1.38, 1.28, 1.74, -1.56, -1.77, 1.01, -0.4, -1.79, 0.12, -0.72, -1.14, 0.66, 0.94, -0.96, 0.66, -1.1, 1.54, -0.41, -0.11, -1.33, -0.14, -0.89, 1.14, -1.46, 0.14, -0.38, 1.65, 0.62, 0.25, -1.41, -1.58, 0.42, 1.68, -1.67, -0.31, -0.52, -1.91, 0.5, -0.15, -0.07, 1.32, 0.49, -1.04, 1.84, 1.7, 0.77, -1.51, 0.53, -1.99, -0.85, -0.26, -0.16, 1.15, 0.23, 0.59, -0.2, 0.92, -1.25, 1.59, 1.36, 1.65, 1.81, 1.13, -0.84, 1.66, 1.24, -0.11, -1.61, 1.9, -1.15, -1.31, 0.22, 1.44, -0.92, -1.16, 1.14, 0.26, 0.27, 0.38, 1.24, 1.12, -0.94, -0.55, 1.99, 1.35, 0.16, -0.72, 1.6, -0.87, -0.15, 0.37, 1.07, 0.83, 0.75, -1.17, -0.65, 1.0, 0.31, 1.65, -1.72, 1.94, -0.03, -0.82, -1.6, -1.73, 1.97, 1.15, 1.92, 1.39, -0.28, -1.23, 0.15, -1.04, -1.36, 0.22, 0.28, 1.94, 1.22, -1.93, -1.31, 0.23, 0.83, 1.96, 0.2, -0.12, -1.96, -0.26, 1.45, -1.77, 0.1, 1.8, 1.85, -1.93, -0.77, -1.22, 1.93, 1.19, -0.93, -0.45, 0.7, -1.9, -1.33, 1.16, -0.78, -1.05, 1.64, 0.88, 1.43, 1.13, 0.05, -1.26, 0.78, 0.19, 0.92, 0.7, 1.16, -1.78, -1.34, 1.53, 0.74, 1.47, -1.77, 0.09, -1.95, -1.37, -1.81, -1.24, -0.97, -1.71, 0.6, 0.34, 0.74, 1.91, -0.87, -1.03, -0.78, 1.26, 0.62, 1.0, -1.06, -1.46, -0.11, 1.62, -0.96, 1.05, 0.81, -0.53, 0.8, 1.68, -1.16, -0.96, -0.44, -1.21, -0.4, 0.93, 1.43, 0.66, 0.17, 1.68, -1.25, 0.79, -0.48, 1.74, -1.22, -0.98, -1.54, -0.18, 0.75, -0.83, 1.59, 1.2, -0.92, 0.41, 0.63, -1.45, 0.6, 0.5, 1.48, -0.81, -1.45, 0.18, 1.43, -1.52, -1.17, -1.58, 1.95, 1.04, -1.63, 1.39, -0.25, -1.9, -1.76, -1.01, -1.85, -1.33, -1.75, -1.44, -1.6, -0.3, 1.3, 1.13, 0.12, -1.75, 1.79, -1.74, -1.95, 0.99, 0.5, 1.03, -0.9, 1.57, 1.49, -1.82, 1.83, 1.08, 1.41, -0.08, 1.18, 1.65, 1.59, -0.89, -1.32, 0.59, -0.22, 1.44, -0.19, -1.36, -0.5, 1.85, 0.79, -1.33, -1.25, -0.45, 1.76, 0.07, -0.92, -1.15, -1.01, 0.14, -1.15, -1.58, 1.29, 0.62, 0.38, -0.98, -0.32, 1.52, -0.95, -0.27, -1.61, -0.44, -1.66, 1.08, 1.99, -1.7, -0.56, 1.81, -1.52, 1.24, -1.56, -0.15, 1.13, 1.16, 1.21, -0.7, 0.16, -1.48, 1.97, 0.93, -0.43, -0.02, 0.33, -0.57, -0.68, 1.63, -1.36, 1.8, 0.2, -0.16, -0.12, -1.94, -0.7, -0.16, -1.81, -1.95, -1.97, 0.47, -1.97, 1.81, 0.5, 0.87, -1.83, 0.03, -1.17, 1.68, -0.58, -1.2, -0.28, -0.71, -1.42, 1.12, -1.13, 1.63, 0.95, 1.45, 0.91, 1.54, 1.83]> : tensor<1031xf32>
  %e2 = tensor.empty() : tensor<f32>
  %z3 = arith.constant 0.0 : f32
  %fill4 = linalg.fill ins(%z3 : f32) outs(%e2 : tensor<f32>) -> tensor<f32>
  %g5 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> ()>], iterator_types = ["reduction"]} ins(%c1 : tensor<1031xf32>) outs(%fill4 : tensor<f32>) {
  ^bb0(%a0: f32, %o: f32):
    %r = arith.addf %a0, %o : f32
    linalg.yield %r : f32
  } -> tensor<f32>
  check.expect_almost_eq_const(%g5, dense<-53.1> : tensor<f32>, atol 1.0e-03) : tensor<f32>
  return
}

func.func @reduce_sum_i32_axis0_7x3() {
  %c1 = util.unfoldable_constant dense<[[364, -979, -296], [-483, -172, 811], [916, 91, -646], [843, -997, -76], [141, -317, 510], [666, -658, -474], [-953, -186, 793]]> : tensor<7x3xi32>
  %e2 = tensor.empty() : tensor<3xi32>
  %z3 = arith.constant 0 : i32
  %fill4 = linalg.fill ins(%z3 : i32) outs(%e2 : tensor<3xi32>) -> tensor<3xi32>
  %g5 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>], iterator_types = ["reduction", "parallel"]} ins(%c1 : tensor<7x3xi32>) outs(%fill4 : tensor<3xi32>) {
  ^bb0(%a0: i32, %o: i32):
    %r = arith.addi %a0, %o : i32
    linalg.yield %r : i32
  } -> tensor<3xi32>
  check.expect_eq_const(%g5, dense<[1494, -3218, 622]> : tensor<3xi32>) : tensor<3xi32>
  return
}

func.func @reduce_max_i32_4x1x6_axes02() {
  %c1 = util.unfoldable_constant dense<[[[653, -181, -219, -352, 311, 196]], [[-697, 844, -580, 88, 961, 267]], [[-614, 704, -671, 761, -968, -795]], [[-847, -774, -201, 345, 232, 55]]]> : tensor<4x1x6xi32>
  %e2 = tensor.empty() : tensor<1xi32>
  %z3 = arith.constant -2147483648 : i32
  %fill4 = linalg.fill ins(%z3 : i32) outs(%e2 : tensor<1xi32>) -> tensor<1xi32>
  %g5 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d1)>], iterator_types = ["reduction", "parallel", "reduction"]} ins(%c1 : tensor<4x1x6xi32>) outs(%fill4 : tensor<1xi32>) {
  ^bb0(%a0: i32, %o: i32):
    %r = arith.maxsi %a0, %o : i32
    linalg.yield %r : i32
  } -> tensor<1xi32>
  check.expect_eq_const(%g5, dense<[961]> : tensor<1xi32>) : tensor<1xi32>
  return
}

func.func @reduce_min_i32_13() {
  %c1 = util.unfoldable_constant dense<[764, -338, 976, -843, -290, -636, -7, 768, -195, 347, -74, -567, 710]> : tensor<13xi32>
  %e2 = tensor.empty() : tensor<i32>
  %z3 = arith.constant 2147483647 : i32
  %fill4 = linalg.fill ins(%z3 : i32) outs(%e2 : tensor<i32>) -> tensor<i32>
  %g5 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> ()>], iterator_types = ["reduction"]} ins(%c1 : tensor<13xi32>) outs(%fill4 : tensor<i32>) {
  ^bb0(%a0: i32, %o: i32):
    %r = arith.minsi %a0, %o : i32
    linalg.yield %r : i32
  } -> tensor<i32>
  check.expect_eq_const(%g5, dense<-843> : tensor<i32>) : tensor<i32>
  return
}

func.func @reduce_sum_i8_to_i32_3x17() {
  %c1 = util.unfoldable_constant dense<[[98, -23, -109, 62, -44, 91, 100, -24, -37, -41, 74, -105, 2, 44, 59, 76, -15], [34, 50, -58, 75, 52, -79, -71, 5, 77, -88, 113, -22, -45, 47, 26, -88, -12], [-110, -43, 30, 100, 11, -48, -118, 74, -71, 64, 64, -100, 118, 84, 7, -32, 37]]> : tensor<3x17xi8>
  %e2 = tensor.empty() : tensor<3xi32>
  %z3 = arith.constant 0 : i32
  %fill4 = linalg.fill ins(%z3 : i32) outs(%e2 : tensor<3xi32>) -> tensor<3xi32>
  %g5 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]} ins(%c1 : tensor<3x17xi8>) outs(%fill4 : tensor<3xi32>) {
  ^bb0(%a0: i8, %o: i32):
    %w = arith.extsi %a0 : i8 to i32
    %r = arith.addi %w, %o : i32
    linalg.yield %r : i32
  } -> tensor<3xi32>
  check.expect_eq_const(%g5, dense<[208, 16, 67]> : tensor<3xi32>) : tensor<3xi32>
  return
}

func.func @linalg_reduce_sum_f32_2x5x3_dim1() {
  %c1 = util.unfoldable_constant dense<[[[-0.22, -0.4, -0.31], [1.02, -0.76, -1.37], [1.02, -0.28, 0.15], [-1.31, 0.7, 0.45], [0.54, 1.72, -1.7]], [[0.08, -1.81, -0.53], [0.57, 1.25, -0.89], [1.58, 1.68, 1.68], [-0.25, 0.5, -0.1], [-1.73, -0.9, 1.35]]]> : tensor<2x5x3xf32>
  %e2 = tensor.empty() : tensor<2x3xf32>
  %z3 = arith.constant 0.0 : f32
  %fill4 = linalg.fill ins(%z3 : f32) outs(%e2 : tensor<2x3xf32>) -> tensor<2x3xf32>
  %red = linalg.reduce ins(%c1 : tensor<2x5x3xf32>) outs(%fill4 : tensor<2x3xf32>) dimensions = [1]
    (%in: f32, %acc: f32) {
      %s = arith.addf %in, %acc : f32
      linalg.yield %s : f32
    }
  check.expect_almost_eq_const(%red, dense<[[1.0500001, 0.98, -2.78], [0.25, 0.72, 1.51]]> : tensor<2x3xf32>) : tensor<2x3xf32>
  return
}

func.func @linalg_reduce_max_i32_6x4_dim0() {
  %c1 = util.unfoldable_constant dense<[[-2, -3, -6, -9], [-1, 2, 3, 4], [-2, -8, 2, 8], [1, -8, -7, -8], [-9, 6, 0, -2], [3, 6, 1, -3]]> : tensor<6x4xi32>
  %e2 = tensor.empty() : tensor<4xi32>
  %z3 = arith.constant -2147483648 : i32
  %fill4 = linalg.fill ins(%z3 : i32) outs(%e2 : tensor<4xi32>) -> tensor<4xi32>
  %red = linalg.reduce ins(%c1 : tensor<6x4xi32>) outs(%fill4 : tensor<4xi32>) dimensions = [0]
    (%in: i32, %acc: i32) {
      %s = arith.maxsi %in, %acc : i32
      linalg.yield %s : i32
    }
  check.expect_eq_const(%red, dense<[3, 6, 3, 8]> : tensor<4xi32>) : tensor<4xi32>
  return
}

func.func @linalg_reduce_min_f32_3x4x2_dims02() {
  %c1 = util.unfoldable_constant dense<[[[-1.39, -1.65], [1.34, 1.57], [1.88, 1.57], [-0.41, 0.27]], [[0.55, 0.28], [-0.32, 1.31], [1.09, -1.87], [1.66, -0.32]], [[0.92, 1.88], [0.6, -0.94], [0.43, -0.28], [-1.27, -1.39]]]> : tensor<3x4x2xf32>
  %e2 = tensor.empty() : tensor<4xf32>
  %z3 = arith.constant 340000000000000000000000000000000000000.0 : f32
  %fill4 = linalg.fill ins(%z3 : f32) outs(%e2 : tensor<4xf32>) -> tensor<4xf32>
  %red = linalg.reduce ins(%c1 : tensor<3x4x2xf32>) outs(%fill4 : tensor<4xf32>) dimensions = [0, 2]
    (%in: f32, %acc: f32) {
      %s = arith.minimumf %in, %acc : f32
      linalg.yield %s : f32
    }
  check.expect_almost_eq_const(%red, dense<[-1.65, -0.94, -1.87, -1.39]> : tensor<4xf32>) : tensor<4xf32>
  return
}

func.func @reduce_mean_f32_4x9() {
  %c1 = util.unfoldable_constant dense<[[1.07, -0.28, -0.24, -0.57, 0.44, 0.51, 1.17, -0.79, 0.41], [0.03, -1.62, 1.44, 0.44, -0.07, 0.07, 0.09, -0.36, 0.05], [1.3, -0.49, 1.03, -1.95, -0.73, 0.98, 0.62, -1.62, -0.57], [-0.23, 1.26, -1.56, -1.39, -0.79, -0.38, 0.83, -0.42, 0.87]]> : tensor<4x9xf32>
  %e2 = tensor.empty() : tensor<4xf32>
  %z3 = arith.constant 0.0 : f32
  %fill4 = linalg.fill ins(%z3 : f32) outs(%e2 : tensor<4xf32>) -> tensor<4xf32>
  %g5 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]} ins(%c1 : tensor<4x9xf32>) outs(%fill4 : tensor<4xf32>) {
  ^bb0(%a0: f32, %o: f32):
    %r = arith.addf %a0, %o : f32
    linalg.yield %r : f32
  } -> tensor<4xf32>
  %e6 = tensor.empty() : tensor<4xf32>
  %g7 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%g5 : tensor<4xf32>) outs(%e6 : tensor<4xf32>) {
  ^bb0(%a0: f32, %o: f32):
    %n = arith.constant 9.0 : f32
    %r = arith.divf %a0, %n : f32
    linalg.yield %r : f32
  } -> tensor<4xf32>
  check.expect_almost_eq_const(%g7, dense<[0.1911111, 0.007777782, -0.1588889, -0.20111111]> : tensor<4xf32>) : tensor<4xf32>
  return
}
