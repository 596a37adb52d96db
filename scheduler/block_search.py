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

import time
from collections import defaultdict

from scheduler.candidates import Candidates
from scheduler.demand import Demand
from scheduler.greedy import _Calendar
from scheduler.greedy_patterns import TOP, _free_options, _patterns, _points, _venues
from scheduler.problem import Group, Problem, covered
from scheduler.solution import Assignment

WIDTH = 2 * TOP  # slots a group weighs: measured on a district block, 20 beat 10 (−3.2 % vs −2.8 %) at no cost


def improve(
    problem: Problem,
    cands: Candidates,
    demand: Demand,
    assignments: tuple[Assignment, ...],
    movable: frozenset[str],
    deadline: float,
    passes: int = 3,
) -> tuple[Assignment, ...] | None:
    """``assignments`` (every session of ``problem``) with groups of ``movable`` moved while it pays: one pass,
    then more until ``deadline`` (a ``time.perf_counter()`` value) or ``passes`` passes. None when a group
    the hint places against a hard rule finds no free pattern."""
    s = _State(problem, cands, demand, assignments)
    for gid in sorted(s.loose):  # sessions the hint put where a fixed neighbour now is: placed anew first
        if gid not in movable or not s.try_move(problem.group[gid]):
            return None
    for k in range(passes):
        moved = 0
        for gid in sorted(movable):
            if k and time.perf_counter() > deadline:
                return s.assignments()
            g = problem.group[gid]
            if not g.pinned:
                moved += s.try_move(g)
        if not moved:
            break
    return s.assignments()


class _State:
    def __init__(self, problem: Problem, cands: Candidates, demand: Demand, assignments) -> None:
        self.problem, self.cands = problem, cands
        self.cal = _Calendar(problem, cands)
        self.where: dict[str, list[tuple[int, str]]] = defaultdict(list)
        by_group: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for a in assignments:
            by_group[a.group].append((problem.slot_index[a.slot], a.venue))
        self.loose: set[str] = set()  # groups whose hinted sessions break a hard rule: not booked
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
            g = self.problem.group[gid]
            ordered = sorted(tv, key=lambda x: (self.problem.slots[x[0]].weekday, self.problem.slots[x[0]].start))
            out += [Assignment(gid, k, self.problem.slots[t], v, g.teacher) for k, (t, v) in enumerate(ordered)]
        return tuple(out)

    def try_move(self, g: Group) -> int:
        """Move ``g`` to its best pattern if that is strictly better; 1 if it moved."""
        current = self.where[g.id]
        for t, v in current:
            self.cal.unbook(g, t, v)
        options = _free_options(self.problem, self.cands, self.cal, g)
        value = self._valuer(g)
        now = tuple(sorted(t for t, _ in current))
        best, best_value = now, value(now) if current else None  # a loose group must take some pattern
        for pattern in _patterns(self.problem, g, self._top(g, options)):
            pattern = tuple(sorted(pattern))
            if pattern == now:
                continue
            found = value(pattern)
            if best_value is None or found > best_value:
                best, best_value = pattern, found
        chosen = current if best == now else _venues(self.problem, self.cal, g, best, options)
        for t, v in chosen:
            self.cal.book(g, t, v)
        self.where[g.id] = list(chosen)
        self.points[g.id] = _points(self.cands, g, [t for t, _ in chosen])
        return int(best != now)

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
