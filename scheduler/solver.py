"""The one entry point: ``solve(problem)`` picks the single model or the district decomposition.

A problem whose groups live in one community is solved as one CP-SAT model (``model.solve``); several
communities are solved block by block (``district.solve_district``), in ``workers`` processes.
"""

from __future__ import annotations

from concurrent.futures import Executor

from scheduler.district.solve import solve_district
from scheduler.problem import Problem
from scheduler.search.one_model import solve as solve_model
from scheduler.solution import Assignment, ProgressCallback, Solution


def solve(
    problem: Problem,
    *,
    time_limit: float = 30.0,
    workers: int = 2,
    seed: int = 0,
    reproducible: bool = False,
    on_progress: ProgressCallback | None = None,
    stop=None,
    hint: tuple[Assignment, ...] | None = None,
    executor: Executor | None = None,
) -> Solution:
    """Solve ``problem``; the caller may ``stop.set()`` (a threading or multiprocessing Event) at any time.

    ``executor``: where a district's block solves run (see ``district.solve_district``); unused for one model.
    """
    linked = problem.cohorts or problem.apart or problem.together  # rules across groups: keep them in one model
    if len({g.community for g in problem.groups}) <= 1 or hint is not None or linked:
        return solve_model(
            problem,
            time_limit=time_limit,
            workers=workers,
            seed=seed,
            reproducible=reproducible,
            on_progress=on_progress,
            stop=stop,
            hint=hint,
        )
    return solve_district(
        problem,
        time_limit=time_limit,
        workers=workers,
        seed=seed,
        reproducible=reproducible,
        on_progress=on_progress,
        stop=stop,
        executor=executor,
    )
