// Python and upstream passes mix freely under op anchors.
// RUN: castiron-opt %s --load-pass-plugin=%S/../Inputs/test_passes.py --pass-pipeline='builtin.module(func.func(test-anchor-name,canonicalize),test-tag,builtin.module(func.func(test-anchor-name)))' | filecheck %s
// RUN: not castiron-opt %s --pass-pipeline='builtin.module(func.func(canonicalise))' 2>&1 | filecheck %s --check-prefix=TYPO

// CHECK-LABEL: module {
// CHECK: func.func @outer(%arg0: f32) -> f32 attributes {ran_on = "func.func"}
// CHECK-NOT: arith.constant
// CHECK: arith.addf {{.*}} {tagged = 1 : i32}
// CHECK: module @inner
// CHECK: func.func @deep() attributes {ran_on = "func.func"}
// TYPO: castiron-opt: error: unknown pass 'canonicalise' (did you mean: canonicalize
func.func @outer(%x: f32) -> f32 {
  %zero = arith.constant 0.0 : f32
  %unused = arith.mulf %zero, %zero : f32
  %a = arith.addf %x, %x : f32
  return %a : f32
}
module @inner {
  func.func @deep() {
    return
  }
}
