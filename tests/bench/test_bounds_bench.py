"""``python -m bench.bounds``: a recorded bound is a bound, kept only when higher, and tied to its problem."""

from __future__ import annotations

import pytest

from bench import bounds
from college.domain.problem.from_records import problem_from_records
from fixtures.generator import generate_college
from scheduler.solver import solve
from scheduler.verify.timetable import verify

pytestmark = pytest.mark.slow


@pytest.fixture
def small():
    records = generate_college(seed=5, communities=1, groups=6, venues=4, teachers=5, residents=300)
    return problem_from_records(records, records.terms[0])


def test_a_community_bound_is_at_most_the_objective_of_a_verified_timetable(small) -> None:
    bound, method = bounds.community_bound(small, 60.0)
    found = solve(small, time_limit=5, workers=2, seed=1)
    report = verify(small, found)
    assert report.violations == ()
    assert bound is not None and "HiGHS" in method
    assert bound <= report.objective


def test_a_recorded_bound_is_replaced_only_by_a_higher_one_of_the_same_problem(small, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(bounds, "RECORD", tmp_path / "bounds.json")
    shape = bounds.shape_of(small)
    bounds.record("community-5", bounds.Known(100, "first", 1.0, "2026-12-04", shape))
    bounds.record("community-5", bounds.Known(90, "lower", 1.0, "2026-12-04", shape))
    assert bounds.known("community", 5, small).method == "first"
    bounds.record("community-5", bounds.Known(120, "higher", 1.0, "2026-12-04", shape))
    assert bounds.known("community", 5, small).bound == 120
    bounds.record("community-5", bounds.Known(500, "other problem", 1.0, "2026-12-04", shape + " changed"))
    assert bounds.known("community", 5, small) is None  # recorded for another shape: not this problem's bound


def test_a_districts_bound_sums_its_blocks_and_is_at_most_the_objective_of_a_verified_timetable() -> None:
    records = generate_college(seed=5, communities=2, groups=10, venues=6, teachers=8, residents=600)
    district = problem_from_records(records, records.terms[0])
    bound, method = bounds.district_bound(district, 20.0, processes=1, dual_seconds=1.0)
    found = solve(district, time_limit=10, workers=2, seed=1)
    report = verify(district, found)
    assert report.violations == ()
    assert "couplings dropped" in method
    assert 0 < bound <= report.objective
