"""The coordinators' desk: terms, and per term the data check, solving, versions, diff and publishing."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from college.domain.access import scope_of
from college.models import Term, Timetable, TimetableStatus
from college.views.coordinator.access import coordinator_required


@coordinator_required
def home(request: HttpRequest) -> HttpResponse:
    terms = Term.objects.prefetch_related("timetables").order_by("-first_day")
    rows = [(term, term.timetables.filter(status=TimetableStatus.PUBLISHED).first(), term.timetables.count())
            for term in terms]  # fmt: skip
    return render(request, "college/coordinator/home.html", {"nav": "coordinate", "rows": rows,
                                                               "scope": scope_of(request.user)})  # fmt: skip


@coordinator_required
def term_dashboard(request: HttpRequest, key: str) -> HttpResponse:
    term = get_object_or_404(Term, key=key)
    versions = list(Timetable.objects.filter(term=term).order_by("-version"))
    published = next((t for t in versions if t.status == TimetableStatus.PUBLISHED), None)
    context = {
        "nav": "coordinate",
        "term": term,
        "versions": versions,
        "published": published,
        "current": published or (versions[0] if versions else None),
        "may_plan": scope_of(request.user).may_plan(),
    }
    return render(request, "college/coordinator/dashboard.html", context)
