"""The native plan runner every library carries: a whole function's dispatches in one call.

Python's handoff to a worker thread costs ~20 us (NOTES.md) and a dispatch's Python overhead
~10 us, so with dispatches of 50-300 us MobileNetV2 ran slower on two threads than on one.
These two functions move the per-dispatch work into native code; the runtime calls them when a
library exports them (runtime/pool.py) and keeps its Python pool otherwise:

    int32_t castiron_run_plan(ctrl *c, const run *r);     // the calling thread, per call
    int32_t castiron_worker_loop(ctrl *c, uint64_t spins); // each helper thread, until 0

    typedef struct { int32_t (*entry)(const void *state, uint32_t, uint32_t);
                     const void *state; uint32_t total, chunks; uint64_t completed; } job;  // 32 B
    typedef struct { job *jobs; uint64_t base, count; uint64_t *times; } run;
    uint64_t castiron_ticks(void);  // the CPU's time-stamp counter, 0 where the target has none
    ctrl: u64 word @0, u64 stop @64, run *current @128, i32 status @192, u32 failed @196,
          u64 last serial @256 (the caller's own)

The caller publishes one job at a time in `word` (serial << 32 | next chunk); the caller and
the helpers claim chunks with a compare-and-swap on the whole word, so a helper holding a stale
word can never claim a chunk of a later job, and a job's descriptor stays valid while any of
its chunks runs (the caller waits for `completed == chunks` before the next). A job of one
chunk runs inline. Helpers spin (with the CPU's pause hint) while idle and return 1 after
`spins` idle turns, so the runtime can park them; they return 0 when `stop` is set.
Everything is freestanding: atomics are LLVM instructions, no libc.

Profiling in the real path: when `run.times` is set, the caller stamps `times[0]` on entry and
`times[j + 1]` when job j has finished (all its chunks), from the counter `castiron_ticks`
reads (x86 rdtsc, AArch64 CNTVCT_EL0), so a dispatch's wall time on N threads can be read
without the Python pool's per-dispatch overhead. Targets without such a counter read 0.
"""
from __future__ import annotations

RUNNER_SYMBOLS = ("castiron_run_plan", "castiron_worker_loop", "castiron_ticks")


def _pause(triple: str) -> tuple[str, str]:
    """(declaration, call) of the CPU's spin-wait hint, or nothing where there is none."""
    if triple.startswith(("x86_64", "i686", "i386")):
        return "declare void @llvm.x86.sse2.pause()", "call void @llvm.x86.sse2.pause()"
    if triple.startswith(("aarch64", "arm64")):
        return "declare void @llvm.aarch64.hint(i32)", "call void @llvm.aarch64.hint(i32 1)"  # 1 = YIELD
    return "", ""


def _counter(triple: str) -> tuple[str, str]:
    """(declaration, instruction) reading a constant-rate counter from user space, if any.
    (AArch64's cycle counter traps in user space; its virtual counter does not.)"""
    if triple.startswith(("x86_64", "i686", "i386")):
        return "declare i64 @llvm.readcyclecounter()", "%t = call i64 @llvm.readcyclecounter()"
    if triple.startswith(("aarch64", "arm64")):  # (llvm.readsteadycounter folds to 0 here)
        return ("declare i64 @llvm.read_volatile_register.i64(metadata)",
                '%t = call i64 @llvm.read_volatile_register.i64(metadata !{!"cntvct_el0"})')
    return "", "%t = add i64 0, 0"


def runner_ir(triple: str) -> str:
    declaration, pause = _pause(triple)
    counter_declaration, read_counter = _counter(triple)
    return f"""
{declaration}
{counter_declaration}

define i64 @castiron_ticks() #0 {{
  {read_counter}
  ret i64 %t
}}

define internal void @castiron_stamp(ptr %times, i64 %index) nounwind {{
  %timed = icmp ne ptr %times, null
  br i1 %timed, label %stamp, label %done
stamp:
  %t = call i64 @castiron_ticks()
  %slot = getelementptr inbounds i64, ptr %times, i64 %index
  store i64 %t, ptr %slot, align 8
  br label %done
done:
  ret void
}}

define internal void @castiron_spin_hint() alwaysinline nounwind {{
  {pause}
  ret void
}}

define internal i32 @castiron_run_chunk(ptr %job, i32 %c) nounwind {{
  %entry = load ptr, ptr %job, align 8
  %state.addr = getelementptr inbounds i8, ptr %job, i64 8
  %state = load ptr, ptr %state.addr, align 8
  %total.addr = getelementptr inbounds i8, ptr %job, i64 16
  %total = load i32, ptr %total.addr, align 4
  %n.addr = getelementptr inbounds i8, ptr %job, i64 20
  %n = load i32, ptr %n.addr, align 4
  %t = zext i32 %total to i64
  %n64 = zext i32 %n to i64
  %c64 = zext i32 %c to i64
  %c1 = add i64 %c64, 1
  %lo = mul i64 %t, %c64
  %hi = mul i64 %t, %c1
  %b = udiv i64 %lo, %n64
  %e = udiv i64 %hi, %n64
  %b32 = trunc i64 %b to i32
  %e32 = trunc i64 %e to i32
  %st = call i32 %entry(ptr %state, i32 %b32, i32 %e32)
  ret i32 %st
}}

define internal void @castiron_note_status(ptr %ctrl, i32 %st) nounwind {{
  %bad = icmp ne i32 %st, 0
  br i1 %bad, label %note, label %done
note:
  %status = getelementptr inbounds i8, ptr %ctrl, i64 192
  %r = cmpxchg ptr %status, i32 0, i32 %st acq_rel monotonic
  br label %done
done:
  ret void
}}

define i32 @castiron_run_plan(ptr %ctrl, ptr %run) #0 {{
entry:
  %last.addr = getelementptr inbounds i8, ptr %ctrl, i64 256
  %last = load i64, ptr %last.addr, align 8
  %base = add i64 %last, 1
  %base.addr = getelementptr inbounds i8, ptr %run, i64 8
  store atomic i64 %base, ptr %base.addr monotonic, align 8
  %count.addr = getelementptr inbounds i8, ptr %run, i64 16
  %count = load i64, ptr %count.addr, align 8
  %jobs = load ptr, ptr %run, align 8
  %times.addr = getelementptr inbounds i8, ptr %run, i64 24
  %times = load ptr, ptr %times.addr, align 8
  call void @castiron_stamp(ptr %times, i64 0)
  %status = getelementptr inbounds i8, ptr %ctrl, i64 192
  store atomic i32 0, ptr %status monotonic, align 4
  %current = getelementptr inbounds i8, ptr %ctrl, i64 128
  store atomic ptr %run, ptr %current release, align 8
  br label %loop
loop:
  %j = phi i64 [ 0, %entry ], [ %jn, %next ]
  %done = icmp uge i64 %j, %count
  br i1 %done, label %finish, label %body
body:
  %off = mul i64 %j, 32
  %job = getelementptr inbounds i8, ptr %jobs, i64 %off
  %n.addr = getelementptr inbounds i8, ptr %job, i64 20
  %n = load i32, ptr %n.addr, align 4
  %multi = icmp ugt i32 %n, 1
  br i1 %multi, label %publish, label %inline
inline:
  %st0 = call i32 @castiron_run_chunk(ptr %job, i32 0)
  call void @castiron_note_status(ptr %ctrl, i32 %st0)
  br label %check
publish:
  %completed = getelementptr inbounds i8, ptr %job, i64 24
  store atomic i64 0, ptr %completed monotonic, align 8
  %serial = add i64 %base, %j
  %w0 = shl i64 %serial, 32
  store atomic i64 %w0, ptr %ctrl release, align 8
  br label %claim
claim:
  %w = load atomic i64, ptr %ctrl acquire, align 8
  %c = trunc i64 %w to i32
  %more = icmp ult i32 %c, %n
  br i1 %more, label %try, label %wait
try:
  %w1 = add i64 %w, 1
  %pair = cmpxchg ptr %ctrl, i64 %w, i64 %w1 acq_rel monotonic
  %won = extractvalue {{ i64, i1 }} %pair, 1
  br i1 %won, label %run.chunk, label %claim
run.chunk:
  %st = call i32 @castiron_run_chunk(ptr %job, i32 %c)
  call void @castiron_note_status(ptr %ctrl, i32 %st)
  %old = atomicrmw add ptr %completed, i64 1 release
  br label %claim
wait:
  %finished = load atomic i64, ptr %completed acquire, align 8
  %n64 = zext i32 %n to i64
  %all = icmp uge i64 %finished, %n64
  br i1 %all, label %check, label %spin
spin:
  call void @castiron_spin_hint()
  br label %wait
check:
  %j1 = add i64 %j, 1
  call void @castiron_stamp(ptr %times, i64 %j1)
  %s = load atomic i32, ptr %status acquire, align 4
  %bad = icmp ne i32 %s, 0
  br i1 %bad, label %failed, label %next
next:
  %jn = add i64 %j, 1
  br label %loop
failed:
  %failed.addr = getelementptr inbounds i8, ptr %ctrl, i64 196
  %j32 = trunc i64 %j to i32
  store i32 %j32, ptr %failed.addr, align 4
  br label %finish
finish:
  store atomic i64 0, ptr %ctrl release, align 8
  %end = add i64 %base, %count
  store i64 %end, ptr %last.addr, align 8
  %result = load atomic i32, ptr %status acquire, align 4
  ret i32 %result
}}

define i32 @castiron_worker_loop(ptr %ctrl, i64 %limit) #0 {{
entry:
  %spins.addr = alloca i64, align 8
  store i64 0, ptr %spins.addr, align 8
  %stop.addr = getelementptr inbounds i8, ptr %ctrl, i64 64
  %current = getelementptr inbounds i8, ptr %ctrl, i64 128
  br label %top
top:
  %stop = load atomic i64, ptr %stop.addr acquire, align 8
  %stopping = icmp ne i64 %stop, 0
  br i1 %stopping, label %stopped, label %look
look:
  %w = load atomic i64, ptr %ctrl acquire, align 8
  %busy = icmp ne i64 %w, 0
  br i1 %busy, label %find, label %idle
find:
  %run = load atomic ptr, ptr %current acquire, align 8
  %jobs = load ptr, ptr %run, align 8
  %base.addr = getelementptr inbounds i8, ptr %run, i64 8
  %base = load atomic i64, ptr %base.addr monotonic, align 8
  %count.addr = getelementptr inbounds i8, ptr %run, i64 16
  %count = load i64, ptr %count.addr, align 8
  %hi = lshr i64 %w, 32
  %s32 = trunc i64 %hi to i32
  %b32 = trunc i64 %base to i32
  %idx32 = sub i32 %s32, %b32
  %idx = zext i32 %idx32 to i64
  %known = icmp ult i64 %idx, %count
  br i1 %known, label %job.found, label %idle
job.found:
  %off = mul i64 %idx, 32
  %job = getelementptr inbounds i8, ptr %jobs, i64 %off
  %n.addr = getelementptr inbounds i8, ptr %job, i64 20
  %n = load atomic i32, ptr %n.addr monotonic, align 4
  %c = trunc i64 %w to i32
  %more = icmp ult i32 %c, %n
  br i1 %more, label %try, label %idle
try:
  %w1 = add i64 %w, 1
  %pair = cmpxchg ptr %ctrl, i64 %w, i64 %w1 acq_rel monotonic
  %won = extractvalue {{ i64, i1 }} %pair, 1
  br i1 %won, label %run.chunk, label %top
run.chunk:
  %st = call i32 @castiron_run_chunk(ptr %job, i32 %c)
  call void @castiron_note_status(ptr %ctrl, i32 %st)
  %completed = getelementptr inbounds i8, ptr %job, i64 24
  %old = atomicrmw add ptr %completed, i64 1 release
  store i64 0, ptr %spins.addr, align 8
  br label %top
idle:
  call void @castiron_spin_hint()
  %spins = load i64, ptr %spins.addr, align 8
  %spins1 = add i64 %spins, 1
  store i64 %spins1, ptr %spins.addr, align 8
  %over = icmp ugt i64 %spins1, %limit
  br i1 %over, label %parked, label %top
stopped:
  ret i32 0
parked:
  ret i32 1
}}
"""
