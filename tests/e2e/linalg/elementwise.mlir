// linalg.generic elementwise: arith (add/sub/mul/div/rem/max/min/select/cmp/casts), math (exp/tanh/sqrt/log/erf/rsqrt/absf), fill, named add/mul/max
// Generated expected values: computed with numpy (float64, rounded to f32).
// Build: castiron-compile FILE -o F.vmfb && castiron-check-module F.vmfb

func.func @arith_addf_f32_3x7() {
  %c1 = util.unfoldable_constant dense<[[1.77, 0.05, 1.9, -1.68, 0.43, -0.49, 1.21], [-1.3, 1.49, 0.18, 1.61, -0.09, -0.28, 1.16], [1.94, -0.52, 1.88, 1.72, -1.29, 0.44, 0.82]]> : tensor<3x7xf32>
  %c2 = util.unfoldable_constant dense<[[1.77, 0.66, -1.47, -0.01, -0.03, 0.0, 1.83], [-0.6, -1.1, 0.09, 0.56, 1.76, 0.33, -0.93], [1.72, -0.03, 0.7, -0.1, -1.13, 0.77, 1.08]]> : tensor<3x7xf32>
  %e3 = tensor.empty() : tensor<3x7xf32>
  %g4 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%c1, %c2 : tensor<3x7xf32>, tensor<3x7xf32>) outs(%e3 : tensor<3x7xf32>) {
  ^bb0(%a0: f32, %a1: f32, %o: f32):
    %r = arith.addf %a0, %a1 : f32
    linalg.yield %r : f32
  } -> tensor<3x7xf32>
  check.expect_almost_eq_const(%g4, dense<[[3.54, 0.71000004, 0.42999995, -1.6899999, 0.4, -0.49, 3.04], [-1.9, 0.39, 0.27, 2.17, 1.67, 0.050000012, 0.22999996], [3.66, -0.54999995, 2.58, 1.62, -2.42, 1.21, 1.9000001]]> : tensor<3x7xf32>) : tensor<3x7xf32>
  return
}

func.func @arith_subf_f32_1x13() {
  %c1 = util.unfoldable_constant dense<[[-1.24, -0.16, -0.55, -1.32, -1.11, 1.85, 1.54, -0.47, 0.96, -1.83, 1.66, 0.15, 1.28]]> : tensor<1x13xf32>
  %c2 = util.unfoldable_constant dense<[[-0.9, -0.5, -0.61, 1.89, -0.28, -0.0, 1.82, 1.61, -0.42, -0.77, 1.23, -1.57, -0.43]]> : tensor<1x13xf32>
  %e3 = tensor.empty() : tensor<1x13xf32>
  %g4 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%c1, %c2 : tensor<1x13xf32>, tensor<1x13xf32>) outs(%e3 : tensor<1x13xf32>) {
  ^bb0(%a0: f32, %a1: f32, %o: f32):
    %r = arith.subf %a0, %a1 : f32
    linalg.yield %r : f32
  } -> tensor<1x13xf32>
  check.expect_almost_eq_const(%g4, dense<[[-0.34000003, 0.34, 0.060000002, -3.21, -0.83000004, 1.85, -0.2800001, -2.08, 1.38, -1.0600001, 0.42999995, 1.72, 1.71]]> : tensor<1x13xf32>) : tensor<1x13xf32>
  return
}

func.func @arith_mulf_f32_5() {
  %c1 = util.unfoldable_constant dense<[1.51, 1.67, -1.07, -1.69, 1.15]> : tensor<5xf32>
  %c2 = util.unfoldable_constant dense<[0.49, -1.05, 0.02, -1.71, 0.8]> : tensor<5xf32>
  %e3 = tensor.empty() : tensor<5xf32>
  %g4 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%c1, %c2 : tensor<5xf32>, tensor<5xf32>) outs(%e3 : tensor<5xf32>) {
  ^bb0(%a0: f32, %a1: f32, %o: f32):
    %r = arith.mulf %a0, %a1 : f32
    linalg.yield %r : f32
  } -> tensor<5xf32>
  check.expect_almost_eq_const(%g4, dense<[0.7399, -1.7534999, -0.0214, 2.8899002, 0.92]> : tensor<5xf32>) : tensor<5xf32>
  return
}

func.func @arith_divf_f32_2x3() {
  %c1 = util.unfoldable_constant dense<[[0.11, 0.82, -1.65], [0.58, -0.52, -0.0]]> : tensor<2x3xf32>
  %c2 = util.unfoldable_constant dense<[[0.5, -4.0, 3.0], [7.0, -0.25, 1.5]]> : tensor<2x3xf32>
  %e3 = tensor.empty() : tensor<2x3xf32>
  %g4 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%c1, %c2 : tensor<2x3xf32>, tensor<2x3xf32>) outs(%e3 : tensor<2x3xf32>) {
  ^bb0(%a0: f32, %a1: f32, %o: f32):
    %r = arith.divf %a0, %a1 : f32
    linalg.yield %r : f32
  } -> tensor<2x3xf32>
  check.expect_almost_eq_const(%g4, dense<[[0.22, -0.205, -0.55], [0.08285714, 2.08, -0.0]]> : tensor<2x3xf32>) : tensor<2x3xf32>
  return
}

func.func @arith_negf_f32_7() {
  %c1 = util.unfoldable_constant dense<[-0.66, 0.54, 0.27, 0.47, -1.75, -1.1, -1.71]> : tensor<7xf32>
  %e2 = tensor.empty() : tensor<7xf32>
  %g3 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%c1 : tensor<7xf32>) outs(%e2 : tensor<7xf32>) {
  ^bb0(%a0: f32, %o: f32):
    %r = arith.negf %a0 : f32
    linalg.yield %r : f32
  } -> tensor<7xf32>
  check.expect_eq_const(%g3, dense<[0.66, -0.54, -0.27, -0.47, 1.75, 1.1, 1.71]> : tensor<7xf32>) : tensor<7xf32>
  return
}

func.func @arith_addi_i32_4x5() {
  %c1 = util.unfoldable_constant dense<[[155, -234, 730, -38, -732], [-776, 561, 335, 527, -25], [71, 1, 169, 195, -992], [870, 116, 178, 534, -813]]> : tensor<4x5xi32>
  %c2 = util.unfoldable_constant dense<[[258, -707, 46, 388, -618], [-355, 234, 511, -966, 21], [276, -241, -902, 479, 532], [-634, 675, -431, -329, -416]]> : tensor<4x5xi32>
  %e3 = tensor.empty() : tensor<4x5xi32>
  %g4 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%c1, %c2 : tensor<4x5xi32>, tensor<4x5xi32>) outs(%e3 : tensor<4x5xi32>) {
  ^bb0(%a0: i32, %a1: i32, %o: i32):
    %r = arith.addi %a0, %a1 : i32
    linalg.yield %r : i32
  } -> tensor<4x5xi32>
  check.expect_eq_const(%g4, dense<[[413, -941, 776, 350, -1350], [-1131, 795, 846, -439, -4], [347, -240, -733, 674, -460], [236, 791, -253, 205, -1229]]> : tensor<4x5xi32>) : tensor<4x5xi32>
  return
}

func.func @arith_subi_muli_i32_11() {
  %c1 = util.unfoldable_constant dense<[-27, -9, 2, 41, -4, 32, -8, 32, 20, 13, 22]> : tensor<11xi32>
  %c2 = util.unfoldable_constant dense<[-50, 20, -22, 20, 0, -46, 40, 25, -14, -11, 5]> : tensor<11xi32>
  %c3 = util.unfoldable_constant dense<[45, 35, -45, -16, -34, 25, 26, 10, 38, 3, 14]> : tensor<11xi32>
  %e4 = tensor.empty() : tensor<11xi32>
  %g5 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%c1, %c2, %c3 : tensor<11xi32>, tensor<11xi32>, tensor<11xi32>) outs(%e4 : tensor<11xi32>) {
  ^bb0(%a0: i32, %a1: i32, %a2: i32, %o: i32):
    %t = arith.subi %a0, %a1 : i32
    %r = arith.muli %t, %a2 : i32
    linalg.yield %r : i32
  } -> tensor<11xi32>
  check.expect_eq_const(%g5, dense<[1035, -1015, -1080, -336, 136, 1950, -1248, 70, 1292, 72, 238]> : tensor<11xi32>) : tensor<11xi32>
  return
}

func.func @arith_divsi_i32_truncates() {
  %c1 = util.unfoldable_constant dense<[7, -7, 7, -7, 0, 100, -1, 13]> : tensor<8xi32>
  %c2 = util.unfoldable_constant dense<[2, 2, -2, -2, 5, 7, 3, -4]> : tensor<8xi32>
  %e3 = tensor.empty() : tensor<8xi32>
  %g4 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%c1, %c2 : tensor<8xi32>, tensor<8xi32>) outs(%e3 : tensor<8xi32>) {
  ^bb0(%a0: i32, %a1: i32, %o: i32):
    %r = arith.divsi %a0, %a1 : i32
    linalg.yield %r : i32
  } -> tensor<8xi32>
  check.expect_eq_const(%g4, dense<[3, -3, -3, 3, 0, 14, 0, -3]> : tensor<8xi32>) : tensor<8xi32>
  return
}

func.func @arith_remsi_i32() {
  %c1 = util.unfoldable_constant dense<[7, -7, 7, -7, 0, 100, -1, 13]> : tensor<8xi32>
  %c2 = util.unfoldable_constant dense<[2, 2, -2, -2, 5, 7, 3, -4]> : tensor<8xi32>
  %e3 = tensor.empty() : tensor<8xi32>
  %g4 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%c1, %c2 : tensor<8xi32>, tensor<8xi32>) outs(%e3 : tensor<8xi32>) {
  ^bb0(%a0: i32, %a1: i32, %o: i32):
    %r = arith.remsi %a0, %a1 : i32
    linalg.yield %r : i32
  } -> tensor<8xi32>
  check.expect_eq_const(%g4, dense<[1, -1, 1, -1, 0, 2, -1, 1]> : tensor<8xi32>) : tensor<8xi32>
  return
}

func.func @arith_addi_i8_wraps() {
  %c1 = util.unfoldable_constant dense<[100, -100, 127, -128, 5, 0, -1]> : tensor<7xi8>
  %c2 = util.unfoldable_constant dense<[100, -100, 1, -1, -9, 0, -1]> : tensor<7xi8>
  %e3 = tensor.empty() : tensor<7xi8>
  %g4 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%c1, %c2 : tensor<7xi8>, tensor<7xi8>) outs(%e3 : tensor<7xi8>) {
  ^bb0(%a0: i8, %a1: i8, %o: i8):
    %r = arith.addi %a0, %a1 : i8
    linalg.yield %r : i8
  } -> tensor<7xi8>
  check.expect_eq_const(%g4, dense<[-56, 56, -128, 127, -4, 0, -2]> : tensor<7xi8>) : tensor<7xi8>
  return
}

func.func @arith_muli_i8_3x3() {
  %c1 = util.unfoldable_constant dense<[[3, 3, -1], [-4, -10, 2], [9, -4, 11]]> : tensor<3x3xi8>
  %c2 = util.unfoldable_constant dense<[[2, 7, 7], [-3, -10, 3], [9, 6, 4]]> : tensor<3x3xi8>
  %e3 = tensor.empty() : tensor<3x3xi8>
  %g4 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%c1, %c2 : tensor<3x3xi8>, tensor<3x3xi8>) outs(%e3 : tensor<3x3xi8>) {
  ^bb0(%a0: i8, %a1: i8, %o: i8):
    %r = arith.muli %a0, %a1 : i8
    linalg.yield %r : i8
  } -> tensor<3x3xi8>
  check.expect_eq_const(%g4, dense<[[6, 21, -7], [12, 100, 6], [81, -24, 44]]> : tensor<3x3xi8>) : tensor<3x3xi8>
  return
}

func.func @arith_maximumf_minimumf_f32() {
  %c1 = util.unfoldable_constant dense<[[1.16, -1.66, 1.76, -1.03, 1.85], [-1.07, 0.14, 1.33, 1.95, 0.82]]> : tensor<2x5xf32>
  %c2 = util.unfoldable_constant dense<[[1.34, -0.43, 1.0, -0.46, 1.72], [1.09, -0.48, 1.14, -1.73, 1.7]]> : tensor<2x5xf32>
  %e3 = tensor.empty() : tensor<2x5xf32>
  %g4 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%c1, %c2 : tensor<2x5xf32>, tensor<2x5xf32>) outs(%e3 : tensor<2x5xf32>) {
  ^bb0(%a0: f32, %a1: f32, %o: f32):
    %x = arith.maximumf %a0, %a1 : f32
    %n = arith.minimumf %a0, %a1 : f32
    %r = arith.subf %x, %n : f32
    linalg.yield %r : f32
  } -> tensor<2x5xf32>
  check.expect_almost_eq_const(%g4, dense<[[0.18000007, 1.23, 0.76, 0.56999993, 0.13], [2.16, 0.62, 0.19000006, 3.68, 0.88000005]]> : tensor<2x5xf32>) : tensor<2x5xf32>
  return
}

func.func @arith_maxsi_i32() {
  %c1 = util.unfoldable_constant dense<[-8, -9, 4, 6, -3, 9]> : tensor<6xi32>
  %c2 = util.unfoldable_constant dense<[3, -1, 5, -4, 2, 5]> : tensor<6xi32>
  %e3 = tensor.empty() : tensor<6xi32>
  %g4 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%c1, %c2 : tensor<6xi32>, tensor<6xi32>) outs(%e3 : tensor<6xi32>) {
  ^bb0(%a0: i32, %a1: i32, %o: i32):
    %r = arith.maxsi %a0, %a1 : i32
    linalg.yield %r : i32
  } -> tensor<6xi32>
  check.expect_eq_const(%g4, dense<[3, -1, 5, 6, 2, 9]> : tensor<6xi32>) : tensor<6xi32>
  return
}

func.func @arith_minsi_i8() {
  %c1 = util.unfoldable_constant dense<[-8, -9, 4, 6, -3, 9]> : tensor<6xi8>
  %c2 = util.unfoldable_constant dense<[3, -1, 5, -4, 2, 5]> : tensor<6xi8>
  %e3 = tensor.empty() : tensor<6xi8>
  %g4 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%c1, %c2 : tensor<6xi8>, tensor<6xi8>) outs(%e3 : tensor<6xi8>) {
  ^bb0(%a0: i8, %a1: i8, %o: i8):
    %r = arith.minsi %a0, %a1 : i8
    linalg.yield %r : i8
  } -> tensor<6xi8>
  check.expect_eq_const(%g4, dense<[-8, -9, 4, -4, -3, 5]> : tensor<6xi8>) : tensor<6xi8>
  return
}

func.func @arith_select_cmpf_leaky_relu_f32() {
  %c1 = util.unfoldable_constant dense<[[-0.34, -0.72, -0.52, -0.87, -0.08], [1.03, 1.5, 0.53, 1.14, 1.88], [0.64, -1.66, 0.5, -1.92, 0.71]]> : tensor<3x5xf32>
  %e2 = tensor.empty() : tensor<3x5xf32>
  %g3 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%c1 : tensor<3x5xf32>) outs(%e2 : tensor<3x5xf32>) {
  ^bb0(%a0: f32, %o: f32):
    %zero = arith.constant 0.0 : f32
    %k = arith.constant 0.125 : f32
    %p = arith.cmpf ogt, %a0, %zero : f32
    %s = arith.mulf %a0, %k : f32
    %r = arith.select %p, %a0, %s : f32
    linalg.yield %r : f32
  } -> tensor<3x5xf32>
  check.expect_eq_const(%g3, dense<[[-0.0425, -0.09, -0.065, -0.10875, -0.01], [1.03, 1.5, 0.53, 1.14, 1.88], [0.64, -0.2075, 0.5, -0.24, 0.71]]> : tensor<3x5xf32>) : tensor<3x5xf32>
  return
}

func.func @arith_cmpi_slt_sge_i32() {
  %c1 = util.unfoldable_constant dense<[3, -2, 3, -1, 0, 2, 3, -1, -3]> : tensor<9xi32>
  %c2 = util.unfoldable_constant dense<[1, 3, -3, -2, -1, 2, 0, -1, -2]> : tensor<9xi32>
  %e3 = tensor.empty() : tensor<9xi32>
  %g4 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%c1, %c2 : tensor<9xi32>, tensor<9xi32>) outs(%e3 : tensor<9xi32>) {
  ^bb0(%a0: i32, %a1: i32, %o: i32):
    %p = arith.cmpi slt, %a0, %a1 : i32
    %q = arith.cmpi sge, %a0, %a1 : i32
    %pi = arith.extui %p : i1 to i32
    %qi = arith.extui %q : i1 to i32
    %ten = arith.constant 10 : i32
    %t = arith.muli %qi, %ten : i32
    %r = arith.addi %pi, %t : i32
    linalg.yield %r : i32
  } -> tensor<9xi32>
  check.expect_eq_const(%g4, dense<[10, 1, 10, 10, 10, 10, 10, 10, 1]> : tensor<9xi32>) : tensor<9xi32>
  return
}

func.func @cast_extsi_i8_to_i32() {
  %c1 = util.unfoldable_constant dense<[[-128, -1, 0], [1, 77, 127]]> : tensor<2x3xi8>
  %e2 = tensor.empty() : tensor<2x3xi32>
  %g3 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%c1 : tensor<2x3xi8>) outs(%e2 : tensor<2x3xi32>) {
  ^bb0(%a0: i8, %o: i32):
    %r = arith.extsi %a0 : i8 to i32
    linalg.yield %r : i32
  } -> tensor<2x3xi32>
  check.expect_eq_const(%g3, dense<[[-128, -1, 0], [1, 77, 127]]> : tensor<2x3xi32>) : tensor<2x3xi32>
  return
}

func.func @cast_extui_i8_to_i32() {
  %c1 = util.unfoldable_constant dense<[[-128, -1, 0], [1, 77, 127]]> : tensor<2x3xi8>
  %e2 = tensor.empty() : tensor<2x3xi32>
  %g3 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%c1 : tensor<2x3xi8>) outs(%e2 : tensor<2x3xi32>) {
  ^bb0(%a0: i8, %o: i32):
    %r = arith.extui %a0 : i8 to i32
    linalg.yield %r : i32
  } -> tensor<2x3xi32>
  check.expect_eq_const(%g3, dense<[[128, 255, 0], [1, 77, 127]]> : tensor<2x3xi32>) : tensor<2x3xi32>
  return
}

func.func @cast_trunci_i32_to_i8() {
  %c1 = util.unfoldable_constant dense<[300, -300, 127, 128, -129, 255, 65535, -1, 0]> : tensor<9xi32>
  %e2 = tensor.empty() : tensor<9xi8>
  %g3 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%c1 : tensor<9xi32>) outs(%e2 : tensor<9xi8>) {
  ^bb0(%a0: i32, %o: i8):
    %r = arith.trunci %a0 : i32 to i8
    linalg.yield %r : i8
  } -> tensor<9xi8>
  check.expect_eq_const(%g3, dense<[44, -44, 127, -128, 127, -1, -1, -1, 0]> : tensor<9xi8>) : tensor<9xi8>
  return
}

func.func @cast_sitofp_i32_to_f32() {
  %c1 = util.unfoldable_constant dense<[-16777216, -3, -1, 0, 1, 2, 1000, 16777217]> : tensor<8xi32>
  %e2 = tensor.empty() : tensor<8xf32>
  %g3 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%c1 : tensor<8xi32>) outs(%e2 : tensor<8xf32>) {
  ^bb0(%a0: i32, %o: f32):
    %r = arith.sitofp %a0 : i32 to f32
    linalg.yield %r : f32
  } -> tensor<8xf32>
  check.expect_eq_const(%g3, dense<[-16777216.0, -3.0, -1.0, 0.0, 1.0, 2.0, 1000.0, 16777216.0]> : tensor<8xf32>) : tensor<8xf32>
  return
}

func.func @cast_sitofp_i8_to_f32() {
  %c1 = util.unfoldable_constant dense<[-128, -5, 0, 5, 127]> : tensor<5xi8>
  %e2 = tensor.empty() : tensor<5xf32>
  %g3 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%c1 : tensor<5xi8>) outs(%e2 : tensor<5xf32>) {
  ^bb0(%a0: i8, %o: f32):
    %r = arith.sitofp %a0 : i8 to f32
    linalg.yield %r : f32
  } -> tensor<5xf32>
  check.expect_eq_const(%g3, dense<[-128.0, -5.0, 0.0, 5.0, 127.0]> : tensor<5xf32>) : tensor<5xf32>
  return
}

func.func @cast_fptosi_f32_to_i32_truncates() {
  %c1 = util.unfoldable_constant dense<[-2.75, -2.5, -0.5, 0.0, 0.99, 1.5, 2.5, 123456.75]> : tensor<8xf32>
  %e2 = tensor.empty() : tensor<8xi32>
  %g3 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%c1 : tensor<8xf32>) outs(%e2 : tensor<8xi32>) {
  ^bb0(%a0: f32, %o: i32):
    %r = arith.fptosi %a0 : f32 to i32
    linalg.yield %r : i32
  } -> tensor<8xi32>
  check.expect_eq_const(%g3, dense<[-2, -2, 0, 0, 0, 1, 2, 123456]> : tensor<8xi32>) : tensor<8xi32>
  return
}

func.func @math_exp_f32() {
  %c1 = util.unfoldable_constant dense<[[-2.34, -2.81, 0.76, 0.73, -2.38, 0.11, -1.71], [1.48, -2.33, -0.06, 1.45, -0.31, 0.35, 1.05], [0.53, 1.12, -1.88, 1.55, -0.48, 1.58, 0.49], [0.67, 1.75, -2.47, 1.35, -1.54, 1.11, -1.88]]> : tensor<4x7xf32>
  %e2 = tensor.empty() : tensor<4x7xf32>
  %g3 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%c1 : tensor<4x7xf32>) outs(%e2 : tensor<4x7xf32>) {
  ^bb0(%a0: f32, %o: f32):
    %r = math.exp %a0 : f32
    linalg.yield %r : f32
  } -> tensor<4x7xf32>
  check.expect_almost_eq_const(%g3, dense<[[0.09632765, 0.060204998, 2.138276, 2.0750806, 0.09255057, 1.116278, 0.18086578], [4.392946, 0.09729575, 0.94176453, 4.263115, 0.73344696, 1.4190675, 2.857651], [1.6989323, 3.0648541, 0.15259011, 4.71147, 0.6187834, 4.854956, 1.6323162], [1.9542373, 5.754603, 0.084584855, 3.8574257, 0.21438111, 3.0343585, 0.15259011]]> : tensor<4x7xf32>, atol 1.0e-04) : tensor<4x7xf32>
  return
}

func.func @math_tanh_f32() {
  %c1 = util.unfoldable_constant dense<[[-0.25, -2.89, 2.44, -1.66, -0.21, 2.36, -1.03, 3.08, 0.08, 3.55, 2.17], [3.95, 1.7, -1.5, 0.24, 3.52, 3.4, -2.0, -1.95, -1.98, 1.0, -2.44], [1.64, -1.44, 2.7, -2.03, 3.41, -1.35, -3.72, -2.71, 2.53, -2.64, -1.99]]> : tensor<3x11xf32>
  %e2 = tensor.empty() : tensor<3x11xf32>
  %g3 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%c1 : tensor<3x11xf32>) outs(%e2 : tensor<3x11xf32>) {
  ^bb0(%a0: f32, %o: f32):
    %r = math.tanh %a0 : f32
    linalg.yield %r : f32
  } -> tensor<3x11xf32>
  check.expect_almost_eq_const(%g3, dense<[[-0.24491866, -0.9938416, 0.98492056, -0.9302172, -0.20696649, 0.9823272, -0.7739083, 0.9957844, 0.07982977, 0.99835116, 0.9742625], [0.9992588, 0.93540907, -0.90514827, 0.23549575, 0.9982493, 0.9977749, -0.9640276, -0.9603194, -0.962587, 0.7615942, -0.98492056], [0.9274726, -0.89369774, 0.99100745, -0.9660869, 0.99781895, -0.8740533, -0.99882615, -0.9911847, 0.9873889, -0.98986673, -0.96331424]]> : tensor<3x11xf32>, atol 1.0e-05) : tensor<3x11xf32>
  return
}

func.func @math_sqrt_f32() {
  %c1 = util.unfoldable_constant dense<[49.77, 20.85, 32.14, 27.24, 23.43, 44.87, 1.82, 19.05, 22.57, 34.24, 36.42, 0.16, 4.89]> : tensor<13xf32>
  %e2 = tensor.empty() : tensor<13xf32>
  %g3 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%c1 : tensor<13xf32>) outs(%e2 : tensor<13xf32>) {
  ^bb0(%a0: f32, %o: f32):
    %r = math.sqrt %a0 : f32
    linalg.yield %r : f32
  } -> tensor<13xf32>
  check.expect_almost_eq_const(%g3, dense<[7.0547857, 4.56618, 5.669215, 5.2191954, 4.8404546, 6.6985073, 1.3490738, 4.3646307, 4.750789, 5.8514957, 6.0348983, 0.4, 2.2113345]> : tensor<13xf32>, atol 1.0e-05) : tensor<13xf32>
  return
}

func.func @math_log_f32() {
  %c1 = util.unfoldable_constant dense<[[23.88, 33.41, 76.78, 74.24, 92.73], [40.18, 41.93, 14.17, 89.5, 89.85]]> : tensor<2x5xf32>
  %e2 = tensor.empty() : tensor<2x5xf32>
  %g3 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%c1 : tensor<2x5xf32>) outs(%e2 : tensor<2x5xf32>) {
  ^bb0(%a0: f32, %o: f32):
    %r = math.log %a0 : f32
    linalg.yield %r : f32
  } -> tensor<2x5xf32>
  check.expect_almost_eq_const(%g3, dense<[[3.1730413, 3.5088553, 4.3409443, 4.307303, 4.529692], [3.6933694, 3.7360015, 2.651127, 4.494239, 4.498142]]> : tensor<2x5xf32>, atol 1.0e-05) : tensor<2x5xf32>
  return
}

func.func @math_erf_f32() {
  %c1 = util.unfoldable_constant dense<[2.74, 1.4, 2.29, 0.4, 2.04, -1.04, 1.54, 1.55, 0.71, 2.04, 1.06, -1.51, -2.69, -1.04, -1.83, 2.43, 0.2]> : tensor<17xf32>
  %e2 = tensor.empty() : tensor<17xf32>
  %g3 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%c1 : tensor<17xf32>) outs(%e2 : tensor<17xf32>) {
  ^bb0(%a0: f32, %o: f32):
    %r = math.erf %a0 : f32
    linalg.yield %r : f32
  } -> tensor<17xf32>
  check.expect_almost_eq_const(%g3, dense<[0.99989337, 0.9522851, 0.9987986, 0.42839235, 0.9960858, -0.8586499, 0.9705857, 0.9716227, 0.68466556, 0.9960858, 0.8661436, -0.96727675, -0.9998578, -0.8586499, -0.9903468, 0.9994108, 0.2227026]> : tensor<17xf32>, atol 1.0e-05) : tensor<17xf32>
  return
}

func.func @math_rsqrt_f32() {
  %c1 = util.unfoldable_constant dense<[[14.61, 18.51, 15.82], [17.33, 11.23, 15.19], [19.12, 8.82, 14.04]]> : tensor<3x3xf32>
  %e2 = tensor.empty() : tensor<3x3xf32>
  %g3 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%c1 : tensor<3x3xf32>) outs(%e2 : tensor<3x3xf32>) {
  ^bb0(%a0: f32, %o: f32):
    %r = math.rsqrt %a0 : f32
    linalg.yield %r : f32
  } -> tensor<3x3xf32>
  check.expect_almost_eq_const(%g3, dense<[[0.26162237, 0.23243247, 0.25141823], [0.24021533, 0.29840776, 0.256579], [0.22869468, 0.33671752, 0.26688024]]> : tensor<3x3xf32>, atol 1.0e-05) : tensor<3x3xf32>
  return
}

func.func @math_absf_f32() {
  %c1 = util.unfoldable_constant dense<[[4.53, -2.59, -4.28, -0.19, 3.9, 0.22]]> : tensor<1x6xf32>
  %e2 = tensor.empty() : tensor<1x6xf32>
  %g3 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%c1 : tensor<1x6xf32>) outs(%e2 : tensor<1x6xf32>) {
  ^bb0(%a0: f32, %o: f32):
    %r = math.absf %a0 : f32
    linalg.yield %r : f32
  } -> tensor<1x6xf32>
  check.expect_eq_const(%g3, dense<[[4.53, 2.59, 4.28, 0.19, 3.9, 0.22]]> : tensor<1x6xf32>) : tensor<1x6xf32>
  return
}

func.func @math_gelu_tanh_chain_f32_129() {
  %c1 = util.unfoldable_constant dense<[-1.76, 2.91, -0.17, -0.38, -2.56, -0.42, 2.87, -0.4, 1.67, 2.57, -2.99, 1.15, -2.14, 0.05, 2.12, -0.85, 1.32, -1.28, 0.58, 1.39, 0.24, -1.05, 1.44, -2.17, -1.02, 1.72, 0.01, -2.44, 1.07, 2.49, -1.97, 2.51, -2.97, 2.73, 0.66, -1.45, -2.01, -0.38, -0.41, 0.04, 0.1, -2.48, -1.51, -2.13, 1.92, -2.09, 1.0, -2.47, 0.92, -0.39, 0.02, 1.49, -1.14, 1.17, 2.48, 1.42, 0.6, 1.14, 2.35, -2.85, 2.97, -0.2, 2.36, -2.65, -1.3, 0.35, 0.41, 2.64, -1.11, -1.57, 0.81, -2.02, 2.48, -1.6, -2.98, 0.76, -1.64, 2.49, -2.37, 0.01, 0.6, -0.02, -2.64, 0.12, -2.22, -2.74, 2.44, -1.44, -2.58, -2.93, 2.19, 2.14, 1.47, 1.75, -1.33, 0.5, 1.42, -1.5, 1.39, 1.78, 0.13, 0.86, -2.85, -0.74, -1.07, -0.84, 2.55, 2.65, -2.64, 0.51, -1.81, 0.91, 2.84, -2.14, -0.68, -0.95, 1.26, 1.88, -2.73, -1.76, -0.77, 2.76, 1.57, 0.76, 2.8, -0.63, 1.81, -1.5, -1.44]> : tensor<129xf32>
  %e2 = tensor.empty() : tensor<129xf32>
  %g3 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%c1 : tensor<129xf32>) outs(%e2 : tensor<129xf32>) {
  ^bb0(%a0: f32, %o: f32):
    %h = arith.constant 0.5 : f32
    %one = arith.constant 1.0 : f32
    %k = arith.constant 0.7978845608 : f32
    %c = arith.constant 0.044715 : f32
    %x2 = arith.mulf %a0, %a0 : f32
    %x3 = arith.mulf %x2, %a0 : f32
    %t0 = arith.mulf %c, %x3 : f32
    %t1 = arith.addf %a0, %t0 : f32
    %t2 = arith.mulf %k, %t1 : f32
    %t3 = math.tanh %t2 : f32
    %t4 = arith.addf %one, %t3 : f32
    %t5 = arith.mulf %h, %a0 : f32
    %r = arith.mulf %t5, %t4 : f32
    linalg.yield %r : f32
  } -> tensor<129xf32>
  check.expect_almost_eq_const(%g3, dense<[-0.06909319, 2.9051828, -0.07352613, -0.13375583, -0.012940872, -0.14165099, 2.8645616, -0.13783883, 1.5905923, 2.5573912, -0.0037548337, 1.0059662, -0.034401737, 0.025996938, 2.0841546, -0.16811341, 1.1964569, -0.12857695, 0.4170155, 1.2754192, 0.14275932, -0.15437202, 1.3318667, -0.03231507, -0.15710126, 1.6464076, 0.0050398936, -0.017502114, 0.91755205, 2.4745324, -0.048033785, 2.4952915, -0.003999529, 2.7218273, 0.4919007, -0.106844805, -0.04454671, -0.13375583, -0.13977848, 0.020638136, 0.053982753, -0.015858676, -0.0991529, -0.035118207, 1.8673657, -0.038089838, 0.841192, -0.016257564, 0.75539213, -0.13583146, 0.010159566, 1.388293, -0.14514141, 1.028223, 2.4641414, 1.3092874, 0.4354152, 0.99485856, 2.328311, -0.005773642, 2.9660006, -0.08414857, 2.338811, -0.010193864, -0.12607099, 0.22288619, 0.27022153, 2.6295269, -0.14837383, -0.091582, 0.64064705, -0.043701902, 2.4641414, -0.087863036, -0.0038755222, 0.5899714, -0.08298992, 2.4745324, -0.020697689, 0.0050398936, 0.4354152, -0.0098404335, -0.010473184, 0.065730944, -0.02904335, -0.007945252, 2.422498, -0.10813331, -0.012283726, -0.0045301947, 2.1590242, 2.1055984, 1.3657281, 1.6797954, -0.12227235, 0.345714, 1.3092874, -0.100428425, 1.2754192, 1.713102, 0.07172309, 0.6922871, -0.005773642, -0.17000708, -0.152448, -0.16847844, 2.53672, 2.6398063, -0.010473184, 0.35441837, -0.063676186, 0.7447949, 2.8340523, -0.034401737, -0.16886182, -0.16263837, 1.1289431, 1.8234947, -0.008172657, -0.06909319, -0.16997525, 2.7524939, 1.478418, 0.5899714, 2.793311, -0.16657773, 1.7463237, -0.100428425, -0.10813331]> : tensor<129xf32>, atol 1.0e-05) : tensor<129xf32>
  return
}

func.func @linalg_fill_f32() {
  %e1 = tensor.empty() : tensor<2x3xf32>
  %z2 = arith.constant -1.25 : f32
  %fill3 = linalg.fill ins(%z2 : f32) outs(%e1 : tensor<2x3xf32>) -> tensor<2x3xf32>
  check.expect_eq_const(%fill3, dense<[[-1.25, -1.25, -1.25], [-1.25, -1.25, -1.25]]> : tensor<2x3xf32>) : tensor<2x3xf32>
  return
}

func.func @linalg_fill_i32() {
  %e1 = tensor.empty() : tensor<5xi32>
  %z2 = arith.constant 42 : i32
  %fill3 = linalg.fill ins(%z2 : i32) outs(%e1 : tensor<5xi32>) -> tensor<5xi32>
  check.expect_eq_const(%fill3, dense<[42, 42, 42, 42, 42]> : tensor<5xi32>) : tensor<5xi32>
  return
}

func.func @linalg_fill_i8() {
  %e1 = tensor.empty() : tensor<3x1x2xi8>
  %z2 = arith.constant -7 : i8
  %fill3 = linalg.fill ins(%z2 : i8) outs(%e1 : tensor<3x1x2xi8>) -> tensor<3x1x2xi8>
  check.expect_eq_const(%fill3, dense<[[[-7, -7]], [[-7, -7]], [[-7, -7]]]> : tensor<3x1x2xi8>) : tensor<3x1x2xi8>
  return
}

func.func @linalg_named_add_mul_max_f32() {
  %c1 = util.unfoldable_constant dense<[[1.66, 1.27, 0.5, -1.36], [-0.74, 1.7, -0.18, -1.83], [-1.07, 0.36, 1.45, -0.18]]> : tensor<3x4xf32>
  %c2 = util.unfoldable_constant dense<[[-1.01, 1.18, -0.76, -0.93], [0.31, 0.07, 1.45, -0.19], [0.58, -0.17, 0.7, 1.6]]> : tensor<3x4xf32>
  %e3 = tensor.empty() : tensor<3x4xf32>
  %s = linalg.add ins(%c1, %c2 : tensor<3x4xf32>, tensor<3x4xf32>) outs(%e3 : tensor<3x4xf32>) -> tensor<3x4xf32>
  %e4 = tensor.empty() : tensor<3x4xf32>
  %p = linalg.mul ins(%s, %c2 : tensor<3x4xf32>, tensor<3x4xf32>) outs(%e4 : tensor<3x4xf32>) -> tensor<3x4xf32>
  %e5 = tensor.empty() : tensor<3x4xf32>
  %m = linalg.max ins(%p, %c1 : tensor<3x4xf32>, tensor<3x4xf32>) outs(%e5 : tensor<3x4xf32>) -> tensor<3x4xf32>
  check.expect_almost_eq_const(%m, dense<[[1.66, 2.8909998, 0.5, 2.1297], [-0.1333, 1.7, 1.8415002, 0.3838], [-0.28420004, 0.36, 1.505, 2.272]]> : tensor<3x4xf32>) : tensor<3x4xf32>
  return
}
