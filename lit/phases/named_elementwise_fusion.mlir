// A named elementwise op (linalg.add, linalg.max) fuses into its producer's dispatch like a
// linalg.generic: a matmul with its bias add and ReLU is one dispatch.
// RUN: castiron-opt %s --castiron-dispatch-creation | filecheck %s

// CHECK: module @main_dispatch_0 attributes {castiron.executable}
// CHECK: linalg.matmul
// CHECK: linalg.add
// CHECK: linalg.max
// CHECK-NOT: module @main_dispatch_1
// CHECK-LABEL: func.func @main(
// CHECK: castiron.dispatch @main_dispatch_0(%arg0, %arg1, %arg2)
func.func @main(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>, %bias: tensor<4x16xf32>) -> tensor<4x16xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4x16xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<4x16xf32>) -> tensor<4x16xf32>
  %mm = linalg.matmul ins(%a, %b : tensor<4x8xf32>, tensor<8x16xf32>) outs(%f : tensor<4x16xf32>) -> tensor<4x16xf32>
  %s = linalg.add ins(%mm, %bias : tensor<4x16xf32>, tensor<4x16xf32>) outs(%e : tensor<4x16xf32>) -> tensor<4x16xf32>
  %zeros = arith.constant dense<0.0> : tensor<4x16xf32>
  %r = linalg.max ins(%s, %zeros : tensor<4x16xf32>, tensor<4x16xf32>) outs(%e : tensor<4x16xf32>) -> tensor<4x16xf32>
  return %r : tensor<4x16xf32>
}
