"""A first timetable for a school by placing and evicting: each activity goes where it displaces least.

A school whose classes fill their week is an exact cover CP-SAT's search does not crack in a short solve, while
FET places it in seconds by putting an activity where it clashes least and taking the clashing ones out again.
This is that construction: the unplaced activity with the fewest slots (less a weight per time it was taken out) goes
to the slot whose clashing activities weigh least (each weighs one plus the times it was taken out, and in every
other attempt each pair of a soft min-days set it would be too close to weighs ``CLOSE``), and those leave.
Activities of a same-starting-time set move as one. It keeps the clash rules (teacher, cohort, venue), hard
min-days sets and the per-day caps of soft ones; every other rule is the candidates' (slots and venues), and the
result is checked by the model before it is used. When an attempt stalls with a few units left over, the endgame
(``endgame``) places them by small CP-SAT searches around them; it restarts with another seed every ``RESTART``
seconds.
It applies to problems of one community whose groups meet once a week (a FET or school file).
"""

from __future__ import annotations

import random
import time
from collections import defaultdict

from scheduler.model.candidates import Candidates
from scheduler.problem import Problem
from scheduler.search import endgame, units
from scheduler.solution import Assignment

RESTART = 8.0  # seconds of one attempt before another seed starts afresh
WEIGHTS = (20, 10)  # attempt by attempt: slots an eviction is worth in choosing what to place next
CLOSE = (2.0, 0.0)  # attempt by attempt: evictions a pair of a soft min-days set placed too close is worth
STALL = 1.0  # seconds without fewer units left over: the attempt hands its best state to the endgame
ENDGAME_LEFT = 8  # units left over at most for the endgame to take on: more is the construction's job


def applies(problem: Problem) -> bool:
    """One community, every group once a week: no travel and no weekly patterns to keep."""
    return len({g.community for g in problem.groups}) == 1 and all(g.sessions == 1 for g in problem.groups)


def construct(
    problem: Problem, cands: Candidates, seconds: float, seed: int = 0, stop=None
) -> tuple[Assignment, ...] | None:
    """A timetable placing every group, or None when the ``seconds`` end first (or ``stop()`` is true)."""
    deadline = time.perf_counter() + seconds
    attempt = 0
    while time.perf_counter() < deadline and not (stop is not None and stop()):
        weight, close = WEIGHTS[attempt % len(WEIGHTS)], CLOSE[attempt % len(CLOSE)]
        until = min(deadline, time.perf_counter() + RESTART)
        trying = _Attempt(problem, cands, seed + attempt, weight, close)
        found = trying.run(until, stop)
        if found is None and trying.best is not None and len(trying.units) - len(trying.best) <= ENDGAME_LEFT:
            done = endgame.finish(trying.board, trying.best, deadline, seed + attempt, stop)
            found = None if done is None else units.timetable(trying.board, done)
        if found is not None:
            return found
        attempt += 1
    return None


class _Attempt:
    def __init__(self, problem: Problem, cands: Candidates, seed: int, weight: int, close: float = 0.0) -> None:
        self.problem, self.cands, self.rng, self.weight = problem, cands, random.Random(seed), weight
        self.close = close  # 0: the soft min-days sets only break ties between slots that evict as much
        self.board = b = units.board(problem, cands)
        self.units, self.slots, self.keys, self.aparts = b.units, b.slots, b.keys, b.aparts
        self.busy: dict[tuple[str, int], set[int]] = defaultdict(set)  # (key or venue, grid point) → units
        self.days: dict[str, dict[int, int]] = defaultdict(dict)  # apart set → unit → weekday
        self.where: dict[int, tuple[int, dict[str, str]]] = {}
        self.evicted: dict[int, int] = defaultdict(int)
        self.best: dict[int, tuple[int, dict[str, str]]] | None = None  # the state with fewest units left over

    def run(self, deadline: float, stop) -> tuple[Assignment, ...] | None:
        """Every unit placed, or None at the ``deadline``, on ``stop()``, or stalled ``STALL`` seconds with at
        most ``ENDGAME_LEFT`` units left over (then ``best`` is the endgame's to finish)."""
        todo = set(range(len(self.units)))
        if any(not s for s in self.slots):
            return None
        fewest, since = len(todo), time.perf_counter()
        while todo:
            now = time.perf_counter()
            if now > deadline or (stop is not None and stop()):
                return None
            if len(todo) < fewest:
                self.best, fewest, since = dict(self.where), len(todo), now
            elif fewest <= ENDGAME_LEFT and now - since > STALL:
                return None
            k = min(todo, key=lambda u: (len(self.slots[u]) - self.weight * self.evicted[u], self.rng.random()))
            best = None
            for t in self.slots[k]:
                clashing, venues, close = self._clashing(k, t)
                score = (sum(1 + self.evicted[u] for u in clashing) + self.close * close, close, self.rng.random())
                if best is None or score < best[0]:
                    best = (score, t, clashing, venues)
            assert best is not None
            _, t, clashing, venues = best
            for u in clashing:
                self._take(u)
                self.evicted[u] += 1
                todo.add(u)
            self._put(k, t, venues)
            todo.discard(k)
        return units.timetable(self.board, self.where)

    def _points(self, g: str, t: int) -> tuple[int, ...]:
        return self.cands.covers(t, self.problem.group[g].length)

    def _clashing(self, k: int, t: int) -> tuple[set[int], dict[str, str], int]:
        """The placed units that unit ``k`` at slot ``t`` would displace, the venue each group takes, and how many
        placed groups of its soft min-days sets it would be too close to (a tie-break: the soft rule's cost)."""
        out: set[int] = set()
        close = 0
        venues: dict[str, str] = {}
        day = self.problem.slots[t].weekday
        for g in self.units[k]:
            points = self._points(g, t)
            for key in self.keys[g]:
                for p in points:
                    out |= self.busy.get((key, p), set())
            least: set[int] | None = None
            taken = set(venues.values())  # a same-starting-time set's groups meet in different venues
            for v in sorted(self.cands.of[g].venues_at[t], key=lambda v: v in taken):
                if v in taken and least is not None:
                    break
                there = set().union(*(self.busy.get(("v:" + v, p), set()) for p in points)) - {k}
                if least is None or len(there) < len(least):
                    venues[g], least = v, there
                    if not there:
                        break
            out |= least or set()
            for a in self.aparts[g]:
                placed = self.days[a.id]
                if a.hard:
                    out |= {u for u, d in placed.items() if u != k and abs(d - day) < a.days}
                else:
                    same = [u for u, d in placed.items() if u != k and d == day]
                    if a.per_day:
                        out |= set(same[: max(0, len(same) - a.per_day + 1)])
                    close += sum(1 for u, d in placed.items() if u != k and abs(d - day) < a.days)
        out.discard(k)
        return out, venues, close

    def _put(self, k: int, t: int, venues: dict[str, str]) -> None:
        self.where[k] = (t, venues)
        for g in self.units[k]:
            for p in self._points(g, t):
                for key in (*self.keys[g], "v:" + venues[g]):
                    self.busy[(key, p)].add(k)
            for a in self.aparts[g]:
                self.days[a.id][k] = self.problem.slots[t].weekday

    def _take(self, k: int) -> None:
        t, venues = self.where.pop(k)
        for g in self.units[k]:
            for p in self._points(g, t):
                for key in (*self.keys[g], "v:" + venues[g]):
                    self.busy[(key, p)].discard(k)
            for a in self.aparts[g]:
                self.days[a.id].pop(k, None)
