"""A district solve fanned out: independent parts solved by separate workers, gathered into one draft.

``run_solve`` splits the term's problem with ``scheduler.split.components``; when there is more than one
part and the job asks for it, ``fan_out`` records one ``SolvePart`` per part and queues a ``solve_part``
task for each. Every worker rebuilds the problem from the database (tasks take ids, not problems), solves
its part and stores the solution as JSON. The worker that finishes the last part gathers: it merges the
parts (``scheduler.split.merge``) and saves one verified draft, in the same transaction that closes the job.
The job row is locked while a part finishes, so exactly one worker gathers.
"""

from __future__ import annotations

import logging
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from college.domain.build import prepare
from college.domain.monitor import Monitor
from college.domain.solving import _cannot_queue, _finish, claim, conclude
from college.models import ACTIVE_STATUSES, JobStatus, SolveJob, SolvePart
from scheduler import Assignment, Problem, Slot, Solution, Status, Timings
from scheduler.solver import solve
from scheduler.split import merge, restrict

logger = logging.getLogger(__name__)

_PART_STATUS = {
    Status.OPTIMAL: JobStatus.DONE,
    Status.FEASIBLE: JobStatus.DONE,
    Status.STOPPED: JobStatus.STOPPED,
    Status.INFEASIBLE: JobStatus.INFEASIBLE,
    Status.UNKNOWN: JobStatus.FAILED,
}


def fan_out(job: SolveJob, problem: Problem, parts: list[list[str]]) -> None:
    """Record the parts of a running job and queue one task per part."""
    with transaction.atomic():
        rows = SolvePart.objects.bulk_create(
            SolvePart(
                job=job,
                index=i,
                groups=ids,
                sessions_total=sum(problem.group[g].sessions for g in ids),
            )
            for i, ids in enumerate(parts)
        )
        SolveJob.objects.filter(pk=job.pk).update(
            message=_("Solving %(count)d independent parts on the workers.") % {"count": len(parts)}
        )
    ids = [row.pk for row in rows] if all(row.pk for row in rows) else _part_ids(job.pk)
    transaction.on_commit(partial(_enqueue_parts, job.pk, ids))


def _part_ids(job_id: int) -> list[int]:
    return list(SolvePart.objects.filter(job_id=job_id).order_by("index").values_list("pk", flat=True))


def _enqueue_parts(job_id: int, part_ids: list[int]) -> None:
    from college.tasks import solve_part

    try:
        for pk in part_ids:
            solve_part.enqueue(pk)
    except Exception as error:
        _finish(job_id, JobStatus.FAILED, message=_cannot_queue(error))
        raise


def run_part(part_id: int, *, worker: str | None = None) -> SolvePart:
    """Solve one part of a fanned-out job; the worker finishing the last part gathers the draft."""
    part = SolvePart.objects.select_related("job").get(pk=part_id)
    job = part.job
    if job.status != JobStatus.RUNNING or not claim(SolvePart, part_id, worker):
        SolvePart.objects.filter(pk=part_id, status=JobStatus.QUEUED).update(status=JobStatus.STOPPED)
        return SolvePart.objects.get(pk=part_id)
    try:
        with Monitor(SolvePart, part.pk, job.pk, part.sessions_total) as monitor:
            problem = restrict(prepare(job.term_id, previous=job.base_id).problem, part.groups)
            if job.stop_requested:
                monitor.stop.set()
            solution = solve(
                problem,
                time_limit=job.time_limit,
                workers=settings.SOLVER_WORKERS,
                on_progress=monitor.progress,
                stop=monitor.stop,
            )
        _part_done(part, solution)
    except Exception as error:
        logger.exception("part %s of solve job %s failed", part_id, job.pk)
        message = _("Part %(index)d failed: %(error)s") % {"index": part.index, "error": error}
        SolvePart.objects.filter(pk=part_id).update(status=JobStatus.FAILED, finished_at=timezone.now())
        _finish(job.pk, JobStatus.FAILED, message=message)
        raise
    return SolvePart.objects.get(pk=part_id)


def _part_done(part: SolvePart, solution: Solution) -> None:
    with transaction.atomic():
        SolvePart.objects.filter(pk=part.pk).update(
            status=_PART_STATUS[solution.status],
            finished_at=timezone.now(),
            result=solution_to_json(solution),
            objective=solution.objective,
            bound=solution.bound,
            sessions_placed=len(solution.assignments),
            elapsed=round(solution.timings.total, 2),
        )
        job = SolveJob.objects.select_for_update().get(pk=part.job_id)  # one gatherer
        if job.status != JobStatus.RUNNING:
            return
        aggregate(job.pk)
        if SolvePart.objects.filter(job=job, status__in=ACTIVE_STATUSES).exists():
            return
        parts = list(SolvePart.objects.filter(job=job).order_by("index"))
        failed = [p for p in parts if p.result is None]
        if failed:
            _finish(job.pk, JobStatus.FAILED, message=_("Part %(index)d found no result.") % {"index": failed[0].index})
            return
        gather(job, [solution_from_json(p.result) for p in parts])


def gather(job: SolveJob, solutions: list[Solution]) -> None:
    """Merge the parts' solutions and conclude the job against the whole term's problem."""
    prepared = prepare(job.term_id, previous=job.base_id)
    conclude(job, prepared, merge(solutions))


def aggregate(job_id: int) -> None:
    """The job's progress as the sum of its parts' (objective and bound only once every part has one)."""
    figures = SolvePart.objects.filter(job_id=job_id).aggregate(
        total_objective=Sum("objective"),
        total_bound=Sum("bound"),
        placed=Sum("sessions_placed"),
        without_objective=Count("pk", filter=Q(objective__isnull=True)),
        without_bound=Count("pk", filter=Q(bound__isnull=True)),
    )
    started = SolveJob.objects.filter(pk=job_id).values_list("started_at", flat=True).first()
    elapsed = (timezone.now() - started).total_seconds() if started else 0.0
    SolveJob.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(
        heartbeat=timezone.now(),
        elapsed=round(elapsed, 2),
        objective=None if figures["without_objective"] else figures["total_objective"],
        bound=None if figures["without_bound"] else figures["total_bound"],
        sessions_placed=figures["placed"] or 0,
    )


def solution_to_json(s: Solution) -> dict[str, object]:
    return {
        "status": s.status.value,
        "assignments": [
            [a.group, a.index, a.slot.weekday, a.slot.start, a.slot.length, a.venue, a.teacher] for a in s.assignments
        ],
        "objective": s.objective,
        "bound": s.bound,
        "penalties": dict(s.penalties),
        "timings": [s.timings.build, s.timings.first_solution, s.timings.total],
        "explanation": list(s.explanation),
        "variables": s.variables,
        "seed": s.seed,
        "workers": s.workers,
    }


def solution_from_json(data: dict) -> Solution:
    return Solution(
        Status(data["status"]),
        assignments=tuple(Assignment(g, i, Slot(d, st, ln), v, t) for g, i, d, st, ln, v, t in data["assignments"]),
        objective=data["objective"],
        bound=data["bound"],
        penalties=data["penalties"],
        timings=Timings(*data["timings"]),
        explanation=tuple(data["explanation"]),
        variables=data["variables"],
        seed=data["seed"],
        workers=data["workers"],
    )
