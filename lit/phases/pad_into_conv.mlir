// dispatch-creation puts a pad that only a depthwise conv reads into the conv's dispatch (codegen
// tiles it with the conv: interior tiles read the image in place, see passes/tiled_pads.py); a
// pad with another reader keeps its own dispatch, and so does the pad of a small image (at most
// 14 output columns, channels in whole vectors: the conv takes row tiles of the padded image,
// see workgroup_tiling.SMALL_DEPTHWISE_COLUMNS).
// RUN: castiron-compile --compile-to=dispatch-creation %s | filecheck %s

// CHECK: module @main_dispatch_0 attributes {castiron.executable}
// CHECK:   func.func @main_dispatch_0(%{{.*}}: tensor<1x8x16x16xf32>, %{{.*}}: tensor<3x3x16xf32>) -> tensor<1x8x16x16xf32>
// CHECK:     tensor.pad
// CHECK:     linalg.depthwise_conv_2d_nhwc_hwc
// CHECK: module @main_dispatch_1 attributes {castiron.executable}
// CHECK:   func.func @main_dispatch_1(%{{.*}}: tensor<1x8x16x16xf32>) -> tensor<1x10x18x16xf32>
// CHECK:     tensor.pad
// CHECK-NOT: linalg.depthwise_conv_2d_nhwc_hwc
// CHECK: module @main_dispatch_2 attributes {castiron.executable}
// CHECK:     linalg.depthwise_conv_2d_nhwc_hwc
// CHECK: module @main_dispatch_3 attributes {castiron.executable}
// CHECK:   func.func @main_dispatch_3(%{{.*}}: tensor<1x8x8x32xf32>) -> tensor<1x10x10x32xf32>
// CHECK:     tensor.pad
// CHECK-NOT: linalg.depthwise_conv_2d_nhwc_hwc
// CHECK: module @main_dispatch_4 attributes {castiron.executable}
// CHECK-NOT: tensor.pad
// CHECK:     linalg.depthwise_conv_2d_nhwc_hwc
// CHECK-LABEL: func.func @main(
// CHECK: %[[D0:.*]] = castiron.dispatch @main_dispatch_0(%arg0, %{{.*}})
// CHECK: %[[D1:.*]] = castiron.dispatch @main_dispatch_1(%[[D0]])
// CHECK: castiron.dispatch @main_dispatch_2(%[[D1]], %{{.*}})
// CHECK: %[[D3:.*]] = castiron.dispatch @main_dispatch_3(%arg2)
// CHECK: castiron.dispatch @main_dispatch_4(%[[D3]], %{{.*}})
func.func @main(%x: tensor<1x8x16x16xf32>, %w: tensor<3x3x16xf32>, %y: tensor<1x8x8x32xf32>, %v: tensor<3x3x32xf32>)
    -> (tensor<1x8x16x16xf32>, tensor<1x10x18x16xf32>, tensor<1x8x8x32xf32>) {
  %zero = arith.constant 0.0 : f32
  %p = tensor.pad %x low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<1x8x16x16xf32> to tensor<1x10x18x16xf32>
  %e = tensor.empty() : tensor<1x8x16x16xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x8x16x16xf32>) -> tensor<1x8x16x16xf32>
  %c = linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
     ins(%p, %w : tensor<1x10x18x16xf32>, tensor<3x3x16xf32>) outs(%f : tensor<1x8x16x16xf32>) -> tensor<1x8x16x16xf32>
  %p2 = tensor.pad %c low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<1x8x16x16xf32> to tensor<1x10x18x16xf32>
  %f2 = linalg.fill ins(%zero : f32) outs(%e : tensor<1x8x16x16xf32>) -> tensor<1x8x16x16xf32>
  %c2 = linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
     ins(%p2, %w : tensor<1x10x18x16xf32>, tensor<3x3x16xf32>) outs(%f2 : tensor<1x8x16x16xf32>) -> tensor<1x8x16x16xf32>
  %p3 = tensor.pad %y low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<1x8x8x32xf32> to tensor<1x10x10x32xf32>
  %e3 = tensor.empty() : tensor<1x8x8x32xf32>
  %f3 = linalg.fill ins(%zero : f32) outs(%e3 : tensor<1x8x8x32xf32>) -> tensor<1x8x8x32xf32>
  %c3 = linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
     ins(%p3, %v : tensor<1x10x10x32xf32>, tensor<3x3x32xf32>) outs(%f3 : tensor<1x8x8x32xf32>) -> tensor<1x8x8x32xf32>
  return %c2, %p2, %c3 : tensor<1x8x16x16xf32>, tensor<1x10x18x16xf32>, tensor<1x8x8x32xf32>
}
