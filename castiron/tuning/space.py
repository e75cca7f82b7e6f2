"""A dispatch's search space: the configurations codegen can apply to it.

The knobs are those of backend/dispatch_config.py. For each parallel loop of the root, the
workgroup tile takes a divisor of the loop's range or a power of two (whole tiles keep shapes
static; powers of two give boundary tiles); a matmul that vectorizes also gets its register
tile (rows x columns dividing its M and N tiles) and vectorization on/off. Everything the space
samples is valid by construction, so a search spends no trials on configs codegen would refuse.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
import math
import random

from castiron.backend.dispatch_config import DispatchConfig

MAX_TILE_CHOICES = 10
REG_ROWS = (1, 2, 4, 6, 8, 12, 16)
REG_COLS = (8, 16, 32, 48, 64)
K_BLOCKS = (0, 32, 64, 128, 256, 512)  # 0 = the whole k loop (written kc=0)


def tile_choices(extent: int, whole_only: bool) -> list[int]:
    """Divisors of `extent` (and powers of two unless `whole_only`), at most MAX_TILE_CHOICES,
    spread from 1 to the whole extent."""
    values = {d for d in range(1, extent + 1) if extent % d == 0}
    if not whole_only:
        values |= {1 << p for p in range(int(math.log2(max(1, extent))) + 1)}
    values = sorted(values)
    if len(values) > MAX_TILE_CHOICES:  # keep both ends and an even spread (in log scale) between
        picks = {values[round(i * (len(values) - 1) / (MAX_TILE_CHOICES - 1))] for i in range(MAX_TILE_CHOICES)}
        values = sorted(picks)
    return values


@dataclass
class SearchSpace:
    tiles: list            # per parallel loop: tile sizes to choose from
    matmul_dims: tuple | None  # indices (into tiles) of a vectorizable matmul's M and N, else None
    ranges: tuple = ()     # the parallel loops' ranges
    k_blocks: tuple = ()   # a vectorizable matmul's k blocks to choose from (0 = none)

    @classmethod
    def for_dispatch(cls, parallel_ranges: list, matmul_ranges: list) -> "SearchSpace":
        """The space of a dispatch whose root has `parallel_ranges`; `matmul_ranges` = (m, n, k)
        of an f32 matmul that vectorizes (empty if none)."""
        n = len(parallel_ranges)
        k_range = matmul_ranges[2] if len(matmul_ranges) > 2 else 0
        matmul_dims = (n - 2, n - 1) if matmul_ranges and n >= 2 else None
        tiles = [tile_choices(r, whole_only=bool(matmul_dims) and d in matmul_dims)
                 for d, r in enumerate(parallel_ranges)]
        k_blocks = tuple(b for b in K_BLOCKS if b == 0 or (b < k_range and k_range % b == 0)) if matmul_dims else ()
        return cls(tiles, matmul_dims, tuple(parallel_ranges), k_blocks)

    @property
    def size(self) -> int:
        """Number of distinct configurations (register tiles counted at their most)."""
        count = math.prod(len(c) for c in self.tiles) if self.tiles else 1
        if self.matmul_dims:
            count *= 1 + len(REG_ROWS) * len(REG_COLS) * max(1, len(self.k_blocks)) * 2
        return count

    def valid(self, config: DispatchConfig) -> bool:
        if config.tile is None:
            return not self.tiles
        if len(config.tile) != len(self.tiles) or any(t not in c for t, c in zip(config.tile, self.tiles)):
            return False
        if not self.matmul_dims:
            return config.reg is None and config.vector is None and config.kc is None and config.pack is None
        if config.vector is False:
            return config.reg is None and config.kc is None and config.pack is None
        if self.k_blocks and (config.kc not in self.k_blocks or config.pack is None):
            return False
        if config.reg is None:
            return False
        mt, nt = (config.tile[d] for d in self.matmul_dims)
        rows, cols = config.reg
        return mt % rows == 0 and nt % cols == 0

    def sample(self, rng: random.Random, attempts: int = 200) -> DispatchConfig | None:
        """A uniformly drawn valid config (None if the space has no knobs)."""
        if not self.tiles:
            return None
        for _ in range(attempts):
            tile = tuple(rng.choice(c) for c in self.tiles)
            config = self._with_vector(tile, rng)
            if config is not None and self.valid(config):
                return config
        return None

    def _with_vector(self, tile: tuple, rng: random.Random, vector: bool | None = None) -> DispatchConfig | None:
        if not self.matmul_dims:
            return DispatchConfig(tile=tile)
        if vector is None:
            vector = rng.random() < 0.85  # most of a matmul's space is its vectorized half
        if not vector:
            return DispatchConfig(tile=tile, vector=False)
        mt, nt = (tile[d] for d in self.matmul_dims)
        regs = [(r, c) for r in REG_ROWS for c in REG_COLS if mt % r == 0 and nt % c == 0]
        if not regs:
            return None
        kc, pack = (rng.choice(self.k_blocks), rng.random() < 0.5) if self.k_blocks else (None, None)
        return DispatchConfig(tile=tile, reg=rng.choice(regs), vector=True, kc=kc, pack=pack)

    def mutate(self, config: DispatchConfig, rng: random.Random, attempts: int = 50) -> DispatchConfig | None:
        """A neighbour: one knob moved to an adjacent (or, sometimes, any) value."""
        for _ in range(attempts):
            tile = list(config.tile)
            knob = rng.randrange(len(tile) + (4 if self.matmul_dims and self.k_blocks else
                                              2 if self.matmul_dims else 0))
            if knob < len(tile):
                choices = self.tiles[knob]
                i = choices.index(tile[knob]) if tile[knob] in choices else 0
                j = rng.choice([i - 1, i + 1]) if rng.random() < 0.7 else rng.randrange(len(choices))
                tile[knob] = choices[max(0, min(len(choices) - 1, j))]
                candidate = self._keep_reg(tuple(tile), config, rng)
            elif knob == len(tile):  # the register tile
                fresh = self._with_vector(tuple(tile), rng, vector=True)
                candidate = fresh and replace(fresh, kc=config.kc, pack=config.pack) if config.vector else fresh
            elif knob == len(tile) + 1:  # vectorization on/off
                candidate = self._with_vector(tuple(tile), rng, vector=not (config.vector is not False))
            elif not config.vector:
                continue
            elif knob == len(tile) + 2:  # the k block: a neighbour
                i = self.k_blocks.index(config.kc) if config.kc in self.k_blocks else 0
                j = max(0, min(len(self.k_blocks) - 1, i + rng.choice([-1, 1])))
                candidate = replace(config, kc=self.k_blocks[j])
            else:  # packing on/off
                candidate = replace(config, pack=not config.pack)
            if candidate is not None and candidate != config and self.valid(candidate):
                return candidate
        return None

    def _keep_reg(self, tile: tuple, config: DispatchConfig, rng: random.Random) -> DispatchConfig | None:
        """`tile` with the parent's register tile where it still divides, else a fresh one."""
        if self.matmul_dims and config.vector:
            kept = DispatchConfig(tile=tile, reg=config.reg, vector=True, kc=config.kc, pack=config.pack)
            return kept if self.valid(kept) else self._with_vector(tile, rng, vector=True)
        return DispatchConfig(tile=tile, reg=config.reg, vector=config.vector, kc=config.kc, pack=config.pack)
