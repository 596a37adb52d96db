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

import logging
from collections.abc import Callable
from concurrent.futures import Executor
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from college.domain.demand.figures import figures_of
from college.domain.errors import WorkflowError
from college.domain.problem.prepare import AUTO, Prepared, _Auto, base_timetable, prepare
from college.domain.solving import queue
from college.domain.solving.bounds import stored_bound, want_bound
from college.domain.solving.fanout import TaskExecutor
from college.domain.solving.monitor import Monitor
from college.domain.solving.states import claim, finish, reap_stale_jobs
from college.domain.versions.timetables import save_draft
from college.models import InterestGroup, JobStatus, SolveJob, Term, Timetable
from scheduler import Solution, Status
from scheduler.explain import NO_CAUSE, explain
from scheduler.options import SolveOptions
from scheduler.solution import Progress
from scheduler.solver import solve

logger = logging.getLogger(__name__)


def start_solve(
    term_id: int,
    *,
    user_id: int | None = None,
    time_limit: str | float | None = None,
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
    limit = time_limit_from(time_limit)
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
                sessions_total=_sessions_to_place(),
            )
    except IntegrityError:
        raise WorkflowError(refusal(term)) from None
    if enqueue:
        transaction.on_commit(partial(_enqueue_job, job.pk))
    return job


def _sessions_to_place() -> int:
    """What a queued job shows before its worker builds the problem (which counts them exactly)."""
    total = InterestGroup.objects.filter(registered=True).aggregate(n=Sum("sessions_per_week"))["n"]
    return total or 0


def time_limit_from(raw: str | float | None) -> float:
    """The one parser of a solve's time limit, for the dashboard's form, the API and the ``solve`` command: seconds,
    more than 0 and at most ``SOLVE_MAX_TIME_LIMIT``; none (or a blank field) is ``SOLVE_TIME_LIMIT``."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return float(settings.SOLVE_TIME_LIMIT)
    try:
        limit = float(raw.strip() if isinstance(raw, str) else raw)
    except (TypeError, ValueError):
        raise WorkflowError(
            _("The time limit must be a number of seconds, not “%(limit)s”.") % {"limit": raw}
        ) from None
    if isinstance(raw, bool) or not 0 < limit <= settings.SOLVE_MAX_TIME_LIMIT:
        raise WorkflowError(
            _("The time limit must be more than 0 and at most %(max)d seconds, not %(limit)s.")
            % {"max": settings.SOLVE_MAX_TIME_LIMIT, "limit": raw}
        )
    return limit


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
    try:
        queue.enqueue("solve_term", job_id)
    except Exception as error:
        finish(job_id, JobStatus.FAILED, from_status=JobStatus.QUEUED, message=_cannot_queue(error))
        raise WorkflowError(_cannot_queue(error)) from error


def _cannot_queue(error: Exception) -> str:
    return _("The solve could not be handed to a worker: %(error)s") % {"error": error}


def stop_solve(job_id: int) -> SolveJob:
    """Stop a job: a queued one is stopped at once, a running one ends soon keeping its best timetable."""
    SolveJob.objects.filter(pk=job_id).update(stop_requested=True)
    finish(job_id, JobStatus.STOPPED, from_status=JobStatus.QUEUED, message=_("Stopped before it started."))
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
            options = SolveOptions(
                time_limit=job.time_limit,
                workers=settings.SOLVER_WORKERS,
                on_progress=monitor.progress,
                stop=monitor.stop,
                partial=True,  # an impossible group is left out with its reason, the rest still timetabled
                known_bound=stored_bound(job.term_id),  # reported only if it bounds this very problem
            )
            solution = solve(prepared.problem, options, executor=_executor(job))
    except Exception as error:
        logger.exception("solve job %s failed", job_id)
        finish(job_id, JobStatus.FAILED, message=_("The solve failed: %(error)s") % {"error": error})
        raise
    return conclude(job, prepared, solution)


def _executor(job: SolveJob) -> Executor | None:
    """Where a district's block solves run: the task workers when the job fans out, else this machine."""
    if not job.fan_out:
        return None
    job.refresh_from_db(fields=["worker"])
    return TaskExecutor(job, slots=settings.SOLVE_FAN_OUT_WORKERS)


def conclude(job: SolveJob, prepared: Prepared, solution: Solution) -> SolveJob:
    """Record a finished solve: a verified draft with the job marked done/stopped, or why there is none."""
    asked = SolveJob.objects.filter(pk=job.pk, stop_requested=True).exists()
    stopped = solution.status is Status.STOPPED or (asked and solution.status is not Status.OPTIMAL)
    if solution.status.has_timetable:
        _save(job, prepared, solution, JobStatus.STOPPED if stopped else JobStatus.DONE)
        want_bound(job.term_id)  # for the next solve, now that the workers are free (nothing when it is current)
    elif stopped:
        finish(job.pk, JobStatus.STOPPED, message=_("Stopped before a timetable was found."))
    else:
        reasons = solution.explanation if solution.status is Status.INFEASIBLE else ()
        if not reasons:  # out of time before any timetable, with no cause named: ask the explainer why
            reasons = explain(prepared.problem, time_limit=min(10.0, job.time_limit))
        explanation = [r.as_json() for r in reasons]  # rendered in each reader's language when shown
        if solution.status is Status.INFEASIBLE or reasons[0].code != NO_CAUSE:
            text = _("No timetable can satisfy every rule of this term; the explanation says what to change.")
            finish(job.pk, JobStatus.INFEASIBLE, message=text, explanation=explanation)
        else:
            text = _("No timetable was found within %(limit)d seconds: allow more time, or run the data check.")
            finish(job.pk, JobStatus.FAILED, message=text % {"limit": job.time_limit}, explanation=explanation)
    return SolveJob.objects.get(pk=job.pk)


def _saved(timetable: Timetable) -> str:
    left = len(timetable.unplaced_keys)
    if not left:
        return _("Saved as version %(version)d.") % {"version": timetable.version}
    return ngettext(
        "Saved as version %(version)d; %(count)d group could not be scheduled: see why below.",
        "Saved as version %(version)d; %(count)d groups could not be scheduled: see why below.",
        left,
    ) % {"version": timetable.version, "count": left}


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
            if not finish(
                job.pk,
                status,
                timetable=timetable,
                objective=timetable.objective,
                bound=timetable.bound,
                sessions_placed=placed,
                elapsed=round(solution.timings.total, 2),
                bound_method=solution.bound_method,
                message=_saved(timetable),
            ):
                raise _Abandoned
    except _Abandoned:
        logger.warning("solve job %s was no longer running when it finished; its timetable was discarded", job.pk)
    except WorkflowError as error:
        finish(job.pk, JobStatus.FAILED, message=str(error))
