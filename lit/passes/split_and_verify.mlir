// --split-input-file runs each chunk alone; --verify-diagnostics checks expected-* comments.
// RUN: castiron-opt %s --split-input-file --verify-diagnostics --load-pass-plugin=%S/../Inputs/test_passes.py --test-compile-error

// expected-error @+2 {{pass 'test-compile-error': adds are not allowed here}}
func.func @first(%x: f32) -> f32 {
  %a = arith.addf %x, %x : f32
  return %a : f32
}

// -----

func.func @second(%x: f32) -> f32 {
  // expected-error @+1 {{pass 'test-compile-error': adds are not allowed here}}
  %a = arith.addf %x, %x : f32
  return %a : f32
}

// -----

// expected-error @+1 {{use of undeclared SSA value name}}
func.func @third() { return %nope : f32 }
