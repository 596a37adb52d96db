"""Solving as a job: start (returns at once), run on a worker with live progress, stop, and the stale-job sweep.

Entry points take ids and are what the pages, the API, the management commands and ``college.tasks`` call:

- ``start_solve(term_id, …) -> SolveJob``: queue a solve; refused (``WorkflowError``) while one is active.
- ``run_solve(job_id, on_progress=None) -> SolveJob``: the task body (a worker, or the ``solve`` command).
- ``stop_solve(job_id) -> SolveJob``: stop; a running solve keeps the best timetable found so far.
- ``refresh_job(job_id) -> SolveJob``: the job as it is now, after sweeping dead workers' jobs.
- ``latest_job(term_id) -> SolveJob | None``: the term's most recent job, likewise refreshed.
- ``reap_stale_jobs(term_id=None) -> int``: mark jobs whose worker stopped beating as failed.

A job's timetable is written in the same transaction that marks the job done, and only while the job is
still ``running``: a worker declared dead never adds a version afterwards, and a dead worker leaves none.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
from collections.abc import Callable
from concurrent.futures import Executor
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from college.domain.build import AUTO, Prepared, _Auto, base_timetable, prepare
from college.domain.demand.figures import figures_of
from college.domain.errors import WorkflowError
from college.domain.links import link_sentences
from college.domain.monitor import Monitor
from college.domain.timetables import save_draft
from college.models import JobStatus, SolveJob, SolvePart, Term, Timetable
from scheduler import Solution, Status
from scheduler.explain import explain
from scheduler.model import Progress
from scheduler.solver import solve

logger = logging.getLogger(__name__)


def start_solve(
    term_id: int,
    *,
    user_id: int | None = None,
    time_limit: float | None = None,
    previous: int | None | _Auto = AUTO,
    fan_out: bool | None = None,
    enqueue: bool = True,
) -> SolveJob:
    """Create a queued solve job of a term and hand it to the task backend; returns at once.

    ``previous``: the version to stay close to (``AUTO``: the published one, else the latest; ``None``: afresh).
    ``fan_out``: a district's block solves run on the task workers (default: the ``SOLVE_FAN_OUT`` setting).
    ``enqueue=False`` leaves the job for the caller to run with ``run_solve`` (the ``solve`` command does).
    """
    term = Term.objects.get(pk=term_id)
    limit = check_time_limit(time_limit)
    reap_stale_jobs(term_id)
    if previous is AUTO:
        base = base_timetable(term_id)
    else:
        base = None if previous is None else Timetable.objects.get(pk=previous, term_id=term_id)
    try:
        with transaction.atomic():
            job = SolveJob.objects.create(
                term=term,
                created_by_id=user_id,
                time_limit=limit,
                base=base,
                fan_out=settings.SOLVE_FAN_OUT if fan_out is None else fan_out,
            )
    except IntegrityError:
        raise WorkflowError(refusal(term)) from None
    if enqueue:
        transaction.on_commit(partial(_enqueue_job, job.pk))
    return job


def check_time_limit(time_limit: float | None) -> float:
    if time_limit is None:
        return float(settings.SOLVE_TIME_LIMIT)
    if not isinstance(time_limit, int | float) or not 0 < time_limit <= settings.SOLVE_MAX_TIME_LIMIT:
        raise WorkflowError(
            _("The time limit must be between 1 and %(max)d seconds, not %(limit)s.")
            % {"max": settings.SOLVE_MAX_TIME_LIMIT, "limit": time_limit}
        )
    return float(time_limit)


def refusal(term: Term) -> str:
    active = SolveJob.objects.filter(term=term, status__in=(JobStatus.QUEUED, JobStatus.RUNNING)).first()
    if active is None:  # finished between the refusal and this look
        return _("Another solve of %(term)s was just started: try again in a moment.") % {"term": term}
    since = timezone.localtime(active.created_at).strftime("%H:%M")
    who = active.created_by.get_username() if active.created_by else _("the system")
    return _(
        "A solve of %(term)s is already %(status)s (started %(since)s by %(who)s): "
        "wait for it to finish or stop it before starting another."
    ) % {"term": term, "status": active.get_status_display().lower(), "since": since, "who": who}


def _enqueue_job(job_id: int) -> None:
    from college.tasks import solve_term

    try:
        solve_term.enqueue(job_id)
    except Exception as error:
        _finish(job_id, JobStatus.FAILED, from_status=JobStatus.QUEUED, message=_cannot_queue(error))
        raise WorkflowError(_cannot_queue(error)) from error


def _cannot_queue(error: Exception) -> str:
    return _("The solve could not be handed to a worker: %(error)s") % {"error": error}


def stop_solve(job_id: int) -> SolveJob:
    """Stop a job: a queued one is stopped at once, a running one ends soon keeping its best timetable."""
    SolveJob.objects.filter(pk=job_id).update(stop_requested=True)
    _finish(job_id, JobStatus.STOPPED, from_status=JobStatus.QUEUED, message=_("Stopped before it started."))
    return SolveJob.objects.get(pk=job_id)


def refresh_job(job_id: int) -> SolveJob:
    """The job as it is now; a job whose worker stopped beating is marked failed first."""
    job = SolveJob.objects.get(pk=job_id)
    if job.active:
        reap_stale_jobs(job.term_id)
        job.refresh_from_db()
    return job


def latest_job(term_id: int) -> SolveJob | None:
    """The term's most recent solve job (active or finished), after sweeping dead workers' jobs."""
    reap_stale_jobs(term_id)
    return SolveJob.objects.filter(term_id=term_id).select_related("timetable", "created_by").first()


def reap_stale_jobs(term_id: int | None = None) -> int:
    """Mark running jobs (and parts) whose heartbeat is older than ``SOLVE_STALE_SECONDS`` as failed."""
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
        _finish(job_id, JobStatus.FAILED, message=dead)
    return len(failed_jobs)


def _finish(job_id: int, status: str, *, from_status: str = JobStatus.RUNNING, **fields: object) -> bool:
    """Move a job from ``from_status`` to a final status; False when it had already moved on."""
    now = timezone.now()
    changed = SolveJob.objects.filter(pk=job_id, status=from_status).update(status=status, finished_at=now, **fields)
    return changed == 1


def claim(row: type[SolveJob] | type[SolvePart], pk: int, worker: str | None = None) -> bool:
    """Queued → running, exactly once (two workers given the same task: one runs it)."""
    now = timezone.now()
    worker = worker or f"{socket.gethostname()}:{os.getpid()}"
    changed = row.objects.filter(pk=pk, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=now, heartbeat=now, worker=worker[:200]
    )
    return changed == 1


def run_solve(
    job_id: int, *, worker: str | None = None, on_progress: Callable[[Progress], None] | None = None
) -> SolveJob:
    """Run a queued job to its end: build, solve with progress, save a verified draft (or explain why not).

    ``worker`` names who runs it (the task worker's id; default: host and process id).
    """
    if not claim(SolveJob, job_id, worker):
        return SolveJob.objects.get(pk=job_id)
    job = SolveJob.objects.get(pk=job_id)
    try:
        with Monitor(SolveJob, job.pk, job.pk, 0, on_progress) as monitor:
            prepared = prepare(job.term_id, previous=job.base_id)
            monitor.sessions = prepared.problem.session_count
            SolveJob.objects.filter(pk=job.pk).update(sessions_total=monitor.sessions)
            solution = solve(
                prepared.problem,
                time_limit=job.time_limit,
                workers=settings.SOLVER_WORKERS,
                on_progress=monitor.progress,
                stop=monitor.stop,
                executor=_executor(job),
            )
    except Exception as error:
        logger.exception("solve job %s failed", job_id)
        _finish(job_id, JobStatus.FAILED, message=_("The solve failed: %(error)s") % {"error": error})
        raise
    return conclude(job, prepared, solution)


def _executor(job: SolveJob) -> Executor | None:
    """Where a district's block solves run: the task workers when the job fans out, else this machine."""
    if not job.fan_out:
        return None
    from college.domain.fanout import TaskExecutor

    job.refresh_from_db(fields=["worker"])
    return TaskExecutor(job, slots=settings.SOLVE_FAN_OUT_WORKERS)


def conclude(job: SolveJob, prepared: Prepared, solution: Solution) -> SolveJob:
    """Record a finished solve: a verified draft with the job marked done/stopped, or why there is none."""
    asked = SolveJob.objects.filter(pk=job.pk, stop_requested=True).exists()
    stopped = solution.status is Status.STOPPED or (asked and solution.status is not Status.OPTIMAL)
    if solution.status.has_timetable:
        _save(job, prepared, solution, JobStatus.STOPPED if stopped else JobStatus.DONE)
    elif stopped:
        _finish(job.pk, JobStatus.STOPPED, message=_("Stopped before a timetable was found."))
    else:
        sentences = solution.explanation if solution.status is Status.INFEASIBLE else ()
        if not sentences:  # out of time before any timetable, with no cause named: ask the explainer why
            sentences = explain(prepared.problem, time_limit=min(10.0, job.time_limit))
        explanation = [f.as_json() for f in link_sentences(sentences)]
        if solution.status is Status.INFEASIBLE or not sentences[0].startswith(_NOTHING_FOUND):
            text = _("No timetable can satisfy every rule of this term; the explanation says what to change.")
            _finish(job.pk, JobStatus.INFEASIBLE, message=text, explanation=explanation)
        else:
            text = _("No timetable was found within %(limit)d seconds: allow more time, or run the data check.")
            _finish(job.pk, JobStatus.FAILED, message=text % {"limit": job.time_limit}, explanation=explanation)
    return SolveJob.objects.get(pk=job.pk)


_NOTHING_FOUND = "No timetable was found"  # how ``scheduler.explain`` says it isolated no cause


class _Abandoned(Exception):
    """The job stopped being ``running`` while its timetable was being saved: roll the draft back."""


def _save(job: SolveJob, prepared: Prepared, solution: Solution, status: str) -> None:
    try:
        with transaction.atomic():
            timetable = save_draft(
                job.term_id, solution, job.created_by_id, problem=prepared.problem, base=prepared.base
            )
            figures_of(timetable)  # computed once, before the job says done, so the pages read them stored
            placed = sum(1 for _ in solution.assignments)
            if not _finish(
                job.pk,
                status,
                timetable=timetable,
                objective=timetable.objective,
                bound=timetable.bound,
                sessions_placed=placed,
                elapsed=round(solution.timings.total, 2),
                message=_("Saved as version %(version)d.") % {"version": timetable.version},
            ):
                raise _Abandoned
    except _Abandoned:
        logger.warning("solve job %s was no longer running when it finished; its timetable was discarded", job.pk)
    except WorkflowError as error:
        _finish(job.pk, JobStatus.FAILED, message=str(error))
