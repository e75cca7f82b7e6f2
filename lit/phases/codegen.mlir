// codegen tiles each dispatch into workgroups, bufferizes into the caller's buffers (no
// allocation) and lowers to the LLVM dialect with the (bindings..., begin, end) signature. The
// bindings are noalias (the runtime never lets an output overlap an input) and products are
// contractible into FMAs.
// RUN: castiron-compile --compile-to=codegen %s | filecheck %s

// CHECK: llvm.func @main_dispatch_0_wg(%{{.*}}: !llvm.ptr {llvm.noalias}, %{{.*}}: !llvm.ptr {llvm.noalias}, %{{.*}}: !llvm.ptr {llvm.noalias}, %{{.*}}: i64, %{{.*}}: i64)
// CHECK-NOT: malloc
// CHECK: llvm.fmul {{.*}} {fastmathFlags = #llvm.fastmath<contract>}
// CHECK: llvm.fadd {{.*}} {fastmathFlags = #llvm.fastmath<contract>}
func.func @main(%a: tensor<256x128xf32>, %b: tensor<128x192xf32>) -> tensor<256x192xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<256x192xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<256x192xf32>) -> tensor<256x192xf32>
  %mm = linalg.matmul ins(%a, %b : tensor<256x128xf32>, tensor<128x192xf32>) outs(%f : tensor<256x192xf32>) -> tensor<256x192xf32>
  return %mm : tensor<256x192xf32>
}
