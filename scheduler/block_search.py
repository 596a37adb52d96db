"""Local search on a timetable: one group at a time moves to the weekly pattern its residents gain most from.

Every other group stays where it is. A pattern's value is what the objective's largest terms make of it, with
the aggregated demand: the interests in the group that it makes attendable (inside the residents' free time,
overlapping none of their other groups), the interests in other groups it stops or starts spoiling by
overlapping them, the clashes with groups sharing members, and sessions outside the audience's times. A group
moves only to a strictly better pattern, so each pass makes these terms better or leaves them; a calendar of
who is busy when keeps every hard rule. The smaller terms (venue, spread, teacher days) are left to the exact
valuation that follows (``block_solve``).
"""

from __future__ import annotations

import math
import random
import time
from collections import defaultdict

from scheduler.candidates import Candidates
from scheduler.demand import Demand
from scheduler.greedy import Greedy, _Calendar
from scheduler.greedy_patterns import TOP, _free_options, _patterns, _points, _venues
from scheduler.problem import Group, Problem, covered
from scheduler.solution import Assignment

KICK = 3  # groups a kick moves at random
KICKS = 30  # kicks without a deadline (reproducible mode)
WIDTH = 2 * TOP  # slots a group weighs: measured on a district block, 20 beat 10 (−3.2 % vs −2.8 %) at no cost


def improve(
    problem: Problem,
    cands: Candidates,
    demand: Demand,
    assignments: tuple[Assignment, ...],
    movable: frozenset[str],
    deadline: float,
    passes: int = 3,
    seed: int = 0,
    kicks: bool = True,
) -> Greedy:
    """``assignments`` (every session of ``problem``) with groups of ``movable`` moved while it pays: one pass,
    then more, then kicks (a few groups moved at random, the descent again, undone unless the whole is better)
    until ``deadline`` (a ``time.perf_counter()`` value; ``math.inf``: ``KICKS`` kicks, reproducibly; no kicks
    unless ``kicks``). Groups the hint places against a hard rule that find no free pattern come back unplaced
    (``greedy_patterns.repair`` places them), with nothing moved."""
    s = _State(problem, cands, demand, assignments)
    unplaced = [g for g in sorted(s.loose) if g not in movable or s.try_move(problem.group[g]) is None]
    if unplaced:  # sessions the hint put where a fixed neighbour now is, and no free pattern for them
        return Greedy(s.assignments(), tuple(unplaced))
    groups = sorted(g for g in movable if not problem.group[g].pinned)
    s.descend(groups, deadline, passes, first=True)
    rng = random.Random(seed)
    done = 0
    while kicks and groups and time.perf_counter() < deadline and (deadline != math.inf or done < KICKS):
        mark = len(s.log)
        kicked = rng.sample(groups, min(KICK, len(groups)))
        gain = sum(s.try_move(problem.group[g], rng) or 0 for g in kicked)
        gain += s.descend(groups, deadline, passes)
        if gain <= 0:
            s.undo(mark)
        done += 1
    return Greedy(s.assignments(), ())


class _State:
    def __init__(self, problem: Problem, cands: Candidates, demand: Demand, assignments) -> None:
        self.problem, self.cands = problem, cands
        self.cal = _Calendar(problem, cands)
        self.where: dict[str, list[tuple[int, str]]] = defaultdict(list)
        by_group: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for a in assignments:
            by_group[a.group].append((problem.slot_index[a.slot], a.venue))
        self.loose: set[str] = set()  # groups whose hinted sessions break a hard rule: not booked
        self.log: list[tuple[str, list[tuple[int, str]]]] = []  # moves: group, where it was
        for gid in sorted(by_group, key=lambda gid: (not problem.group[gid].pinned, gid)):  # pinned first
            g = problem.group[gid]
            if self._fits(g, by_group[gid]):
                for t, v in by_group[gid]:
                    self.cal.book(g, t, v)
                self.where[gid] = by_group[gid]
            else:
                self.loose.add(gid)
        self.points = {g: _points(cands, problem.group[g], [t for t, _ in tv]) for g, tv in self.where.items()}
        self.mine: dict[str, list[tuple[int, tuple[str, ...], int]]] = defaultdict(list)  # blocked, others, n
        self.spoils: dict[str, list[tuple[str, int, tuple[str, ...], int]]] = defaultdict(list)  # h, blocked, …
        for i in demand.interests:
            blocked = sum(1 << t for t in i.blocked)
            others = tuple(sorted(i.others))
            self.mine[i.group].append((blocked, others, i.count))
            for o in others:
                self.spoils[o].append((i.group, blocked, others, i.count))
        self.partners: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for (g, h), n in demand.shared.items():
            self.partners[g].append((h, n))
            self.partners[h].append((g, n))

    def _fits(self, g: Group, sessions: list[tuple[int, str]]) -> bool:
        """Free now and on different days, booking as it goes (undone when it does not fit)."""
        days = [self.problem.slots[t].weekday for t, _ in sessions]
        if g.one_per_day and len(set(days)) < len(days):
            return False
        booked = []
        for t, v in sessions:
            if not self.cal.free(g, t, v):
                for b in booked:
                    self.cal.unbook(g, *b)
                return False
            self.cal.book(g, t, v)
            booked.append((t, v))
        for b in booked:
            self.cal.unbook(g, *b)
        return True

    def assignments(self) -> tuple[Assignment, ...]:
        out = []
        for gid, tv in self.where.items():
            if not tv:
                continue
            g = self.problem.group[gid]
            ordered = sorted(tv, key=lambda x: (self.problem.slots[x[0]].weekday, self.problem.slots[x[0]].start))
            out += [Assignment(gid, k, self.problem.slots[t], v, g.teacher) for k, (t, v) in enumerate(ordered)]
        return tuple(out)

    def descend(self, groups: list[str], deadline: float, passes: int, first: bool = False) -> int:
        """Passes moving each group to its best pattern until none moves (or the deadline, after a ``first``
        whole pass); the gain in the terms the search weighs."""
        gain = 0
        for k in range(passes):
            moved = 0
            for gid in groups:
                if (k or not first) and time.perf_counter() > deadline:
                    return gain
                step = self.try_move(self.problem.group[gid]) or 0
                gain, moved = gain + step, moved + (step > 0)
            if not moved:
                break
        return gain

    def try_move(self, g: Group, rng: random.Random | None = None) -> int | None:
        """Move ``g`` to its best pattern when strictly better (with ``rng``: to a random other one); the gain,
        or None when a group with no place yet finds none."""
        current = self.where[g.id]
        for t, v in current:
            self.cal.unbook(g, t, v)
        options = _free_options(self.problem, self.cands, self.cal, g)
        value = self._valuer(g)
        now = tuple(sorted(t for t, _ in current))
        slots = self._top(g, options) if current else sorted(options)  # a group with no place: any pattern
        others = [p for p in (tuple(sorted(p)) for p in _patterns(self.problem, g, slots)) if p != now]
        base = value(now) if current else None  # a group with no place must take some pattern
        best, best_value = now, base
        if rng is not None:
            best = rng.choice(others) if others else now
            best_value = value(best)
        else:
            for pattern in others:
                found = value(pattern)
                if best_value is None or found > best_value:
                    best, best_value = pattern, found
        chosen = current if best == now else _venues(self.problem, self.cal, g, best, options)
        self._set(g, chosen)
        if best != now:
            self.log.append((g.id, current))
        if not chosen:
            return None
        return 0 if best == now or base is None else best_value - base

    def undo(self, mark: int) -> None:
        """Put back every group moved since the log had ``mark`` entries."""
        while len(self.log) > mark:
            gid, before = self.log.pop()
            g = self.problem.group[gid]
            for t, v in self.where[gid]:
                self.cal.unbook(g, t, v)
            self._set(g, before)

    def _set(self, g: Group, chosen: list[tuple[int, str]]) -> None:
        for t, v in chosen:
            self.cal.book(g, t, v)
        self.where[g.id] = list(chosen)
        self.points[g.id] = _points(self.cands, g, [t for t, _ in chosen])

    def _top(self, g: Group, options) -> list[int]:
        """The slots most of its residents are free for (as the greedy weighs them), and the best of each day."""
        single = {t: sum(n for blocked, _, n in self.mine[g.id] if not blocked >> t & 1) for t in options}
        ranked = sorted(options, key=lambda t: (-single[t], t))
        best_of_day = {self.problem.slots[t].weekday: t for t in reversed(ranked)}
        return sorted(set(ranked[:WIDTH]) | set(best_of_day.values()))

    def _valuer(self, g: Group):
        """pattern → its value for ``g`` with every other group where it is (higher is better)."""
        w, points = self.problem.weights, self.points
        mine: dict[tuple[int, int], int] = defaultdict(int)  # (blocked, others' points) → residents
        for blocked, others, n in self.mine[g.id]:
            mine[(blocked, _union(points, others, g.id))] += n
        spoiled: dict[int, int] = defaultdict(int)  # points of another group whose residents g may spoil → n
        for h, blocked, others, n in self.spoils[g.id]:
            if h in points and not blocked & _slots(self.where[h]) and not points[h] & _union(points, others, g.id):
                spoiled[points[h]] += n
        partners = [(points[h], n) for h, n in self.partners[g.id] if h in points]
        off = {}
        for t in self.cands.of[g.id].slots:
            s = self.problem.slots[t]
            off[t] = bool(g.preferred) and not covered(g.preferred, s.weekday, s.start, s.start + g.length)

        def value(pattern: tuple[int, ...]) -> int:
            mask = sum(1 << t for t in pattern)
            pts = _points(self.cands, g, pattern)
            kept = sum(n for (blocked, near), n in mine.items() if not blocked & mask and not near & pts)
            kept += sum(n for near, n in spoiled.items() if not near & pts)
            clash = sum(n for near, n in partners if near & pts)
            return w.coverage * kept - w.clash * clash - w.audience * sum(off[t] for t in pattern)

        return value


def _union(points: dict[str, int], groups: tuple[str, ...], leave_out: str) -> int:
    out = 0
    for h in groups:
        if h != leave_out:
            out |= points.get(h, 0)
    return out


def _slots(where: list[tuple[int, str]]) -> int:
    return sum(1 << t for t, _ in where)
