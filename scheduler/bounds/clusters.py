"""Clusters of three groups at a grid point: what tightens the pairs' dual (MPLP cluster pursuit, Sontag et al. 2008).

Three groups that each want the same grid point defeat a dual over pairs: each pair alone can "agree" on one of
the two meeting elsewhere, so all three seem to get the point. A cluster keeps its own copy of whether each of
the three patterns covers the point (2 × 2 × 2 states, no cost of its own) and a price per such pair state on each
of its three pairs; for any prices the dual stays a bound, and the cluster's update (MPLP's) never lowers it. The
clusters whose update would raise the bound most at the current prices are added a few at a time (the clique
cuts of the search model, ``model/cliques.py``, say the same to an LP).
"""

from __future__ import annotations

from typing import Protocol

import numpy as np


class Pair(Protocol):
    """Two groups' pattern × pattern ``table`` (prices folded in: cluster prices are added to it in place) and
    each side's price per pattern."""

    groups: tuple[int, int]
    table: np.ndarray
    prices: tuple[np.ndarray, np.ndarray]


def belief(pair: Pair) -> np.ndarray:
    """The pair's table less what its groups' prices take off."""
    return pair.table - pair.prices[0][:, None] - pair.prices[1][None, :]


class Triplet:
    """Groups ``members`` at one grid point: ``covers[i]``, per pattern of member i, whether it covers the point;
    ``edges``: (pair, i, j) with the pair's groups members i < j; ``prices``: 2 × 2 per edge."""

    def __init__(self, members: tuple[int, int, int], covers: list[np.ndarray], edges: list[tuple[Pair, int, int]]):
        self.members = members
        self.covers = [c.astype(np.intp) for c in covers]
        self.edges = edges
        self.prices = [np.zeros((2, 2)) for _ in edges]

    def _spread(self, k: int, price: np.ndarray) -> np.ndarray:
        _, i, j = self.edges[k]
        return price[self.covers[i][:, None], self.covers[j][None, :]]

    def update(self) -> None:
        """MPLP's cluster update: each pair's coarse belief becomes a third of the cluster's best beside it."""
        coarse = []
        for k, (pair, i, j) in enumerate(self.edges):
            coarse.append(_coarse(belief(pair) - self._spread(k, self.prices[k]), self.covers[i], self.covers[j]))
        total = _joint(self.edges, coarse)
        for k, ((pair, i, j), mine) in enumerate(zip(self.edges, coarse, strict=True)):
            new = total.min(axis=3 - i - j) / len(self.edges) - mine
            pair.table += self._spread(k, new - self.prices[k])
            self.prices[k] = new

    def least(self) -> float:
        """The cluster's own share of the bound: the cheapest of its states less its prices."""
        return float(_joint(self.edges, [-p for p in self.prices]).min())


def _joint(edges: list[tuple[Pair, int, int]], tables: list[np.ndarray]) -> np.ndarray:
    """2 × 2 × 2: the sum of each edge's 2 × 2 table over the members it joins."""
    total = np.zeros((2, 2, 2))
    for (_, i, j), table in zip(edges, tables, strict=True):
        shape = [1, 1, 1]
        shape[i] = shape[j] = 2
        total = total + table.reshape(shape)
    return total


def _coarse(table: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """The cheapest entry of ``table`` for each (covers, covers) state of its row and its column."""
    out = np.empty((2, 2))
    for x in (0, 1):
        part = table[rows == x]
        for y in (0, 1):
            out[x, y] = part[:, cols == y].min()
    return out


def pursue(
    pairs: list[Pair], points: list[np.ndarray], have: set[tuple[int, int, int, int]], count: int
) -> list[Triplet]:
    """At most ``count`` new triplets (not in ``have``, which takes them), those whose first update would raise the
    bound most; ``points[g]``: per pattern of group g, the grid points it covers."""
    by_groups = {p.groups: p for p in pairs}
    linked: dict[int, set[int]] = {}
    for a, b in by_groups:
        linked.setdefault(a, set()).add(b)
        linked.setdefault(b, set()).add(a)
    split = {g: m.any(axis=0) & ~m.all(axis=0) for g, m in enumerate(points)}  # points where g has a choice
    coarse = {key: _coarse_at_points(belief(p), points[key[0]], points[key[1]]) for key, p in by_groups.items()}
    found: list[tuple[float, int, int, int, int]] = []
    for a in sorted(linked):
        for b in sorted(h for h in linked[a] if h > a):
            for c in sorted(h for h in linked[a] & linked[b] if h > b):
                choice = split[a] & split[b] & split[c]
                if not choice.any():
                    continue
                ab, ac, bc = coarse[(a, b)], coarse[(a, c)], coarse[(b, c)]
                best = (ab[:, :, :, None] + ac[:, :, None, :] + bc[:, None, :, :]).reshape(len(choice), -1).min(1)
                apart = sum(t.reshape(len(choice), -1).min(1) for t in (ab, ac, bc))
                gain = best - apart
                for point in np.nonzero(choice & (gain > 1e-6))[0]:
                    if (a, b, c, int(point)) not in have:
                        found.append((float(gain[point]), a, b, c, int(point)))
    found.sort(key=lambda f: -f[0])
    chosen = []
    for _, a, b, c, point in found[:count]:
        have.add((a, b, c, point))
        edges = [(by_groups[(a, b)], 0, 1), (by_groups[(a, c)], 0, 2), (by_groups[(b, c)], 1, 2)]
        chosen.append(Triplet((a, b, c), [points[g][:, point] for g in (a, b, c)], edges))
    return chosen


def _coarse_at_points(table: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """point × 2 × 2: ``_coarse`` at every grid point at once (``rows``/``cols``: pattern × point, covers)."""
    out = np.empty((rows.shape[1], 2, 2))
    for y in (0, 1):
        by_row = np.where((cols == y)[None, :, :], table[:, :, None], np.inf).min(axis=1)  # pattern × point
        for x in (0, 1):
            out[:, x, y] = np.where(rows == x, by_row, np.inf).min(axis=0)
    return out
