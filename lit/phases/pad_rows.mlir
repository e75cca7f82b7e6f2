// A pad dispatch (fill + copy into the interior after bufferization) is rewritten to one
// workgroup per output row: interior rows fill their border and copy one contiguous run,
// rows outside the source are filled whole.
// RUN: rm -rf %t && castiron-compile %s -o %t.vmfb --dump-dispatches-to %t
// RUN: filecheck %s < %t/main_dispatch_0.distributed.mlir
// RUN: filecheck %s --check-prefix=GRID < %t/dispatches.json

// CHECK: func.func @main_dispatch_0_wg(%[[SRC:[a-z0-9]+]]: memref<1x12x10x33xf32> {llvm.noalias}, %[[OUT:[a-z0-9]+]]: memref<1x13x11x33xf32> {llvm.noalias}, %{{.+}}: index, %{{.+}}: index)
// CHECK: scf.for
// CHECK: %[[ROW:.+]] = memref.subview %[[OUT]][%{{.+}}, %{{.+}}, 0, 0] [1, 1, 11, 33]
// CHECK: scf.if
// CHECK: memref.subview %[[SRC]]
// CHECK: linalg.fill ins(%{{.+}} : f32) outs(%{{.+}} : memref<33xf32, strided<[1], offset: ?>>)
// CHECK: linalg.copy ins(%{{.+}} : memref<330xf32, strided<[1], offset: ?>>) outs(%{{.+}} : memref<330xf32, strided<[1], offset: ?>>)
// CHECK: } else {
// CHECK-NEXT: linalg.fill ins(%{{.+}} : f32) outs(%[[ROW]] :
// GRID: "workgroup_count": [
// GRID-NEXT: 13,
// GRID-NEXT: 1,
// GRID-NEXT: 1
func.func @main(%x: tensor<1x12x10x33xf32>) -> tensor<1x13x11x33xf32> {
  %zero = arith.constant 0.0 : f32
  %p = tensor.pad %x low[0, 1, 1, 0] high[0, 0, 0, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<1x12x10x33xf32> to tensor<1x13x11x33xf32>
  return %p : tensor<1x13x11x33xf32>
}
