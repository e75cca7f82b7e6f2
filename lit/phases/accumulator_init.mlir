// A vectorized matmul's zero fill moves into its register-tile loop, just before the k loop,
// so the accumulators start at zero in registers (LLVM forwards the zeros); a k-blocked matmul
// keeps its fill of the whole tile, as each k block adds to the last. With a short k, the fused
// elementwise epilogue runs on each register tile right after its k loop, a row of vectors at a
// time (epilogue-vectors). Where the register
// tile spans every column (no n loop), the fill and the epilogue move into the m loop.
// RUN: rm -rf %t && castiron-compile %s -o %t.vmfb --dump-dispatches-to %t
// RUN: filecheck %s < %t/main_dispatch_0.bufferized.mlir
// RUN: filecheck %s --check-prefix=BLOCKED < %t/main_dispatch_1.bufferized.mlir
// RUN: filecheck %s --check-prefix=EPILOGUE < %t/main_dispatch_2.bufferized.mlir
// RUN: filecheck %s --check-prefix=COLUMN < %t/main_dispatch_3.bufferized.mlir
// RUN: filecheck %s --check-prefix=COLEPI < %t/main_dispatch_4.bufferized.mlir

// CHECK: scf.forall
// CHECK-NOT: linalg.fill
// CHECK: scf.for %[[M:.+]] = %c0 to %c32 step %c8
// CHECK-NEXT: scf.for %[[N:.+]] = %c0 to %c96 step %c32
// CHECK-NEXT: %[[TILE:.+]] = memref.subview %{{.+}}[%[[M]], %[[N]]] [8, 32]
// CHECK-NEXT: linalg.fill ins(%{{.+}} : f32) outs(%[[TILE]] : memref<8x32xf32
// CHECK-NEXT: scf.for %{{.+}} = %c0 to %c16 step %c1

// BLOCKED: linalg.fill {{.*}}ins(%{{.+}} : f32) outs(%{{.+}} : memref<64x32xf32
// BLOCKED: scf.for %{{.+}} = %c0 to %c1024 step %c128
// EPILOGUE: scf.for %[[M:.+]] = %c0 to %c32 step %c8
// EPILOGUE-NEXT: scf.for %[[N:.+]] = %c0 to %c96 step %c32
// EPILOGUE: linalg.fill
// EPILOGUE: scf.for %{{.+}} = %c0 to %c16 step %c1
// EPILOGUE: %[[BIAS:.+]] = memref.subview %{{.+}}[%[[N]]] [32] [1] : memref<96xf32>
// EPILOGUE-NEXT: %[[OUT:.+]] = memref.subview %{{.+}} [8, 32] [1, 1]
// EPILOGUE-NEXT: scf.for %[[R:.+]] = %c0 to %c8 step %c1
// EPILOGUE: %[[ROW:.+]] = memref.subview %[[OUT]][%[[R]], 0] [1, 32]
// EPILOGUE: %[[B:.+]] = vector.load %[[BIAS]][%c0] : memref<32xf32, {{.*}}>, vector<32xf32>
// EPILOGUE-NEXT: %[[S:.+]] = arith.addf %{{.+}}, %[[B]] : vector<32xf32>
// EPILOGUE-NEXT: %[[Y:.+]] = arith.maximumf %[[S]], %{{.+}} : vector<32xf32>
// EPILOGUE-NEXT: vector.store %[[Y]], %[[ROW]]
// COLUMN: scf.for %[[M:.+]] = %c0 to %c{{[0-9]+}} step %c8
// COLUMN-NEXT: %[[TILE:.+]] = memref.subview %{{.+}}[%[[M]], 0] [8, 16]
// COLUMN-NEXT: linalg.fill ins(%{{.+}} : f32) outs(%[[TILE]] : memref<8x16xf32
// COLUMN-NEXT: scf.for %{{.+}} = %c0 to %c32 step %c1
// COLEPI: scf.for %[[M:.+]] = %c0 to %c{{[0-9]+}} step %c8
// COLEPI-NEXT: %[[TILE:.+]] = memref.subview %{{.+}}[%[[M]], 0] [8, 16]
// COLEPI-NEXT: linalg.fill ins(%{{.+}} : f32) outs(%[[TILE]] : memref<8x16xf32
// COLEPI: scf.for %{{.+}} = %c0 to %c32 step %c1
// COLEPI: %[[OUT:.+]] = memref.subview %{{.+}}[%[[M]], 0] [8, 16]
// COLEPI-NEXT: scf.for %{{.+}} = %c0 to %c8 step %c1
// COLEPI: arith.addf %{{.+}} : vector<16xf32>
// COLEPI-NEXT: vector.store
// COLEPI-NOT: linalg.generic
func.func @main(%a: tensor<12544x16xf32>, %b: tensor<16x96xf32>, %c: tensor<64x1024xf32>, %d: tensor<1024x64xf32>,
                %b3: tensor<16x96xf32>, %bias: tensor<96xf32>, %g: tensor<12544x32xf32>, %h: tensor<32x16xf32>,
                %h5: tensor<32x16xf32>, %bias5: tensor<16xf32>)
    -> (tensor<12544x96xf32>, tensor<64x64xf32>, tensor<12544x96xf32>, tensor<12544x16xf32>, tensor<12544x16xf32>) {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<12544x96xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<12544x96xf32>) -> tensor<12544x96xf32>
  %mm = linalg.matmul ins(%a, %b : tensor<12544x16xf32>, tensor<16x96xf32>) outs(%f : tensor<12544x96xf32>) -> tensor<12544x96xf32>
  %e2 = tensor.empty() : tensor<64x64xf32>
  %f2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<64x64xf32>) -> tensor<64x64xf32>
  %mm2 = linalg.matmul ins(%c, %d : tensor<64x1024xf32>, tensor<1024x64xf32>) outs(%f2 : tensor<64x64xf32>) -> tensor<64x64xf32>
  %mm3 = linalg.matmul ins(%a, %b3 : tensor<12544x16xf32>, tensor<16x96xf32>) outs(%f : tensor<12544x96xf32>) -> tensor<12544x96xf32>
  %relu = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (j)>, affine_map<(i, j) -> (i, j)>],
                          iterator_types = ["parallel", "parallel"]}
      ins(%mm3, %bias : tensor<12544x96xf32>, tensor<96xf32>) outs(%e : tensor<12544x96xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %s = arith.addf %x, %y : f32
    %r = arith.maximumf %s, %zero : f32
    linalg.yield %r : f32
  } -> tensor<12544x96xf32>
  %e4 = tensor.empty() : tensor<12544x16xf32>
  %f4 = linalg.fill ins(%zero : f32) outs(%e4 : tensor<12544x16xf32>) -> tensor<12544x16xf32>
  %mm4 = linalg.matmul ins(%g, %h : tensor<12544x32xf32>, tensor<32x16xf32>) outs(%f4 : tensor<12544x16xf32>) -> tensor<12544x16xf32>
  %mm5 = linalg.matmul ins(%g, %h5 : tensor<12544x32xf32>, tensor<32x16xf32>) outs(%f4 : tensor<12544x16xf32>) -> tensor<12544x16xf32>
  %b5 = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (j)>, affine_map<(i, j) -> (i, j)>],
                        iterator_types = ["parallel", "parallel"]}
      ins(%mm5, %bias5 : tensor<12544x16xf32>, tensor<16xf32>) outs(%e4 : tensor<12544x16xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %s = arith.addf %x, %y : f32
    linalg.yield %s : f32
  } -> tensor<12544x16xf32>
  return %mm, %mm2, %relu, %mm4, %b5 : tensor<12544x96xf32>, tensor<64x64xf32>, tensor<12544x96xf32>, tensor<12544x16xf32>, tensor<12544x16xf32>
}
