"""Greedy timetables: the coordinator's spreadsheet baseline, and the solver's warm start.

``first_fit``: groups in list order, each session at the first free slot of the week and the first free
venue that suits it — what a coordinator does by hand. ``demand_first``: hardest groups first, each
session where most interested residents are free and fewest of their other groups already meet. Both keep
every hard rule; a session that finds no place is left out (``Greedy.unplaced``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from scheduler.model.candidates import Candidates
from scheduler.model.demand import Demand
from scheduler.problem import Group, Problem
from scheduler.solution import Assignment


@dataclass(frozen=True)
class Greedy:
    assignments: tuple[Assignment, ...]
    unplaced: tuple[str, ...]  # group ids with a session that found no place


class _Calendar:
    """Who is busy at which grid point, and where each teacher is on each day. Bookings are counted, so a group's
    sessions can be taken out again (``unbook``: the local search moves groups)."""

    def __init__(self, problem: Problem, cands: Candidates) -> None:
        self.problem, self.cands = problem, cands
        self.teacher: dict[tuple[str, int], int] = {}  # (teacher, grid point) → sessions there
        self.venue: dict[tuple[str, int], int] = {}
        self.spans: dict[tuple[str, int], list[tuple[int, int, str]]] = defaultdict(list)  # teacher, day → spans

    def free(self, g: Group, t: int, v: str) -> bool:
        points = self.cands.covers(t, g.length)
        if any((g.teacher, p) in self.teacher or (v, p) in self.venue for p in points):
            return False
        slot, community = self.problem.slots[t], self.problem.venue[v].community
        start, end = slot.start, slot.start + g.length
        for s, e, c in self.spans[(g.teacher, slot.weekday)]:
            need = self.problem.travel_time(c, community)
            if start < e + need and s < end + need:
                return False
        return True

    def book(self, g: Group, t: int, v: str) -> None:
        for p in self.cands.covers(t, g.length):
            self.teacher[(g.teacher, p)] = self.teacher.get((g.teacher, p), 0) + 1
            self.venue[(v, p)] = self.venue.get((v, p), 0) + 1
        self.spans[(g.teacher, self.problem.slots[t].weekday)].append(self._span(g, t, v))

    def unbook(self, g: Group, t: int, v: str) -> None:
        for p in self.cands.covers(t, g.length):
            _drop(self.teacher, (g.teacher, p))
            _drop(self.venue, (v, p))
        self.spans[(g.teacher, self.problem.slots[t].weekday)].remove(self._span(g, t, v))

    def _span(self, g: Group, t: int, v: str) -> tuple[int, int, str]:
        slot = self.problem.slots[t]
        return slot.start, slot.start + g.length, self.problem.venue[v].community


def _drop(counts: dict[tuple[str, int], int], key: tuple[str, int]) -> None:
    if counts[key] == 1:
        del counts[key]
    else:
        counts[key] -= 1


def _place(problem: Problem, cands: Candidates, order: list[Group], score, where=None) -> Greedy:
    """Place groups in ``order``; ``where`` (if given) collects the grid points each group covers."""
    placed: list[Assignment] = []
    unplaced: list[str] = []
    cal = _Calendar(problem, cands)
    for g in order:
        mine = _place_group(problem, cands, cal, g, score)
        if len(mine) < g.sessions:
            unplaced.append(g.id)
        if where is not None:
            for a in mine:
                where[g.id].update(cands.covers(problem.slot_index[a.slot], g.length))
        placed += mine
    return Greedy(tuple(placed), tuple(unplaced))


def _best(problem: Problem, cands: Candidates, cal: _Calendar, g: Group, days: set[int], score):
    best, best_key = None, None
    for t, venues in cands.of[g.id].venues_at.items():
        if g.one_per_day and problem.slots[t].weekday in days:
            continue
        v = next((v for v in venues if cal.free(g, t, v)), None)
        if v is None:
            continue
        key = score(g, t, v)
        if key is None:
            return t, v  # first fit
        if best_key is None or key > best_key:
            best, best_key = (t, v), key
    return best


def first_fit(problem: Problem, cands: Candidates | None = None) -> Greedy:
    """Groups in list order, first free slot of the week, first free suitable venue."""
    cands = cands or Candidates(problem)
    return _place(problem, cands, list(problem.groups), lambda g, t, v: None)


def demand_first(problem: Problem, demand: Demand, cands: Candidates) -> Greedy:
    """Fewest options first; each session where most interested residents are free and few clash."""
    free_for: dict[tuple[str, int], int] = defaultdict(int)
    for i in demand.interests:
        for t in cands.of[i.group].slots:
            if t not in i.blocked:
                free_for[(i.group, t)] += i.count
    return _demand_first(problem, cands, free_for, demand.shared)


def demand_first_light(problem: Problem, cands: Candidates, answers: list) -> Greedy:
    """``demand_first`` from survey answers directly, without aggregating demand (for a whole district)."""
    free_for: dict[tuple[str, int], int] = defaultdict(int)
    shared: dict[tuple[str, str], int] = defaultdict(int)
    per_group: dict[tuple[str, int], int] = defaultdict(int)
    for free, interests, n in answers:
        for g in interests:
            per_group[(g, id(free))] += n
        for i, g in enumerate(interests):
            for h in interests[i + 1 :]:
                shared[(g, h) if g < h else (h, g)] += n
    frees = {id(free): free for free, _, _ in answers}
    inside: dict[tuple[int, int], frozenset[int]] = {}
    for (g, f), n in per_group.items():
        key = (f, problem.group[g].length)
        if key not in inside:
            inside[key] = cands.slots_inside(frees[f], key[1])
        for t in cands.of[g].slots:
            if t in inside[key]:
                free_for[(g, t)] += n
    return _demand_first(problem, cands, free_for, shared)


def _demand_first(problem: Problem, cands: Candidates, free_for, shared) -> Greedy:
    partners: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for (g, h), n in shared.items():
        partners[g].append((h, n))
        partners[h].append((g, n))
    where: dict[str, set[int]] = defaultdict(set)
    sizes = {v.id: v.capacity for v in problem.venues}

    def score(g: Group, t: int, v: str) -> tuple[int, int]:
        points = set(cands.covers(t, g.length))
        clash = sum(n for h, n in partners[g.id] if where[h] & points)
        return free_for[(g.id, t)] - 3 * clash, -sizes[v]

    order = sorted(problem.groups, key=lambda g: (len(cands.of[g.id].venues_at) - g.sessions, g.id))
    result = _place(problem, cands, order, score, where)
    for _ in range(3):  # a group left out goes first next time
        if not result.unplaced:
            break
        first = [problem.group[g] for g in result.unplaced]
        order = first + [g for g in order if g.id not in result.unplaced]
        where.clear()
        result = _place(problem, cands, order, score, where)
    return result


def _place_group(problem: Problem, cands: Candidates, cal: _Calendar, g: Group, score) -> list[Assignment]:
    days: set[int] = set()
    chosen: list[tuple[int, str]] = []
    for pin in g.pinned:
        t = problem.slot_index[pin.slot]
        venues = cands.of[g.id].venues_at.get(t, ())
        v = pin.venue if pin.venue in venues else next((v for v in venues if cal.free(g, t, v)), None)
        if v is not None and cal.free(g, t, v):
            cal.book(g, t, v)
            days.add(pin.slot.weekday)
            chosen.append((t, v))
    while len(chosen) < g.sessions:
        spot = _best(problem, cands, cal, g, days, score)
        if spot is None:
            break
        cal.book(g, *spot)
        days.add(problem.slots[spot[0]].weekday)
        chosen.append(spot)
    chosen.sort(key=lambda tv: (problem.slots[tv[0]].weekday, problem.slots[tv[0]].start))
    return [Assignment(g.id, i, problem.slots[t], v, g.teacher) for i, (t, v) in enumerate(chosen)]
