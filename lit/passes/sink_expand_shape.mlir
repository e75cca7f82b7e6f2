// castiron-sink-expand-shape: a per-channel epilogue on an expanded matmul result runs on the
// collapsed tensor (so dispatch creation fuses it into the matmul); one that reads a pixel dim
// (a broadcast along a collapsed group) is left alone.
// RUN: castiron-opt %s --castiron-sink-expand-shape --canonicalize | filecheck %s

// CHECK-DAG: #[[ID:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[CH:.+]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @epilogue
// CHECK: %[[MM:.+]] = linalg.matmul
// CHECK: %[[G:.+]] = linalg.generic {indexing_maps = [#[[ID]], #[[CH]], #[[ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[MM]], %arg2 : tensor<35x16xf32>, tensor<16xf32>)
// CHECK: %[[E:.+]] = tensor.expand_shape %[[G]] {{\[\[}}0, 1, 2], [3]] {{.*}} into tensor<1x7x5x16xf32>
// CHECK: return %[[E]]
// CHECK-LABEL: func.func @pixel_broadcast
// CHECK: tensor.expand_shape
// CHECK: linalg.generic {{.*}} ins({{.*}} : tensor<1x7x5x16xf32>, tensor<7xf32>)
func.func @epilogue(%x: tensor<35x8xf32>, %w: tensor<8x16xf32>, %b: tensor<16xf32>) -> tensor<1x7x5x16xf32> {
  %zero = arith.constant 0.0 : f32
  %e0 = tensor.empty() : tensor<35x16xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e0 : tensor<35x16xf32>) -> tensor<35x16xf32>
  %mm = linalg.matmul ins(%x, %w : tensor<35x8xf32>, tensor<8x16xf32>) outs(%f : tensor<35x16xf32>) -> tensor<35x16xf32>
  %ex = tensor.expand_shape %mm [[0, 1, 2], [3]] output_shape [1, 7, 5, 16] : tensor<35x16xf32> into tensor<1x7x5x16xf32>
  %e1 = tensor.empty() : tensor<1x7x5x16xf32>
  %g = linalg.generic {indexing_maps = [affine_map<(a, b, c, d) -> (a, b, c, d)>, affine_map<(a, b, c, d) -> (d)>,
                                        affine_map<(a, b, c, d) -> (a, b, c, d)>],
                       iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%ex, %b : tensor<1x7x5x16xf32>, tensor<16xf32>) outs(%e1 : tensor<1x7x5x16xf32>) {
  ^bb0(%in: f32, %bias: f32, %out: f32):
    %s = arith.addf %in, %bias : f32
    %r = arith.maximumf %s, %zero : f32
    linalg.yield %r : f32
  } -> tensor<1x7x5x16xf32>
  return %g : tensor<1x7x5x16xf32>
}
func.func @pixel_broadcast(%mm: tensor<35x16xf32>, %row: tensor<7xf32>) -> tensor<1x7x5x16xf32> {
  %ex = tensor.expand_shape %mm [[0, 1, 2], [3]] output_shape [1, 7, 5, 16] : tensor<35x16xf32> into tensor<1x7x5x16xf32>
  %e1 = tensor.empty() : tensor<1x7x5x16xf32>
  %g = linalg.generic {indexing_maps = [affine_map<(a, b, c, d) -> (a, b, c, d)>, affine_map<(a, b, c, d) -> (b)>,
                                        affine_map<(a, b, c, d) -> (a, b, c, d)>],
                       iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%ex, %row : tensor<1x7x5x16xf32>, tensor<7xf32>) outs(%e1 : tensor<1x7x5x16xf32>) {
  ^bb0(%in: f32, %r0: f32, %out: f32):
    %s = arith.addf %in, %r0 : f32
    linalg.yield %s : f32
  } -> tensor<1x7x5x16xf32>
  return %g : tensor<1x7x5x16xf32>
}
