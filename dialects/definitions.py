"""castiron's dialects defined in IRDL and loaded into every castiron Context: the ops of IREE's
e2e test format, `check.*` and `util.unfoldable_constant` (IRDL verifies operand counts, that
expect_eq's operands have one type, and the `value` attributes).

The host-graph op `castiron.dispatch` is not IRDL-defined: MLIR 22's IRDL unifies a constraint
variable across all elements of a variadic operand list (`%t = irdl.any` then
`irdl.operands(args: variadic %t)` rejects `(tensor<2xf32>, tensor<3xi32>)` with "expected
'tensor<2xf32>' but got 'tensor<3xi32>'"), and an op without declared operands takes none, so a
dispatch with operands of several types cannot be expressed. It is verified by
dialects/dispatch.py instead (entry symbol, operand and result types against the executable).
Executables are `builtin.module @NAME attributes {castiron.executable}`: an IRDL op cannot own a
region without a terminator trait, and a nested module gives symbol-table semantics for free.
IRDL ops parse and print in generic form only; dialects/syntax.py gives them their spellings.
"""
from __future__ import annotations

IRDL = r"""
irdl.dialect @util {
  irdl.operation @unfoldable_constant {
    %any = irdl.any
    %value = irdl.any
    irdl.results(result: %any)
    irdl.attributes { "value" = %value }
  }
}
irdl.dialect @check {
  irdl.operation @expect_true {
    %any = irdl.any
    irdl.operands(operand: %any)
  }
  irdl.operation @expect_false {
    %any = irdl.any
    irdl.operands(operand: %any)
  }
  irdl.operation @expect_all_true {
    %tensor = irdl.base "!builtin.tensor"
    irdl.operands(operand: %tensor)
  }
  irdl.operation @expect_eq {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(lhs: %t, rhs: %t)
  }
  irdl.operation @expect_almost_eq {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(lhs: %t, rhs: %t)
  }
  irdl.operation @expect_eq_const {
    %t = irdl.base "!builtin.tensor"
    %value = irdl.any
    irdl.operands(lhs: %t)
    irdl.attributes { "value" = %value }
  }
  irdl.operation @expect_almost_eq_const {
    %t = irdl.base "!builtin.tensor"
    %value = irdl.any
    irdl.operands(lhs: %t)
    irdl.attributes { "value" = %value }
  }
}
"""


def load_dialects(context) -> None:
    """Registers the IRDL dialects above in `context` (the current one when used as a default)."""
    from mlir import ir
    from mlir.dialects import irdl

    with context:
        definitions = ir.Module.parse(IRDL)
        irdl.load_dialects(definitions)
