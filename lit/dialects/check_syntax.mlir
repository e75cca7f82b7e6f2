// IREE's e2e test forms parse byte for byte (IRDL-verified) and become returned values plus
// recorded checks in castiron-checks-to-results.
// RUN: castiron-opt %s --castiron-checks-to-results | filecheck %s

// CHECK-LABEL: func.func @test() -> (tensor<2xi32>, tensor<2xi32>, tensor<i32>)
// CHECK-SAME: castiron.checks = "[{\22kind\22: \22eq\22, \22results\22: [0, 1], \22line\22: 12
// CHECK: %[[A:.*]] = "util.unfoldable_constant"() {value = dense<[1, 2]> : tensor<2xi32>}
// CHECK: %[[B:.*]] = "util.unfoldable_constant"() {value = dense<[1, 2]> : tensor<2xi32>}
// CHECK: return %[[A]], %[[B]], %{{.*}} : tensor<2xi32>, tensor<2xi32>, tensor<i32>
func.func @test() {
  %a = util.unfoldable_constant dense<[1, 2]> : tensor<2xi32>
  check.expect_eq_const(%a, dense<[1, 2]> : tensor<2xi32>) : tensor<2xi32>
  %t = util.unfoldable_constant 1 : i32
  check.expect_true(%t) : i32
  return
}
