// more named ops: conv_2d_nchw_fchw, conv_1d_nwc_wcf, conv_3d_ndhwc_dhwcf, pooling_nhwc_max_unsigned, matmul with transposed-B indexing_maps, batch_reduce_matmul
// Generated expected values: computed with numpy (float64, rounded to f32).
// Build: castiron-compile FILE -o F.vmfb && castiron-check-module F.vmfb

func.func @conv_2d_nchw_fchw_f32_stride1x2() {
  %e1 = tensor.empty() : tensor<1x3x3x3xf32>
  %z2 = arith.constant 0.0 : f32
  %fill3 = linalg.fill ins(%z2 : f32) outs(%e1 : tensor<1x3x3x3xf32>) -> tensor<1x3x3x3xf32>
  %c4 = util.unfoldable_constant dense<[[[[1.77, -0.77, -0.98, -1.11, 1.14, -1.13], [1.22, 0.93, -0.31, -0.03, 1.64, 1.16], [-1.38, 1.0, -0.39, 1.97, -1.15, -0.36], [1.77, 0.32, 0.94, 0.42, -1.07, -1.78], [-1.62, -0.56, -1.63, -1.32, -0.06, -0.58]], [[0.25, -0.63, 0.22, 0.57, 1.42, -1.87], [1.0, -0.51, -1.0, -1.55, 0.16, 0.82], [2.0, -0.76, 1.93, 0.11, 1.58, -1.64], [-1.77, -0.24, -1.91, -0.77, -1.88, 1.27], [-1.68, 0.21, 1.87, -0.12, -0.76, 1.43]]]]> : tensor<1x2x5x6xf32>
  %c5 = util.unfoldable_constant dense<[[[[0.96, -1.45], [-0.28, -0.57], [1.21, -0.04]], [[-0.32, -0.32], [0.89, 1.9], [0.55, -0.3]]], [[[0.48, 1.99], [1.6, -1.62], [-1.03, 0.17]], [[-0.09, -0.29], [-0.69, 1.3], [0.09, -1.81]]], [[[0.29, 1.94], [-0.5, -0.47], [1.39, 0.36]], [[0.13, -1.26], [0.23, -1.35], [0.28, 1.12]]]]> : tensor<3x2x3x2xf32>
  %conv6 = linalg.conv_2d_nchw_fchw {dilations = dense<[1, 1]> : tensor<2xi64>, strides = dense<[1, 2]> : tensor<2xi64>} ins(%c4, %c5 : tensor<1x2x5x6xf32>, tensor<3x2x3x2xf32>) outs(%fill3 : tensor<1x3x3x3xf32>) -> tensor<1x3x3x3xf32>
  check.expect_almost_eq_const(%conv6, dense<[[[[1.6048, -2.8373997, 3.4408], [1.0457, 1.7759999, -4.2423], [-8.8057, -8.4042, 0.5948]], [[1.7169, -3.9255998, 4.6473], [-5.1953998, -4.3481, -3.304], [5.633, 6.508, 0.4912999]], [[-2.1322, -0.26490006, -4.8787], [6.4477, 1.3, 3.8030999], [-1.0496999, 1.4021002, 1.5611999]]]]> : tensor<1x3x3x3xf32>) : tensor<1x3x3x3xf32>
  return
}

func.func @conv_1d_nwc_wcf_f32_stride2() {
  %e1 = tensor.empty() : tensor<2x4x4xf32>
  %z2 = arith.constant 0.0 : f32
  %fill3 = linalg.fill ins(%z2 : f32) outs(%e1 : tensor<2x4x4xf32>) -> tensor<2x4x4xf32>
  %c4 = util.unfoldable_constant dense<[[[-1.68, 1.07, 1.27], [-1.68, 1.32, -1.77], [1.76, -0.69, -0.64], [-0.53, -0.86, -1.65], [0.27, -1.66, -0.41], [-1.45, 0.49, -1.04], [-1.66, -1.93, 1.26], [-0.68, 1.29, 1.61], [-1.79, -1.34, -1.61]], [[-1.31, -0.99, -1.2], [-1.33, 1.35, 1.58], [1.23, 1.5, 0.09], [-1.46, -1.44, -0.55], [-1.79, -0.48, -0.6], [-0.79, -0.46, 1.73], [-1.79, 0.35, 1.29], [1.41, -1.0, -0.44], [1.17, 1.37, -0.91]]]> : tensor<2x9x3xf32>
  %c5 = util.unfoldable_constant dense<[[[0.05, -1.62, 1.65, 0.9], [1.29, -0.97, -1.99, -0.99], [0.27, -0.47, -1.4, -0.37]], [[-0.01, -1.75, 1.5, 1.3], [1.03, -1.26, 1.85, -1.51], [-0.25, 0.11, -1.14, -0.62]], [[1.72, 0.79, -1.64, 1.59], [-0.87, -0.42, 0.36, -1.83], [-1.84, -1.29, 0.48, -0.24]]]> : tensor<3x3x4xf32>
  %c = linalg.conv_1d_nwc_wcf {dilations = dense<1> : tensor<1xi64>, strides = dense<2> : tensor<1xi64>} ins(%c4, %c5 : tensor<2x9x3xf32>, tensor<3x3x4xf32>) outs(%fill3 : tensor<2x4x4xf32>) -> tensor<2x4x4xf32>
  check.expect_almost_eq_const(%c, dense<[[[8.2632, 4.6747, -8.1814995, -1.9062998], [1.2201, 1.3879, 3.4308999, 7.702], [-4.9539, 1.0450001, 6.8724, 0.64809996], [-0.2500998, 4.9364, 0.5491999, -3.8870997]], [[-0.012799972, 4.6724, -1.2440999, -5.3129], [-0.8675, 0.38050002, -2.8337004, -1.6176], [-7.526, 2.5746002, -1.4857, -6.115], [2.2711, 2.2209, -6.5518, 0.7525999]]]> : tensor<2x4x4xf32>) : tensor<2x4x4xf32>
  return
}

func.func @conv_3d_ndhwc_dhwcf_f32() {
  %e1 = tensor.empty() : tensor<1x2x3x2x2xf32>
  %z2 = arith.constant 0.0 : f32
  %fill3 = linalg.fill ins(%z2 : f32) outs(%e1 : tensor<1x2x3x2x2xf32>) -> tensor<1x2x3x2x2xf32>
  %c4 = util.unfoldable_constant dense<[[[[[0.56, -1.0], [-0.17, -1.73], [1.58, -0.32], [-0.45, 1.44]], [[-1.65, -0.05], [1.05, -0.64], [1.93, 1.89], [-0.05, 1.31]], [[0.52, -0.51], [0.28, -1.92], [-0.29, -0.45], [-1.87, -0.19]], [[1.68, 0.75], [-1.64, -0.3], [0.53, 0.01], [-2.0, 1.52]]], [[[-0.15, -0.54], [1.88, 0.69], [1.57, -1.44], [-0.74, -1.51]], [[0.3, -1.52], [0.91, -0.08], [-1.47, -1.72], [1.11, 0.36]], [[-0.65, -0.8], [0.2, -1.47], [0.58, -0.31], [-0.98, -0.69]], [[-1.53, 1.45], [1.12, -1.3], [0.2, -1.66], [-0.4, -1.66]]], [[[-1.21, -1.86], [0.33, 0.09], [0.95, -1.1], [-0.34, 0.43]], [[0.47, -1.03], [0.32, -0.55], [0.91, 1.84], [0.58, 1.49]], [[0.87, 0.48], [-0.5, 0.77], [1.74, -0.16], [-1.29, 0.96]], [[0.19, -1.49], [-0.34, -1.15], [-0.98, 1.15], [-0.85, -0.75]]]]]> : tensor<1x3x4x4x2xf32>
  %c5 = util.unfoldable_constant dense<[[[[[0.91, -0.7], [0.87, -1.4]], [[-1.26, 0.26], [0.73, 0.29]], [[-1.98, 0.69], [-0.25, 0.12]]], [[[-0.3, 1.52], [0.89, -1.8]], [[1.42, 1.09], [-0.32, -0.22]], [[1.34, -0.36], [-1.94, -0.59]]]], [[[[0.19, 1.62], [-0.13, -1.83]], [[1.91, 0.34], [1.76, -1.67]], [[1.34, -0.19], [-0.41, 1.45]]], [[[-0.26, -1.95], [1.51, -0.19]], [[0.97, -0.76], [1.85, 1.13]], [[0.39, -0.43], [1.32, -0.54]]]]]> : tensor<2x2x3x2x2xf32>
  %c = linalg.conv_3d_ndhwc_dhwcf {dilations = dense<1> : tensor<3xi64>, strides = dense<1> : tensor<3xi64>} ins(%c4, %c5 : tensor<1x3x4x4x2xf32>, tensor<2x2x3x2x2xf32>) outs(%fill3 : tensor<1x2x3x2x2xf32>) -> tensor<1x2x3x2x2xf32>
  check.expect_almost_eq_const(%c, dense<[[[[[-0.3327003, -3.1002], [-8.4083, 5.8174996]], [[-9.902801, 6.6970997], [-12.9671, 9.979899]], [[-4.5815997, 2.4696], [-10.000401, -0.5627999]]], [[[-1.0542998, 4.8655], [4.8958, -0.25980002]], [[4.9391003, 6.8475], [7.3709, 3.9870002]], [[2.8403, -3.7733], [0.9973, 10.941999]]]]]> : tensor<1x2x3x2x2xf32>) : tensor<1x2x3x2x2xf32>
  return
}

func.func @pooling_nhwc_max_unsigned_i8() {
  %e1 = tensor.empty() : tensor<1x2x2x1xi8>
  %z2 = arith.constant 0 : i8
  %fill3 = linalg.fill ins(%z2 : i8) outs(%e1 : tensor<1x2x2x1xi8>) -> tensor<1x2x2x1xi8>
  %c4 = util.unfoldable_constant dense<[[[[63], [-72], [29]], [[-110], [99], [-22]], [[3], [-48], [26]]]]> : tensor<1x3x3x1xi8>
  %e5 = tensor.empty() : tensor<2x2xi8>
  %p = linalg.pooling_nhwc_max_unsigned {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%c4, %e5 : tensor<1x3x3x1xi8>, tensor<2x2xi8>) outs(%fill3 : tensor<1x2x2x1xi8>) -> tensor<1x2x2x1xi8>
  check.expect_eq_const(%p, dense<[[[[-72], [-22]], [[-48], [-22]]]]> : tensor<1x2x2x1xi8>) : tensor<1x2x2x1xi8>
  return
}

func.func @matmul_transpose_b_indexing_maps_f32() {
  %e1 = tensor.empty() : tensor<3x5xf32>
  %z2 = arith.constant 0.0 : f32
  %fill3 = linalg.fill ins(%z2 : f32) outs(%e1 : tensor<3x5xf32>) -> tensor<3x5xf32>
  %c4 = util.unfoldable_constant dense<[[0.41, 0.9, -1.61, 1.12], [-1.85, 1.18, 1.13, 1.59], [1.82, 0.33, 1.1, 1.54]]> : tensor<3x4xf32>
  %c5 = util.unfoldable_constant dense<[[1.0, -1.09, 0.89, 0.58], [1.88, -1.62, 0.34, 1.05], [-0.49, 0.9, -1.83, -1.57], [0.41, 0.66, 1.35, -1.67], [-1.42, -0.84, 1.16, -1.72]]> : tensor<5x4xf32>
  %m = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>] ins(%c4, %c5 : tensor<3x4xf32>, tensor<5x4xf32>) outs(%fill3 : tensor<3x5xf32>) -> tensor<3x5xf32>
  check.expect_almost_eq_const(%m, dense<[[-1.3543, -0.058600035, 1.7969999, -3.2818, -5.1322], [-1.2083, -3.3359, -2.5957003, -1.1094999, 0.21179989], [3.3325, 4.878, -5.0256, -0.12279978, -4.2344]]> : tensor<3x5xf32>) : tensor<3x5xf32>
  return
}

func.func @batch_reduce_matmul_f32() {
  %e1 = tensor.empty() : tensor<2x5xf32>
  %z2 = arith.constant 0.0 : f32
  %fill3 = linalg.fill ins(%z2 : f32) outs(%e1 : tensor<2x5xf32>) -> tensor<2x5xf32>
  %c4 = util.unfoldable_constant dense<[[[1.2, 1.83, 1.75, 0.6], [1.62, -0.24, 0.49, 0.78]], [[-0.09, 1.58, 0.29, 1.15], [-1.23, -0.72, 1.78, 1.48]], [[-0.1, -1.7, 0.05, 0.65], [-0.43, 0.6, -1.69, -1.95]]]> : tensor<3x2x4xf32>
  %c5 = util.unfoldable_constant dense<[[[1.74, 1.07, -1.39, -1.37, -0.44], [0.76, -1.43, -1.9, 1.67, 1.73], [-0.63, -0.37, 0.17, 1.96, 1.67], [0.12, -0.5, -1.51, -1.17, -1.1]], [[1.02, 1.12, 1.7, 0.24, 1.92], [0.51, -1.95, 0.56, -1.22, 1.39], [-0.85, 1.6, 1.06, 0.64, -1.22], [-0.26, 1.96, 1.15, 0.39, -1.59]], [[1.9, 0.17, 0.48, -1.21, -1.83], [-0.56, 1.46, -1.74, -1.71, 1.07], [0.03, 1.23, 0.32, -0.47, 0.98], [-0.63, 0.03, 0.64, 1.94, 0.71]]]> : tensor<3x4x5xf32>
  %m = linalg.batch_reduce_matmul ins(%c4, %c5 : tensor<3x2x4xf32>, tensor<3x4x5xf32>) outs(%fill3 : tensor<2x5xf32>) -> tensor<2x5xf32>
  check.expect_almost_eq_const(%m, dense<[[2.9708002, -5.1622, -0.0498001, 7.0905, 3.616], [-1.0735, 5.9462004, -4.8349004, -3.7672, -10.6667]]> : tensor<2x5xf32>) : tensor<2x5xf32>
  return
}
