// RUN: castiron-opt %s --pass-pipeline='builtin.module(func.func(fold-mul-by-one))' | filecheck %s

// CHECK-LABEL: func.func @scalar
// CHECK-NOT: arith.mulf
// CHECK: return %arg0
func.func @scalar(%x: f32) -> f32 {
  %one = arith.constant 1.0 : f32
  %y = arith.mulf %one, %x : f32
  return %y : f32
}

// CHECK-LABEL: func.func @keeps_other_factors
// CHECK: arith.mulf %arg0, %cst
func.func @keeps_other_factors(%x: f32) -> f32 {
  %two = arith.constant 2.0 : f32
  %y = arith.mulf %x, %two : f32
  return %y : f32
}
