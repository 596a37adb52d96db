"""The one entry point: ``solve(problem, options)`` picks the single model or the district decomposition.

A problem whose groups live in one community is solved as one CP-SAT model (``search.one_model.solve``);
several communities are solved block by block (``district.solve.solve_district``), in ``workers`` processes.
"""

from __future__ import annotations

from concurrent.futures import Executor
from dataclasses import replace

from scheduler.bounds.known import Matching
from scheduler.district.solve import solve_district
from scheduler.options import SolveOptions
from scheduler.problem import Problem
from scheduler.search.one_model import solve as solve_model
from scheduler.search.partial import solve_partial
from scheduler.solution import Assignment, Solution


def solve(
    problem: Problem,
    options: SolveOptions | None = None,
    *,
    hint: tuple[Assignment, ...] | None = None,
    executor: Executor | None = None,
    **fields: object,
) -> Solution:
    """Solve ``problem``; ``fields`` (``time_limit=…``, ``seed=…``) replace those of ``options``.

    ``hint``: a timetable to start from (one model). ``executor``: where a district's block solves run (see
    ``district.solve.solve_district``); unused for one model. ``options.partial``: impossible groups are left out
    (``search.partial``). ``options.known_bound``: raises the reported bound when it bounds the problem solved.
    """
    o = replace(options or SolveOptions(), **fields)  # type: ignore[arg-type]
    if o.partial:
        return solve_partial(problem, o, hint, lambda p, o, h: _whole(p, o, h, executor))
    return _whole(problem, o, hint, executor)


def one_model(problem: Problem) -> bool:
    """Whether ``problem`` is solved as one model rather than block by block (always, given a hint)."""
    linked = problem.cohorts or problem.apart or problem.together  # rules across groups: keep them in one model
    return len({g.community for g in problem.groups}) <= 1 or bool(linked)


def _whole(
    problem: Problem, o: SolveOptions, hint: tuple[Assignment, ...] | None, executor: Executor | None
) -> Solution:
    if o.known_bound is None:
        return _solved(problem, o, hint, executor)
    known = Matching(problem, o.known_bound)
    s = _solved(problem, replace(o, on_progress=known.progress(o.on_progress)), hint, executor)
    return known.solution(s)


def _solved(
    problem: Problem, o: SolveOptions, hint: tuple[Assignment, ...] | None, executor: Executor | None
) -> Solution:
    common = dict(
        time_limit=o.time_limit,
        workers=o.workers,
        seed=o.seed,
        reproducible=o.reproducible,
        on_progress=o.on_progress,
        stop=o.stop,
    )
    if hint is not None or one_model(problem):
        return solve_model(problem, hint=hint, **common)
    return solve_district(problem, executor=executor, **common)
