// dispatch-creation puts a pad that only a depthwise conv reads into the conv's dispatch (codegen
// tiles it with the conv: interior tiles read the image in place, see passes/tiled_pads.py); a
// pad with another reader keeps its own dispatch.
// RUN: castiron-compile --compile-to=dispatch-creation %s | filecheck %s

// CHECK: module @main_dispatch_0 attributes {castiron.executable}
// CHECK:   func.func @main_dispatch_0(%{{.*}}: tensor<1x8x8x16xf32>, %{{.*}}: tensor<3x3x16xf32>) -> tensor<1x8x8x16xf32>
// CHECK:     tensor.pad
// CHECK:     linalg.depthwise_conv_2d_nhwc_hwc
// CHECK: module @main_dispatch_1 attributes {castiron.executable}
// CHECK:   func.func @main_dispatch_1(%{{.*}}: tensor<1x8x8x16xf32>) -> tensor<1x10x10x16xf32>
// CHECK:     tensor.pad
// CHECK-NOT: linalg.depthwise_conv_2d_nhwc_hwc
// CHECK: module @main_dispatch_2 attributes {castiron.executable}
// CHECK:     linalg.depthwise_conv_2d_nhwc_hwc
// CHECK-LABEL: func.func @main(
// CHECK: %[[D0:.*]] = castiron.dispatch @main_dispatch_0(%arg0, %{{.*}})
// CHECK: %[[D1:.*]] = castiron.dispatch @main_dispatch_1(%[[D0]])
// CHECK: castiron.dispatch @main_dispatch_2(%[[D1]], %{{.*}})
func.func @main(%x: tensor<1x8x8x16xf32>, %w: tensor<3x3x16xf32>) -> (tensor<1x8x8x16xf32>, tensor<1x10x10x16xf32>) {
  %zero = arith.constant 0.0 : f32
  %p = tensor.pad %x low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<1x8x8x16xf32> to tensor<1x10x10x16xf32>
  %e = tensor.empty() : tensor<1x8x8x16xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x8x8x16xf32>) -> tensor<1x8x8x16xf32>
  %c = linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
     ins(%p, %w : tensor<1x10x10x16xf32>, tensor<3x3x16xf32>) outs(%f : tensor<1x8x8x16xf32>) -> tensor<1x8x8x16xf32>
  %p2 = tensor.pad %c low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<1x8x8x16xf32> to tensor<1x10x10x16xf32>
  %f2 = linalg.fill ins(%zero : f32) outs(%e : tensor<1x8x8x16xf32>) -> tensor<1x8x8x16xf32>
  %c2 = linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
     ins(%p2, %w : tensor<1x10x10x16xf32>, tensor<3x3x16xf32>) outs(%f2 : tensor<1x8x8x16xf32>) -> tensor<1x8x8x16xf32>
  return %c2, %p2 : tensor<1x8x8x16xf32>, tensor<1x10x10x16xf32>
}
