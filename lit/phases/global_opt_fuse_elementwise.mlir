// global-opt turns tensor arith into linalg and fuses elementwise chains into one generic.
// RUN: castiron-compile --compile-to=global-opt %s | filecheck %s

// CHECK-LABEL: func.func @chain
// CHECK-COUNT-1: linalg.generic
// CHECK-NOT: linalg.generic
// CHECK: arith.addf
// CHECK: arith.mulf
// CHECK-NOT: tensor<5x7xf32>) -> tensor<5x7xf32>{{.*}}arith.mulf
func.func @chain(%a: tensor<5x7xf32>, %b: tensor<5x7xf32>) -> tensor<5x7xf32> {
  %s = arith.addf %a, %b : tensor<5x7xf32>
  %m = arith.mulf %s, %a : tensor<5x7xf32>
  return %m : tensor<5x7xf32>
}
