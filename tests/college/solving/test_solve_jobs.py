"""Solving as a job: start returns at once, a worker solves with live progress, stop keeps the best timetable,
a second solve of the term is refused, a failure and a dead worker leave a failed job and no timetable."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import override
from django_tasks_db.models import DBTaskResult

from college.domain.errors import WorkflowError
from college.domain.solving import latest_job, refresh_job, start_solve, stop_solve
from college.models import JobStatus, SolveJob, Term, Timetable, TimetableStatus
from tests.college.workflow import (
    assert_verified,
    coordinator,
    load_busy_community,
    load_two_towns,
    run_worker,
    solve_now,
    wait_for,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_solve_saves_a_verified_draft_with_every_session() -> None:
    term = load_two_towns()
    with override("en"):
        job = solve_now(term.pk, time_limit=60)  # it ends once proven optimal: the limit only spares a busy machine
    timetable = job.timetable
    assert (job.status, job.message, timetable.status, timetable.version) == (
        JobStatus.DONE,
        "Saved as version 1.",
        TimetableStatus.DRAFT,
        1,
    )
    assert (timetable.sessions.count(), job.sessions_placed, job.sessions_total) == (8, 8, 8)
    assert (job.objective, timetable.solver_status) == (timetable.objective, "optimal")
    assert_verified(timetable, previous=None)


def test_start_returns_at_once_with_a_queued_job_for_the_worker() -> None:
    term = load_two_towns()
    user = coordinator()
    job = start_solve(term.pk, user_id=user.pk, time_limit=5)
    queued = DBTaskResult.objects.get()
    assert (job.status, job.created_by, job.timetable, Timetable.objects.count()) == (JobStatus.QUEUED, user, None, 0)
    assert (queued.task_path, queued.args_kwargs) == ("college.tasks.solve_term", {"args": [job.pk], "kwargs": {}})


def test_worker_runs_the_queued_solve_to_a_saved_draft() -> None:
    term = load_two_towns()
    job = start_solve(term.pk, time_limit=5)
    run_worker().join(timeout=60)
    job.refresh_from_db()
    assert (job.status, job.worker, DBTaskResult.objects.get().status) == (JobStatus.DONE, "test-worker", "SUCCESSFUL")
    assert_verified(job.timetable, previous=None)


@pytest.mark.slow
def test_running_solve_shows_progress_and_stop_keeps_the_best_timetable() -> None:
    term = load_busy_community()
    job = start_solve(term.pk, time_limit=60)
    worker = run_worker()
    wait_for(lambda: SolveJob.objects.filter(pk=job.pk, objective__isnull=False).exists(), what="first timetable")
    running = SolveJob.objects.get(pk=job.pk)
    assert (running.status, running.sessions_placed, running.sessions_total) == (JobStatus.RUNNING, 76, 76)
    assert running.bound is not None and running.bound <= running.objective
    assert running.heartbeat is not None and running.timetable is None
    stop_solve(job.pk)
    worker.join(timeout=30)
    job.refresh_from_db()
    assert (job.status, job.timetable.solver_status) == (JobStatus.STOPPED, "stopped")
    assert job.stop_requested  # and the solver says "stopped" (above): the stop, not the time limit, ended it
    assert job.objective <= running.objective
    assert_verified(job.timetable, previous=None)


def test_second_solve_of_a_term_is_refused_while_the_first_is_active() -> None:
    term = load_two_towns()
    user = coordinator("wang")
    first = start_solve(term.pk, user_id=user.pk)
    with override("en"), pytest.raises(WorkflowError) as refused:
        start_solve(term.pk)
    since = timezone.localtime(first.created_at).strftime("%H:%M")
    assert str(refused.value) == (
        f"A solve of 2026年春季学期 is already queued (started {since} by wang): "
        "wait for it to finish or stop it before starting another."
    )
    assert SolveJob.objects.count() == 1


def test_database_itself_refuses_a_second_active_job_of_a_term() -> None:
    term = load_two_towns()
    SolveJob.objects.create(term=term, time_limit=5, status=JobStatus.RUNNING)
    with pytest.raises(IntegrityError), transaction.atomic():
        SolveJob.objects.create(term=term, time_limit=5, status=JobStatus.QUEUED)
    SolveJob.objects.create(term=term, time_limit=5, status=JobStatus.DONE)  # finished ones are history
    assert SolveJob.objects.filter(term=term).count() == 2


def test_a_new_solve_may_start_once_the_previous_one_finished() -> None:
    term = load_two_towns()
    first = solve_now(term.pk)
    second = solve_now(term.pk)
    assert (first.timetable.version, second.timetable.version) == (1, 2)


def test_stopping_a_queued_job_stops_it_at_once_and_the_worker_skips_it() -> None:
    term = load_two_towns()
    with override("en"):
        job = stop_solve(start_solve(term.pk).pk)
    assert (job.status, job.message) == (JobStatus.STOPPED, "Stopped before it started.")
    run_worker().join(timeout=30)
    job.refresh_from_db()
    assert (job.status, Timetable.objects.count()) == (JobStatus.STOPPED, 0)


def test_job_whose_worker_stopped_beating_is_failed_and_frees_the_term(settings: object) -> None:
    term = load_two_towns()
    stale = timezone.now() - dt.timedelta(seconds=31)
    job = SolveJob.objects.create(
        term=term, time_limit=60, status=JobStatus.RUNNING, started_at=stale, heartbeat=stale
    )  # as a worker killed mid-solve leaves it
    with override("en"):
        job = refresh_job(job.pk)
    assert (job.status, job.message, job.timetable) == (
        JobStatus.FAILED,
        "The worker running this solve stopped responding; no timetable was saved.",
        None,
    )
    assert Timetable.objects.count() == 0
    assert start_solve(term.pk).status == JobStatus.QUEUED


def test_job_with_a_recent_heartbeat_is_left_running() -> None:
    term = load_two_towns()
    now = timezone.now()
    job = SolveJob.objects.create(term=term, time_limit=60, status=JobStatus.RUNNING, started_at=now, heartbeat=now)
    assert refresh_job(job.pk).status == JobStatus.RUNNING


def test_solve_that_cannot_build_its_problem_fails_with_the_reason() -> None:
    term = load_two_towns()
    Term.objects.filter(pk=term.pk).update(slot_starts=[])
    job = start_solve(term.pk, enqueue=False)
    from college.domain.solving import run_solve

    with override("en"), pytest.raises(Exception, match="slot grid is empty"):
        run_solve(job.pk)
    job.refresh_from_db()
    assert (job.status, Timetable.objects.count()) == (JobStatus.FAILED, 0)
    assert job.message == "The solve failed: the slot grid is empty: give at least one weekday + start time"


def test_time_limit_must_be_positive_and_within_the_maximum() -> None:
    term = load_two_towns()
    with override("en"):
        for bad in (0, -5, 10**6):
            with pytest.raises(WorkflowError, match=f"more than 0 and at most 3600 seconds, not {bad}"):
                start_solve(term.pk, time_limit=bad)
    assert SolveJob.objects.count() == 0


def test_latest_job_of_a_term_is_its_most_recent_one() -> None:
    term = load_two_towns()
    assert latest_job(term.pk) is None
    solve_now(term.pk)
    second = solve_now(term.pk)
    assert latest_job(term.pk) == second


def test_refusal_of_a_second_solve_speaks_chinese_first() -> None:
    term = load_two_towns()
    first = start_solve(term.pk)
    with override("zh-hans"), pytest.raises(WorkflowError) as refused:
        start_solve(term.pk)
    since = timezone.localtime(first.created_at).strftime("%H:%M")
    assert str(refused.value) == (
        f"2026年春季学期 已有一次排课处于“排队中”状态（{since} 由 系统 发起）：请等待它完成，或先停止它再开始新的排课。"
    )


def test_immediate_backend_solves_inside_the_call_that_starts_it(settings: object) -> None:
    term = load_two_towns()
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}  # type: ignore[attr-defined]
    job = start_solve(term.pk, time_limit=5)
    job.refresh_from_db()
    assert (job.status, job.timetable.version) == (JobStatus.DONE, 1)
    assert_verified(job.timetable, previous=None)


def stale_job_of_another_term() -> SolveJob:
    """A job left running by a worker killed mid-solve, in a term nobody looks at."""
    other = Term.objects.create(key="2027-spring", name="2027年春季学期", first_day=dt.date(2027, 3, 1),
                                last_day=dt.date(2027, 6, 30))  # fmt: skip
    stale = timezone.now() - dt.timedelta(seconds=31)
    return SolveJob.objects.create(term=other, time_limit=60, status=JobStatus.RUNNING, started_at=stale,
                                   heartbeat=stale)  # fmt: skip


def test_sweep_jobs_command_fails_a_stale_job_nobody_reads_and_frees_its_term() -> None:
    load_two_towns()
    job = stale_job_of_another_term()
    now = timezone.now()
    alive = SolveJob.objects.create(term=Term.objects.exclude(pk=job.term_id).get(), time_limit=60,
                                    status=JobStatus.RUNNING, started_at=now, heartbeat=now)  # fmt: skip
    out = io.StringIO()
    call_command("sweep_jobs", stdout=out)
    assert out.getvalue() == "Marked 1 solve job(s) failed: their workers stopped responding.\n"
    assert SolveJob.objects.get(pk=job.pk).status == JobStatus.FAILED
    assert SolveJob.objects.get(pk=alive.pk).status == JobStatus.RUNNING
    assert start_solve(job.term_id).status == JobStatus.QUEUED
    quiet = io.StringIO()
    call_command("sweep_jobs", stdout=quiet)
    assert quiet.getvalue() == ""  # nothing new for cron to mail


def test_a_worker_sweeps_stale_jobs_of_every_term_when_it_starts_a_task() -> None:
    term = load_two_towns()
    job = stale_job_of_another_term()
    start_solve(term.pk, time_limit=5)
    run_worker().join(timeout=60)
    assert SolveJob.objects.get(pk=job.pk).status == JobStatus.FAILED
    assert SolveJob.objects.get(term=term).status == JobStatus.DONE
