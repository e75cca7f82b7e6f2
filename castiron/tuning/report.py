"""What a tuning database says: a table per dispatch, or a picture of each search.

The picture has one panel per dispatch: every correct trial as a dot (time against trial
number), the best-so-far as a step line, the heuristic default as a dashed line, failures as
red crosses along the bottom, so a glance tells how fast each search converged and how much
it won.
"""
from __future__ import annotations

import math
import os

from castiron.errors import UsageError

from .database import TuningDatabase


def summarize(db: TuningDatabase) -> list[dict]:
    """Per (dispatch, target): trial counts by status, default and best times, best config."""
    rows = []
    for d in db.dispatches():
        target = (d["triple"], d["cpu"], d["features"])
        trials = db.trials(d["key"], target)
        default = next((t for t in trials if t["config"] == "default"), None)
        best = db.best(d["key"], target)
        counts = {}
        for t in trials:
            counts[t["status"]] = counts.get(t["status"], 0) + 1
        rows.append({"key": d["key"], "target": f"{d['triple']}:{d['cpu']}", "summary": d["summary"],
                     "trials": trials, "counts": counts,
                     "default_s": default["median_s"] if default else None,
                     "best_s": best["median_s"] if best else None, "best_config": best["config"] if best else "",
                     "default_config": d["default_config"]})
    return rows


def table(db: TuningDatabase) -> str:
    rows = summarize(db)
    if not rows:
        return "no dispatches recorded"
    lines = [f"{'dispatch':<44} {'trials':>6} {'failed':>6} {'default ms':>11} {'best ms':>10} {'speedup':>8}  best config"]
    total_default = total_best = 0.0
    for r in rows:
        failed = sum(n for s, n in r["counts"].items() if s != "ok")
        speedup = r["default_s"] / r["best_s"] if r["default_s"] and r["best_s"] else float("nan")
        if r["default_s"] and r["best_s"]:
            total_default += r["default_s"]
            total_best += r["best_s"]
        lines.append(f"{r['key']:<44} {len(r['trials']):>6} {failed:>6} {_ms(r['default_s']):>11} "
                     f"{_ms(r['best_s']):>10} {speedup:>7.2f}x  {r['best_config']}")
    if total_best:
        lines.append(f"{'all dispatches (sum of one call each)':<44} {'':>6} {'':>6} {total_default * 1e3:>11.4f} "
                     f"{total_best * 1e3:>10.4f} {total_default / total_best:>7.2f}x")
    return "\n".join(lines)


def plot(db: TuningDatabase, path: str) -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise UsageError("--report -o needs matplotlib: pip install 'castiron[plot]'") from None
    rows = summarize(db)
    if not rows:
        raise UsageError(f"'{db.path}' records no dispatches: nothing to plot")
    rows.sort(key=lambda r: -(r["default_s"] or 0))  # where the time goes first
    timed = [r for r in rows if r["default_s"] and r["best_s"]]
    total_default, total_best = sum(r["default_s"] for r in timed), sum(r["best_s"] for r in timed)
    cols = min(3, len(rows))
    nrows = math.ceil(len(rows) / cols)
    fig, axes = plt.subplots(nrows, cols, figsize=(5.2 * cols, 3.4 * nrows), squeeze=False)
    for ax, r in zip(axes.flat, rows):
        xs, ys, best, best_x, fails = [], [], [], [], []
        so_far = math.inf
        for i, t in enumerate(r["trials"], start=1):
            if t["status"] == "ok":
                xs.append(i)
                ys.append(t["median_s"] * 1e3)
                so_far = min(so_far, t["median_s"] * 1e3)
            else:
                fails.append(i)
            if so_far < math.inf:
                best_x.append(i)
                best.append(so_far)
        ax.scatter(xs, ys, s=9, color="#9db4d0", label="trial")
        ax.step(best_x, best, where="post", color="#1f4e8c", linewidth=2, label="best so far")
        if r["default_s"]:
            ax.axhline(r["default_s"] * 1e3, color="#c05020", linestyle="--", label="heuristic default")
        if fails:
            bottom = min(ys + best) * 0.95 if ys else 0
            ax.scatter(fails, [bottom] * len(fails), marker="x", color="red", s=14, label="failed")
        speedup = f"{r['default_s'] / r['best_s']:.2f}x" if r["default_s"] and r["best_s"] else "-"
        ax.set_title(f"{r['key']}\n{r['target']}  best {speedup} over default", fontsize=8)
        ax.set_xlabel("trial")
        ax.set_ylabel("median time (ms)")
        ax.set_yscale("log")
        ax.grid(alpha=0.3)
    for ax in list(axes.flat)[len(rows):]:
        ax.axis("off")
    axes.flat[0].legend(fontsize=7)
    if total_best:
        fig.suptitle(f"{os.path.basename(db.path)}: {len(rows)} dispatch(es), slowest first\none call of each: "
                     f"{total_default * 1e3:.3f} ms by default, {total_best * 1e3:.3f} ms tuned "
                     f"({total_default / total_best:.2f}x)", fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _ms(seconds) -> str:
    return "-" if seconds is None else f"{seconds * 1e3:.4f}"
