"""The native plan runner every library carries: a whole function's dispatches in one call.

Python's handoff to a worker thread costs ~20 us (two locks, measured on 2 cores) and a dispatch's Python overhead
~10 us, so with dispatches of 50-300 us MobileNetV2 ran slower on two threads than on one.
These two functions move the per-dispatch work into native code; the runtime calls them when a
library exports them (runtime/pool.py) and keeps its Python pool otherwise:

    int32_t castiron_run_plan(ctrl *c, const run *r);     // the calling thread, per call
    int32_t castiron_worker_loop(ctrl *c, uint64_t spins); // each helper thread, until 0

    typedef struct { int32_t (*entry)(const void *state, uint32_t, uint32_t);
                     const void *state; uint32_t total, slots; uint64_t completed; } job;  // 32 B
    typedef struct { job *jobs; uint64_t base, count; uint64_t *times; } run;
    uint64_t castiron_ticks(void);  // the CPU's time-stamp counter, 0 where the target has none
    ctrl: u64 word @0, u64 stop @64, run *current @128, i32 status @192, u32 failed @196,
          u64 last serial @256 (the caller's own), u64 left @320, u64 range[64] @384 (64 B apart)

A job of one slot runs inline. Otherwise the caller splits its workgroups into `slots` (at most
64) contiguous ranges, one per thread, publishes the job in `word` (serial << 32 | helpers
joined) and works on range 0. A helper joins with a compare-and-swap on the whole word (so a
helper holding a stale word can never join a later job) and takes the next range. Each thread
takes a grain (total / (slots * 16) workgroups) at a time from the front of its own range, and
when it is empty steals the back half of another range, so a helper the host stops in the
middle of its share holds up one grain, not half the job (with one fixed chunk per thread,
MobileNetV2 on two threads with helpers waking cold: 8.65 ms median, with stealing 4.85).
A range is one word, begin << 32 | end, changed only by compare-and-swap; a workgroup leaves
every range once claimed, so no range value recurs within a job. Threads add the workgroups
they ran to `completed` as they leave; the caller, once all are done, closes the job (swaps
`word` to 0: no one joins after) and waits for the helpers that joined to leave, so the job's
ranges are never touched once the next job begins. Helpers spin (with the CPU's pause hint)
while idle and return 1 after `spins` idle turns, so the runtime can park them; they return 0
when `stop` is set. Everything is freestanding: atomics are LLVM instructions, no libc.

Profiling in the real path: when `run.times` is set, the caller stamps `times[0]` on entry and
`times[j + 1]` when job j has finished (all its chunks), from the counter `castiron_ticks`
reads (x86 rdtsc, AArch64 CNTVCT_EL0), so a dispatch's wall time on N threads can be read
without the Python pool's per-dispatch overhead. Targets without such a counter read 0.
"""
from __future__ import annotations

RUNNER_SYMBOLS = ("castiron_run_plan", "castiron_worker_loop", "castiron_ticks")
LEFT = 320        # ctrl: helpers that have left the current job (its own cache line)
RANGES = 384      # ctrl: slot s's range (begin << 32 | end) at RANGES + 64 * s
MAX_SLOTS = 64    # ranges a job is split into at most (one per thread)
GRAINS = 16       # a slot's owner takes total / (slots * GRAINS) workgroups at a time
CTRL_BYTES = RANGES + 64 * MAX_SLOTS


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

define internal i32 @castiron_run_range(ptr %job, i32 %b, i32 %e) nounwind {{
  %entry = load ptr, ptr %job, align 8
  %state.addr = getelementptr inbounds i8, ptr %job, i64 8
  %state = load ptr, ptr %state.addr, align 8
  %st = call i32 %entry(ptr %state, i32 %b, i32 %e)
  ret i32 %st
}}

define internal ptr @castiron_slot(ptr %ctrl, i64 %s) alwaysinline nounwind {{
  %off = mul i64 %s, 64
  %off2 = add i64 %off, {RANGES}
  %slot = getelementptr inbounds i8, ptr %ctrl, i64 %off2
  ret ptr %slot
}}

; Runs workgroups of the current job from slot %s (begin << 32 | end), a grain at a time from
; its front, and when it is empty steals the back half of another slot's range into it; returns
; how many workgroups this thread ran once every slot looked empty.
define internal i64 @castiron_work(ptr %ctrl, ptr %job, i64 %s, i64 %slots) nounwind {{
entry:
  %count.addr = alloca i64, align 8
  store i64 0, ptr %count.addr, align 8
  %total.addr = getelementptr inbounds i8, ptr %job, i64 16
  %total = load i32, ptr %total.addr, align 4
  %slots32 = trunc i64 %slots to i32
  %per = mul i32 %slots32, {GRAINS}
  %g0 = udiv i32 %total, %per
  %g0.zero = icmp eq i32 %g0, 0
  %grain = select i1 %g0.zero, i32 1, i32 %g0
  %mine = call ptr @castiron_slot(ptr %ctrl, i64 %s)
  br label %own
own:
  %r = load atomic i64, ptr %mine acquire, align 8
  %b64 = lshr i64 %r, 32
  %b = trunc i64 %b64 to i32
  %e = trunc i64 %r to i32
  %has = icmp ult i32 %b, %e
  br i1 %has, label %take, label %steal
take:
  %rest = sub i32 %e, %b
  %short = icmp ult i32 %rest, %grain
  %g = select i1 %short, i32 %rest, i32 %grain
  %nb = add i32 %b, %g
  %nb64 = zext i32 %nb to i64
  %nbs = shl i64 %nb64, 32
  %e64 = zext i32 %e to i64
  %nr = or i64 %nbs, %e64
  %pair = cmpxchg ptr %mine, i64 %r, i64 %nr acq_rel acquire
  %won = extractvalue {{ i64, i1 }} %pair, 1
  br i1 %won, label %run, label %own
run:
  %st = call i32 @castiron_run_range(ptr %job, i32 %b, i32 %nb)
  call void @castiron_note_status(ptr %ctrl, i32 %st)
  %c0 = load i64, ptr %count.addr, align 8
  %gz = zext i32 %g to i64
  %c1 = add i64 %c0, %gz
  store i64 %c1, ptr %count.addr, align 8
  br label %own
steal:
  %i = phi i64 [ 1, %own ], [ %i1, %steal.next ]
  %more = icmp ult i64 %i, %slots
  br i1 %more, label %steal.look, label %out
steal.look:
  %vi = add i64 %s, %i
  %v = urem i64 %vi, %slots
  %victim = call ptr @castiron_slot(ptr %ctrl, i64 %v)
  %vr = load atomic i64, ptr %victim acquire, align 8
  %vb64 = lshr i64 %vr, 32
  %vb = trunc i64 %vb64 to i32
  %ve = trunc i64 %vr to i32
  %vhas = icmp ult i32 %vb, %ve
  br i1 %vhas, label %steal.try, label %steal.next
steal.try:
  %vlen = sub i32 %ve, %vb
  %half = lshr i32 %vlen, 1
  %mid = add i32 %vb, %half
  %vbs = shl i64 %vb64, 32
  %mid64 = zext i32 %mid to i64
  %vnr = or i64 %vbs, %mid64
  %vpair = cmpxchg ptr %victim, i64 %vr, i64 %vnr acq_rel acquire
  %vwon = extractvalue {{ i64, i1 }} %vpair, 1
  br i1 %vwon, label %stole, label %steal.look
stole:
  %mids = shl i64 %mid64, 32
  %ve64 = zext i32 %ve to i64
  %taken = or i64 %mids, %ve64
  store atomic i64 %taken, ptr %mine release, align 8
  br label %own
steal.next:
  %i1 = add i64 %i, 1
  br label %steal
out:
  %ran = load i64, ptr %count.addr, align 8
  ret i64 %ran
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
  %total0.addr = getelementptr inbounds i8, ptr %job, i64 16
  %total0 = load i32, ptr %total0.addr, align 4
  %st0 = call i32 @castiron_run_range(ptr %job, i32 0, i32 %total0)
  call void @castiron_note_status(ptr %ctrl, i32 %st0)
  br label %check
publish:
  %completed = getelementptr inbounds i8, ptr %job, i64 24
  store atomic i64 0, ptr %completed monotonic, align 8
  %left = getelementptr inbounds i8, ptr %ctrl, i64 {LEFT}
  store atomic i64 0, ptr %left monotonic, align 8
  %few = icmp ult i32 %n, {MAX_SLOTS}
  %slots32 = select i1 %few, i32 %n, i32 {MAX_SLOTS}
  %slots = zext i32 %slots32 to i64
  %total.addr = getelementptr inbounds i8, ptr %job, i64 16
  %total32 = load i32, ptr %total.addr, align 4
  %total = zext i32 %total32 to i64
  br label %init
init:
  %si = phi i64 [ 0, %publish ], [ %si1, %init ]
  %si1 = add i64 %si, 1
  %lo = mul i64 %total, %si
  %hi = mul i64 %total, %si1
  %rb = udiv i64 %lo, %slots
  %re = udiv i64 %hi, %slots
  %rbs = shl i64 %rb, 32
  %range = or i64 %rbs, %re
  %slot = call ptr @castiron_slot(ptr %ctrl, i64 %si)
  store atomic i64 %range, ptr %slot monotonic, align 8
  %inited = icmp uge i64 %si1, %slots
  br i1 %inited, label %go, label %init
go:
  %serial = add i64 %base, %j
  %w0 = shl i64 %serial, 32
  store atomic i64 %w0, ptr %ctrl release, align 8
  %mine = call i64 @castiron_work(ptr %ctrl, ptr %job, i64 0, i64 %slots)
  %old = atomicrmw add ptr %completed, i64 %mine release
  br label %wait
wait:
  %finished = load atomic i64, ptr %completed acquire, align 8
  %all = icmp uge i64 %finished, %total
  br i1 %all, label %close, label %retry
retry:
  %late = call i64 @castiron_work(ptr %ctrl, ptr %job, i64 0, i64 %slots)
  %old1 = atomicrmw add ptr %completed, i64 %late release
  call void @castiron_spin_hint()
  br label %wait
close:
  %word = atomicrmw xchg ptr %ctrl, i64 0 acq_rel
  %claims32 = trunc i64 %word to i32
  %claims = zext i32 %claims32 to i64
  br label %leave
leave:
  %gone = load atomic i64, ptr %left acquire, align 8
  %out = icmp uge i64 %gone, %claims
  br i1 %out, label %check, label %leave.spin
leave.spin:
  call void @castiron_spin_hint()
  br label %leave
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
  %few = icmp ult i32 %n, {MAX_SLOTS}
  %slots32 = select i1 %few, i32 %n, i32 {MAX_SLOTS}
  %c = trunc i64 %w to i32
  %slot32 = add i32 %c, 1
  %free = icmp ult i32 %slot32, %slots32
  br i1 %free, label %try, label %idle
try:
  %w1 = add i64 %w, 1
  %pair = cmpxchg ptr %ctrl, i64 %w, i64 %w1 acq_rel monotonic
  %won = extractvalue {{ i64, i1 }} %pair, 1
  br i1 %won, label %joined, label %top
joined:
  %slot = zext i32 %slot32 to i64
  %slots = zext i32 %slots32 to i64
  %ran = call i64 @castiron_work(ptr %ctrl, ptr %job, i64 %slot, i64 %slots)
  %completed = getelementptr inbounds i8, ptr %job, i64 24
  %old = atomicrmw add ptr %completed, i64 %ran release
  %left = getelementptr inbounds i8, ptr %ctrl, i64 {LEFT}
  %old.left = atomicrmw add ptr %left, i64 1 release
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
