"""A job's (or part's) state moves: queued → running exactly once, running → a final status, and the sweep that
fails the running ones whose worker stopped beating."""

from __future__ import annotations

import datetime as dt
import os
import socket

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from college.models import JobStatus, ProposalJob, SolveJob, SolvePart


def reap_stale_jobs(term_id: int | None = None) -> int:
    """Mark running jobs, parts and proposal runs whose heartbeat is older than ``SOLVE_STALE_SECONDS`` as failed."""
    cutoff = timezone.now() - dt.timedelta(seconds=settings.SOLVE_STALE_SECONDS)
    dead = _("The worker running this solve stopped responding; no timetable was saved.")
    jobs = SolveJob.objects.filter(status=JobStatus.RUNNING)
    if term_id is not None:
        jobs = jobs.filter(term_id=term_id)
    stale_parts = SolvePart.objects.filter(job__in=jobs, status=JobStatus.RUNNING, heartbeat__lt=cutoff)
    failed_jobs = set(stale_parts.values_list("job_id", flat=True))
    stale_parts.update(status=JobStatus.FAILED, finished_at=timezone.now(), message=dead)
    failed_jobs |= set(jobs.filter(heartbeat__lt=cutoff).values_list("pk", flat=True))
    for job_id in failed_jobs:
        finish(job_id, JobStatus.FAILED, message=dead)
    runs = ProposalJob.objects.filter(status=JobStatus.RUNNING, heartbeat__lt=cutoff)
    if term_id is not None:
        runs = runs.filter(term_id=term_id)
    failed_runs = list(runs.values_list("pk", flat=True))
    for run_id in failed_runs:
        finish(run_id, JobStatus.FAILED, row=ProposalJob, message=_("The worker running it stopped responding."))
    return len(failed_jobs) + len(failed_runs)


def finish(
    job_id: int,
    status: str,
    *,
    from_status: str = JobStatus.RUNNING,
    row: type[SolveJob] | type[ProposalJob] = SolveJob,
    **fields: object,
) -> bool:
    """Move a job (a solve's, or a proposal run's) from ``from_status`` to a final status; False when it had already
    moved on."""
    now = timezone.now()
    changed = row.objects.filter(pk=job_id, status=from_status).update(status=status, finished_at=now, **fields)
    return changed == 1


def claim(row: type[SolveJob] | type[SolvePart] | type[ProposalJob], pk: int, worker: str | None = None) -> bool:
    """Queued → running, exactly once (two workers given the same task: one runs it)."""
    now = timezone.now()
    worker = worker or f"{socket.gethostname()}:{os.getpid()}"
    changed = row.objects.filter(pk=pk, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=now, heartbeat=now, worker=worker[:200]
    )
    return changed == 1
