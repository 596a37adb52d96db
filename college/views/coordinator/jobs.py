"""A solve job's live progress as JSON (the dashboard polls it every second), and its stop button."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from college.domain.access import may_plan
from college.domain.solving import refresh_job, stop_solve
from college.models import SolveJob
from college.models.jobs import BackgroundJob
from college.views.coordinator.access import coordinator_required


def progress_json(job: BackgroundJob) -> dict[str, object]:
    """What a job's progress panel shows (``_progress.html``, kept current by solve.js): status, best objective,
    bound, gap, elapsed, sessions placed."""
    gap = job.gap
    return {
        "id": job.pk,
        "status": job.status,
        "status_label": job.get_status_display(),
        "active": job.active,
        "objective": job.objective,
        "bound": job.bound,
        "gap": None if gap is None else round(gap, 4),
        "elapsed": round(job.elapsed, 1),
        "time_limit": job.time_limit,
        "sessions_placed": job.sessions_placed,
        "sessions_total": job.sessions_total,
        "message": job.message,
        "stop_requested": job.stop_requested,
    }


def job_json(job: SolveJob) -> dict[str, object]:
    """A solve's progress, and the version it made."""
    timetable = job.timetable
    made = None if timetable is None else {
        "id": timetable.pk, "version": timetable.version, "url": reverse("pages:week", args=[timetable.pk])
    }  # fmt: skip
    return progress_json(job) | {"timetable": made}


@never_cache
@require_safe
@coordinator_required
def progress(request: HttpRequest, pk: int) -> JsonResponse:
    get_object_or_404(SolveJob, pk=pk)
    return JsonResponse(job_json(refresh_job(pk)))


@require_POST
@coordinator_required
def stop(request: HttpRequest, pk: int) -> HttpResponse:
    """Stop a solve: a running one ends soon, keeping the best timetable found so far."""
    job = get_object_or_404(SolveJob.objects.select_related("term"), pk=pk)
    if not may_plan(request.user, job.term):
        raise PermissionDenied("Only coordinators who may plan the term may stop its solve.")
    job = stop_solve(job.pk)
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse(job_json(job))
    return redirect(reverse("pages:dashboard", args=[job.term.key]) + "#solve")
