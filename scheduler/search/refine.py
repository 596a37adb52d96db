"""Refining a school's timetable: small searches around the sessions that cost, everything else fixed.

A school whose classes fill their week only changes by lessons trading periods along chains of classes and
teachers, which a whole-school model searches slowly. Each round picks a pair of a soft min-days set placed too close
(or a session outside its preferred times) and frees the units of its classes on its days and two other days (one the
set leaves empty, where one of the pair may go; one at random, for chains through a third day), grown along the
teachers and classes of the freed units on those days to a size that adapts (as ``phases.lns``'s does); a short
CP-SAT search (``neighbourhood``) places them again with the least soft penalty, the timetable in hand as its hint.
A result no worse than before is kept: moves that cost nothing let the next rounds reach what this one could not.
After ``STALL`` rounds without a lower penalty, one round frees every unit on the pair's day and a day its set leaves
empty (whole option blocks of a year trade days only so).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from itertools import combinations

from scheduler.problem import Apart, Problem, covered
from scheduler.search.neighbourhood import Neighbourhood
from scheduler.search.units import COHORT, Board, Where

SIZE = 250  # units freed about at first; then a little more after a search settled, less after one ran out of time
GROW, SHRINK = 1.05, 0.9  # so that about two searches in three are settled
MIN_SIZE, MAX_SIZE = 30, 500
SECONDS = 0.3  # one neighbourhood's search at most
OTHER_DAYS = 2  # weekdays freed beside those of the sessions that cost
STALL = 8  # rounds without a lower penalty before one frees every unit on the pair's day and another
WIDE_SECONDS = 1.0  # that search's time at most: a whole school's two days settle in about a second
SEEN = {"apart", "audience"}  # the soft rules the neighbourhoods weigh
NO_EFFECT = {"same_venue", "spread"}  # soft rules between sessions of one group: a school's groups meet once
WITH_RESIDENTS = {"coverage", "clash"}  # soft rules about residents' interests

Costly = tuple[tuple[int, ...], Apart | None]  # units that cost, and the soft min-days set they are too close in


def applies(problem: Problem) -> bool:
    """Whether the problem has soft penalties to refine (soft min-days sets, preferred times), weighs no other rule
    the neighbourhoods would not see, and has no hard rule they do not keep (a class's gap limit)."""
    if any(c.max_gaps is not None for c in problem.cohorts):
        return False
    w = vars(problem.weights)
    unseen = set(w) - SEEN - NO_EFFECT - (set() if problem.residents else WITH_RESIDENTS)
    if any(w[name] for name in unseen):
        return False
    return bool(w["apart"] and any(not a.hard for a in problem.apart)) or bool(
        w["audience"] and any(g.preferred for g in problem.groups)
    )


def improve(
    board: Board,
    where: Where,
    deadline: float,
    seed: int = 0,
    stop: Callable[[], bool] | None = None,
    on_improve: Callable[[int], None] | None = None,
) -> Where:
    """``where`` (every unit placed) with no more soft penalty, searched until the ``deadline``, ``stop()``, or
    nothing costs; ``on_improve(penalty)`` after each round that lowers it."""
    return _Refining(board, seed).run(where, deadline, stop, on_improve)


class _Refining:
    def __init__(self, board: Board, seed: int) -> None:
        self.board, self.rng = board, random.Random(seed)
        self.size = float(SIZE)
        self.stall = 0
        self.weekday = [s.weekday for s in board.problem.slots]
        self.unit_of = board.unit_of
        self.by_key = board.by_key

    def run(self, where: Where, deadline: float, stop, on_improve) -> Where:
        while time.perf_counter() < deadline and not (stop is not None and stop()):
            costly = self._costly(where)
            if not costly:
                break
            pick = self.rng.choice(costly)
            wide = self.stall >= STALL
            hood = Neighbourhood(self.board, where, (self._days if wide else self._around)(where, pick), soft=True)
            found = hood.search(min(WIDE_SECONDS if wide else SECONDS, deadline - time.perf_counter()), self.rng)
            better = found is not None and found[1] < hood.now
            self.stall = 0 if wide or better else self.stall + 1
            if not wide:
                self.size = min(MAX_SIZE, self.size * GROW) if hood.settled else max(MIN_SIZE, self.size * SHRINK)
            if found is None or found[1] > hood.now:
                continue
            where = {**where, **found[0]}
            if better and on_improve is not None:
                on_improve(self.penalty(where))
        return where

    def penalty(self, where: Where) -> int:
        """The soft penalty of ``where``: the pairs too close (of one unit too), the sessions outside their times."""
        w = self.board.problem.weights
        costly = self._costly(where, every=True)
        return sum(w.audience if a is None else w.apart for _, a in costly)

    def _costly(self, where: Where, every: bool = False) -> list[Costly]:
        """Each pair of units of a soft min-days set too close (``every``: the groups of one unit too), and each
        unit outside its preferred times."""
        problem, weekday = self.board.problem, self.weekday
        out: list[Costly] = []
        for a in problem.apart if problem.weights.apart else ():
            if a.hard:
                continue
            for g, h in combinations(a.groups, 2):
                u, v = self.unit_of[g], self.unit_of[h]
                if (u != v or every) and abs(weekday[where[u][0]] - weekday[where[v][0]]) < a.days:
                    out.append(((u, v), a))
        for u, (t, _) in where.items() if problem.weights.audience else ():
            s = problem.slots[t]
            for g in self.board.units[u]:
                group = problem.group[g]
                if group.preferred and not covered(group.preferred, s.weekday, s.start, s.start + group.length):
                    out.append(((u,), None))
        return out

    def _days(self, where: Where, costly: Costly) -> set[int]:
        """Every unit on ``costly``'s weekdays and one more (one its set leaves empty, when there is one)."""
        weekday = self.weekday
        units, apart = costly
        days = {weekday[where[u][0]] for u in units}
        taken = days | ({weekday[where[self.unit_of[g]][0]] for g in apart.groups} if apart else set())
        others = sorted(set(weekday) - days)
        days.add(self.rng.choice([d for d in others if d not in taken] or others or sorted(days)))
        return {u for u, (t, _) in where.items() if weekday[t] in days}

    def _around(self, where: Where, costly: Costly) -> set[int]:
        """The units of ``costly``'s classes on their weekdays and ``OTHER_DAYS`` more (first one its set leaves
        empty), with those of their classes' other classes when they fit, then units on those days sharing a teacher
        or class with a freed one, at random, until the size of the moment."""
        board, weekday, rng = self.board, self.weekday, self.rng
        units, apart = costly
        days = {weekday[where[u][0]] for u in units}
        others = sorted(set(weekday) - days)
        chosen: set[int] = set()
        if apart is not None:
            taken = {weekday[where[self.unit_of[g]][0]] for g in apart.groups}
            empty = [d for d in others if d not in taken]
            chosen |= set(rng.sample(empty, min(1, len(empty))))
        rest = [d for d in others if d not in chosen]
        days |= chosen | set(rng.sample(rest, min(OTHER_DAYS - len(chosen), len(rest))))
        keys = {k for u in units for g in board.units[u] for k in board.keys[g] if k.startswith(COHORT)}
        keys = keys or {k for u in units for g in board.units[u] for k in board.keys[g]}
        free = {u for k in keys for u in self.by_key[k] if weekday[where[u][0]] in days} | set(units)
        keys = {k for u in free for g in board.units[u] for k in board.keys[g] if k.startswith(COHORT)}
        more = {u for k in keys for u in self.by_key[k] if weekday[where[u][0]] in days}  # their classes' classes
        free |= more if len(free | more) <= self.size else set()
        growing = sorted(free)
        while len(free) < self.size and growing:
            u = rng.choice(growing)
            k = rng.choice([k for g in board.units[u] for k in board.keys[g]])
            more = {v for v in self.by_key[k] if weekday[where[v][0]] in days} - free
            if not more:
                growing.remove(u)
            free |= more
            growing += sorted(more)
        return free
