"""Search strategies: which configurations of a dispatch to try next.

`random` draws uniformly from the space. `evolutionary` (the default) keeps the fastest
correct records as a population and proposes mutations of them (one knob moved, see
SearchSpace.mutate), chosen by tournament, with a share of random draws to keep exploring.
Both read only the records, so a resumed search continues from where the database stands.
"""
from __future__ import annotations

import random

from castiron.backend.dispatch_config import DispatchConfig, parse_config
from castiron.errors import UsageError

from .space import SearchSpace

STRATEGIES = ("evolutionary", "random")
POPULATION = 8
EXPLORE = 0.25  # share of random draws in the evolutionary strategy


def propose(strategy: str, space: SearchSpace, records: list[dict], count: int, rng: random.Random,
            default: DispatchConfig | None = None) -> list[DispatchConfig]:
    """Up to `count` valid configs not yet in `records` (fewer when the space runs out)."""
    if strategy not in STRATEGIES:
        raise UsageError(f"unknown search strategy '{strategy}' (strategies: {', '.join(STRATEGIES)})")
    seen = {r["config"] for r in records}
    if default is not None:
        seen.add(str(default))  # the heuristics' choice, spelled out, is the default's record
    population = _population(records, default)
    out: list[DispatchConfig] = []
    misses = 0
    while len(out) < count and misses < 200:
        if strategy == "random" or not population or rng.random() < EXPLORE:
            candidate = space.sample(rng)
        else:
            parent = min(rng.sample(population, min(2, len(population))), key=lambda p: p[0])[1]
            candidate = space.mutate(parent, rng)
        if candidate is None or str(candidate) in seen:
            misses += 1
            continue
        seen.add(str(candidate))
        out.append(candidate)
    return out


def _population(records: list[dict], default: DispatchConfig | None) -> list[tuple[float, DispatchConfig]]:
    ok = sorted((r for r in records if r["status"] == "ok" and r["median_s"] is not None), key=lambda r: r["median_s"])
    population = []
    for r in ok[:POPULATION]:
        config = default if r["config"] == "default" else parse_config(r["config"])
        if config is not None and config.tile is not None:
            population.append((r["median_s"], config))
    return population
