"""castiron-math-approximation: transcendental math ops → castiron's own f32 polynomial code.

Lowered as is, math.exp/log/tanh/erf become calls into libm, which a freestanding dispatch
library does not have (it links no libc or libm) and upstream's polynomial approximation is not reachable
from Python. Each op becomes a call to an MLIR function defined here (Cephes-style range
reduction plus minimax polynomials, ~1-2 ulp; erf: Abramowitz-Stegun 7.1.26, 1.5e-7 absolute),
which LLVM inlines and vectorizes at O3. f16/bf16 operands compute in f32.
"""
from __future__ import annotations

import re

from mlir import ir
from mlir.dialects import arith, func

_PREFIX = "__castiron_"
_ATTRS = 'attributes {llvm.linkage = #llvm.linkage<linkonce_odr>, passthrough = ["no-builtins"]}'

# Each template defines @__castiron_<name>(f32) -> f32.
TEMPLATES = {
    "exp": f"""
func.func private @__castiron_exp(%x: f32) -> f32 {_ATTRS} {{
  %hi = arith.constant 88.7228391 : f32
  %lo = arith.constant -87.3365479 : f32
  %log2e = arith.constant 1.44269504088896341 : f32
  %c1 = arith.constant 0.693359375 : f32
  %c2 = arith.constant -2.12194440e-4 : f32
  %half = arith.constant 0.5 : f32
  %one = arith.constant 1.0 : f32
  %zero = arith.constant 0.0 : f32
  %inf = arith.constant 0x7F800000 : f32
  %xc = arith.maximumf %x, %lo : f32
  %xcl = arith.minimumf %xc, %hi : f32
  %t = arith.mulf %xcl, %log2e : f32
  %t2 = arith.addf %t, %half : f32
  %ti = arith.fptosi %t2 : f32 to i32
  %tf = arith.sitofp %ti : i32 to f32
  %above = arith.cmpf ogt, %tf, %t2 : f32
  %tm1 = arith.subf %tf, %one : f32
  %n = arith.select %above, %tm1, %tf : f32
  %a = arith.mulf %n, %c1 : f32
  %r0 = arith.subf %xcl, %a : f32
  %b = arith.mulf %n, %c2 : f32
  %r = arith.subf %r0, %b : f32
  %p0 = arith.constant 1.9875691500E-4 : f32
  %p1 = arith.constant 1.3981999507E-3 : f32
  %p2 = arith.constant 8.3334519073E-3 : f32
  %p3 = arith.constant 4.1665795894E-2 : f32
  %p4 = arith.constant 1.6666665459E-1 : f32
  %p5 = arith.constant 5.0000001201E-1 : f32
  %q0 = math.fma %p0, %r, %p1 : f32
  %q1 = math.fma %q0, %r, %p2 : f32
  %q2 = math.fma %q1, %r, %p3 : f32
  %q3 = math.fma %q2, %r, %p4 : f32
  %q4 = math.fma %q3, %r, %p5 : f32
  %rr = arith.mulf %r, %r : f32
  %s0 = arith.mulf %q4, %rr : f32
  %s1 = arith.addf %s0, %r : f32
  %s = arith.addf %s1, %one : f32
  %ni = arith.fptosi %n : f32 to i32
  %bias = arith.constant 127 : i32
  %e0 = arith.addi %ni, %bias : i32
  %sh = arith.constant 23 : i32
  %e1 = arith.shli %e0, %sh : i32
  %scale = arith.bitcast %e1 : i32 to f32
  %y = arith.mulf %s, %scale : f32
  %under = arith.cmpf olt, %x, %lo : f32
  %over = arith.cmpf ogt, %x, %hi : f32
  %y1 = arith.select %under, %zero, %y : f32
  %y2 = arith.select %over, %inf, %y1 : f32
  %isnan = arith.cmpf uno, %x, %x : f32
  %y3 = arith.select %isnan, %x, %y2 : f32
  return %y3 : f32
}}""",
    "log": f"""
func.func private @__castiron_log(%x: f32) -> f32 {_ATTRS} {{
  %bits = arith.bitcast %x : f32 to i32
  %sh = arith.constant 23 : i32
  %mask = arith.constant 255 : i32
  %e0 = arith.shrui %bits, %sh : i32
  %e1 = arith.andi %e0, %mask : i32
  %b126 = arith.constant 126 : i32
  %ei = arith.subi %e1, %b126 : i32
  %mm = arith.constant 0x807FFFFF : i32
  %half_bits = arith.constant 0x3F000000 : i32
  %mb0 = arith.andi %bits, %mm : i32
  %mb = arith.ori %mb0, %half_bits : i32
  %m = arith.bitcast %mb : i32 to f32
  %e = arith.sitofp %ei : i32 to f32
  %sqrthf = arith.constant 0.707106781186547524 : f32
  %one = arith.constant 1.0 : f32
  %small = arith.cmpf olt, %m, %sqrthf : f32
  %e_minus = arith.subf %e, %one : f32
  %ef = arith.select %small, %e_minus, %e : f32
  %m2 = arith.addf %m, %m : f32
  %mdbl = arith.select %small, %m2, %m : f32
  %f = arith.subf %mdbl, %one : f32
  %z = arith.mulf %f, %f : f32
  %c0 = arith.constant 7.0376836292E-2 : f32
  %c1 = arith.constant -1.1514610310E-1 : f32
  %c2 = arith.constant 1.1676998740E-1 : f32
  %c3 = arith.constant -1.2420140846E-1 : f32
  %c4 = arith.constant 1.4249322787E-1 : f32
  %c5 = arith.constant -1.6668057665E-1 : f32
  %c6 = arith.constant 2.0000714765E-1 : f32
  %c7 = arith.constant -2.4999993993E-1 : f32
  %c8 = arith.constant 3.3333331174E-1 : f32
  %p1 = math.fma %c0, %f, %c1 : f32
  %p2 = math.fma %p1, %f, %c2 : f32
  %p3 = math.fma %p2, %f, %c3 : f32
  %p4 = math.fma %p3, %f, %c4 : f32
  %p5 = math.fma %p4, %f, %c5 : f32
  %p6 = math.fma %p5, %f, %c6 : f32
  %p7 = math.fma %p6, %f, %c7 : f32
  %p8 = math.fma %p7, %f, %c8 : f32
  %fz = arith.mulf %f, %z : f32
  %y0 = arith.mulf %p8, %fz : f32
  %q1 = arith.constant -2.12194440e-4 : f32
  %y1 = math.fma %ef, %q1, %y0 : f32
  %mhalf = arith.constant -0.5 : f32
  %y2 = math.fma %z, %mhalf, %y1 : f32
  %r0 = arith.addf %f, %y2 : f32
  %q2 = arith.constant 0.693359375 : f32
  %r = math.fma %ef, %q2, %r0 : f32
  %zero = arith.constant 0.0 : f32
  %inf = arith.constant 0x7F800000 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %nan = arith.constant 0x7FC00000 : f32
  %is0 = arith.cmpf oeq, %x, %zero : f32
  %isneg = arith.cmpf olt, %x, %zero : f32
  %isinf = arith.cmpf oeq, %x, %inf : f32
  %isnan = arith.cmpf uno, %x, %x : f32
  %s1 = arith.select %is0, %ninf, %r : f32
  %s2 = arith.select %isneg, %nan, %s1 : f32
  %s3 = arith.select %isinf, %inf, %s2 : f32
  %s4 = arith.select %isnan, %x, %s3 : f32
  return %s4 : f32
}}""",
    "tanh": f"""
func.func private @__castiron_tanh(%x: f32) -> f32 {_ATTRS} {{
  %ax = math.absf %x : f32
  %lim = arith.constant 9.0 : f32
  %axc = arith.minimumf %ax, %lim : f32
  %two = arith.constant 2.0 : f32
  %one = arith.constant 1.0 : f32
  %tx = arith.mulf %axc, %two : f32
  %e = func.call @__castiron_exp(%tx) : (f32) -> f32
  %e1 = arith.addf %e, %one : f32
  %q = arith.divf %two, %e1 : f32
  %big = arith.subf %one, %q : f32
  %bigs = math.copysign %big, %x : f32
  %z = arith.mulf %x, %x : f32
  %c0 = arith.constant -5.70498872745E-3 : f32
  %c1 = arith.constant 2.06390887954E-2 : f32
  %c2 = arith.constant -5.37397155531E-2 : f32
  %c3 = arith.constant 1.33314422036E-1 : f32
  %c4 = arith.constant -3.33332819422E-1 : f32
  %p1 = math.fma %c0, %z, %c1 : f32
  %p2 = math.fma %p1, %z, %c2 : f32
  %p3 = math.fma %p2, %z, %c3 : f32
  %p4 = math.fma %p3, %z, %c4 : f32
  %zx = arith.mulf %z, %x : f32
  %small = math.fma %p4, %zx, %x : f32
  %cut = arith.constant 0.625 : f32
  %is_small = arith.cmpf olt, %ax, %cut : f32
  %r = arith.select %is_small, %small, %bigs : f32
  return %r : f32
}}""",
    "erf": f"""
func.func private @__castiron_erf(%x: f32) -> f32 {_ATTRS} {{
  %ax = math.absf %x : f32
  %one = arith.constant 1.0 : f32
  %p = arith.constant 0.3275911 : f32
  %d = math.fma %p, %ax, %one : f32
  %t = arith.divf %one, %d : f32
  %a1 = arith.constant 0.254829592 : f32
  %a2 = arith.constant -0.284496736 : f32
  %a3 = arith.constant 1.421413741 : f32
  %a4 = arith.constant -1.453152027 : f32
  %a5 = arith.constant 1.061405429 : f32
  %q1 = math.fma %a5, %t, %a4 : f32
  %q2 = math.fma %q1, %t, %a3 : f32
  %q3 = math.fma %q2, %t, %a2 : f32
  %q4 = math.fma %q3, %t, %a1 : f32
  %q = arith.mulf %q4, %t : f32
  %x2 = arith.mulf %ax, %ax : f32
  %nx2 = arith.negf %x2 : f32
  %e = func.call @__castiron_exp(%nx2) : (f32) -> f32
  %qe = arith.mulf %q, %e : f32
  %y = arith.subf %one, %qe : f32
  %r = math.copysign %y, %x : f32
  return %r : f32
}}""",
}
# sin and cos share Cephes' reduction: j = octant of |x| (4/pi), x reduced by j*pi/4 in three
# parts; octants 1,2 (mod 4) use the other polynomial; the sign flips by octant.
_SINCOS = """
func.func private @__castiron_{name}(%x: f32) -> f32 {attrs} {{
  %ax = math.absf %x : f32
  %fopi = arith.constant 1.27323954473516 : f32
  %t = arith.mulf %ax, %fopi : f32
  %j0 = arith.fptosi %t : f32 to i32
  %one_i = arith.constant 1 : i32
  %odd = arith.andi %j0, %one_i : i32
  %j1 = arith.addi %j0, %odd : i32
  %seven = arith.constant 7 : i32
  %j = arith.andi %j1, %seven : i32
  %y = arith.sitofp %j1 : i32 to f32
  %dp1 = arith.constant 0.78515625 : f32
  %dp2 = arith.constant 2.4187564849853515625e-4 : f32
  %dp3 = arith.constant 3.77489497744594108e-8 : f32
  %a1 = arith.mulf %y, %dp1 : f32
  %x1 = arith.subf %ax, %a1 : f32
  %a2 = arith.mulf %y, %dp2 : f32
  %x2 = arith.subf %x1, %a2 : f32
  %a3 = arith.mulf %y, %dp3 : f32
  %xr = arith.subf %x2, %a3 : f32
  %z = arith.mulf %xr, %xr : f32
  %c0 = arith.constant 2.443315711809948E-005 : f32
  %c1 = arith.constant -1.388731625493765E-003 : f32
  %c2 = arith.constant 4.166664568298827E-002 : f32
  %q1 = math.fma %c0, %z, %c1 : f32
  %q2 = math.fma %q1, %z, %c2 : f32
  %zz = arith.mulf %z, %z : f32
  %q3 = arith.mulf %q2, %zz : f32
  %mhalf = arith.constant -0.5 : f32
  %q4 = math.fma %z, %mhalf, %q3 : f32
  %one = arith.constant 1.0 : f32
  %cosp = arith.addf %q4, %one : f32
  %s0 = arith.constant -1.9515295891E-4 : f32
  %s1 = arith.constant 8.3321608736E-3 : f32
  %s2 = arith.constant -1.6666654611E-1 : f32
  %p1 = math.fma %s0, %z, %s1 : f32
  %p2 = math.fma %p1, %z, %s2 : f32
  %zx = arith.mulf %z, %xr : f32
  %sinp = math.fma %p2, %zx, %xr : f32
  %three = arith.constant 3 : i32
  %upper = arith.cmpi sgt, %j, %three : i32
  %four = arith.constant 4 : i32
  %jm4 = arith.subi %j, %four : i32
  %jj = arith.select %upper, %jm4, %j : i32
  %is1 = arith.cmpi eq, %jj, %one_i : i32
  %two_i = arith.constant 2 : i32
  %is2 = arith.cmpi eq, %jj, %two_i : i32
  %other = arith.ori %is1, %is2 : i1
{body}
  return %res : f32
}}"""
_SIN_BODY = """  %poly = arith.select %other, %cosp, %sinp : f32
  %zero = arith.constant 0.0 : f32
  %xneg = arith.cmpf olt, %x, %zero : f32
  %flip = arith.xori %xneg, %upper : i1
  %negp = arith.negf %poly : f32
  %res = arith.select %flip, %negp, %poly : f32"""
_COS_BODY = """  %poly = arith.select %other, %sinp, %cosp : f32
  %gt1 = arith.cmpi sgt, %jj, %one_i : i32
  %flip = arith.xori %upper, %gt1 : i1
  %negp = arith.negf %poly : f32
  %res = arith.select %flip, %negp, %poly : f32"""
TEMPLATES["sin"] = _SINCOS.format(name="sin", attrs=_ATTRS, body=_SIN_BODY)
TEMPLATES["cos"] = _SINCOS.format(name="cos", attrs=_ATTRS, body=_COS_BODY)
TEMPLATES["powf"] = f"""
func.func private @__castiron_powf(%x: f32, %y: f32) -> f32 {_ATTRS} {{
  %ax = math.absf %x : f32
  %l = func.call @__castiron_log(%ax) : (f32) -> f32
  %yl = arith.mulf %y, %l : f32
  %r = func.call @__castiron_exp(%yl) : (f32) -> f32
  %yi = arith.fptosi %y : f32 to i32
  %yf = arith.sitofp %yi : i32 to f32
  %is_int = arith.cmpf oeq, %yf, %y : f32
  %one_i = arith.constant 1 : i32
  %bit = arith.andi %yi, %one_i : i32
  %zero_i = arith.constant 0 : i32
  %odd_bit = arith.cmpi ne, %bit, %zero_i : i32
  %odd = arith.andi %is_int, %odd_bit : i1
  %negr = arith.negf %r : f32
  %signed = arith.select %odd, %negr, %r : f32
  %nan = arith.constant 0x7FC00000 : f32
  %neg_base = arith.select %is_int, %signed, %nan : f32
  %zero = arith.constant 0.0 : f32
  %xneg = arith.cmpf olt, %x, %zero : f32
  %v = arith.select %xneg, %neg_base, %r : f32
  %one = arith.constant 1.0 : f32
  %y0 = arith.cmpf oeq, %y, %zero : f32
  %res = arith.select %y0, %one, %v : f32
  return %res : f32
}}"""
# exp2/log2 by scaling; log1p/expm1 by Goldberg's correction (exact where 1+x rounds);
# atan by Cephes' three-interval reduction.
TEMPLATES["exp2"] = f"""
func.func private @__castiron_exp2(%x: f32) -> f32 {_ATTRS} {{
  %ln2 = arith.constant 0.693147180559945309 : f32
  %t = arith.mulf %x, %ln2 : f32
  %r = func.call @__castiron_exp(%t) : (f32) -> f32
  return %r : f32
}}"""
TEMPLATES["log2"] = f"""
func.func private @__castiron_log2(%x: f32) -> f32 {_ATTRS} {{
  %l = func.call @__castiron_log(%x) : (f32) -> f32
  %inv = arith.constant 1.44269504088896341 : f32
  %r = arith.mulf %l, %inv : f32
  return %r : f32
}}"""
TEMPLATES["log1p"] = f"""
func.func private @__castiron_log1p(%x: f32) -> f32 {_ATTRS} {{
  %one = arith.constant 1.0 : f32
  %u = arith.addf %x, %one : f32
  %l = func.call @__castiron_log(%u) : (f32) -> f32
  %d = arith.subf %u, %one : f32
  %q = arith.divf %x, %d : f32
  %c = arith.mulf %l, %q : f32
  %exact = arith.cmpf oeq, %u, %one : f32
  %inf = arith.constant 0x7F800000 : f32
  %isinf = arith.cmpf oeq, %u, %inf : f32
  %r0 = arith.select %isinf, %l, %c : f32
  %r = arith.select %exact, %x, %r0 : f32
  return %r : f32
}}"""
TEMPLATES["expm1"] = f"""
func.func private @__castiron_expm1(%x: f32) -> f32 {_ATTRS} {{
  %one = arith.constant 1.0 : f32
  %u = func.call @__castiron_exp(%x) : (f32) -> f32
  %d = arith.subf %u, %one : f32
  %l = func.call @__castiron_log(%u) : (f32) -> f32
  %q = arith.divf %x, %l : f32
  %c = arith.mulf %d, %q : f32
  %exact = arith.cmpf oeq, %u, %one : f32
  %mone = arith.constant -1.0 : f32
  %sat = arith.cmpf oeq, %d, %mone : f32
  %inf = arith.constant 0x7F800000 : f32
  %big = arith.cmpf oeq, %u, %inf : f32
  %r0 = arith.select %sat, %mone, %c : f32
  %r1 = arith.select %big, %u, %r0 : f32
  %r = arith.select %exact, %x, %r1 : f32
  return %r : f32
}}"""
TEMPLATES["atan"] = f"""
func.func private @__castiron_atan(%x: f32) -> f32 {_ATTRS} {{
  %ax = math.absf %x : f32
  %t3p8 = arith.constant 2.414213562373095 : f32
  %tp8 = arith.constant 0.4142135623730950 : f32
  %one = arith.constant 1.0 : f32
  %zero = arith.constant 0.0 : f32
  %pio2 = arith.constant 1.5707963267948966 : f32
  %pio4 = arith.constant 0.7853981633974483 : f32
  %big = arith.cmpf ogt, %ax, %t3p8 : f32
  %mid = arith.cmpf ogt, %ax, %tp8 : f32
  %inv = arith.divf %one, %ax : f32
  %xb = arith.negf %inv : f32
  %num = arith.subf %ax, %one : f32
  %den = arith.addf %ax, %one : f32
  %xm = arith.divf %num, %den : f32
  %x1 = arith.select %mid, %xm, %ax : f32
  %xr = arith.select %big, %xb, %x1 : f32
  %y1 = arith.select %mid, %pio4, %zero : f32
  %y0 = arith.select %big, %pio2, %y1 : f32
  %z = arith.mulf %xr, %xr : f32
  %c0 = arith.constant 8.05374449538e-2 : f32
  %c1 = arith.constant -1.38776856032E-1 : f32
  %c2 = arith.constant 1.99777106478E-1 : f32
  %c3 = arith.constant -3.33329491539E-1 : f32
  %p1 = math.fma %c0, %z, %c1 : f32
  %p2 = math.fma %p1, %z, %c2 : f32
  %p3 = math.fma %p2, %z, %c3 : f32
  %zx = arith.mulf %z, %xr : f32
  %p = math.fma %p3, %zx, %xr : f32
  %y = arith.addf %y0, %p : f32
  %r = math.copysign %y, %x : f32
  return %r : f32
}}"""
_NEEDS = {"tanh": ["exp"], "erf": ["exp"], "exp": [], "log": [], "sin": [], "cos": [], "powf": ["exp", "log"],
          "exp2": ["exp"], "log2": ["log"], "log1p": ["log"], "expm1": ["exp", "log"], "atan": []}
_OPS = {"math.exp": "exp", "math.log": "log", "math.tanh": "tanh", "math.erf": "erf", "math.sin": "sin",
        "math.cos": "cos", "math.powf": "powf", "math.exp2": "exp2", "math.log2": "log2",
        "math.log1p": "log1p", "math.expm1": "expm1", "math.atan": "atan"}


_FMA = re.compile(r"(%\w+) = math\.fma (%\w+), (%\w+), (%\w+) : f32")


def _without_fma(text: str) -> str:
    """math.fma → mulf + addf marked `contract`: fused into an FMA where the CPU has one, and no
    `fmaf` libcall where it does not (x86-64-v2, some RISC-V cores)."""
    return _FMA.sub(r"\1_m = arith.mulf \2, \3 fastmath<contract> : f32\n  \1 = arith.addf \1_m, \4 fastmath<contract> : f32",
                    text)


def approximate_math(module: ir.Module) -> set[str]:
    """Replaces every scalar math.exp/log/tanh/erf in module with a call; returns templates added."""
    found = []

    def collect(op):
        if op.name in _OPS:
            found.append(op)
        return ir.WalkResult.ADVANCE

    module.operation.walk(collect, ir.WalkOrder.POST_ORDER)
    needed: set[str] = set()
    f32 = ir.F32Type.get()
    for op in found:
        kind = _OPS[op.name]
        value_type = op.results[0].type
        if isinstance(value_type, (ir.VectorType, ir.ShapedType)):
            continue  # vector forms: not produced by castiron's codegen yet
        if isinstance(value_type, ir.F64Type):
            continue  # left to the undefined-symbol check, which names it
        needed.add(kind)
        needed.update(_NEEDS[kind])
        with ir.InsertionPoint(op), op.location:
            operands = [o if value_type == f32 else arith.extf(f32, o) for o in op.operands]
            call = func.CallOp([f32], ir.FlatSymbolRefAttr.get(_PREFIX + kind), operands)
            result = call.results[0]
            if value_type != f32:
                result = arith.truncf(value_type, result)
        op.results[0].replace_all_uses_with(result)
        op.erase()
    if needed:
        text = "module {\n" + "\n".join(_without_fma(TEMPLATES[k]) for k in sorted(needed)) + "\n}"
        templates = ir.Module.parse(text)
        for fn in list(templates.body.operations):
            fn.operation.move_before(list(module.body.operations)[0].operation)
    return needed
