"""A neighbourhood of a school's timetable in the making as a small CP-SAT model: freed units, the rest fixed.

Shared by the endgame (place every freed unit with a left-over one) and the refinement (place them again with fewer
soft penalties): a literal for each freed unit and slot its fixed surroundings leave open, one for each of its
groups' open venues there; clashes, hard min-days and per-day caps as placing keeps them. With ``soft``, the model
minimises the soft penalties a move can change: pairs of soft min-days sets too close, sessions outside their
preferred times.
"""

from __future__ import annotations

import random
from collections import defaultdict
from itertools import combinations

from ortools.sat.python import cp_model

from scheduler.problem import covered
from scheduler.search.units import Board, Where


class Neighbourhood:
    """The model of ``free`` around the rest of ``where``; ``hopeless`` when some freed unit has no open slot or a
    class (or teacher) needs more periods than are left to it."""

    def __init__(self, board: Board, where: Where, free: set[int], soft: bool = False) -> None:
        self.board, self.where, self.model, self.hopeless = board, where, cp_model.CpModel(), False
        self.soft = soft
        self.settled = False  # the last search proved its answer: the best placement, or none
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
        self.cost: cp_model.LinearExpr | int = 0
        self.now = 0  # the soft penalty of the freed units where ``where`` has them (when it places them all)
        if soft and not self.hopeless:
            self._soft(free)

    def _points(self, g: str, t: int) -> tuple[int, ...]:
        return self.board.points[g][t]

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

    def _soft(self, free: set[int]) -> None:
        """The objective: each pair of a soft min-days set too close (one of them freed), each freed session outside
        its preferred times, weighted as the problem weighs them; ``now`` is what the freed units cost in place."""
        board, problem, m, where = self.board, self.board.problem, self.model, self.where
        w = problem.weights
        weekday = [s.weekday for s in problem.slots]
        at: dict[int, list[tuple[int, cp_model.IntVar]]] = defaultdict(list)  # freed unit → its open slots
        on: dict[int, dict[int, list[cp_model.IntVar]]] = defaultdict(lambda: defaultdict(list))  # … by weekday
        for (u, t), x in self.x.items():
            at[u].append((t, x))
            on[u][weekday[t]].append(x)
        apart: list[cp_model.LinearExprT] = []
        near = 0
        sets = {a.id: a for u in free for g in board.units[u] for a in board.aparts[g] if not a.hard}
        for a in sets.values() if w.apart else ():
            for g, h in combinations(a.groups, 2):
                u, v = sorted((board.unit_of[g], board.unit_of[h]), key=lambda k: k not in free)
                if u == v or u not in free or u not in where or v not in where:
                    continue  # one unit, or neither freed: a constant
                now = abs(weekday[where[u][0]] - weekday[where[v][0]]) < a.days
                near += now
                if v not in free:  # one freed: its slots close to the fixed one's day cost
                    day = weekday[where[v][0]]
                    apart += [x for d, xs in on[u].items() if abs(d - day) < a.days for x in xs]
                    continue
                close = m.new_bool_var("")
                m.add_hint(close, now)
                for d in sorted(set(on[u]) | set(on[v])):  # each run of ``days`` weekdays one of them may start
                    near_u, near_v = ([x for e in range(d, d + a.days) for x in on[k].get(e, ())] for k in (u, v))
                    if near_u and near_v:
                        m.add(sum(near_u) + sum(near_v) <= 1 + close)
                apart.append(close)
        outside, late = [], 0
        for u in sorted(free) if w.audience else ():
            for t, x in at[u]:
                s = problem.slots[t]
                for g in board.units[u]:
                    pref, length = problem.group[g].preferred, problem.group[g].length
                    if pref and not covered(pref, s.weekday, s.start, s.start + length):
                        outside.append(x)
                        late += u in where and where[u][0] == t
        self.now = w.apart * near + w.audience * late
        self.cost = w.apart * sum(apart) + w.audience * sum(outside)
        m.minimize(self.cost)
        for (u, t), x in self.x.items():  # the timetable in hand as the first solution
            if u in where:
                m.add_hint(x, where[u][0] == t)
                for g in board.units[u]:
                    for v, y in self.y[u, t, g]:
                        if y is not x:
                            m.add_hint(y, where[u][0] == t and where[u][1][g] == v)

    def search(self, seconds: float, rng: random.Random) -> tuple[Where, int] | None:
        """New places for every freed unit and their soft penalty; None when CP-SAT finds none in time."""
        if self.hopeless:
            return None
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = seconds
        solver.parameters.num_workers = 1  # short searches, many of them: one worker each
        solver.parameters.random_seed = rng.randrange(1 << 30)
        if self.soft:  # an optimisation over exact covers: the LP's bound costs more than it prunes
            solver.parameters.linearization_level = 0
        status = solver.solve(self.model)
        self.settled = status in (cp_model.OPTIMAL, cp_model.INFEASIBLE)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        found: Where = {}
        for (u, t), lit in self.x.items():
            if solver.boolean_value(lit):
                venues = {
                    g: next(v for v, yv in self.y[u, t, g] if solver.boolean_value(yv)) for g in self.board.units[u]
                }
                found[u] = (t, venues)
        return found, round(solver.value(self.cost))
