// Python pass options: typed, defaulted, validated with one-line errors.
// RUN: castiron-opt %s --load-pass-plugin=%S/../Inputs/test_passes.py --pass-pipeline='builtin.module(test-tag{kind=arith.mulf value=7 names=a,b})' | filecheck %s
// RUN: castiron-opt %s --load-pass-plugin=%S/../Inputs/test_passes.py --test-tag='value=0x10' | filecheck %s --check-prefix=HEX
// RUN: not castiron-opt %s --load-pass-plugin=%S/../Inputs/test_passes.py --pass-pipeline='builtin.module(test-tag{value=seven})' 2>&1 | filecheck %s --check-prefix=BADVAL
// RUN: not castiron-opt %s --load-pass-plugin=%S/../Inputs/test_passes.py --pass-pipeline='builtin.module(test-tag{colour=red})' 2>&1 | filecheck %s --check-prefix=BADKEY
// RUN: not castiron-opt %s --load-pass-plugin=%S/../Inputs/test_passes.py --pass-pipeline='builtin.module(test-tag{enabled=maybe})' 2>&1 | filecheck %s --check-prefix=BADBOOL
// RUN: not castiron-opt %s --load-pass-plugin=%S/../Inputs/test_passes.py --pass-pipeline='builtin.module(test-anchor-name{x=1})' 2>&1 | filecheck %s --check-prefix=NOOPTS

// CHECK: module attributes {test.names = "a,b"}
// CHECK: arith.addf %arg0, %arg0 : f32
// CHECK: arith.mulf {{.*}} {tagged = 7 : i32}
// HEX: arith.addf {{.*}} {tagged = 16 : i32}
// BADVAL: castiron-opt: error: pass 'test-tag': option 'value' expects an integer, got 'seven'
// BADKEY: castiron-opt: error: pass 'test-tag' has no option 'colour' (options: enabled, kind, names, value)
// BADBOOL: castiron-opt: error: pass 'test-tag': option 'enabled' expects true or false, got 'maybe'
// NOOPTS: castiron-opt: error: pass 'test-anchor-name' takes no options, got '{x=1}'
func.func @f(%x: f32) -> f32 {
  %a = arith.addf %x, %x : f32
  %m = arith.mulf %a, %a : f32
  return %m : f32
}
