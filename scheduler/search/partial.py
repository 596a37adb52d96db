"""A partial solve: every group that can be timetabled is, and those proven impossible are left out with a reason.

Groups the pre-checks prove impossible, alone or together (``explain.left_out``), are left out first; the rest
is solved. When the rest is still proven infeasible, the groups its explanation names (a venue shortage, or a
core over a shared teacher, a cohort or an apart set) are left out too and the rest solved again, in the time
left; a rest that comes back with nothing and nothing proven (a district's block boxed in by its neighbours) is
explained first. The answer's ``left_out`` lists them; ``verify(problem, s, unplaced=s.unplaced)`` checks the rest.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace

from scheduler.explain import explain
from scheduler.explain.left_out import impossible
from scheduler.options import SolveOptions
from scheduler.problem import Problem
from scheduler.problem.subset import without
from scheduler.reason import GROUP, LeftOut
from scheduler.solution import Assignment, ProgressCallback, Solution, Status, Timings

AGAIN_MIN_SECONDS = 1.0  # below this, an infeasible rest is reported as it is rather than solved again
EXPLAIN_MAX_SECONDS = 10.0  # looking for the cause when the rest came back with nothing and nothing proven

Solver = Callable[[Problem, SolveOptions, "tuple[Assignment, ...] | None"], Solution]


def solve_partial(
    problem: Problem, options: SolveOptions, hint: tuple[Assignment, ...] | None, solve_rest: Solver
) -> Solution:
    """``solve_rest(problem, options, hint)`` solves a problem whole (one model or the district)."""
    start = time.perf_counter()
    left_out = list(impossible(problem))
    while True:
        dropped = {g for x in left_out for g in x.groups}
        rest = without(problem, dropped)
        elapsed = time.perf_counter() - start
        if not rest.groups:
            timings = Timings(total=elapsed, first_solution=elapsed)
            return Solution(Status.OPTIMAL, (), 0, 0.0, {}, timings, left_out=tuple(left_out))
        kept = None if hint is None else tuple(a for a in hint if a.group not in dropped)
        o = replace(options, time_limit=max(0.1, options.time_limit - elapsed), on_progress=_counted(options, rest))
        s = solve_rest(rest, o, kept)
        left = options.time_limit - (time.perf_counter() - start)
        if s.status.has_timetable or s.status is Status.STOPPED or left < AGAIN_MIN_SECONDS:
            break
        if s.status is not Status.INFEASIBLE:  # a district's block found nothing beside its neighbours: ask why
            s = replace(s, explanation=explain(rest, time_limit=min(EXPLAIN_MAX_SECONDS, left / 2)))
        more = _named(s, dropped)
        if not more:
            break
        left_out += more
    total = time.perf_counter() - start
    first = None if s.timings.first_solution is None else s.timings.first_solution + elapsed
    timings = replace(s.timings, total=total, first_solution=first)
    return replace(s, left_out=tuple(left_out), timings=timings)


def rest_of(problem: Problem) -> Problem:
    """The problem a partial solve starts with: the groups the pre-checks prove impossible left out."""
    return without(problem, {g for x in impossible(problem) for g in x.groups})


def _counted(options: SolveOptions, rest: Problem) -> ProgressCallback | None:
    """The caller's progress callback, told how many sessions the rest's timetables hold."""
    report = options.on_progress
    if report is None:
        return None
    return lambda p: report(replace(p, placed=rest.session_count))


def _named(s: Solution, dropped: set[str]) -> list[LeftOut]:
    """The groups an infeasible answer's reasons name, each reason's own (none when a reason names none)."""
    out, seen = [], set(dropped)
    for reason in s.explanation:
        groups = tuple(g for g in reason.named(GROUP) if g not in seen)
        if groups:
            out.append(LeftOut(groups, reason))
            seen.update(groups)
    return out
