"""A fanned-out solve: independent parts solved as separate tasks, gathered into one verified draft."""

from __future__ import annotations

import pytest
from django_tasks_db.models import DBTaskResult

from college.domain.fanout import solution_from_json, solution_to_json
from college.domain.solving import start_solve
from college.models import JobStatus, SolvePart
from scheduler.model import solve
from tests.college.workflow import assert_verified, load_two_towns, run_worker

pytestmark = pytest.mark.django_db(transaction=True)


def test_fanned_out_solve_gathers_its_parts_into_one_verified_draft() -> None:
    term = load_two_towns()
    job = start_solve(term.pk, time_limit=5, fan_out=True)
    run_worker().join(timeout=60)
    job.refresh_from_db()
    fields = ("index", "status", "groups", "sessions_placed", "worker")
    parts = list(SolvePart.objects.filter(job=job).values_list(*fields))
    assert parts == [
        (0, JobStatus.DONE, ["taichi", "callig", "choir"], 4, "test-worker"),
        (1, JobStatus.DONE, ["dance", "chess", "drones"], 4, "test-worker"),
    ]
    tasks = sorted(DBTaskResult.objects.values_list("task_path", flat=True))
    assert tasks == ["college.tasks.solve_part", "college.tasks.solve_part", "college.tasks.solve_term"]
    assert (job.status, job.timetable.sessions.count(), job.sessions_placed) == (JobStatus.DONE, 8, 8)
    assert job.timetable.solver_status == "optimal"
    assert_verified(job.timetable, previous=None)


def test_fan_out_of_a_problem_that_does_not_split_solves_in_one_task() -> None:
    term = load_two_towns()
    from college.models import InterestGroup, Teacher

    InterestGroup.objects.filter(key="dance").update(teacher=Teacher.objects.get(key="zhao"))  # couples the towns
    job = start_solve(term.pk, time_limit=5, fan_out=True)
    run_worker().join(timeout=60)
    job.refresh_from_db()
    assert (job.status, SolvePart.objects.count(), DBTaskResult.objects.count()) == (JobStatus.DONE, 0, 1)
    assert_verified(job.timetable, previous=None)


def test_a_part_solution_survives_its_trip_through_the_database_unchanged() -> None:
    from college.domain.build import build_problem

    term = load_two_towns()
    solution = solve(build_problem(term.pk), time_limit=5, workers=1)
    assert solution_from_json(solution_to_json(solution)) == solution
