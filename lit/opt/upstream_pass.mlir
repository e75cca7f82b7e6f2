// castiron-opt runs upstream passes from a pipeline and from --PASS-NAME flags.
// RUN: castiron-opt %s --pass-pipeline='builtin.module(func.func(linalg-generalize-named-ops))' | filecheck %s --check-prefix=GEN
// RUN: castiron-opt %s --canonicalize | filecheck %s --check-prefix=CANON

// GEN-LABEL: func.func @mm
// GEN-NOT: linalg.matmul
// GEN: linalg.generic
// GEN-SAME: iterator_types = ["parallel", "parallel", "reduction"]
// CANON-LABEL: func.func @mm
// CANON: linalg.matmul
func.func @mm(%a: tensor<4x8xf32>, %b: tensor<8x2xf32>, %c: tensor<4x2xf32>) -> tensor<4x2xf32> {
  %r = linalg.matmul ins(%a, %b : tensor<4x8xf32>, tensor<8x2xf32>) outs(%c : tensor<4x2xf32>) -> tensor<4x2xf32>
  return %r : tensor<4x2xf32>
}
