"""A printable poster of a community's weekly timetable (A4 or A3) with a QR code to subscribe."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from college.domain.versions.week import WeekFilter, public_timetable, week_grid, week_sessions
from college.models import Category, Community

SIZES = ("a4", "a3")


def poster(request: HttpRequest, key: str) -> HttpResponse:
    community = get_object_or_404(Community, key=key)
    size = request.GET.get("size", "a4").lower()
    if size not in SIZES:
        return render(request, "college/public/poster_bad_size.html", {"size": size, "sizes": SIZES}, status=400)
    timetable = public_timetable()
    sessions = week_sessions(timetable, WeekFilter(community=community.pk)) if timetable else []
    grid = week_grid(sessions)
    used = [day for day, _label in grid.days if any(row.cells[day] for row in grid.rows)]
    venues = sorted({s.venue_id: s.venue for s in sessions}.values(), key=lambda v: v.name)
    context = {
        "community": community,
        "timetable": timetable,
        "term": timetable.term if timetable else None,
        "grid": grid,
        "venues": venues,
        "size": size,
        "sizes": SIZES,
        "categories": [(v, label) for v, label in Category.choices if any(s.group.category == v for s in sessions)],
        "columns": [grid.days[day] for day in used],
        "rows": [(row.label, [row.cells[day] for day in used]) for row in grid.rows],
    }
    return render(request, "college/public/poster.html", context)
