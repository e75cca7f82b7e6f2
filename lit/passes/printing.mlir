// IR printing around named passes, after changes, and timing.
// RUN: castiron-opt %s --load-pass-plugin=%S/../Inputs/test_passes.py --test-tag --canonicalize --mlir-print-ir-before=test-tag --mlir-print-ir-after=test-tag -o /dev/null 2>&1 | filecheck %s --check-prefix=AROUND
// RUN: castiron-opt %s --canonicalize --cse --mlir-print-ir-after-change -o /dev/null 2>&1 | filecheck %s --check-prefix=CHANGE
// RUN: castiron-opt %s --load-pass-plugin=%S/../Inputs/test_passes.py --test-tag --cse --mlir-timing -o /dev/null 2>&1 | filecheck %s --check-prefix=TIME

// AROUND: IR Dump Before test-tag
// AROUND-NOT: tagged
// AROUND: IR Dump After test-tag
// AROUND: tagged = 1
// CHANGE: IR Dump After Canonicalizer
// CHANGE-NOT: IR Dump After CSE
// TIME: Execution time report
// TIME: test-tag
// TIME: CSE
func.func @f(%x: f32) -> f32 {
  %zero = arith.constant 0.0 : f32
  %a = arith.addf %x, %zero : f32
  %dead = arith.mulf %a, %a : f32
  return %a : f32
}
