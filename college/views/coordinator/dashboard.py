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
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from college.domain.access import changeable_communities, may_plan, scope_of
from college.domain.errors import WorkflowError
from college.domain.problem.data_check import checked_data
from college.domain.reasons import findings, unscheduled
from college.domain.solving import latest_job, start_solve
from college.domain.solving.bounds import bound_note
from college.domain.versions.timetables import publish
from college.models import InterestGroup, SolveJob, TeacherAbsence, Term, Timetable, TimetableStatus, VenueClosure
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
    job = _shown_job(latest_job(term.pk), versions)
    compare = _comparisons(versions, published)
    names = _group_names(versions)
    for version in versions:
        version.compare_to = compare.get(version.pk)
        version.unplaced_names = pgettext("between the names of a list", ", ").join(
            names.get(key, key) for key in version.unplaced_keys
        )
    current = published or (versions[0] if versions else None)
    left_out = unscheduled(job.timetable.unplaced) if job and job.timetable and not job.active else []
    found = checked_data(term.pk)
    said = {u.reason for u in left_out}  # a reason the solve's left-out list already shows is not said twice
    return {
        "nav": "coordinate",
        "term": term,
        "versions": versions,
        "published": published,
        "current": current,
        "summary": summary(current, published) if current else [],
        "may_plan": may_plan(request.user, term),
        "findings": [f for f in found if f not in said],
        "findings_left_out": sum(f in said for f in found),
        "job": job,
        "explanation": findings(job.explanation) if job else [],
        "bound_note": bound_note(job) if job and not job.active else "",
        "unscheduled": left_out,
        "communities": changeable_communities(request.user),
        "absences": TeacherAbsence.objects.filter(from_date__lte=term.last_day).select_related("teacher"),
        "closures": VenueClosure.objects.filter(from_date__lte=term.last_day).select_related("venue"),
        "time_limit": _time_limit(request, job),
        "max_time_limit": settings.SOLVE_MAX_TIME_LIMIT,
        **extra,
    }


def _shown_job(job: SolveJob | None, versions: list[Timetable]) -> SolveJob | None:
    """The latest solve, unless it ended without a timetable and a newer version was made since: its failure
    is old news then."""
    if job is None or job.active or job.timetable_id is not None or not versions:
        return job
    newest = max(versions, key=lambda t: t.created_at)
    return None if job.finished_at is not None and newest.created_at > job.finished_at else job


def _time_limit(request: HttpRequest, job: SolveJob | None) -> str:
    """The time limit the form offers: what was just typed, else the last solve's, else the site's default."""
    typed = request.POST.get("time_limit", "").strip() if request.method == "POST" else ""
    if typed:
        return typed
    limit = job.time_limit if job is not None else settings.SOLVE_TIME_LIMIT
    return f"{limit:g}"


def _group_names(versions: list[Timetable]) -> dict[str, str]:
    keys = {key for version in versions for key in version.unplaced_keys}
    return dict(InterestGroup.objects.filter(key__in=keys).values_list("key", "name")) if keys else {}


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
        publish(timetable.pk, leaving_out=request.POST.getlist("leaving_out"))
    except WorkflowError as error:
        messages.error(request, str(error))
    else:
        if rollback:
            text = _("Version %(version)d is published again (rollback).")
        else:
            text = _("Version %(version)d is published: residents and teachers see it now.")
        messages.success(request, text % {"version": timetable.version})
    return redirect("pages:dashboard", key=term.key)
