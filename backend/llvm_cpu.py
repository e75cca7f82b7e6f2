"""The llvm-cpu backend's last mile: dispatch LLVM IR → one optimized object → a shared library.

Each dispatch's `NAME_wg(bindings..., begin, end)` gets an exported ABI entry
`int32_t NAME(const castiron_dispatch_state_v0*, uint32_t begin, uint32_t end)` that unpacks the
binding pointers; the library also exports `castiron_abi_version`. Everything is optimized at O3
for the target's triple/cpu/features with llvmlite and linked with no libc (`-nostdlib`).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile

import llvmlite.binding as llvm

from castiron.errors import CompileError
from .codegen import DispatchCode
from .runner_ir import RUNNER_SYMBOLS, runner_ir
from .target import TargetSpec, _init_llvm

ABI_VERSION = 0


def entry_wrapper_ir(code: DispatchCode) -> str:
    """LLVM IR of the ABI entry for one dispatch (state struct → plain pointer arguments)."""
    lines = [f"define i32 @{code.name}(ptr noalias nocapture readonly %state, i32 %begin, i32 %end) #0 {{",
             "entry:",
             "  %bindings = load ptr, ptr %state, align 8"]
    args = []
    for i in range(code.num_bindings):
        lines.append(f"  %a{i}.addr = getelementptr inbounds ptr, ptr %bindings, i64 {i}")
        lines.append(f"  %a{i} = load ptr, ptr %a{i}.addr, align 8")
        args.append(f"ptr %a{i}")
    lines += ["  %b = zext i32 %begin to i64", "  %e = zext i32 %end to i64"]
    args += ["i64 %b", "i64 %e"]
    lines.append(f"  call void @{code.impl_symbol}({', '.join(args)})")
    lines += _fault_ir(code)
    lines += ["  ret i32 0", "}"]
    return "\n".join(lines)


def _fault_ir(code: DispatchCode) -> list:
    """A config's injected fault (dispatch_config `fault=`): trap, spin forever, or flip the
    bits of the first output's first byte (a wrong result), after the real work."""
    if code.fault == "crash":
        return ["  call void @llvm.trap()", "  unreachable", "dead:"]
    if code.fault == "hang":  # a volatile load each turn: LLVM may not delete the loop
        return ["  br label %spin", "spin:", "  %v = load volatile i32, ptr %state, align 4", "  br label %spin",
                "dead:"]
    if code.fault == "wrong":  # the first element's top byte (sign and exponent of a float)
        first_output = code.num_bindings - max(1, code.num_outputs)
        top = _binding_element_bytes(code.binding_types[first_output]) - 1
        return [f"  %top = getelementptr inbounds i8, ptr %a{first_output}, i64 {top}",
                "  %old = load i8, ptr %top, align 1", "  %bad = xor i8 %old, 64",
                "  store i8 %bad, ptr %top, align 1"]
    return []


_LIBRARY_PRELUDE = f"""
@castiron_abi_version = dso_local constant i32 {ABI_VERSION}
attributes #0 = {{ nounwind "no-builtins" "prefer-vector-width"="512" }}
"""


def library_info_ir(codes: list[DispatchCode]) -> str:
    """`castiron_library_info`: a JSON string describing each entry (workgroup grid, binding
    sizes), exported so the runtime can check a manifest against the code it describes."""
    import json

    info = {c.name: {"workgroup_count": c.workgroup_count, "binding_bytes": _binding_bytes(c)} for c in codes}
    data = json.dumps(info, sort_keys=True).encode() + b"\0"
    text = "".join(chr(b) if 32 <= b < 127 and b not in (34, 92) else f"\\{b:02X}" for b in data)
    return f'@castiron_library_info = dso_local constant [{len(data)} x i8] c"{text}"'


def _binding_element_bytes(memref_type: str) -> int:
    from .codegen import _ELEMENT_BYTES

    return _ELEMENT_BYTES.get(memref_type[memref_type.index("<") + 1:memref_type.rindex(">")].split("x")[-1], 4)


def _binding_bytes(code: DispatchCode) -> list[int]:
    from .codegen import _ELEMENT_BYTES

    sizes = []
    for t in code.binding_types:
        dims = t[t.index("<") + 1:t.rindex(">")].split("x")
        count = 1
        for d in dims[:-1]:
            count *= int(d)
        sizes.append(count * _ELEMENT_BYTES.get(dims[-1], 4))
    return sizes


def _target_machine(target: TargetSpec):
    _init_llvm()
    try:
        llvm_target = llvm.Target.from_triple(target.triple)
    except RuntimeError as exc:
        raise CompileError(f"unknown target triple '{target.triple}': {str(exc).strip()}") from None
    # x86: no gathers or scatters from LLVM's vectorizers. With a 16-wide inner loop unrolled,
    # they vectorized fills and epilogues across rows into AVX-512 scatters: a 12544x16 tile
    # fill took 0.10 ms instead of 0.03 (zen4), MobileNetV2 one thread 9.4 -> 8.8 ms.
    features = target.features
    if target.triple.startswith(("x86_64", "i686", "i386")):
        features = ",".join(f for f in (features, "+prefer-no-gather,+prefer-no-scatter") if f)
    return llvm_target.create_target_machine(cpu=target.cpu, features=features, opt=3,
                                             reloc="pic", codemodel="default")


def optimize_module(codes: list[DispatchCode], target: TargetSpec, prelude: bool = True):
    """Links dispatches' LLVM IR and their entries into one module, optimized at O3; `prelude`
    adds the library's own symbols (ABI version, library info) for all of `codes`."""
    tm = _target_machine(target)
    wrappers = "\n".join(entry_wrapper_ir(c) for c in codes)
    if prelude:
        wrappers += _LIBRARY_PRELUDE + library_info_ir(codes) + runner_ir(target.triple)
    else:
        wrappers += '\nattributes #0 = { nounwind "no-builtins" "prefer-vector-width"="512" }\n' 
    # dispatches with the same code share one impl (see driver._codegen_all): declared and linked once
    implementations = {c.impl_symbol: c for c in codes if c.llvm_ir}
    declarations = "\n".join(_impl_declaration(c) for c in implementations.values()) + "\ndeclare void @llvm.trap()"
    module = llvm.parse_assembly(declarations + "\n" + wrappers)
    missing = {c.impl_symbol for c in codes} - set(implementations)
    if missing:
        raise CompileError(f"internal: dispatch code for {', '.join(sorted(missing))} is not in this library")
    for code in implementations.values():
        try:
            module.link_in(llvm.parse_assembly(code.llvm_ir))
        except RuntimeError as exc:
            raise CompileError(f"LLVM IR of dispatch {code.name} did not parse: {str(exc).strip()}") from None
    entries = {code.name for code in codes} | (set(RUNNER_SYMBOLS) if prelude else set())
    undefined = sorted(f.name for f in module.functions if f.is_declaration and not f.name.startswith("llvm."))
    if undefined:
        raise CompileError("dispatch code needs functions a freestanding library does not have: "
                           f"{', '.join(undefined)} (e.g. f64 transcendental math)")
    for fn in module.functions:  # only entries are exported; the rest inlines at O3
        if not fn.is_declaration and fn.name not in entries:
            fn.linkage = llvm.Linkage.internal
    module.triple = target.triple
    module.data_layout = str(tm.target_data)
    module.verify()
    pto = llvm.create_pipeline_tuning_options(speed_level=3)
    pb = llvm.create_pass_builder(tm, pto)
    pb.getModulePassManager().run(module, pb)
    return module, tm


def _impl_declaration(code: DispatchCode) -> str:
    params = ", ".join(["ptr"] * code.num_bindings + ["i64", "i64"])
    return f"declare void @{code.impl_symbol}({params})"


# LLVM O3 costs ~0.3-0.7 s per MobileNetV2 dispatch; past this many dispatches, objects are
# built in worker processes (one per dispatch) and linked together.
MIN_DISPATCHES_FOR_JOBS = 16


def build_library(codes: list[DispatchCode], target: TargetSpec, host: TargetSpec, jobs: int = 1) -> tuple[bytes, str]:
    """Returns (shared library bytes, optimized LLVM IR text or a note) for one target."""
    if jobs <= 1 or len(codes) < MIN_DISPATCHES_FOR_JOBS:
        module, tm = optimize_module(codes, target)
        return link_shared([tm.emit_object(module)], target, host), str(module)
    import concurrent.futures
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        groups: dict = {}  # one object per implementation, with the entries of every dispatch using it
        for c in codes:
            groups.setdefault(c.impl_symbol, []).append(c)
        objects = list(pool.map(_dispatch_object, [(group, target) for group in groups.values()]))
    prelude = llvm.parse_assembly(_LIBRARY_PRELUDE + library_info_ir(codes) + runner_ir(target.triple))
    tm = _target_machine(target)
    prelude.triple, prelude.data_layout = target.triple, str(tm.target_data)
    pb = llvm.create_pass_builder(tm, llvm.create_pipeline_tuning_options(speed_level=3))
    pb.getModulePassManager().run(prelude, pb)
    objects.append(tm.emit_object(prelude))
    return link_shared(objects, target, host), f"; built as {len(codes)} objects in {jobs} processes\n"


def build_object(codes: list[DispatchCode], target: TargetSpec) -> bytes:
    """All dispatches of a target as one relocatable object, for static linking into a program
    (bare-metal deployments, and the cross-target tests that run libraries under qemu)."""
    module, tm = optimize_module(codes, target)
    return tm.emit_object(module)


def _dispatch_object(job) -> bytes:
    """The dispatches sharing one implementation as one object (worker process): their entries
    exported, the rest internal."""
    codes, target = job
    module, tm = optimize_module(codes, target, prelude=False)
    return tm.emit_object(module)


def emit_assembly(codes: list[DispatchCode], target: TargetSpec) -> str:
    module, tm = optimize_module(codes, target)
    return tm.emit_assembly(module)


def link_shared(objects: list[bytes], target: TargetSpec, host: TargetSpec) -> bytes:
    """Links objects into a freestanding shared library: host `cc`, or LLD for other targets."""
    with tempfile.TemporaryDirectory(prefix="castiron-link-") as tmp:
        obj_paths = []
        for i, obj in enumerate(objects):
            obj_paths.append(os.path.join(tmp, f"dispatch{i}.o"))
            with open(obj_paths[-1], "wb") as f:
                f.write(obj)
        out_path = os.path.join(tmp, "dispatch.so")
        if target.triple == host.triple and shutil.which("cc"):
            cmd = ["cc", "-shared", "-nostdlib", "-Wl,--no-undefined", "-o", out_path, *obj_paths]
        else:
            import importlib.util

            if importlib.util.find_spec("ziglang") is None:
                raise CompileError(f"linking for {target.triple} needs ld.lld from the 'ziglang' "
                                   "package: pip install 'castiron[cross]'")
            cmd = [sys.executable, "-m", "ziglang", "ld.lld", "-shared", "--no-undefined",
                   "-o", out_path, *obj_paths]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode != 0:
            import re

            missing = sorted(set(re.findall(r"undefined (?:reference to|symbol:) `?([\w.]+)'?", proc.stderr)))
            if missing:
                raise CompileError(f"the {target.triple} library needs {', '.join(missing)}, which a freestanding "
                                   "dispatch library does not have (math without a castiron polynomial?)")
            first = proc.stderr.strip().splitlines()[0] if proc.stderr.strip() else f"exit status {proc.returncode}"
            raise CompileError(f"linking the {target.triple} library failed: {first}")
        with open(out_path, "rb") as f:
            return f.read()
