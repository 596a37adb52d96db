"""A proven bound worked out beside a long search: the model's LP relaxation with clique cuts, by HiGHS in a thread.

CP-SAT's own LP adds the cuts' worth only slowly, while HiGHS solves the LP with clique cuts once in a few
seconds of one core; the reported gap of a coordinator's one-minute solve then says how far the timetable can really be
from the best. HiGHS releases the GIL while it solves, so the search and its progress callbacks go on.
A bound not ready when the search ends is not waited for: HiGHS (through MathOpt) cannot be interrupted, so the
thread ends on its own time limit.
"""

from __future__ import annotations

import math
import threading

from scheduler.bounds.lp import solve_highs
from scheduler.model.build import build
from scheduler.model.candidates import Candidates
from scheduler.model.demand import Demand
from scheduler.model.rules.base import Scope
from scheduler.problem import Problem

MIN_SECONDS = 15.0  # shorter solves leave no time for it
MAX_GROUPS = 200  # a larger model's LP takes minutes
SHARE = 0.7  # of the solve's time limit: HiGHS's own limit


def wanted(problem: Problem, time_limit: float, reproducible: bool) -> bool:
    """Whether a solve of this size and time gets a side bound (never a reproducible one: it depends on timing)."""
    return not reproducible and time_limit >= MIN_SECONDS and len(problem.groups) <= MAX_GROUPS


class SideBound:
    """Starts at once; ``value()`` is the proven lower bound of the (whole) objective, or None while not known."""

    def __init__(
        self, problem: Problem, cands: Candidates, demand: Demand, scope: Scope | None, time_limit: float
    ) -> None:
        self._bound: int | None = None
        args = (problem, cands, demand, scope, SHARE * time_limit)
        self._thread = threading.Thread(target=self._run, args=args, daemon=True, name="side-bound")
        self._thread.start()

    def _run(self, problem, cands, demand, scope, seconds) -> None:
        m = build(problem, cands, demand, scope=scope, cuts=True)
        bound = solve_highs(m.build.model, seconds).bound
        self._bound = None if bound is None else math.ceil(bound)  # the objective is whole

    def value(self) -> int | None:
        return self._bound

    def result(self, timeout: float | None = None) -> int | None:
        """The bound once HiGHS is done with it (None when ``timeout`` seconds pass first, or it found none)."""
        self._thread.join(timeout)
        return self._bound
