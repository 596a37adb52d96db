"""The LP or MIP relaxation of a built CP-SAT model, solved by HiGHS: a proven lower bound of its minimum.

CP-SAT's own LP adds constraints lazily and re-solves with its dual simplex; on the coverage models that takes
far longer than solving the whole LP once. As a MIP (``integer``), HiGHS adds its own cuts and branches, and
keeps the best timetable it meets.
Every constraint kind the model uses is written linearly (literals become 0..1 columns, holes in domains are
ignored), so the optimum is ≤ the model's optimum; a small margin covers the solver's tolerances.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta

from ortools.math_opt.python import mathopt
from ortools.sat.python import cp_model

KINDS = ("linear", "bool_or", "exactly_one", "at_most_one", "bool_and")
INF = math.inf


@dataclass(frozen=True)
class Relaxed:
    """``bound``: proven lower bound of the model's minimum; ``values``: the best integer solution HiGHS found
    (one value per CP-SAT variable; None for an LP or when it found none) and ``objective`` its value."""

    bound: float | None
    values: list[float] | None
    optimal: bool
    objective: float | None = None


def lp_bound(model: cp_model.CpModel, time_limit: float = 60.0) -> float | None:
    """A lower bound of the model's minimum from its LP relaxation; None when it cannot say (time, kinds)."""
    return solve_highs(model, time_limit).bound


def solve_highs(model: cp_model.CpModel, time_limit: float = 60.0, integer: bool = False) -> Relaxed:
    """The model's LP relaxation (or, ``integer``, the model itself as a MIP, started from its hint when the hint
    is complete) solved by HiGHS (through OR-Tools' MathOpt) in ``time_limit`` seconds."""
    proto = model.proto
    rows = _rows(proto)
    if rows is None or proto.objective.scaling_factor not in (0, 1):
        return Relaxed(None, None, False)
    m = mathopt.Model()
    domains = [list(v.domain) for v in proto.variables]  # (the proto's repeated field takes no negative index)
    xs = [m.add_variable(lb=float(d[0]), ub=float(d[-1]), is_integer=integer) for d in domains]
    for low, high, terms in rows:
        m.add_linear_constraint(lb=low, ub=high, expr=mathopt.fast_sum(c * xs[v] for v, c in terms.items()))
    cost: dict[int, float] = {}
    for ref, coeff in zip(proto.objective.vars, proto.objective.coeffs, strict=True):
        v, c = _ref(ref, coeff)
        cost[v] = cost.get(v, 0.0) + c
    m.minimize(mathopt.fast_sum(c * xs[v] for v, c in cost.items()) + float(proto.objective.offset))
    params = mathopt.SolveParameters(time_limit=timedelta(seconds=time_limit), enable_output=False)
    hints = []
    if integer and len(proto.solution_hint.vars) == len(xs):  # a complete hint (``model.add_hint``)
        values = dict(zip(proto.solution_hint.vars, proto.solution_hint.values, strict=True))
        hints = [mathopt.SolutionHint(variable_values={x: float(values[i]) for i, x in enumerate(xs)})]
    model_params = mathopt.ModelSolveParameters(solution_hints=hints)
    result = mathopt.solve(m, mathopt.SolverType.HIGHS, params=params, model_params=model_params)
    optimal = result.termination.reason == mathopt.TerminationReason.OPTIMAL
    bound = _margin(result.termination.objective_bounds.dual_bound)
    if not integer or not result.has_primal_feasible_solution():
        return Relaxed(bound if integer or optimal else None, None, optimal)
    values = result.variable_values(xs)
    return Relaxed(bound, values, optimal, result.objective_value())


def _margin(value: float | None) -> float | None:
    """The bound minus a margin for HiGHS's tolerances (None when not finite)."""
    if value is None or not math.isfinite(value):
        return None
    return value - max(1.0, 1e-6 * abs(value))


def _rows(proto) -> list[tuple[float, float, dict[int, float]]] | None:
    """(low, high, {column: coefficient}) per linear row; None for a constraint kind it cannot write."""
    rows = []
    for ct in proto.constraints:
        kind = next((k for k in KINDS if getattr(ct, f"has_{k}")()), None)
        if kind is None:
            return None
        enforced = [-e - 1 for e in ct.enforcement_literal]  # ¬e as a literal
        if kind == "linear":
            if enforced:
                return None
            domain = list(ct.linear.domain)
            low = -INF if domain[0] <= -(2**62) else float(domain[0])
            high = INF if domain[-1] >= 2**62 else float(domain[-1])
            rows.append(_row(low, high, [_ref(v, c) for v, c in zip(ct.linear.vars, ct.linear.coeffs, strict=True)]))
        elif kind == "bool_and":  # each literal holds when every enforcement literal does
            rows.extend(_clause([lit, *enforced], 1, INF) for lit in ct.bool_and.literals)
        else:
            if enforced and kind != "bool_or":
                return None
            low, high = {"bool_or": (1, INF), "exactly_one": (1, 1), "at_most_one": (-INF, 1)}[kind]
            rows.append(_clause([*getattr(ct, kind).literals, *enforced], low, high))
    return rows


def _ref(ref: int, coeff: int) -> tuple[int, int]:
    """A linear term's variable index and coefficient (a negative reference means the variable negated)."""
    return (ref, coeff) if ref >= 0 else (-ref - 1, -coeff)


def _clause(lits: list[int], low: float, high: float) -> tuple[float, float, dict[int, float]]:
    """low ≤ Σ literals ≤ high, with a negated literal ¬x written 1 − x."""
    negated = sum(1 for lit in lits if lit < 0)
    terms = [(lit, 1) if lit >= 0 else (-lit - 1, -1) for lit in lits]
    return _row(low - negated, high - negated, terms)


def _row(low: float, high: float, terms: list[tuple[int, int]]) -> tuple[float, float, dict[int, float]]:
    merged: dict[int, float] = {}
    for v, c in terms:
        merged[v] = merged.get(v, 0.0) + c
    return low, high, {v: c for v, c in merged.items() if c}
