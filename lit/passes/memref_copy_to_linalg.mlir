// memref-copy-to-linalg: copies become linalg.copy; a copy onto itself disappears.
// RUN: castiron-opt %s --memref-copy-to-linalg | filecheck %s

// CHECK-LABEL: func.func @copies
// CHECK-NOT: memref.copy
// CHECK: linalg.copy {{.*}}ins(%arg0 : memref<4x8xf32>) outs(%arg1 : memref<4x8xf32>)
// CHECK-NEXT: return
func.func @copies(%a: memref<4x8xf32>, %b: memref<4x8xf32>) {
  memref.copy %a, %b : memref<4x8xf32> to memref<4x8xf32>
  memref.copy %b, %b : memref<4x8xf32> to memref<4x8xf32>
  return
}
