"""Background tasks: thin wrappers that take ids and call ``college.domain`` (the same code on every backend).

The backend comes from the ``TASKS_BACKEND`` setting: ``database`` (django-tasks-db, run ``manage.py
db_worker``), ``rq`` (django-tasks-rq with Redis, run ``manage.py rqworker``) or ``immediate`` (in-process).
"""

from __future__ import annotations

from django.tasks import task

from college.domain.fanout import run_part
from college.domain.solving import run_solve


@task()
def solve_term(job_id: int) -> str:
    """Run solve job ``job_id``; returns the job's final status."""
    return str(run_solve(job_id).status)


@task()
def solve_part(part_id: int) -> str:
    """Solve one independent part of a fanned-out job; the last part gathers the draft."""
    return str(run_part(part_id).status)
