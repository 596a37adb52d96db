"""The proposal model, written once as linear rows and handed both to CP-SAT (whole numbers) and to HiGHS (its LP
relaxation, the bound), so the bound is of exactly the model that is searched.

    open[o]            option o is proposed (0/1)
    teach[o, t]        teacher t takes it;  Σ_t teach[o, t] = open[o]
    room[o, v]         it meets in venue v; Σ_v room[o, v] = open[o]
    serve[k, o]        residents of class k it serves (whole number)

Rules (every one hard; the objective is the residents served, Σ serve):
- at most K options are proposed: Σ open ≤ K;
- a proposal serves at most its size (the activity's maximum, or fewer seats), and never more than the residents
  who fit it (the same rule, written so that the LP relaxation stays tight): Σ_k serve[k, o] ≤ Σ_v cap·room[o, v];
- a proposal is made only for at least the activity's minimum size: Σ_k serve[k, o] ≥ min·open[o];
- a resident is counted once per activity: Σ_o serve[k, o] ≤ |k| (a class holds the wishes of one activity);
- a teacher takes at most the sessions they have left: Σ sessions·teach[o, t] ≤ left[t];
- a teacher and a venue host one proposal at a time: Σ teach (or room) of the options covering one point of the
  week ≤ 1 (a teacher with options in several communities keeps the travel time after each).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

from scheduler.propose.candidates import Candidates, room_cap


@dataclass
class Row:
    low: float
    high: float
    terms: dict[int, int]


@dataclass
class Formulation:
    upper: list[int] = field(default_factory=list)  # each variable is 0 … upper
    rows: list[Row] = field(default_factory=list)
    objective: list[int] = field(default_factory=list)  # variables summed (all with coefficient 1)
    open: dict[int, int] = field(default_factory=dict)
    teach: dict[tuple[int, str], int] = field(default_factory=dict)
    room: dict[tuple[int, str], int] = field(default_factory=dict)
    serve: dict[tuple[int, int], int] = field(default_factory=dict)

    def var(self, upper: int) -> int:
        self.upper.append(upper)
        return len(self.upper) - 1

    def row(self, low: float, high: float, terms: dict[int, int]) -> None:
        self.rows.append(Row(low, high, terms))


def formulate(cands: Candidates) -> Formulation:
    f = Formulation()
    demand = cands.demand
    for o in cands.options:
        f.open[o.index] = y = f.var(1)
        for t in o.tutors:
            f.teach[(o.index, t)] = f.var(1)
        for v in o.rooms:
            f.room[(o.index, v)] = f.var(1)
        f.row(0, 0, {y: -1, **{f.teach[(o.index, t)]: 1 for t in o.tutors}})
        f.row(0, 0, {y: -1, **{f.room[(o.index, v)]: 1 for v in o.rooms}})
        cap = {v: min(room_cap(o.activity, demand.room[v]), o.fitting) for v in o.rooms}
        for k in cands.of_option[o.index]:
            f.serve[(k, o.index)] = f.var(min(cands.classes[k].count, max(cap.values())))
        served = {f.serve[(k, o.index)]: 1 for k in cands.of_option[o.index]}
        caps = {f.room[(o.index, v)]: -cap[v] for v in o.rooms}
        f.row(-math.inf, 0, {**served, **caps})
        f.row(0, math.inf, {**served, y: -o.activity.min_size})
    f.row(-math.inf, demand.openings, {y: 1 for y in f.open.values()})
    for k, klass in enumerate(cands.classes):
        f.row(-math.inf, klass.count, {f.serve[(k, o)]: 1 for o in klass.options})
    load: dict[str, dict[int, int]] = defaultdict(dict)
    for (o, t), x in f.teach.items():
        load[t][x] = cands.options[o].activity.sessions
    for t, terms in sorted(load.items()):
        if sum(terms.values()) > demand.tutor[t].sessions_left:
            f.row(-math.inf, demand.tutor[t].sessions_left, terms)
    _one_at_a_time(f, cands, f.teach, cands.pad)
    _one_at_a_time(f, cands, f.room, {})
    f.objective = list(f.serve.values())
    return f


def _one_at_a_time(f: Formulation, cands: Candidates, uses: dict[tuple[int, str], int], pad: dict[str, int]) -> None:
    """For each teacher (or venue), weekday and point where one of its options begins: at most one option there
    (each option lasting ``pad`` minutes longer). Intervals overlap pairwise exactly when some such point lies in
    all of them, so this is exact."""
    by_owner: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for (o, owner), x in uses.items():
        by_owner[owner].append((o, x))
    for owner, items in sorted(by_owner.items()):
        spread = pad.get(owner, 0)
        spans: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
        for o, x in items:
            p = cands.options[o].pattern
            for d in p.days:
                spans[d].append((p.start, p.start + p.length + spread, x))
        for day in sorted(spans):
            seen: set[frozenset[int]] = set()
            for point in sorted({s for s, _e, _x in spans[day]}):
                here = frozenset(x for s, e, x in spans[day] if s <= point < e)
                if len(here) > 1 and here not in seen:
                    seen.add(here)
                    f.row(-math.inf, 1, dict.fromkeys(here, 1))


def to_cp_sat(f: Formulation) -> tuple[cp_model.CpModel, list[cp_model.IntVar]]:
    model = cp_model.CpModel()
    xs = [model.new_bool_var(f"x{i}") if u == 1 else model.new_int_var(0, u, f"x{i}") for i, u in enumerate(f.upper)]
    for r in f.rows:
        expr = sum(c * xs[i] for i, c in r.terms.items())
        if r.low == r.high:
            model.add(expr == int(r.low))
        elif math.isinf(r.low):
            model.add(expr <= int(r.high))
        elif math.isinf(r.high):
            model.add(expr >= int(r.low))
        else:
            model.add_linear_constraint(expr, int(r.low), int(r.high))
    model.maximize(sum(xs[i] for i in f.objective))
    return model, xs


def to_lp(f: Formulation) -> pywraplp.Solver | None:
    """The LP relaxation, ready to ``Solve()`` with HiGHS (``InterruptSolve()`` from another thread stops it)."""
    solver = pywraplp.Solver.CreateSolver("HIGHS_LP") or pywraplp.Solver.CreateSolver("GLOP")
    if solver is None:
        return None
    inf = solver.infinity()
    xs = [solver.NumVar(0.0, float(u), "") for u in f.upper]
    for r in f.rows:
        ct = solver.Constraint(-inf if math.isinf(r.low) else r.low, inf if math.isinf(r.high) else r.high)
        for i, c in r.terms.items():
            ct.SetCoefficient(xs[i], c)
    objective = solver.Objective()
    for i in f.objective:
        objective.SetCoefficient(xs[i], 1)
    objective.SetMaximization()
    return solver
