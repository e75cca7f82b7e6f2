// castiron's phases run by name in castiron-opt: global-opt then dispatch-creation.
// RUN: castiron-opt %s --castiron-global-opt --castiron-dispatch-creation | filecheck %s
// RUN: not castiron-opt %s --castiron-global-op 2>&1 | filecheck %s --check-prefix=ERR

// CHECK: module @f_dispatch_0 attributes {castiron.executable}
// CHECK-COUNT-1: linalg.generic
// CHECK-LABEL: func.func @f(
// CHECK: castiron.dispatch @f_dispatch_0(%arg0, %arg1) : (tensor<6xf32>, tensor<6xf32>) -> tensor<6xf32>
// ERR: castiron-opt: error: unknown pass 'castiron-global-op' (did you mean: castiron-global-opt
func.func @f(%a: tensor<6xf32>, %b: tensor<6xf32>) -> tensor<6xf32> {
  %s = arith.addf %a, %b : tensor<6xf32>
  %m = arith.mulf %s, %s : tensor<6xf32>
  return %m : tensor<6xf32>
}
