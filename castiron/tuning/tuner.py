"""The search loop: distinct dispatches → default → batches of candidates → records.

Per dispatch and target: the heuristic default is compiled and measured first (its time is the
baseline, its outputs the reference every candidate must match); then batches of proposed
configs are compiled in parallel and measured one at a time per machine, each result written
to the database as it arrives. Everything the loop decides comes from the database, so an
interrupted search resumes where it stopped, re-measuring nothing.
"""
from __future__ import annotations

from dataclasses import dataclass, field
import random
import sys
import time

import numpy as np

from castiron.backend.dispatch_config import parse_config
from castiron.errors import UsageError

from . import search
from .candidate import Candidate
from .database import Trial, TuningDatabase, target_of
from .space import SearchSpace


@dataclass
class TuneOptions:
    db: str
    trials: int = 64                 # records per dispatch (default and failures included)
    strategy: str = "evolutionary"
    seed: int = 0                    # inputs and proposals derive from it
    jobs: int = 0                    # local compile processes (0 = one per core)
    threads: int = 1                 # threads per measurement (0 = the measuring machine's cores)
    timeout: float = 30.0            # seconds a measurement may take
    repetitions: int = 5             # timed runs per measurement, at least
    min_time: float = 0.05           # ... and at least this long in total
    ray_address: str | None = None
    target: object = None            # TargetSpec; None = host
    progress: bool = True
    only: list = field(default_factory=list)  # dispatch keys or names to tune (default: all)
    batch: int = 0                   # candidates per round (0 = 2 x parallelism, at least 4)
    configs: list = field(default_factory=list)  # configs to try first, as given (strategy 'manual')


@dataclass
class DispatchResult:
    key: str
    names: list
    default_s: float | None = None
    best_s: float | None = None
    best_config: str = ""
    trials: int = 0
    measured_now: int = 0
    note: str = ""


def make_backend(options: TuneOptions):
    if options.ray_address:
        try:
            from .ray_backend import RayBackend
        except ImportError:
            raise UsageError("--ray-address needs Ray: pip install 'castiron[ray]'") from None
        return RayBackend(options.ray_address, timeout=options.timeout)
    from .local import LocalBackend

    return LocalBackend(options.jobs, options.timeout)


def tune(text: str, filename: str, options: TuneOptions, out=sys.stderr) -> list[DispatchResult]:
    from castiron.backend.target import host_target
    from castiron.driver import dispatch_executables

    if options.strategy not in search.STRATEGIES:
        raise UsageError(f"unknown search strategy '{options.strategy}' (strategies: {', '.join(search.STRATEGIES)})")
    if options.trials < 1:
        raise UsageError("--trials must be at least 1")
    target = options.target or host_target()
    executables = dispatch_executables(text, filename)
    db = TuningDatabase(options.db)
    backend = make_backend(options)
    say = (lambda line: print(f"castiron-tune: {line}", file=out, flush=True)) if options.progress else (lambda line: None)
    try:
        backend.check_target(target)
        say(f"{len(executables)} dispatches in {filename}; {backend.describe()}")
        defaults = backend.compile_many([(t, n, "default", target) for n, t in executables])
        groups: dict[str, list] = {}
        for (name, exe_text), cand in zip(executables, defaults):
            if cand.error:
                raise UsageError(f"dispatch {name} does not compile with its defaults: {cand.error}")
            groups.setdefault(cand.key, []).append((name, exe_text, cand))
        if options.only:
            wanted = set(options.only)
            groups = {k: g for k, g in groups.items() if k in wanted or any(n in wanted for n, _, _ in g)}
            if not groups:
                raise UsageError(f"--only matches no dispatch of {filename} (keys and names: see --list)")
        say(f"{len(groups)} distinct dispatches; {options.trials} trials each, {options.strategy} search")
        results = []
        for index, (key, group) in enumerate(groups.items(), start=1):
            results.append(_tune_dispatch(db, backend, target, key, group, options,
                                          lambda line: say(f"[{index}/{len(groups)}] {key}: {line}")))
        return results
    finally:
        backend.close()
        db.close()


def _tune_dispatch(db, backend, target, key, group, options, say) -> DispatchResult:
    name, text, default = group[0]
    tgt = target_of(target)
    names = [n for n, _, _ in group]
    summary = f"{default.root} in {name}" + (f" (+{len(group) - 1} identical)" if len(group) > 1 else "")
    db.add_dispatch(key, tgt, summary, default.applied, options.seed)
    result = DispatchResult(key, names)
    seed = db.seed(key, tgt)  # the first run's: a resumed search checks against the same inputs
    if "default" not in db.configs(key, tgt):
        measured, node = backend.measure_many([default.request(seed, options.threads, options.repetitions,
                                                               options.min_time)])[0]
        _record(db, key, tgt, default, "default", measured, node, reference=None)
        if measured["status"] == "ok":
            db.set_reference(key, tgt, measured["outputs"])
        result.measured_now += 1
    reference = db.reference(key, tgt)
    records = db.trials(key, tgt)
    default_record = next(r for r in records if r["config"] == "default")
    result.default_s = default_record["median_s"]
    if reference is None:
        result.note = f"default failed ({default_record['status']}: {default_record['error']}); not tuned"
        say(result.note)
        return _finish(db, key, tgt, result)
    space = SearchSpace.for_dispatch(default.parallel_ranges, default.matmul_ranges)
    default_config = parse_config(default.applied) if default.applied != "default" else None
    batch = options.batch or max(4, 2 * backend.parallelism)
    manual = [c for c in dict.fromkeys(str(parse_config(c)) for c in options.configs) if c not in db.configs(key, tgt)]
    while len(records) < options.trials:
        rng = random.Random(f"{options.seed}:{key}:{len(records)}:{options.strategy}")
        count = min(batch, options.trials - len(records))
        if manual:
            configs, manual, strategy = manual[:count], manual[count:], "manual"
        else:
            configs = [str(c) for c in search.propose(options.strategy, space, records, count, rng, default_config)]
            strategy = options.strategy
        if not configs:
            result.note = f"search space exhausted ({space.size} configurations)"
            break
        started = time.perf_counter()
        candidates = backend.compile_many([(text, name, c, target) for c in configs])
        compiled = [c for c in candidates if not c.error]
        for cand in candidates:
            if cand.error:
                _record(db, key, tgt, cand, strategy, {"status": "compile-error", "error": cand.error}, cand.node)
        requests = [c.request(reference[0], options.threads, options.repetitions, options.min_time) for c in compiled]
        for cand, (measured, node) in zip(compiled, backend.measure_many(requests)):
            _record(db, key, tgt, cand, strategy, measured, node, reference=reference[1])
        result.measured_now += len(candidates)
        records = db.trials(key, tgt)
        best = db.best(key, tgt)
        say(f"{len(records)}/{options.trials} trials, best {_ms(best['median_s'])} "
            f"(default {_ms(result.default_s)}, {result.default_s / best['median_s']:.2f}x) {best['config']} "
            f"[{len(candidates)} {strategy} in {time.perf_counter() - started:.1f} s]")
    return _finish(db, key, tgt, result)


def _finish(db, key, tgt, result: DispatchResult) -> DispatchResult:
    best = db.best(key, tgt)
    result.trials = len(db.trials(key, tgt))
    if best is not None:
        result.best_s, result.best_config = best["median_s"], best["config"]
    return result


def _record(db, key, tgt, cand: Candidate, strategy: str, measured: dict, node: str, reference=None) -> None:
    status, error = measured["status"], measured.get("error", "")
    times = measured.get("times") or []
    if status == "ok" and reference is not None:
        error = check_outputs(measured["outputs"], reference)
        status = "wrong-result" if error else "ok"
    db.record(Trial(key, tgt, cand.config, status, applied=cand.applied or cand.config,
                    strategy="default" if cand.config == "default" else strategy,
                    median_s=float(np.median(times)) if times and status == "ok" else None,
                    min_s=min(times) if times and status == "ok" else None,
                    max_s=max(times) if times and status == "ok" else None,
                    repetitions=len(times), node=node, error=error))


def check_outputs(outputs: list, reference: list) -> str:
    """'' when outputs match the default's (floats to 1e-3 relative, allowing for reassociated
    sums; integers exactly), else where the first mismatch is."""
    if len(outputs) != len(reference):
        return f"{len(outputs)} outputs, expected {len(reference)}"
    for i, (got, want) in enumerate(zip(outputs, reference)):
        if got.shape != want.shape or got.dtype != want.dtype:
            return f"output {i} is {got.dtype}{list(got.shape)}, expected {want.dtype}{list(want.shape)}"
        if want.dtype.kind == "f":
            scale = float(np.max(np.abs(want[np.isfinite(want)]), initial=0.0))
            close = np.isclose(got, want, rtol=1e-3, atol=1e-5 + 1e-4 * scale, equal_nan=True)
        else:
            close = got == want
        if not close.all():
            at = np.unravel_index(int(np.argmin(close)), close.shape)
            return f"output {i} differs at {list(map(int, at))}: {got[at]} vs default {want[at]}"
    return ""


def _ms(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1e3:.4f} ms"
