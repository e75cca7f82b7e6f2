// A vectorized matmul's elementwise epilogue becomes vector code in MLIR (epilogue-vectors):
// with a long k it stays after the register-tile loops, over the whole workgroup tile, and is
// tiled into rows (24 columns: one vector<24xf32> a row; LLVM splits it into 16 + 8 lanes).
// Epilogues with math ops stay generics: their scalar polynomials are vectorized by LLVM.
// RUN: rm -rf %t && castiron-compile %s -o %t.vmfb --dump-dispatches-to %t
// RUN: filecheck %s < %t/main_dispatch_0.bufferized.mlir
// RUN: filecheck %s --check-prefix=MATH < %t/main_dispatch_1.bufferized.mlir

// CHECK: scf.forall
// CHECK: scf.for %{{.+}} = %c0 to %c144 step %c1
// CHECK-NOT: linalg.generic
// CHECK: scf.for %[[R:.+]] = %c0 to %c{{[0-9]+}} step %c1
// CHECK: %[[X:.+]] = vector.load %{{.+}} : memref<1x24xf32, {{.*}}>, vector<24xf32>
// CHECK: %[[S:.+]] = vector.load %{{.+}} : memref<24xf32{{.*}}>, vector<24xf32>
// CHECK: %[[M:.+]] = arith.mulf %[[X]], %[[S]] {{.*}}: vector<24xf32>
// CHECK: arith.minimumf %{{.+}} : vector<24xf32>
// CHECK: vector.store %{{.+}} : memref<1x24xf32, {{.*}}>, vector<24xf32>
// CHECK-NOT: linalg.generic

// MATH: scf.for %{{.+}} = %c0 to %c144 step %c1
// MATH: linalg.generic
// MATH: call @__castiron_tanh
func.func @main(%a: tensor<3136x144xf32>, %b: tensor<144x24xf32>, %b2: tensor<144x24xf32>, %scale: tensor<24xf32>, %shift: tensor<24xf32>)
    -> (tensor<3136x24xf32>, tensor<3136x24xf32>) {
  %zero = arith.constant 0.0 : f32
  %six = arith.constant 6.0 : f32
  %e = tensor.empty() : tensor<3136x24xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<3136x24xf32>) -> tensor<3136x24xf32>
  %mm = linalg.matmul ins(%a, %b : tensor<3136x144xf32>, tensor<144x24xf32>) outs(%f : tensor<3136x24xf32>) -> tensor<3136x24xf32>
  %bn = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (j)>, affine_map<(i, j) -> (j)>,
                                         affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]}
      ins(%mm, %scale, %shift : tensor<3136x24xf32>, tensor<24xf32>, tensor<24xf32>) outs(%e : tensor<3136x24xf32>) {
  ^bb0(%x: f32, %s: f32, %t: f32, %o: f32):
    %p = arith.mulf %x, %s : f32
    %q = arith.addf %p, %t : f32
    %r = arith.maximumf %q, %zero : f32
    %c = arith.minimumf %r, %six : f32
    linalg.yield %c : f32
  } -> tensor<3136x24xf32>
  %mm2 = linalg.matmul ins(%a, %b2 : tensor<3136x144xf32>, tensor<144x24xf32>) outs(%f : tensor<3136x24xf32>) -> tensor<3136x24xf32>
  %th = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]}
      ins(%mm2 : tensor<3136x24xf32>) outs(%e : tensor<3136x24xf32>) {
  ^bb0(%x: f32, %o: f32):
    %t = math.tanh %x : f32
    linalg.yield %t : f32
  } -> tensor<3136x24xf32>
  return %bn, %th : tensor<3136x24xf32>, tensor<3136x24xf32>
}
