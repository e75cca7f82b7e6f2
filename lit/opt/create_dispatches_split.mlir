// castiron's Python pass castiron-create-dispatches by name, with --split-input-file.
// RUN: castiron-opt --split-input-file %s --castiron-create-dispatches | filecheck %s

// CHECK-LABEL: module @first_dispatch_0
// CHECK: func.func @first(
// CHECK: castiron.dispatch @first_dispatch_0(%arg0)
func.func @first(%a: tensor<3xf32>) -> tensor<3xf32> {
  %e = tensor.empty() : tensor<3xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]}
      ins(%a : tensor<3xf32>) outs(%e : tensor<3xf32>) {
  ^bb0(%x: f32, %o: f32):
    %y = arith.mulf %x, %x : f32
    linalg.yield %y : f32
  } -> tensor<3xf32>
  return %r : tensor<3xf32>
}

// -----

// CHECK-LABEL: module @second_dispatch_0
// CHECK: linalg.transpose
func.func @second(%a: tensor<2x3xf32>) -> tensor<3x2xf32> {
  %e = tensor.empty() : tensor<3x2xf32>
  %t = linalg.transpose ins(%a : tensor<2x3xf32>) outs(%e : tensor<3x2xf32>) permutation = [1, 0]
  return %t : tensor<3x2xf32>
}
