"""The tuning database: one SQLite file (WAL mode), one row per measured candidate.

Only the tuning driver writes (workers return results to it), so concurrent access is one
writer plus any number of readers (`castiron-compile --tuning-db`, `--report`), which WAL
allows. A (dispatch key, target, config) is recorded at most once: resuming a search skips
what is already there, and a retried trial cannot be counted twice.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
import os
import sqlite3
import time

from castiron.backend.dispatch_config import DispatchConfig, parse_config
from castiron.errors import UsageError

SCHEMA_VERSION = 1
STATUSES = ("ok", "compile-error", "crashed", "wrong-result", "timeout")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS dispatches (
    key TEXT NOT NULL, triple TEXT NOT NULL, cpu TEXT NOT NULL, features TEXT NOT NULL,
    summary TEXT NOT NULL, default_config TEXT NOT NULL,
    seed INTEGER NOT NULL, reference BLOB,  -- the default's outputs on the seed's inputs (.npz)
    PRIMARY KEY (key, triple, cpu, features));
CREATE TABLE IF NOT EXISTS trials (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    key TEXT NOT NULL, triple TEXT NOT NULL, cpu TEXT NOT NULL, features TEXT NOT NULL,
    config TEXT NOT NULL, applied TEXT NOT NULL, strategy TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('ok','compile-error','crashed','wrong-result','timeout')),
    median_s REAL, min_s REAL, max_s REAL, repetitions INTEGER NOT NULL,
    node TEXT NOT NULL, version TEXT NOT NULL, timestamp REAL NOT NULL, error TEXT NOT NULL,
    UNIQUE (key, triple, cpu, features, config));
CREATE INDEX IF NOT EXISTS trials_by_dispatch ON trials (key, triple, cpu, features, status);
"""


@dataclass
class Trial:
    """One measured (or failed) candidate, as the driver records it."""
    key: str
    target: tuple          # (triple, cpu, features)
    config: str            # the requested config ("default" = the heuristics)
    status: str
    applied: str = ""      # every knob as codegen applied it
    strategy: str = ""     # default / random / evolutionary / manual
    median_s: float | None = None
    min_s: float | None = None
    max_s: float | None = None
    repetitions: int = 0
    node: str = "local"
    error: str = ""


def target_of(spec) -> tuple:
    return (spec.triple, spec.cpu, spec.features)


class TuningDatabase:
    def __init__(self, path: str, readonly: bool = False):
        self.path = path
        if readonly and not os.path.exists(path):
            raise UsageError(f"tuning database '{path}' does not exist")
        try:
            if readonly:
                self._db = sqlite3.connect(f"file:{os.path.abspath(path)}?mode=ro", uri=True)
            else:
                self._db = sqlite3.connect(path, timeout=30, isolation_level=None)
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute("BEGIN IMMEDIATE")  # tables and version appear to readers at once
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        self._db.execute(statement)
                self._db.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
                self._db.execute("COMMIT")
                self._db.isolation_level = ""
            row = self._db.execute("SELECT value FROM meta WHERE name='schema_version'").fetchone()
        except sqlite3.DatabaseError as exc:
            raise UsageError(f"'{path}' is not a castiron tuning database ({exc})") from None
        if row is None or row[0] != str(SCHEMA_VERSION):
            raise UsageError(f"tuning database '{path}' has schema version {row[0] if row else '?'}; "
                             f"this castiron reads version {SCHEMA_VERSION} (tune again into a new file)")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self) -> None:
        self._db.close()

    def add_dispatch(self, key: str, target: tuple, summary: str, default_config: str, seed: int) -> None:
        self._db.execute("INSERT OR IGNORE INTO dispatches (key, triple, cpu, features, summary, default_config, seed) "
                         "VALUES (?,?,?,?,?,?,?)", (key, *target, summary, default_config, seed))
        self._db.commit()

    def seed(self, key: str, target: tuple) -> int:
        """The input seed a dispatch was first tuned with (its reference outputs depend on it)."""
        return self._db.execute("SELECT seed FROM dispatches WHERE key=? AND triple=? AND cpu=? AND features=?",
                                (key, *target)).fetchone()[0]

    def set_reference(self, key: str, target: tuple, outputs: list) -> None:
        """Keeps the default's outputs, so a resumed search checks candidates without re-running it."""
        import io

        import numpy as np

        buffer = io.BytesIO()
        np.savez_compressed(buffer, *outputs)
        self._db.execute("UPDATE dispatches SET reference=? WHERE key=? AND triple=? AND cpu=? AND features=?",
                         (buffer.getvalue(), key, *target))
        self._db.commit()

    def reference(self, key: str, target: tuple) -> tuple[int, list] | None:
        """(seed, the default's outputs) of a dispatch, or None when not recorded."""
        import io

        import numpy as np

        row = self._db.execute("SELECT seed, reference FROM dispatches WHERE key=? AND triple=? AND cpu=? AND "
                               "features=?", (key, *target)).fetchone()
        if row is None or row[1] is None:
            return None
        with np.load(io.BytesIO(row[1])) as data:
            return row[0], [data[f"arr_{i}"] for i in range(len(data.files))]

    def record(self, trial: Trial) -> bool:
        """Writes one trial; False when that config was already recorded (nothing changes)."""
        if trial.status not in STATUSES:
            raise ValueError(f"unknown trial status {trial.status}")
        from castiron import __version__

        cursor = self._db.execute(
            "INSERT OR IGNORE INTO trials (key, triple, cpu, features, config, applied, strategy, status, median_s, "
            "min_s, max_s, repetitions, node, version, timestamp, error) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (trial.key, *trial.target, trial.config, trial.applied, trial.strategy, trial.status, trial.median_s,
             trial.min_s, trial.max_s, trial.repetitions, trial.node, __version__, time.time(), trial.error[:2000]))
        self._db.commit()
        return cursor.rowcount == 1

    def configs(self, key: str, target: tuple) -> set:
        rows = self._db.execute("SELECT config FROM trials WHERE key=? AND triple=? AND cpu=? AND features=?",
                                (key, *target))
        return {r[0] for r in rows}

    def trials(self, key: str | None = None, target: tuple | None = None) -> list[dict]:
        query, args = "SELECT * FROM trials", []
        where = []
        if key is not None:
            where.append("key=?")
            args.append(key)
        if target is not None:
            where.append("triple=? AND cpu=? AND features=?")
            args += list(target)
        if where:
            query += " WHERE " + " AND ".join(where)
        cursor = self._db.execute(query + " ORDER BY id", args)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor]

    def dispatches(self) -> list[dict]:
        cursor = self._db.execute("SELECT * FROM dispatches ORDER BY rowid")
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor]

    def best(self, key: str, target: tuple) -> dict | None:
        """The fastest correct trial of a dispatch on a target, or None."""
        cursor = self._db.execute(
            "SELECT * FROM trials WHERE key=? AND triple=? AND cpu=? AND features=? AND status='ok' "
            "ORDER BY median_s LIMIT 1", (key, *target))
        row = cursor.fetchone()
        return dict(zip([d[0] for d in cursor.description], row)) if row else None

    def best_configs(self, spec) -> dict:
        """{dispatch key: DispatchConfig} of the fastest correct trial per dispatch for a target
        (a TargetSpec); the default's own record maps to the heuristics."""
        target = target_of(spec)
        rows = self._db.execute(
            "SELECT key, config, MIN(median_s) FROM trials WHERE triple=? AND cpu=? AND features=? AND status='ok' "
            "GROUP BY key", target)
        return {key: replace(parse_config(config) if config != "default" else DispatchConfig(), source="tuning-db")
                for key, config, _ in rows}
