// RUN: castiron-opt %s --tag-op-count='kind=arith.addf' | filecheck %s
// RUN: castiron-opt %s --verify-diagnostics --pass-pipeline='builtin.module(func.func(tag-op-count{kind=arith.addf minimum=3}))'

// CHECK: func.func @two_adds{{.*}}op_count = 2 : i64
// expected-error @+1 {{found 2 'arith.addf' ops, fewer than minimum=3}}
func.func @two_adds(%x: f32) -> f32 {
  %a = arith.addf %x, %x : f32
  %b = arith.addf %a, %x : f32
  return %b : f32
}
