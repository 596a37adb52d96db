"""Clique cuts never cut off a best timetable: tiny problems solved to proof with and without them, and compared
with every timetable enumerated and scored by the verifier."""

from __future__ import annotations

import pytest

from scheduler.bounds.lp import lp_bound
from scheduler.model.build import build
from scheduler.model.cliques import add_clique_cuts
from scheduler.search.one_model import solve
from scheduler.verify.timetable import verify
from tests.scheduler.model.test_formulation import _best_by_enumeration, _random_problem

CASES = [(seed, 3, (1, 2)) for seed in (2, 5, 13)] + [(seed, 4, (1,)) for seed in (0, 1, 2)]


@pytest.mark.parametrize(("seed", "n_groups", "sessions"), CASES)
def test_clique_cuts_keep_the_proven_optimum(seed: int, n_groups: int, sessions: tuple[int, ...]) -> None:
    p = _random_problem(seed, n_groups, sessions)
    assert add_clique_cuts(build(p, cuts=False).vars) > 0  # the case has cliques to cut
    best = _best_by_enumeration(p)
    assert lp_bound(build(p, cuts=True).build.model) <= best
    for cuts in (True, False):
        s = solve(p, time_limit=20.0, workers=1, seed=seed, cuts=cuts)
        assert s.status == "optimal"
        report = verify(p, s)
        assert (report.violations, report.objective) == ((), s.objective)
        assert s.objective == best
