// linalg.map, tensor.extract gathers, math powf/sin/cos/floor/roundeven/fma, unsigned and bit integer ops, uitofp/fptoui, i64, f16
// Generated expected values: computed with numpy (float64, rounded to f32).
// Build: castiron-compile FILE -o F.vmfb && castiron-check-module F.vmfb

func.func @linalg_map_f32() {
  %c1 = util.unfoldable_constant dense<[[0.29, -1.7, 1.61], [-1.47, -0.41, 0.63]]> : tensor<2x3xf32>
  %c2 = util.unfoldable_constant dense<[[1.53, -0.44, 1.79], [-0.52, 1.29, 1.08]]> : tensor<2x3xf32>
  %e3 = tensor.empty() : tensor<2x3xf32>
  %m = linalg.map ins(%c1, %c2 : tensor<2x3xf32>, tensor<2x3xf32>) outs(%e3 : tensor<2x3xf32>)
    (%x: f32, %y: f32, %out: f32) {
      %p = arith.mulf %x, %y : f32
      %q = arith.addf %p, %x : f32
      linalg.yield %q : f32
    }
  check.expect_almost_eq_const(%m, dense<[[0.7337, -0.952, 4.4919], [-0.7056, -0.9389, 1.3104]]> : tensor<2x3xf32>) : tensor<2x3xf32>
  return
}

func.func @generic_tensor_extract_gather_f32() {
  %c1 = util.unfoldable_constant dense<[1.36, 0.19, -1.86, 1.29, 1.61, -1.35, 1.51, -0.39, 0.57, 0.51]> : tensor<10xf32>
  %c2 = util.unfoldable_constant dense<[9, 0, 3, 3, 7]> : tensor<5xi32>
  %e3 = tensor.empty() : tensor<5xf32>
  %g4 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%c2 : tensor<5xi32>) outs(%e3 : tensor<5xf32>) {
  ^bb0(%a0: i32, %o: f32):
    %i = arith.index_cast %a0 : i32 to index
    %r = tensor.extract %c1[%i] : tensor<10xf32>
    linalg.yield %r : f32
  } -> tensor<5xf32>
  check.expect_eq_const(%g4, dense<[0.51, 1.36, 1.29, 1.29, -0.39]> : tensor<5xf32>) : tensor<5xf32>
  return
}

func.func @math_powf_f32() {
  %c1 = util.unfoldable_constant dense<[2.6, 2.5, 1.5, 1.4, 0.9, 2.0, 2.7, 2.2, 1.5]> : tensor<9xf32>
  %c2 = util.unfoldable_constant dense<[-0.37, -0.07, 0.46, -1.2, -0.99, -0.98, -1.15, 1.11, 1.59]> : tensor<9xf32>
  %e3 = tensor.empty() : tensor<9xf32>
  %g4 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%c1, %c2 : tensor<9xf32>, tensor<9xf32>) outs(%e3 : tensor<9xf32>) {
  ^bb0(%a0: f32, %a1: f32, %o: f32):
    %r = math.powf %a0, %a1 : f32
    linalg.yield %r : f32
  } -> tensor<9xf32>
  check.expect_almost_eq_const(%g4, dense<[0.70219845, 0.93787336, 1.2050414, 0.6677999, 1.1099411, 0.5069797, 0.31910357, 2.3993256, 1.9053954]> : tensor<9xf32>, atol 1.0e-04) : tensor<9xf32>
  return
}

func.func @math_sin_f32() {
  %c1 = util.unfoldable_constant dense<[5.8, -0.4, 0.2, 5.4, 0.8, 1.2, 5.8, -0.0, 5.5]> : tensor<9xf32>
  %e2 = tensor.empty() : tensor<9xf32>
  %g3 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%c1 : tensor<9xf32>) outs(%e2 : tensor<9xf32>) {
  ^bb0(%a0: f32, %o: f32):
    %r = math.sin %a0 : f32
    linalg.yield %r : f32
  } -> tensor<9xf32>
  check.expect_almost_eq_const(%g3, dense<[-0.46460202, -0.38941833, 0.19866933, -0.77276444, 0.7173561, 0.9320391, -0.46460202, -0.0, -0.7055403]> : tensor<9xf32>, atol 1.0e-05) : tensor<9xf32>
  return
}

func.func @math_cos_f32() {
  %c1 = util.unfoldable_constant dense<[-3.2, 5.4, 0.5, 3.9, 5.5, -4.0, 6.0, 2.1, -5.1]> : tensor<9xf32>
  %e2 = tensor.empty() : tensor<9xf32>
  %g3 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%c1 : tensor<9xf32>) outs(%e2 : tensor<9xf32>) {
  ^bb0(%a0: f32, %o: f32):
    %r = math.cos %a0 : f32
    linalg.yield %r : f32
  } -> tensor<9xf32>
  check.expect_almost_eq_const(%g3, dense<[-0.9982948, 0.63469297, 0.87758255, -0.72593224, 0.7086698, -0.6536436, 0.96017027, -0.50484604, 0.37797767]> : tensor<9xf32>, atol 1.0e-05) : tensor<9xf32>
  return
}

func.func @math_floor_f32() {
  %c1 = util.unfoldable_constant dense<[-3.1, -1.3, 3.8, -2.2, -1.8, -2.2, 4.8, 1.7, -3.7]> : tensor<9xf32>
  %e2 = tensor.empty() : tensor<9xf32>
  %g3 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%c1 : tensor<9xf32>) outs(%e2 : tensor<9xf32>) {
  ^bb0(%a0: f32, %o: f32):
    %r = math.floor %a0 : f32
    linalg.yield %r : f32
  } -> tensor<9xf32>
  check.expect_almost_eq_const(%g3, dense<[-4.0, -2.0, 3.0, -3.0, -2.0, -3.0, 4.0, 1.0, -4.0]> : tensor<9xf32>, atol 0.0e+00) : tensor<9xf32>
  return
}

func.func @math_roundeven_f32() {
  %c1 = util.unfoldable_constant dense<[-4.7, -2.4, -0.2, 4.1, 0.0, -3.0, 3.5, 1.9, 1.3]> : tensor<9xf32>
  %e2 = tensor.empty() : tensor<9xf32>
  %g3 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%c1 : tensor<9xf32>) outs(%e2 : tensor<9xf32>) {
  ^bb0(%a0: f32, %o: f32):
    %r = math.roundeven %a0 : f32
    linalg.yield %r : f32
  } -> tensor<9xf32>
  check.expect_almost_eq_const(%g3, dense<[-5.0, -2.0, -0.0, 4.0, 0.0, -3.0, 4.0, 2.0, 1.0]> : tensor<9xf32>, atol 0.0e+00) : tensor<9xf32>
  return
}

func.func @math_fma_f32() {
  %c1 = util.unfoldable_constant dense<[-0.66, -1.18, -0.7, 1.49, -0.93]> : tensor<5xf32>
  %c2 = util.unfoldable_constant dense<[0.77, 0.36, 0.55, -1.59, 1.82]> : tensor<5xf32>
  %c3 = util.unfoldable_constant dense<[-1.67, 1.91, 1.92, 1.77, -0.57]> : tensor<5xf32>
  %e4 = tensor.empty() : tensor<5xf32>
  %g5 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%c1, %c2, %c3 : tensor<5xf32>, tensor<5xf32>, tensor<5xf32>) outs(%e4 : tensor<5xf32>) {
  ^bb0(%a0: f32, %a1: f32, %a2: f32, %o: f32):
    %r = math.fma %a0, %a1, %a2 : f32
    linalg.yield %r : f32
  } -> tensor<5xf32>
  check.expect_almost_eq_const(%g5, dense<[-2.1782, 1.4851999, 1.535, -0.5991001, -2.2626]> : tensor<5xf32>) : tensor<5xf32>
  return
}

func.func @arith_divui_remui_i32() {
  %c1 = util.unfoldable_constant dense<[-1, -100, 7, 100, 2147483647, -2147483648]> : tensor<6xi32>
  %c2 = util.unfoldable_constant dense<[3, 7, 2, -1, 5, 3]> : tensor<6xi32>
  %e3 = tensor.empty() : tensor<6xi32>
  %g4 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%c1, %c2 : tensor<6xi32>, tensor<6xi32>) outs(%e3 : tensor<6xi32>) {
  ^bb0(%a0: i32, %a1: i32, %o: i32):
    %q = arith.divui %a0, %a1 : i32
    %m = arith.remui %a0, %a1 : i32
    %r = arith.xori %q, %m : i32
    linalg.yield %r : i32
  } -> tensor<6xi32>
  check.expect_eq_const(%g4, dense<[1431655765, 613566740, 2, 100, 429496731, 715827880]> : tensor<6xi32>) : tensor<6xi32>
  return
}

func.func @arith_maxui_minui_i32() {
  %c1 = util.unfoldable_constant dense<[-1, -100, 7, 100, 2147483647, -2147483648]> : tensor<6xi32>
  %c2 = util.unfoldable_constant dense<[3, 7, 2, -1, 5, 3]> : tensor<6xi32>
  %e3 = tensor.empty() : tensor<6xi32>
  %g4 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%c1, %c2 : tensor<6xi32>, tensor<6xi32>) outs(%e3 : tensor<6xi32>) {
  ^bb0(%a0: i32, %a1: i32, %o: i32):
    %x = arith.maxui %a0, %a1 : i32
    %n = arith.minui %a0, %a1 : i32
    %r = arith.subi %x, %n : i32
    linalg.yield %r : i32
  } -> tensor<6xi32>
  check.expect_eq_const(%g4, dense<[-4, -107, 5, -101, 2147483642, 2147483645]> : tensor<6xi32>) : tensor<6xi32>
  return
}

func.func @arith_shifts_andi_ori_i32() {
  %c1 = util.unfoldable_constant dense<[-1, -100, 7, 100, 2147483647, -2147483648]> : tensor<6xi32>
  %c2 = util.unfoldable_constant dense<[1, 4, 31, 0, 5, 3]> : tensor<6xi32>
  %e3 = tensor.empty() : tensor<6xi32>
  %g4 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%c1, %c2 : tensor<6xi32>, tensor<6xi32>) outs(%e3 : tensor<6xi32>) {
  ^bb0(%a0: i32, %a1: i32, %o: i32):
    %l = arith.shli %a0, %a1 : i32
    %u = arith.shrui %a0, %a1 : i32
    %t = arith.shrsi %a0, %a1 : i32
    %or = arith.ori %l, %u : i32
    %r = arith.andi %or, %t : i32
    linalg.yield %r : i32
  } -> tensor<6xi32>
  check.expect_eq_const(%g4, dense<[-1, -7, 0, 100, 67108863, 268435456]> : tensor<6xi32>) : tensor<6xi32>
  return
}

func.func @cast_uitofp_i8_to_f32() {
  %c1 = util.unfoldable_constant dense<[-128, -1, 0, 1, 127]> : tensor<5xi8>
  %e2 = tensor.empty() : tensor<5xf32>
  %g3 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%c1 : tensor<5xi8>) outs(%e2 : tensor<5xf32>) {
  ^bb0(%a0: i8, %o: f32):
    %r = arith.uitofp %a0 : i8 to f32
    linalg.yield %r : f32
  } -> tensor<5xf32>
  check.expect_eq_const(%g3, dense<[128.0, 255.0, 0.0, 1.0, 127.0]> : tensor<5xf32>) : tensor<5xf32>
  return
}

func.func @cast_fptoui_f32_to_i8() {
  %c1 = util.unfoldable_constant dense<[0.5, 1.5, 200.9, 255.0, 3.0]> : tensor<5xf32>
  %e2 = tensor.empty() : tensor<5xi8>
  %g3 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%c1 : tensor<5xf32>) outs(%e2 : tensor<5xi8>) {
  ^bb0(%a0: f32, %o: i8):
    %r = arith.fptoui %a0 : f32 to i8
    linalg.yield %r : i8
  } -> tensor<5xi8>
  check.expect_eq_const(%g3, dense<[0, 1, -56, -1, 3]> : tensor<5xi8>) : tensor<5xi8>
  return
}

func.func @arith_addi_muli_i64() {
  %c1 = util.unfoldable_constant dense<[-862053000000, -426115000000, 874615000000, 729264000000]> : tensor<4xi64>
  %c2 = util.unfoldable_constant dense<[372173, 706386, 206795, -624351]> : tensor<4xi64>
  %e3 = tensor.empty() : tensor<4xi64>
  %g4 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%c1, %c2 : tensor<4xi64>, tensor<4xi64>) outs(%e3 : tensor<4xi64>) {
  ^bb0(%a0: i64, %a1: i64, %o: i64):
    %m = arith.muli %a1, %a1 : i64
    %r = arith.addi %a0, %m : i64
    linalg.yield %r : i64
  } -> tensor<4xi64>
  check.expect_eq_const(%g4, dense<[-723540258071, 72866180996, 917379172025, 1119078171201]> : tensor<4xi64>) : tensor<4xi64>
  return
}

func.func @arith_extf_truncf_f16_roundtrip() {
  %c1 = util.unfoldable_constant dense<[-1.24, -1.07, -1.8]> : tensor<3xf32>
  %c2 = util.unfoldable_constant dense<[-0.9, -2.0, -1.82]> : tensor<3xf32>
  %e3 = tensor.empty() : tensor<3xf32>
  %g4 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%c1, %c2 : tensor<3xf32>, tensor<3xf32>) outs(%e3 : tensor<3xf32>) {
  ^bb0(%a0: f32, %a1: f32, %o: f32):
    %h = arith.truncf %a0 : f32 to f16
    %g = arith.truncf %a1 : f32 to f16
    %s = arith.addf %h, %g : f16
    %r = arith.extf %s : f16 to f32
    linalg.yield %r : f32
  } -> tensor<3xf32>
  check.expect_almost_eq_const(%g4, dense<[-2.140625, -3.0703125, -3.6210938]> : tensor<3xf32>, atol 0.0e+00) : tensor<3xf32>
  return
}
