// castiron-conv1x1-to-matmul: a 1x1 stride-1 NHWC conv becomes a matmul between reshapes; a
// larger f32 kernel over at least 8 channels becomes an im2col copy (an affine window map)
// and a matmul, an RGB stem (3 channels) included; one over fewer channels is left alone, and
// so is one its dispatch computes in place (16k filters, 8 output columns: passes/direct_conv.py).
// RUN: castiron-opt %s --castiron-conv1x1-to-matmul | filecheck %s

// CHECK-DAG: #[[WINDOW:.+]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1 * 2 + d3, d2 * 2 + d4, d5)>
// CHECK-LABEL: func.func @pointwise
// CHECK: tensor.collapse_shape %arg0 {{\[\[}}0, 1, 2], [3]] : tensor<1x7x5x8xf32> into tensor<35x8xf32>
// CHECK: tensor.collapse_shape %arg1 {{\[\[}}0, 1, 2], [3]] : tensor<1x1x8x16xf32> into tensor<8x16xf32>
// CHECK: linalg.matmul
// CHECK: tensor.expand_shape {{.*}} into tensor<1x7x5x16xf32>
// CHECK-NOT: linalg.conv_2d_nhwc_hwcf
// CHECK-LABEL: func.func @three_by_three_stride_two
// CHECK: %[[COL:.+]] = linalg.generic {indexing_maps = [#[[WINDOW]], {{.+}}]{{.*}} ins(%arg0 : tensor<1x9x7x8xf32>) outs({{.*}} : tensor<1x4x3x3x3x8xf32>)
// CHECK: tensor.collapse_shape %[[COL]] {{\[\[}}0, 1, 2], [3, 4, 5]] : tensor<1x4x3x3x3x8xf32> into tensor<12x72xf32>
// CHECK: tensor.collapse_shape %arg1 {{\[\[}}0, 1, 2], [3]] : tensor<3x3x8x16xf32> into tensor<72x16xf32>
// CHECK: linalg.matmul
// CHECK: tensor.expand_shape {{.*}} into tensor<1x4x3x16xf32>
// CHECK-LABEL: func.func @rgb_stem
// CHECK: tensor.collapse_shape %{{.+}} {{\[\[}}0, 1, 2], [3, 4, 5]] : tensor<1x5x3x3x3x3xf32> into tensor<15x27xf32>
// CHECK: linalg.matmul
// CHECK-LABEL: func.func @two_channels
// CHECK: linalg.conv_2d_nhwc_hwcf
// CHECK-LABEL: func.func @computed_in_place
// CHECK-NOT: linalg.matmul
// CHECK: linalg.conv_2d_nhwc_hwcf
// CHECK-NOT: linalg.matmul
func.func @pointwise(%x: tensor<1x7x5x8xf32>, %w: tensor<1x1x8x16xf32>, %o: tensor<1x7x5x16xf32>) -> tensor<1x7x5x16xf32> {
  %r = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
     ins(%x, %w : tensor<1x7x5x8xf32>, tensor<1x1x8x16xf32>) outs(%o : tensor<1x7x5x16xf32>) -> tensor<1x7x5x16xf32>
  return %r : tensor<1x7x5x16xf32>
}
func.func @three_by_three_stride_two(%x: tensor<1x9x7x8xf32>, %w: tensor<3x3x8x16xf32>, %o: tensor<1x4x3x16xf32>) -> tensor<1x4x3x16xf32> {
  %r = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
     ins(%x, %w : tensor<1x9x7x8xf32>, tensor<3x3x8x16xf32>) outs(%o : tensor<1x4x3x16xf32>) -> tensor<1x4x3x16xf32>
  return %r : tensor<1x4x3x16xf32>
}
func.func @rgb_stem(%x: tensor<1x7x5x3xf32>, %w: tensor<3x3x3x16xf32>, %o: tensor<1x5x3x16xf32>) -> tensor<1x5x3x16xf32> {
  %r = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
     ins(%x, %w : tensor<1x7x5x3xf32>, tensor<3x3x3x16xf32>) outs(%o : tensor<1x5x3x16xf32>) -> tensor<1x5x3x16xf32>
  return %r : tensor<1x5x3x16xf32>
}
func.func @two_channels(%x: tensor<1x7x5x2xf32>, %w: tensor<3x3x2x16xf32>, %o: tensor<1x5x3x16xf32>) -> tensor<1x5x3x16xf32> {
  %r = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
     ins(%x, %w : tensor<1x7x5x2xf32>, tensor<3x3x2x16xf32>) outs(%o : tensor<1x5x3x16xf32>) -> tensor<1x5x3x16xf32>
  return %r : tensor<1x5x3x16xf32>
}
func.func @computed_in_place(%x: tensor<1x7x10x8xf32>, %w: tensor<3x3x8x16xf32>, %o: tensor<1x5x8x16xf32>) -> tensor<1x5x8x16xf32> {
  %r = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
     ins(%x, %w : tensor<1x7x10x8xf32>, tensor<3x3x8x16xf32>) outs(%o : tensor<1x5x8x16xf32>) -> tensor<1x5x8x16xf32>
  return %r : tensor<1x5x8x16xf32>
}
