// castiron-loop-order: a matmul's k loop moves outside its contiguous j loop; a short
// reduction (a 3-wide window) keeps its order.
// RUN: castiron-opt %s --castiron-loop-order | filecheck %s

// CHECK-LABEL: func.func @long_k
// CHECK: linalg.generic
// CHECK-SAME: iterator_types = ["parallel", "reduction", "parallel"]
// CHECK: arith.mulf
// CHECK-LABEL: func.func @short_k
// CHECK: linalg.matmul
func.func @long_k(%a: memref<16x128xf32>, %b: memref<128x32xf32>, %c: memref<16x32xf32>) {
  linalg.matmul ins(%a, %b : memref<16x128xf32>, memref<128x32xf32>) outs(%c : memref<16x32xf32>)
  return
}
func.func @short_k(%a: memref<16x3xf32>, %b: memref<3x32xf32>, %c: memref<16x32xf32>) {
  linalg.matmul ins(%a, %b : memref<16x3xf32>, memref<3x32xf32>) outs(%c : memref<16x32xf32>)
  return
}
