// The input phase lowers TOSA to linalg.
// RUN: castiron-compile --compile-to=input %s | filecheck %s

// CHECK-LABEL: func.func @add_relu
// CHECK-NOT: tosa.
// CHECK: linalg.generic
// CHECK: arith.addf
func.func @add_relu(%a: tensor<4x8xf32>, %b: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = tosa.add %a, %b : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  %1 = tosa.clamp %0 {min_val = 0.0 : f32, max_val = 3.4028235e+38 : f32} : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return %1 : tensor<4x8xf32>
}
