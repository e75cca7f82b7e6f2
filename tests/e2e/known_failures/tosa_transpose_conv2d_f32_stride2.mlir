// KNOWN FAILURE: tosa.transpose_conv2d is not lowered: "error: failed to legalize operation 'tosa.transpose_conv2d'" (upstream decomposes it with tosa-optional-decompositions before tosa-to-linalg)

func.func @tosa_transpose_conv2d_f32_stride2() {
  %c1 = util.unfoldable_constant dense<[[[[1.53, -0.52], [-0.34, 1.33]], [[0.91, -1.79], [-0.99, 1.69]], [[-1.58, 0.89], [-0.84, -0.43]]]]> : tensor<1x3x2x2xf32>
  %c2 = util.unfoldable_constant dense<[[[[1.33, 1.23], [-1.82, 1.56]], [[-1.86, 0.49], [0.21, -1.61]]], [[[1.9, 0.58], [1.81, 0.79]], [[0.63, -1.46], [-0.38, 0.32]]], [[[-1.72, -1.49], [0.61, 0.36]], [[-0.13, 1.47], [0.06, 0.85]]]]> : tensor<3x2x2x2xf32>
  %c3 = util.unfoldable_constant dense<[-1.32, 1.02, 1.86]> : tensor<3xf32>
  %k4 = "tosa.const"() <{values = dense<[0.0]> : tensor<1xf32>}> : () -> tensor<1xf32>
  %k5 = "tosa.const"() <{values = dense<[0.0]> : tensor<1xf32>}> : () -> tensor<1xf32>
  %t6 = tosa.transpose_conv2d %c1, %c2, %c3, %k4, %k5 {acc_type = f32, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x3x2x2xf32>, tensor<3x2x2x2xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x6x4x3xf32>
  check.expect_almost_eq_const(%t6, dense<[[[[0.075299986, 3.6253998, 0.0031999962], [-4.9158, 3.3784997, 2.6061], [-0.1363, 1.1453999, 0.46309996], [1.3736, 1.4553001, 2.1314]], [[-4.4206, 2.7431, 0.8967], [-0.1615001, 0.27220002, 1.5098], [-0.035900008, -1.1360002, 3.8593001], [-3.5327, 1.5748, 2.9701002]], [[-2.3114, 1.7108, 2.9619], [-5.7686, 1.253, 1.7707], [-0.558, 0.11919999, 1.0446999], [3.1182, 0.5632001, 1.8645]], [[-3.8897002, 4.2067, -0.8896], [1.7529999, 0.1014, 0.3931], [1.3495001, -2.0711002, 4.473], [-4.2488003, 1.937, 3.2371001]], [[-2.3267002, -1.4658, 3.2515001], [2.944, -1.1367, 1.2166], [-2.9661, -0.82539994, 3.9455], [-0.46200004, -0.84009993, 1.1928]], [[2.0549002, -1.2748001, 3.3737], [-3.0847, 1.9052, 2.5217], [0.031699903, 1.1186, 1.3371], [-0.80410004, 1.2016, 1.4441]]]]> : tensor<1x6x4x3xf32>) : tensor<1x6x4x3xf32>
  return
}
