// A failing Python pass is named, at the op's location, in one line.
// RUN: not castiron-opt %s --load-pass-plugin=%S/../Inputs/test_passes.py --test-raise 2>&1 | filecheck %s --check-prefix=RAISE
// RUN: not castiron-opt %s --load-pass-plugin=%S/../Inputs/test_passes.py --test-compile-error 2>&1 | filecheck %s --check-prefix=CERR
// RUN: not castiron-opt %s --load-pass-plugin=%S/../Inputs/test_passes.py --pass-pipeline='builtin.module(func.func(test-silent-failure))' 2>&1 | filecheck %s --check-prefix=SILENT

// RAISE: failures.mlir: error: pass 'test-raise' raised ValueError: boom
// CERR: failures.mlir:10:8: error: pass 'test-compile-error': adds are not allowed here
// SILENT: failures.mlir:9:1: error: pass 'test-silent-failure' failed on 'func.func'
func.func @f(%x: f32) -> f32 {
  %a = arith.addf %x, %x : f32
  return %a : f32
}
