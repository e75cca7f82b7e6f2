// castiron.dispatch reads and prints in its custom form and is verified against its executable.
// RUN: castiron-opt %s --split-input-file --verify-diagnostics --castiron-verify-dispatches | filecheck %s

// CHECK: module @exe attributes {castiron.executable}
// CHECK: %[[R:.*]] = castiron.dispatch @exe(%arg0) : (tensor<4xf32>) -> tensor<4xf32>
// CHECK: return %[[R]]
module @exe attributes {castiron.executable} {
  func.func @exe(%a: tensor<4xf32>) -> tensor<4xf32> { return %a : tensor<4xf32> }
}
func.func @ok(%a: tensor<4xf32>) -> tensor<4xf32> {
  %r = castiron.dispatch @exe(%a) : (tensor<4xf32>) -> tensor<4xf32>
  return %r : tensor<4xf32>
}

// -----

module @exe attributes {castiron.executable} {
  func.func @exe(%a: tensor<4xf32>) -> tensor<4xf32> { return %a : tensor<4xf32> }
}
func.func @wrong_type(%a: tensor<5xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{castiron.dispatch @exe operands (tensor<5xf32>) do not match the executable's (tensor<4xf32>)}}
  %r = castiron.dispatch @exe(%a) : (tensor<5xf32>) -> tensor<4xf32>
  return %r : tensor<4xf32>
}

// -----

func.func @missing(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{castiron.dispatch refers to @nowhere, which is not an executable}}
  %r = castiron.dispatch @nowhere(%a) : (tensor<4xf32>) -> tensor<4xf32>
  return %r : tensor<4xf32>
}
