"""Real worker processes on the test database: a worker killed mid-solve, and a district solve fanned out to two
Redis-backed RQ workers (the "beyond one machine" mode: PostgreSQL + Redis, selected by settings alone)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone
from rq import Queue, Worker
from rq.command import send_shutdown_command

from college.domain.solving import refresh_job, start_solve
from college.models import JobStatus, SolveJob, SolvePart, Timetable
from tests.college.workflow import assert_verified, load_busy_community, load_two_towns, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[3]
REDIS_URL = os.environ.get("KEBIAO_TEST_REDIS_URL", "redis://127.0.0.1:6379/9")


def database_url() -> str:
    """The test database as a DATABASE_URL for a worker process."""
    s = connection.settings_dict
    if s["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{s['NAME']}"
    return f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def worker_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "TASKS_", "SOLVE"))}
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "college.settings",
        "SECRET_KEY": "worker-test-key",
        "DATABASE_URL": database_url(),
        "SOLVER_WORKERS": "1",
        **extra,
    }


def manage(*args: str, **popen: Any) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "manage.py", *args], cwd=ROOT, text=True, start_new_session=True, **popen)


def test_worker_killed_mid_solve_leaves_a_failed_job_and_no_timetable(settings: Any) -> None:
    term = load_busy_community()
    job = start_solve(term.pk, time_limit=60)
    worker = manage(
        "db_worker", "--interval", "0.1", "--no-startup-delay", "--worker-id", "doomed",
        env=worker_env(TASKS_BACKEND="database"), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_for(lambda: SolveJob.objects.filter(pk=job.pk, objective__isnull=False).exists(), what="progress")
    finally:
        os.killpg(worker.pid, signal.SIGKILL)  # no goodbye: as a machine that loses power
        worker.wait(timeout=10)
    running = SolveJob.objects.get(pk=job.pk)
    assert (running.status, running.worker) == (JobStatus.RUNNING, "doomed")
    settings.SOLVE_STALE_SECONDS = 2
    wait_for(lambda: (timezone.now() - running.heartbeat).total_seconds() > 2.5, what="heartbeat to go stale")
    assert refresh_job(job.pk).status == JobStatus.FAILED
    assert Timetable.objects.count() == 0
    assert start_solve(term.pk).status == JobStatus.QUEUED  # the term is free again


def test_district_solve_fans_out_to_two_rq_workers_and_gathers_one_draft() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("runs against PostgreSQL, as CI does: set DATABASE_URL=postgres://…")
    from redis import Redis

    redis = Redis.from_url(REDIS_URL)
    redis.ping()  # CI has Redis on 127.0.0.1:6379: a missing server fails this test, it is not skipped
    Queue("default", connection=redis).empty()
    term = load_two_towns()
    env = worker_env(TASKS_BACKEND="rq", REDIS_URL=REDIS_URL)
    names = [f"kebiao-test-{uuid.uuid4().hex[:8]}-{i}" for i in (1, 2)]
    workers = [
        manage(
            "rqworker",
            "default",
            "--job-class",
            "django_tasks_rq.Job",
            "--name",
            name,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        for name in names
    ]
    try:
        wait_for(lambda: set(names) <= {w.name for w in Worker.all(connection=redis)}, what="both workers up")
        solve = subprocess.run(
            [sys.executable, "manage.py", "solve", term.key, "--background", "--fan-out", "--time-limit", "5"],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=180,
        )  # fmt: skip
        assert solve.returncode == 0, solve.stderr
    finally:
        for name in names:
            send_shutdown_command(redis, name)
        for w in workers:
            try:
                w.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(w.pid, signal.SIGKILL)
                w.wait(timeout=10)
    job = SolveJob.objects.get()
    parts = list(SolvePart.objects.filter(job=job).order_by("index"))
    assert (job.status, [p.status for p in parts], [len(p.groups) for p in parts]) == (
        JobStatus.DONE,
        [JobStatus.DONE, JobStatus.DONE],
        [3, 3],
    )
    assert {job.worker, *(p.worker for p in parts)} == set(names)  # both machines took part
    assert "Saved version 1" in solve.stdout
    assert (job.timetable.sessions.count(), job.timetable.solver_status) == (8, "optimal")
    assert_verified(job.timetable, previous=None)
