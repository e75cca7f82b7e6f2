// serialize reports the module manifest: the function's buffers, its dispatch graph and, per
// target library, each entry's workgroup grid (a 256x192 matmul tiles into several workgroups).
// RUN: castiron-compile --compile-to=serialize %s | filecheck %s

// CHECK: "functions"
// CHECK: "main"
// CHECK: "kind": "input"
// CHECK: "kind": "output"
// CHECK: "entry": "main_dispatch_0"
// CHECK: "executables"
// CHECK: "main_dispatch_0"
// CHECK-NEXT: "workgroup_count": [
// CHECK-NEXT:  {{[2-9]|[1-9][0-9]+}},
func.func @main(%a: tensor<256x128xf32>, %b: tensor<128x192xf32>) -> tensor<256x192xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<256x192xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<256x192xf32>) -> tensor<256x192xf32>
  %mm = linalg.matmul ins(%a, %b : tensor<256x128xf32>, tensor<128x192xf32>) outs(%f : tensor<256x192xf32>) -> tensor<256x192xf32>
  return %mm : tensor<256x192xf32>
}
