"""Background tasks: thin wrappers that take ids and call ``college.domain`` (the same code on every backend).

The backend comes from the ``TASKS_BACKEND`` setting: ``database`` (django-tasks-db, run ``manage.py
db_worker``), ``rq`` (django-tasks-rq with Redis, run ``manage.py rqworker``) or ``immediate`` (in-process).
"""

from __future__ import annotations

from django.tasks import TaskContext, default_task_backend, task
from django.tasks.base import DEFAULT_TASK_PRIORITY

from college.domain.calendar.files import write_feeds
from college.domain.proposals import runs as proposal_runs
from college.domain.solving import bounds, queue, reap_stale_jobs, run_solve
from college.domain.solving.fanout import run_part


def _worker(context: TaskContext) -> str | None:
    ids = context.task_result.worker_ids
    return ids[-1] if ids else None


@task(takes_context=True)
def solve_term(context: TaskContext, job_id: int) -> str:
    """Run solve job ``job_id``; returns the job's final status."""
    reap_stale_jobs()  # every task start sweeps all terms, so dead workers' jobs fail even when nobody looks
    return str(run_solve(job_id, worker=_worker(context)).status)


@task(takes_context=True)
def solve_part(context: TaskContext, part_id: int) -> str:
    """Solve one independent part of a fanned-out job; the last part gathers the draft."""
    reap_stale_jobs()
    return str(run_part(part_id, worker=_worker(context)).status)


@task
def write_public_feeds(feeds: list[list[str]] | None) -> dict[str, int]:
    """Bring public feed files up to date: ``[[kind, key], …]``, or every one when None."""
    return dict(write_feeds(None if feeds is None else [(kind, key) for kind, key in feeds]))


@task(takes_context=True)
def propose_term(context: TaskContext, job_id: int) -> str:
    """Run proposal run ``job_id`` (new groups from unmet demand); returns the run's final status."""
    reap_stale_jobs()
    return str(proposal_runs.run(job_id, worker=_worker(context)).status)


@task(priority=-50 if default_task_backend.supports_priority else DEFAULT_TASK_PRIORITY)  # a queued solve goes first
def bound_term(term_id: int) -> int | None:
    """Bring term ``term_id``'s background bound up to date with its problem; returns the bound (None: none)."""
    row = bounds.bound_term(term_id)
    return None if row is None else row.value


queue.register(
    solve_term=solve_term,
    solve_part=solve_part,
    propose_term=propose_term,
    write_feeds=write_public_feeds,
    bound_term=bound_term,
)
