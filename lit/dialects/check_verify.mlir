// IRDL verifies the check ops: expect_eq compares values of one type.
// RUN: castiron-opt %s --verify-diagnostics -o /dev/null

func.func @mismatched() {
  %a = util.unfoldable_constant dense<[1, 2]> : tensor<2xi32>
  %b = util.unfoldable_constant dense<[1.0, 2.0]> : tensor<2xf32>
  // expected-error @+1 {{expected 'tensor<2xi32>' but got 'tensor<2xf32>'}}
  "check.expect_eq"(%a, %b) : (tensor<2xi32>, tensor<2xf32>) -> ()
  return
}
