// A vectorized matmul's zero fill moves into its register-tile loop, just before the k loop,
// so the accumulators start at zero in registers (LLVM forwards the zeros); a k-blocked matmul
// keeps its fill of the whole tile, as each k block adds to the last.
// RUN: rm -rf %t && castiron-compile %s -o %t.vmfb --dump-dispatches-to %t
// RUN: filecheck %s < %t/main_dispatch_0.bufferized.mlir
// RUN: filecheck %s --check-prefix=BLOCKED < %t/main_dispatch_1.bufferized.mlir

// CHECK: scf.forall
// CHECK-NOT: linalg.fill
// CHECK: scf.for %[[M:.+]] = %c0 to %c32 step %c8
// CHECK-NEXT: scf.for %[[N:.+]] = %c0 to %c96 step %c32
// CHECK-NEXT: %[[TILE:.+]] = memref.subview %{{.+}}[%[[M]], %[[N]]] [8, 32]
// CHECK-NEXT: linalg.fill ins(%{{.+}} : f32) outs(%[[TILE]] : memref<8x32xf32
// CHECK-NEXT: scf.for %{{.+}} = %c0 to %c16 step %c1

// BLOCKED: linalg.fill {{.*}}ins(%{{.+}} : f32) outs(%{{.+}} : memref<64x64xf32
// BLOCKED: scf.for %{{.+}} = %c0 to %c1024 step %c128
func.func @main(%a: tensor<12544x16xf32>, %b: tensor<16x96xf32>, %c: tensor<64x1024xf32>, %d: tensor<1024x64xf32>)
    -> (tensor<12544x96xf32>, tensor<64x64xf32>) {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<12544x96xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<12544x96xf32>) -> tensor<12544x96xf32>
  %mm = linalg.matmul ins(%a, %b : tensor<12544x16xf32>, tensor<16x96xf32>) outs(%f : tensor<12544x96xf32>) -> tensor<12544x96xf32>
  %e2 = tensor.empty() : tensor<64x64xf32>
  %f2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<64x64xf32>) -> tensor<64x64xf32>
  %mm2 = linalg.matmul ins(%c, %d : tensor<64x1024xf32>, tensor<1024x64xf32>) outs(%f2 : tensor<64x64xf32>) -> tensor<64x64xf32>
  return %mm, %mm2 : tensor<12544x96xf32>, tensor<64x64xf32>
}
