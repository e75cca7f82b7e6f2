// castiron-math-approximation replaces libm-bound math ops with calls to castiron's own code.
// RUN: castiron-opt %s --castiron-math-approximation | filecheck %s

// CHECK-DAG: func.func private @__castiron_erf(%{{.*}}: f32) -> f32
// CHECK-DAG: func.func private @__castiron_exp(%{{.*}}: f32) -> f32
// CHECK-NOT: math.floor
// CHECK-LABEL: func.func @f
// CHECK-NOT: math.exp
// CHECK: call @__castiron_exp(%arg0)
// CHECK: %[[WIDE:.*]] = arith.extf %arg1 : f16 to f32
// CHECK: %[[E:.*]] = call @__castiron_erf(%[[WIDE]])
// CHECK: arith.truncf %[[E]] : f32 to f16
// CHECK: math.sqrt
func.func @f(%x: f32, %h: f16) -> (f32, f16, f32) {
  %e = math.exp %x : f32
  %r = math.erf %h : f16
  %s = math.sqrt %x : f32
  return %e, %r, %s : f32, f16, f32
}
