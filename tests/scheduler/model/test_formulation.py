"""The model's optimum is the true optimum: tiny seeded problems solved to proof and compared with every
timetable enumerated and scored by the verifier alone (so a cut that removes a good timetable, or a derived
literal that undercounts a clash, fails here)."""

from __future__ import annotations

import random
import time
from itertools import combinations, product

import pytest

from scheduler import Assignment, Problem, Window
from scheduler.model.build import build
from scheduler.model.candidates import Candidates
from scheduler.model.rules.base import OutOfTime
from scheduler.search.one_model import solve
from scheduler.verify.timetable import verify
from tests.scheduler.builders import grid, group, problem, resident, teacher, venue

STARTS = (9 * 60, 10 * 60 + 30, 12 * 60)  # a 120-minute session at 9:00 overlaps the one at 10:30


def _random_problem(seed: int, n_groups: int = 3, sessions: tuple[int, ...] = (1, 2)) -> Problem:
    rng = random.Random(seed)
    names = [f"t{i + 1}" for i in range(max(3, n_groups))]
    groups = tuple(
        group(
            f"g{i}",
            teacher=rng.choice(names[:3]) if n_groups == 3 else names[i],  # more groups: teachers apart
            sessions=rng.choice(sessions),
            length=rng.choice([60, 90, 120]),
            venues=(f"v{i}",),
        )
        for i in range(n_groups)
    )
    residents = []
    for r in range(14):
        free = tuple(Window(d, s, s + 150) for d in range(3) for s in STARTS if rng.random() < 0.6) or (
            Window(0, 0, 1440),
        )
        wanted = rng.sample([g.id for g in groups], rng.choice([1, 2, 2, 3] + [n_groups] * (n_groups > 3)))
        residents.append(resident(f"r{r}", *wanted, free=free))
    return problem(
        groups=groups,
        teachers=tuple(teacher(t) for t in names),
        venues=tuple(venue(f"v{i}") for i in range(n_groups)),
        slots=grid(days=range(3), starts=STARTS, length=120),
        residents=tuple(residents),
    )


def _best_by_enumeration(p: Problem) -> int:
    cands = Candidates(p)
    options = []
    for g in p.groups:
        slots = cands.of[g.id].slots
        days = [(t, p.slots[t].weekday) for t in slots]
        options.append([c for c in combinations(days, g.sessions) if len({d for _, d in c}) == g.sessions])
    best = None
    for choice in product(*options):
        timetable = tuple(
            Assignment(g.id, i, p.slots[t], g.venues[0], g.teacher)
            for g, picked in zip(p.groups, choice, strict=True)
            for i, (t, _) in enumerate(sorted(picked, key=lambda td: (td[1], p.slots[td[0]].start)))
        )
        report = verify(p, timetable)
        if not report.violations and (best is None or report.objective < best):
            best = report.objective
    assert best is not None
    return best


@pytest.mark.parametrize("seed", range(8))
def test_proven_optimum_equals_the_best_enumerated_timetable(seed: int) -> None:
    p = _random_problem(seed)
    s = solve(p, time_limit=20.0, workers=1, seed=seed)
    assert s.status == "optimal"
    report = verify(p, s)
    assert (report.violations, report.objective) == ((), s.objective)
    assert s.objective == _best_by_enumeration(p)


def test_building_past_its_deadline_stops_with_out_of_time() -> None:
    p = problem((group("g1", sessions=2),), (venue("v1"),), (teacher("t1"),))
    with pytest.raises(OutOfTime):
        build(p, deadline=time.perf_counter() - 1.0)
    assert build(p, deadline=time.perf_counter() + 3600).vars.count > 0
