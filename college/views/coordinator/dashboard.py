"""The coordinators' desk: terms, and per term the data check, solving with live progress, versions and publishing."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from college.domain.access import changeable_communities, may_plan, scope_of
from college.domain.errors import WorkflowError
from college.domain.problem.data_check import checked_data
from college.domain.reasons import findings
from college.domain.solving import latest_job, start_solve
from college.domain.versions.timetables import publish
from college.models import TeacherAbsence, Term, Timetable, TimetableStatus, VenueClosure
from college.models.jobs import ACTIVE_STATUSES
from college.views.coordinator.access import coordinator_required
from college.views.coordinator.demand import summary


@coordinator_required
def home(request: HttpRequest) -> HttpResponse:
    terms = Term.objects.order_by("-first_day")
    published = {t.term_id: t for t in Timetable.objects.filter(status=TimetableStatus.PUBLISHED)}
    counts = dict(Timetable.objects.values_list("term_id").annotate(n=Count("pk")).values_list("term_id", "n"))
    rows = [(term, published.get(term.pk), counts.get(term.pk, 0)) for term in terms]
    context = {"nav": "coordinate", "rows": rows, "scope": scope_of(request.user)}
    return render(request, "college/coordinator/home.html", context)


def dashboard_context(request: HttpRequest, term: Term, **extra: object) -> dict[str, object]:
    versions = list(Timetable.objects.filter(term=term).annotate(session_count=Count("sessions")).order_by("-version"))
    published = next((t for t in versions if t.status == TimetableStatus.PUBLISHED), None)
    job = latest_job(term.pk)
    compare = _comparisons(versions, published)
    for version in versions:
        version.compare_to = compare.get(version.pk)
    current = published or (versions[0] if versions else None)
    return {
        "nav": "coordinate",
        "term": term,
        "versions": versions,
        "published": published,
        "current": current,
        "summary": summary(current, published) if current else [],
        "may_plan": may_plan(request.user, term),
        "findings": checked_data(term.pk),
        "job": job,
        "explanation": findings(job.explanation) if job else [],
        "communities": changeable_communities(request.user),
        "absences": TeacherAbsence.objects.filter(from_date__lte=term.last_day).select_related("teacher"),
        "closures": VenueClosure.objects.filter(from_date__lte=term.last_day).select_related("venue"),
        "time_limit": settings.SOLVE_TIME_LIMIT,
        "max_time_limit": settings.SOLVE_MAX_TIME_LIMIT,
        **extra,
    }


def _comparisons(versions: list[Timetable], published: Timetable | None) -> dict[int, Timetable]:
    """For each version, the one its diff compares against: the published version, else the one before it."""
    found = {}
    for older, version in zip(versions[1:], versions, strict=False):
        base = published if published is not None and published.pk != version.pk else older
        found[version.pk] = base
    if published is not None and versions and versions[-1].pk != published.pk:
        found[versions[-1].pk] = published
    return found


@coordinator_required
def term_dashboard(request: HttpRequest, key: str) -> HttpResponse:
    term = get_object_or_404(Term, key=key)
    return render(request, "college/coordinator/dashboard.html", dashboard_context(request, term))


def _planned_term(request: HttpRequest, key: str) -> Term:
    term = get_object_or_404(Term, key=key)
    if not may_plan(request.user, term):
        raise PermissionDenied("Only coordinators of every community of the term may solve or publish it.")
    return term


@require_POST
@coordinator_required
def solve(request: HttpRequest, key: str) -> HttpResponse:
    """Start a background solve of the term; refused (with the reason) while another one runs."""
    term = _planned_term(request, key)
    try:
        start_solve(term.pk, user_id=request.user.pk, time_limit=request.POST.get("time_limit", ""))
    except WorkflowError as error:
        context = dashboard_context(request, term, solve_error=str(error))
        status = 409 if term.solve_jobs.filter(status__in=ACTIVE_STATUSES).exists() else 400
        return render(request, "college/coordinator/dashboard.html", context, status=status)
    return redirect(reverse("pages:dashboard", args=[term.key]) + "#solve")


@require_POST
@coordinator_required
def publish_version(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish a draft, or re-publish an archived version (rollback); the published one is archived."""
    timetable = get_object_or_404(Timetable.objects.select_related("term"), pk=pk)
    term = _planned_term(request, timetable.term.key)
    rollback = timetable.status == TimetableStatus.ARCHIVED
    try:
        publish(timetable.pk)
    except WorkflowError as error:
        messages.error(request, str(error))
    else:
        if rollback:
            text = _("Version %(version)d is published again (rollback).")
        else:
            text = _("Version %(version)d is published: residents and teachers see it now.")
        messages.success(request, text % {"version": timetable.version})
    return redirect("pages:dashboard", key=term.key)
