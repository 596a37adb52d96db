"""The end of placing and evicting: a few units left over, placed by small CP-SAT searches around them.

When every class fills its week, the last units do not fit by single evictions: a class's lessons must trade
periods along chains through their teachers, and a one-a-day set's lessons trade days. A neighbourhood of the
timetable in hand is freed (every unit on two weekdays, or a left-over unit's classes and those of units in its
way), everything else stays, and a short CP-SAT search places every freed unit with the left-over one, or finds
none. A class (or teacher) whose freed lessons need every free period it has covers each exactly once: said
outright, CP-SAT's propagation settles most neighbourhoods in a fraction of a second.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict

from ortools.sat.python import cp_model

from scheduler.search.units import COHORT, Board, Where

SIZE = 200  # units freed about: larger ones are seldom settled in a second, smaller ones seldom hold a way out
DAYS = 0.75  # of the neighbourhoods: two weekdays' units; the others: a few classes' units
SECONDS = 0.6  # one neighbourhood's search at most
PATIENCE = 10.0  # seconds without one more unit placed before the endgame gives up (a fresh attempt may do better)


def finish(board: Board, where: Where, deadline: float, seed: int = 0, stop=None) -> Where | None:
    """``where`` completed to place every unit, or None when the ``deadline`` comes first, ``PATIENCE`` seconds
    pass without placing one more, or ``stop()``."""
    rng = random.Random(seed)
    where = dict(where)
    by_key: dict[str, list[int]] = defaultdict(list)  # key → units keeping it busy (placed or not)
    for u, unit in enumerate(board.units):
        for k in {k for g in unit for k in board.keys[g]}:
            by_key[k].append(u)
    until = min(deadline, time.perf_counter() + PATIENCE)
    while len(where) < len(board.units):
        left = until - time.perf_counter()
        if left <= 0 or (stop is not None and stop()):
            return None
        unit = rng.choice([u for u in range(len(board.units)) if u not in where])
        free = _days(board, where, unit, rng) if rng.random() < DAYS else _classes(board, where, unit, by_key, rng)
        found = _search(board, where, free, min(SECONDS, left), rng)
        if found is not None:
            placed, where = len(where), {**where, **found}
            if len(where) > placed:
                until = min(deadline, time.perf_counter() + PATIENCE)
    return where


def _days(board: Board, where: Where, unit: int, rng: random.Random) -> set[int]:
    """A left-over unit and every unit on two weekdays: one where its classes have a free period, one that its
    hard min-days sets leave open (or any). Lessons trade periods within and between the two days, as a one-a-day
    set's must; a day where its classes are full would hold one lesson too many for them."""
    problem, cands = board.problem, board.cands
    weekday = [s.weekday for s in problem.slots]
    classes = {k for g in board.units[unit] for k in board.keys[g] if k.startswith(COHORT)}
    sets = {a.id for g in board.units[unit] for a in board.aparts[g] if a.hard}
    full, taken = set(), set()  # (class, grid point) held; weekdays of its sets' placed units
    for u, (t, _) in where.items():
        for g in board.units[u]:
            full |= {(k, p) for k in classes & set(board.keys[g]) for p in cands.covers(t, problem.group[g].length)}
            if sets & {a.id for a in board.aparts[g]}:
                taken.add(weekday[t])
    days = sorted(set(weekday))
    room = [
        weekday[t]
        for t in board.slots[unit]
        if all(
            (k, p) not in full
            for g in board.units[unit]
            for k in classes
            for p in cands.covers(t, problem.group[g].length)
        )
    ]
    first = rng.choice(room or days)
    second = rng.choice([d for d in days if d not in taken and d != first] or days)
    return {unit} | {u for u, (t, _) in where.items() if weekday[t] in {first, second}}


def _classes(board: Board, where: Where, unit: int, by_key: dict[str, list[int]], rng: random.Random) -> set[int]:
    """A left-over unit's classes, then the classes of units in the way of a freed unit at one of its slots (of
    the left-over one every other time), at random, until about ``SIZE`` units are free. Whole classes: a full
    class's lessons can only trade periods."""
    problem, cands = board.problem, board.cands
    held: dict[tuple[str, int], int] = {}  # (key or venue, grid point) → the placed unit holding it
    for u, (t, venues) in where.items():
        for g in board.units[u]:
            for p in cands.covers(t, problem.group[g].length):
                for k in (*board.keys[g], "v:" + venues[g]):
                    held[(k, p)] = u
    free: set[int] = set()
    order: list[int] = []

    def add(u: int) -> None:
        classes = [k for g in board.units[u] for k in board.keys[g] if k.startswith(COHORT)]
        for v in {v for k in classes for v in by_key[k]} | {u}:
            if v not in free:
                free.add(v)
                order.append(v)

    add(unit)
    for _ in range(4 * SIZE):
        if len(free) >= SIZE:
            break
        w = order[0] if rng.random() < 0.5 else rng.choice(order)
        t = rng.choice(board.slots[w])
        blocking = {
            held[(k, p)]
            for g in board.units[w]
            for p in cands.covers(t, problem.group[g].length)
            for k in (*board.keys[g], *("v:" + v for v in cands.of[g].venues_at[t]))
            if (k, p) in held
        } - free
        if blocking:
            add(rng.choice(sorted(blocking)))
    return free


def _search(board: Board, where: Where, free: set[int], seconds: float, rng: random.Random) -> Where | None:
    """New places for every unit of ``free``, the rest of ``where`` fixed; None when CP-SAT finds none in time."""
    sub = _Sub(board, where, free)
    if sub.hopeless:
        return None
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = 1  # short searches, many of them: one worker each
    solver.parameters.random_seed = rng.randrange(1 << 30)
    if solver.solve(sub.model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    found: Where = {}
    for (u, t), lit in sub.x.items():
        if solver.boolean_value(lit):
            venues = {g: next(v for v, yv in sub.y[u, t, g] if solver.boolean_value(yv)) for g in board.units[u]}
            found[u] = (t, venues)
    return found


class _Sub:
    """The neighbourhood's model: a literal for each freed unit and slot its fixed surroundings leave open, one
    for each of its groups' open venues there; clashes, hard min-days and per-day caps as placing keeps them."""

    def __init__(self, board: Board, where: Where, free: set[int]) -> None:
        self.board, self.model, self.hopeless = board, cp_model.CpModel(), False
        problem = board.problem
        self.busy: set[tuple[str, int]] = set()  # (key or venue, grid point) held by a fixed unit
        self.days: dict[tuple[str, int], int] = defaultdict(int)  # (min-days set, weekday) → fixed units there
        for u, (t, venues) in where.items():
            if u not in free:
                for g in board.units[u]:
                    self.busy |= {(k, p) for k in (*board.keys[g], "v:" + venues[g]) for p in self._points(g, t)}
                for a in {a.id for g in board.units[u] for a in board.aparts[g]}:
                    self.days[(a, problem.slots[t].weekday)] += 1
        self.x: dict[tuple[int, int], cp_model.IntVar] = {}
        self.y: dict[tuple[int, int, str], list[tuple[str, cp_model.IntVar]]] = {}  # unit, slot, group → venues
        self.holds: dict[tuple[str, int], list[cp_model.IntVar]] = defaultdict(list)
        self.on_day: dict[tuple[str, int], list[cp_model.IntVar]] = defaultdict(list)  # (set, weekday) → literals
        self.need: dict[str, int] = defaultdict(int)  # class → grid points its freed units cover at the least
        for u in free:
            if not self._place(u):
                self.hopeless = True
                return
        for lits in self.holds.values():
            if len(lits) > 1:
                self.model.add_at_most_one(lits)
        self._full()
        if not self.hopeless:
            self._apart(free)

    def _points(self, g: str, t: int) -> tuple[int, ...]:
        return self.board.cands.covers(t, self.board.problem.group[g].length)

    def _place(self, u: int) -> bool:
        """Unit ``u`` at exactly one of its open slots: False when it has none."""
        board, m = self.board, self.model
        mine, least = [], defaultdict(lambda: 1 << 30)
        for t in board.slots[u]:
            open_ = {}
            for g in board.units[u]:
                points = self._points(g, t)
                if any((k, p) in self.busy for k in board.keys[g] for p in points):
                    break
                open_[g] = [
                    v for v in board.cands.of[g].venues_at[t] if all(("v:" + v, p) not in self.busy for p in points)
                ]
                if not open_[g]:
                    break
            else:
                lit = self.x[u, t] = m.new_bool_var("")
                mine.append(lit)
                held = set()  # a unit's groups may share a teacher, class or venue: one holder for them all
                for g, venues in open_.items():
                    points = self._points(g, t)
                    held |= {(k, p) for k in board.keys[g] for p in points}
                    for k in board.keys[g]:
                        least[k] = min(least[k], len(points))
                    ys = self.y[u, t, g] = [(v, lit if len(venues) == 1 else m.new_bool_var("")) for v in venues]
                    if len(venues) == 1:
                        held |= {("v:" + venues[0], p) for p in points}
                        continue
                    m.add(sum(yv for _, yv in ys) == lit)
                    for v, yv in ys:
                        for p in points:
                            self.holds[("v:" + v, p)].append(yv)
                for h in held:
                    self.holds[h].append(lit)
                for a in {a.id for g in board.units[u] for a in board.aparts[g]}:
                    self.on_day[(a, board.problem.slots[t].weekday)].append(lit)
        if not mine:
            return False
        m.add_exactly_one(mine)
        for k, n in least.items():
            self.need[k] += n
        return True

    def _full(self) -> None:
        """A class (or teacher) whose freed units need every free grid point it has covers each exactly once
        (implied, but CP-SAT's propagation needs it said); one that needs more makes the neighbourhood hopeless."""
        for k, n in self.need.items():
            cells = [p for p in range(len(self.board.problem.slots)) if self.holds.get((k, p))]
            if n > len(cells):  # more to place than periods left: pigeonholes CP-SAT would be slow to count
                self.hopeless = True
            elif n == len(cells):
                for p in cells:
                    self.model.add_exactly_one(self.holds[(k, p)])

    def _apart(self, free: set[int]) -> None:
        """Hard min-days sets: at most one in any ``days`` weekdays in a row; soft ones: their per-day caps."""
        board, m = self.board, self.model
        weekdays = sorted({s.weekday for s in board.problem.slots})
        sets = {a.id: a for u in free for g in board.units[u] for a in board.aparts[g]}
        for a in sets.values():
            if not a.cap:  # a soft set without a per-day cap: its closeness is the search's concern, not here
                continue
            for d in weekdays:
                window = range(d, d + a.days) if a.hard else (d,)
                lits = [lit for w in window for lit in self.on_day[(a.id, w)]]
                if lits:
                    m.add(sum(lits) <= a.cap - sum(self.days[(a.id, w)] for w in window))
