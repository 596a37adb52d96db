"""A fanned-out district solve: the scheduler's block solves run as tasks, gathered into one verified draft."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from college.domain.solving import start_solve, stop_solve
from college.models import InterestGroup, JobStatus, SolvePart, Teacher, Timetable
from tests.college.workflow import assert_verified, load_two_towns, run_worker, wait_for

pytestmark = pytest.mark.django_db(transaction=True)


def test_fanned_out_solve_runs_each_block_as_a_task_and_saves_one_verified_draft() -> None:
    term = load_two_towns()
    job = start_solve(term.pk, time_limit=5, fan_out=True)
    run_worker().join(timeout=60)
    job.refresh_from_db()
    fields = ("index", "status", "groups", "sessions_placed", "worker")
    parts = list(SolvePart.objects.filter(job=job).order_by("index").values_list(*fields))
    assert parts == [
        (0, JobStatus.DONE, ["callig", "choir", "taichi"], 4, "test-worker"),
        (1, JobStatus.DONE, ["chess", "dance", "drones"], 4, "test-worker"),
    ]  # one worker: the job's own worker ran the parts while it waited
    tasks = sorted(DBTaskResult.objects.values_list("task_path", "status"))
    assert tasks == [
        ("college.tasks.solve_part", "SUCCESSFUL"),
        ("college.tasks.solve_part", "SUCCESSFUL"),
        ("college.tasks.solve_term", "SUCCESSFUL"),
    ]
    assert (job.status, job.timetable.sessions.count(), job.sessions_placed) == (JobStatus.DONE, 8, 8)
    assert_verified(job.timetable, previous=None)


def test_coupled_communities_are_solved_one_block_after_the_other() -> None:
    term = load_two_towns()
    InterestGroup.objects.filter(key="dance").update(teacher=Teacher.objects.get(key="zhao"))  # couples the towns
    job = start_solve(term.pk, time_limit=5, fan_out=True)
    run_worker().join(timeout=60)
    job.refresh_from_db()
    parts = list(SolvePart.objects.filter(job=job).order_by("index"))
    assert [p.status for p in parts] == [JobStatus.DONE, JobStatus.DONE]
    assert parts[0].finished_at <= parts[1].started_at  # the later block sees the earlier one placed
    assert (job.status, job.timetable.sessions.count()) == (JobStatus.DONE, 8)
    assert_verified(job.timetable, previous=None)


def test_one_community_is_one_model_and_needs_no_parts() -> None:
    term = load_two_towns()
    InterestGroup.objects.filter(community__key="west").delete()
    job = start_solve(term.pk, time_limit=5, fan_out=True)
    run_worker().join(timeout=60)
    job.refresh_from_db()
    assert (job.status, SolvePart.objects.count(), job.timetable.sessions.count()) == (JobStatus.DONE, 0, 4)


def test_a_fanned_out_job_stopped_before_it_started_leaves_no_parts_and_no_timetable() -> None:
    term = load_two_towns()
    job = stop_solve(start_solve(term.pk, time_limit=5, fan_out=True).pk)
    run_worker().join(timeout=60)
    job.refresh_from_db()
    assert (job.status, SolvePart.objects.count(), Timetable.objects.count()) == (JobStatus.STOPPED, 0, 0)


def test_part_whose_worker_died_fails_the_job_and_leaves_no_timetable(settings: object) -> None:
    term = load_two_towns()
    settings.SOLVE_STALE_SECONDS = 2  # type: ignore[attr-defined]
    job = start_solve(term.pk, time_limit=5, fan_out=True)
    worker = run_worker()
    first = wait_for(lambda: SolvePart.objects.filter(job=job, index=0, status="queued").first(), what="part 0")
    long_ago = timezone.now() - dt.timedelta(seconds=60)
    SolvePart.objects.filter(pk=first.pk).update(
        status=JobStatus.RUNNING, worker="lost-machine", started_at=long_ago, heartbeat=long_ago
    )  # what a worker that took the part and then lost power leaves behind
    worker.join(timeout=60)
    job.refresh_from_db()
    assert (job.status, job.timetable, Timetable.objects.count()) == (JobStatus.FAILED, None, 0)
    assert job.message == "运行本次排课的后台进程已无响应；没有保存任何课表。"  # written by the worker, in Chinese
    assert SolvePart.objects.get(pk=first.pk).status == JobStatus.FAILED
