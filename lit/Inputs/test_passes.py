"""Passes used by castiron's own lit tests (loaded with --load-pass-plugin)."""
from mlir import ir

from castiron.errors import CompileError
from castiron.passes import register_pass, walk


@register_pass("test-tag", help="tag every op of a kind with an attribute")
class TestTag:
    kind: str = "arith.addf"
    value: int = 1
    enabled: bool = True
    names: list[str] = None

    def run(self, op, pass_):
        if not self.enabled:
            return
        def tag(o):
            o.attributes["tagged"] = ir.IntegerAttr.get(ir.IntegerType.get_signless(32), self.value)
        walk(op, self.kind, tag)
        if self.names:
            op.attributes["test.names"] = ir.StringAttr.get(",".join(self.names))


@register_pass("test-anchor-name", help="record the name of the op the pass ran on")
def test_anchor_name(op, pass_):
    op.attributes["ran_on"] = ir.StringAttr.get(op.name)


@register_pass("test-raise", help="raise a Python exception")
def test_raise(op, pass_):
    raise ValueError("boom")


@register_pass("test-compile-error", help="raise CompileError at the first arith.addf")
def test_compile_error(op, pass_):
    adds = []
    walk(op, "arith.addf", adds.append)
    raise CompileError("adds are not allowed here", location=adds[0].location)


@register_pass("test-silent-failure", help="signal failure without a diagnostic")
def test_silent_failure(op, pass_):
    pass_.signal_pass_failure()
