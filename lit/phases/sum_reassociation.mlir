// codegen marks the combining add of a sum reduction `reassoc` (and `contract`), so LLVM
// vectorizes it with partial sums; the elementwise add beside it keeps plain `contract`, and
// a max reduction is left alone.
// RUN: castiron-compile --compile-to=codegen %s | filecheck %s

// CHECK-LABEL: llvm.func @main_dispatch_0_wg
// CHECK: llvm.intr.maximum
// CHECK-NOT: reassoc
// CHECK-LABEL: llvm.func @main_dispatch_1_wg
// CHECK: llvm.fadd {{.*}} {fastmathFlags = #llvm.fastmath<contract>} : f32
// CHECK: llvm.fadd {{.*}} {fastmathFlags = #llvm.fastmath<contract, reassoc>} : f32
#id = affine_map<(i, j) -> (i, j)>
#row = affine_map<(i, j) -> (i)>
func.func @main(%x: tensor<7x1003xf32>) -> (tensor<7xf32>, tensor<7xf32>) {
  %zero = arith.constant 0.0 : f32
  %one = arith.constant 1.0 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %e = tensor.empty() : tensor<7xf32>
  %m0 = linalg.fill ins(%ninf : f32) outs(%e : tensor<7xf32>) -> tensor<7xf32>
  %max = linalg.generic {indexing_maps = [#id, #row], iterator_types = ["parallel", "reduction"]} ins(%x : tensor<7x1003xf32>) outs(%m0 : tensor<7xf32>) {
  ^bb0(%v: f32, %acc: f32):
    %m = arith.maximumf %v, %acc : f32
    linalg.yield %m : f32
  } -> tensor<7xf32>
  %s0 = linalg.fill ins(%zero : f32) outs(%e : tensor<7xf32>) -> tensor<7xf32>
  %sum = linalg.generic {indexing_maps = [#id, #row], iterator_types = ["parallel", "reduction"]} ins(%x : tensor<7x1003xf32>) outs(%s0 : tensor<7xf32>) {
  ^bb0(%v: f32, %acc: f32):
    %shifted = arith.addf %v, %one : f32
    %s = arith.addf %shifted, %acc : f32
    linalg.yield %s : f32
  } -> tensor<7xf32>
  return %max, %sum : tensor<7xf32>, tensor<7xf32>
}
