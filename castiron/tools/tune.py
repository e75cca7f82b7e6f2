"""castiron-tune: search each dispatch's codegen configurations and record them (docs/tuning.md)."""
from __future__ import annotations

import sys

from .common import OneLineParser, run_tool


def build_parser() -> OneLineParser:
    p = OneLineParser(prog="castiron-tune", description="Tune a model's dispatches; records go to a SQLite database "
                      "that castiron-compile --tuning-db reads.")
    p.add_argument("input", nargs="?", help="model (.mlir, or .onnx)")
    p.add_argument("--db", help="tuning database (created if missing; a search resumes from it)")
    p.add_argument("--trials", type=int, default=64, help="records per dispatch, default and failures included (64)")
    p.add_argument("--strategy", default="evolutionary", help="evolutionary (default) or random")
    p.add_argument("--seed", type=int, default=0, help="seed of the inputs and of the proposals")
    p.add_argument("--jobs", "-j", type=int, default=0, help="local compile processes (default: one per core)")
    p.add_argument("--threads", type=int, default=1,
                   help="threads each measurement uses (default 1; 0 = all of the measuring machine's cores)")
    p.add_argument("--timeout", type=float, default=30.0, help="seconds one measurement may take (30)")
    p.add_argument("--repetitions", type=int, default=5, help="timed runs per measurement, at least (5)")
    p.add_argument("--ray-address", default=None, metavar="auto|HOST:PORT",
                   help="run on a Ray cluster: compiles on any node, measurements on nodes of the target's CPU")
    p.add_argument("--target-triple", dest="triple", default=None, help="LLVM target triple (default: host)")
    p.add_argument("--target-cpu", dest="cpu", default="host", help="target CPU (default: host)")
    p.add_argument("--config", action="append", default=[], metavar="CONFIG",
                   help="a configuration to try first, e.g. 'tile=32x64 reg=8x32' (repeatable; counts as a trial)")
    p.add_argument("--only", action="append", default=[], metavar="KEY|NAME",
                   help="tune only this dispatch (repeatable)")
    p.add_argument("--list", action="store_true", help="list the model's distinct dispatches and their keys, then stop")
    p.add_argument("--report", metavar="DB", default=None,
                   help="summarize a tuning database: a table, or with -o a PNG of every search")
    p.add_argument("-o", "--output", default=None, help="with --report: the PNG to write")
    p.add_argument("--quiet", action="store_true", help="no progress lines")
    return p


def main(argv) -> int:
    args = build_parser().parse_args(argv)
    from castiron.errors import UsageError

    if args.report:
        from castiron.tuning import report
        from castiron.tuning.database import TuningDatabase

        with TuningDatabase(args.report, readonly=True) as db:
            if args.output:
                report.plot(db, args.output)
                print(f"castiron-tune: wrote {args.output}", file=sys.stderr)
            else:
                print(report.table(db))
        return 0
    if not args.input:
        raise UsageError("give a model to tune (or --report DB)")
    text = _read_model(args.input)
    if args.list:
        return _list(text, args.input)
    if not args.db:
        raise UsageError("give --db FILE: the tuning database to record into (and resume from)")
    from castiron.backend.target import resolve_target
    from castiron.tuning.tuner import TuneOptions, tune

    options = TuneOptions(db=args.db, trials=args.trials, strategy=args.strategy, seed=args.seed, jobs=args.jobs,
                          threads=args.threads, timeout=args.timeout, repetitions=args.repetitions,
                          ray_address=args.ray_address, target=resolve_target(args.triple, args.cpu),
                          progress=not args.quiet, only=args.only,
                          configs=args.config)
    try:
        results = tune(text, args.input, options)
    except KeyboardInterrupt:
        from castiron.tuning.database import TuningDatabase

        with TuningDatabase(args.db, readonly=True) as db:
            count = len(db.trials())
        print(f"castiron-tune: interrupted; {count} trials are recorded in {args.db}: "
              "run the same command again to resume", file=sys.stderr)
        return 130
    from castiron.tuning import report
    from castiron.tuning.database import TuningDatabase

    measured = sum(r.measured_now for r in results)
    print(f"castiron-tune: {measured} new trials; database {args.db}:", file=sys.stderr)
    with TuningDatabase(args.db, readonly=True) as db:
        print(report.table(db))
    return 0


def _read_model(path: str) -> str:
    from castiron.errors import UsageError

    if path.endswith(".onnx"):
        from castiron.importers.onnx import import_model

        return import_model(path)
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except OSError as exc:
        raise UsageError(f"cannot read input file '{path}': {exc.strerror}") from None


def _list(text: str, filename: str) -> int:
    from castiron.backend.target import host_target
    from castiron.driver import dispatch_executables
    from castiron.tuning.local import LocalBackend

    executables = dispatch_executables(text, filename)
    backend = LocalBackend()
    try:
        cands = backend.compile_many([(t, n, "default", host_target()) for n, t in executables])
    finally:
        backend.close()
    seen = {}
    for (name, _), c in zip(executables, cands):
        seen.setdefault(c.key or name, []).append((name, c))
    print(f"{'key':<44} {'dispatches':<28} default config")
    for key, group in seen.items():
        c = group[0][1]
        names = ",".join(n for n, _ in group)
        print(f"{key:<44} {names:<28} {c.applied or c.error}")
    return 0


def entry() -> int:
    return run_tool("castiron-tune", main)


if __name__ == "__main__":
    sys.exit(entry())
