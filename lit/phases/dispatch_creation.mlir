// dispatch-creation outlines one executable per root op, fuses the bias+ReLU consumer into the
// matmul's dispatch, keeps the weight constant on the host (the argument it arrives in is marked
// castiron.weights, for prefetching) and leaves a graph of dispatches.
// RUN: castiron-compile --compile-to=dispatch-creation %s | filecheck %s

// CHECK: module @predict_dispatch_0 attributes {castiron.executable}
// CHECK:   func.func @predict_dispatch_0(%{{[^:]*}}: tensor<8x16xf32>, %{{.*}}: tensor<16x4xf32> {castiron.weights}) -> tensor<8x4xf32>
// CHECK:     linalg.fill
// CHECK:     linalg.matmul
// CHECK:     linalg.generic
// CHECK:     arith.maximumf
// CHECK: module @predict_dispatch_1 attributes {castiron.executable}
// CHECK:     linalg.reduce
// CHECK-LABEL: func.func @predict(
// CHECK:   %[[W:.*]] = arith.constant dense<{{.*}}> : tensor<16x4xf32>
// CHECK:   %[[D0:.*]] = castiron.dispatch @predict_dispatch_0(%arg0, %[[W]]) : (tensor<8x16xf32>, tensor<16x4xf32>) -> tensor<8x4xf32>
// CHECK:   %[[D1:.*]] = castiron.dispatch @predict_dispatch_1(%[[D0]]) : (tensor<8x4xf32>) -> tensor<8xf32>
// CHECK:   return %[[D1]]
func.func @predict(%x: tensor<8x16xf32>) -> tensor<8xf32> {
  %w = arith.constant dense<[[1.0, 2.0, 3.0, 4.0], [1.0, 2.0, 3.0, 4.0], [1.0, 2.0, 3.0, 4.0], [1.0, 2.0, 3.0, 4.0],
                             [1.0, 2.0, 3.0, 4.0], [1.0, 2.0, 3.0, 4.0], [1.0, 2.0, 3.0, 4.0], [1.0, 2.0, 3.0, 4.0],
                             [1.0, 2.0, 3.0, 4.0], [1.0, 2.0, 3.0, 4.0], [1.0, 2.0, 3.0, 4.0], [1.0, 2.0, 3.0, 4.0],
                             [1.0, 2.0, 3.0, 4.0], [1.0, 2.0, 3.0, 4.0], [1.0, 2.0, 3.0, 4.0], [1.0, 2.0, 3.0, 5.0]]> : tensor<16x4xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<8x4xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<8x4xf32>) -> tensor<8x4xf32>
  %mm = linalg.matmul ins(%x, %w : tensor<8x16xf32>, tensor<16x4xf32>) outs(%f : tensor<8x4xf32>) -> tensor<8x4xf32>
  %relu = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>],
                          iterator_types = ["parallel", "parallel"]} ins(%mm : tensor<8x4xf32>) outs(%e : tensor<8x4xf32>) {
  ^bb0(%v: f32, %o: f32):
    %r = arith.maximumf %v, %zero : f32
    linalg.yield %r : f32
  } -> tensor<8x4xf32>
  %e1 = tensor.empty() : tensor<8xf32>
  %f1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<8xf32>) -> tensor<8xf32>
  %sum = linalg.reduce ins(%relu : tensor<8x4xf32>) outs(%f1 : tensor<8xf32>) dimensions = [1]
    (%v: f32, %acc: f32) {
      %t = arith.addf %v, %acc : f32
      linalg.yield %t : f32
    }
  return %sum : tensor<8xf32>
}
