"""A Lagrangian bound over the groups' weekly patterns, raised by message passing while the search runs.

Each group takes one weekly pattern (``weekly_patterns``). The residents' part of the objective, nearly all of
it, is written over patterns alone: an interest that does not fit its group's pattern (a term of that group),
and for two groups that overlap: the residents they share (``clash``), the interests lost because a group
overlaps one of the residents' other groups, and a teacher in two places (a hard rule: a large cost). An
interest lost to any of k other groups costs once, so each of the k pairs is charged 1/k of it (never more than
the true cost). Every other rule is dropped; all of this only lowers the minimum.

The bound is the Lagrangian dual over these terms: each pair of groups keeps its own copy of their choices and a
price per pattern says what agreeing is worth; for any prices, the sum of each group's and each pair's cheapest
choice is ≤ the optimum. Block coordinate ascent (MPLP's star update, one group at a time) raises it
monotonically, and every sweep gives a valid bound, so a search can read the latest whenever it likes.
Exact pair terms are what make it stronger than the model's own LP (whose overlap literals only approach the
pair's hull) at a fraction of the time. The pairs alone level off near the LP without clique cuts; clusters of three
groups at a grid point (``clusters.py``), added every few sweeps where they raise it most, take it past that.
"""

from __future__ import annotations

import math
import threading
import time
from collections import defaultdict

import numpy as np

from scheduler.bounds.clusters import Triplet, pursue
from scheduler.bounds.coverage import missed_at_best
from scheduler.model.candidates import Candidates
from scheduler.model.demand import Demand
from scheduler.model.variables import weekly_patterns
from scheduler.problem import Problem

BIG = 1e7  # a teacher in two places: far above any objective, finite so that prices stay finite
TOLERANCE = 1e-9  # relative: the prices' rounding, taken off before the bound is rounded up
CLUSTERS_EVERY = 5  # sweeps between two rounds of cluster pursuit (the first sweeps raise the pairs' part most)
CLUSTERS_AT_ONCE = 100  # triplets added a round: more at once raise it less a second
TIGHTEN_SECONDS = 0.3  # about what finding clusters takes on a community: not begun with less time left


class _Pair:
    """Groups a and b: ``table[k, l]``, the cost of a's pattern k beside b's pattern l; a price per pattern each."""

    def __init__(self, a: int, b: int, table: np.ndarray) -> None:
        self.groups = (a, b)
        self.table = np.asarray(table, dtype=float)  # the clusters' prices are added to it in place
        self.prices = (np.zeros(table.shape[0]), np.zeros(table.shape[1]))

    def marginal(self, side: int) -> np.ndarray:
        """The cheapest cost with each pattern of one side, the other side's price taken off."""
        if side == 0:
            return (self.table - self.prices[1][None, :]).min(axis=1)
        return (self.table - self.prices[0][:, None]).min(axis=0)

    def least(self) -> float:
        return float((self.table - self.prices[0][:, None] - self.prices[1][None, :]).min())


class PatternDual:
    """The bound's problem, built once; ``bound()`` is valid at any time and ``sweep()`` raises it."""

    def __init__(self, problem: Problem, cands: Candidates, demand: Demand) -> None:
        w = problem.weights
        self.ids: list[str] = []
        slots_of: list[np.ndarray] = []  # per group with patterns: pattern × slot
        points_of: list[np.ndarray] = []  # pattern × grid point (a slot index)
        for g in problem.groups:
            patterns = weekly_patterns(problem, cands.of[g.id].slots, g)
            if patterns is None:
                continue  # counted alone at its best pattern, below
            s = np.zeros((len(patterns), len(problem.slots)), dtype=bool)
            m = np.zeros_like(s)
            for k, pattern in enumerate(patterns):
                for t in pattern:
                    s[k, t] = True
                    m[k, list(cands.covers(t, g.length))] = True
            self.ids.append(g.id)
            slots_of.append(s)
            points_of.append(m.astype(np.int32))
        index = {gid: i for i, gid in enumerate(self.ids)}
        self.points = [m > 0 for m in points_of]  # per group: pattern × grid point it covers
        self.unary = [np.zeros(len(s)) for s in slots_of]
        alone: dict[str, dict[int, int]] = defaultdict(dict)
        overlaps: dict[tuple[int, int], np.ndarray] = {}
        tables: dict[tuple[int, int], np.ndarray] = {}

        def overlap(a: int, b: int) -> np.ndarray:
            if (a, b) not in overlaps:
                overlaps[(a, b)] = (points_of[a] @ points_of[b].T) > 0
            return overlaps[(a, b)]

        def charge(a: int, b: int, table: np.ndarray) -> None:
            key = (a, b) if a < b else (b, a)
            tables[key] = tables.get(key, 0) + (table if a < b else table.T)

        keys: list[dict[frozenset[int], int]] = [{} for _ in self.ids]  # per group: blocked slots → row
        counts: list[list[float]] = [[] for _ in self.ids]  # per group and row: residents
        shares: list[dict[int, dict[int, float]]] = [defaultdict(dict) for _ in self.ids]  # h → row → residents
        for interest in demand.interests:
            gi = index.get(interest.group)
            if gi is None:
                masks = alone[interest.group]
                blocked = sum(1 << t for t in interest.blocked)
                masks[blocked] = masks.get(blocked, 0) + interest.count
                continue
            row = keys[gi].setdefault(interest.blocked, len(keys[gi]))
            if row == len(counts[gi]):
                counts[gi].append(0.0)
            counts[gi][row] += interest.count
            others = [index[h] for h in interest.others if h in index]
            for h in others:  # lost once however many overlap: each pair carries its share
                shares[gi][h][row] = shares[gi][h].get(row, 0.0) + interest.count / len(others)
        for gi, rows in enumerate(keys):
            if not rows:
                continue
            blocked = np.zeros((len(rows), len(problem.slots)), dtype=np.int32)
            for slots, row in rows.items():
                blocked[row, sorted(slots)] = 1
            fits = (blocked @ slots_of[gi].T.astype(np.int32)) == 0  # row × pattern
            self.unary[gi] += w.coverage * (np.asarray(counts[gi]) @ ~fits)
            for h, by_row in shares[gi].items():
                share = np.zeros(len(rows))
                share[list(by_row)] = list(by_row.values())
                charge(gi, h, (w.coverage * (share @ fits))[:, None] * overlap(gi, h))
        self.constant = w.coverage * (demand.hopeless + missed_at_best(problem, cands, dict(alone)))
        if w.clash:
            for (g, h), shared in demand.shared.items():
                if g in index and h in index:
                    charge(index[g], index[h], w.clash * shared * overlap(index[g], index[h]))
        by_teacher: dict[str, list[int]] = defaultdict(list)
        for gid in self.ids:
            by_teacher[problem.group[gid].teacher].append(index[gid])
        for same in by_teacher.values():
            for n, a in enumerate(same):
                for b in same[n + 1 :]:
                    charge(a, b, BIG * overlap(a, b))
        self.pairs = [_Pair(a, b, table) for (a, b), table in sorted(tables.items()) if table.any()]
        self.around: list[list[tuple[_Pair, int]]] = [[] for _ in self.ids]
        for pair in self.pairs:
            for side, g in enumerate(pair.groups):
                self.around[g].append((pair, side))
        self.clusters: list[Triplet] = []
        self._clustered: set[tuple[int, int, int, int]] = set()

    def bound(self) -> float:
        """A proven lower bound of the objective at the current prices."""
        total = float(self.constant)
        for g, unary in enumerate(self.unary):
            total += float((unary + sum((p.prices[side] for p, side in self.around[g]), 0.0)).min())
        total += sum(p.least() for p in self.pairs)
        total += sum(c.least() for c in self.clusters)
        return total - TOLERANCE * abs(total)

    def tighten(self, count: int = CLUSTERS_AT_ONCE) -> int:
        """Add at most ``count`` clusters, those that raise the bound most at the current prices; how many."""
        found = pursue(self.pairs, self.points, self._clustered, count)
        self.clusters.extend(found)
        return len(found)

    def sweep(self) -> None:
        """One update per cluster, then one star update per group: the cost of its pairs spread evenly between it
        and them."""
        for cluster in self.clusters:
            cluster.update()
        for g, unary in enumerate(self.unary):
            around = self.around[g]
            if not around:
                continue
            marginals = [p.marginal(side) for p, side in around]
            share = (unary + sum(marginals)) / (len(around) + 1)
            for (p, side), m in zip(around, marginals, strict=True):
                p.prices[side][:] = m - share


class DualBound:
    """``PatternDual`` worked out in a thread from ``start()`` until ``stop()`` (or ``seconds`` after starting);
    ``value()``: the best bound so far (None before the first)."""

    def __init__(
        self, problem: Problem, cands: Candidates, demand: Demand, seconds: float = math.inf, start: bool = True
    ) -> None:
        self._best: int | None = None
        self._stop = threading.Event()
        self._seconds = seconds
        self._deadline = math.inf
        self.sweeps = 0
        self._inputs = (problem, cands, demand)
        self._dual: PatternDual | None = None
        self._thread = threading.Thread(target=self._run, daemon=True, name="dual")
        if start:
            self.start()

    def start(self) -> None:
        self._deadline = time.perf_counter() + self._seconds
        self._thread.start()

    def advance(self, seconds: float, sweeps: int = 1) -> None:
        """In the calling thread, before ``start()``: set up, then sweep for ``seconds`` and at least ``sweeps``
        times; clusters only when the time allows (the greedy waits for this share)."""
        end = time.perf_counter() + seconds
        self._set_up()
        while True:
            self._sweep(clusters=time.perf_counter() < end - TIGHTEN_SECONDS)
            if self.sweeps >= sweeps and time.perf_counter() >= end:
                self._keep()  # once: working the bound out costs half a sweep
                return

    def _set_up(self) -> None:
        if self._dual is None:
            self._dual = PatternDual(*self._inputs)
            self._keep()

    def _sweep(self, clusters: bool = True) -> None:
        self._dual.sweep()
        self.sweeps += 1
        if clusters and self.sweeps % CLUSTERS_EVERY == 0:
            self._dual.tighten()

    def _keep(self) -> None:
        value = math.ceil(self._dual.bound())  # the objective is whole
        if self._best is None or value > self._best:
            self._best = value

    def _run(self) -> None:
        self._set_up()
        while not self._stop.is_set() and time.perf_counter() < self._deadline:
            self._sweep()
            self._keep()

    def value(self) -> int | None:
        return self._best

    def join(self) -> None:
        """Wait until the thread ends (after ``stop()`` or its ``seconds``; at once when never started)."""
        if self._thread.is_alive():
            self._thread.join()

    def stop(self) -> int | None:
        """Stop at the end of the sweep under way (without waiting for it); the best bound known now (None when it
        never started or its set-up was not done)."""
        self._stop.set()
        return self._best
