"""A printable poster of a community's weekly timetable (A4 or A3) with a QR code to its catalogue page."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from college.domain.versions.week import WeekFilter, public_timetable, week_grid, week_sessions
from college.models import Category, Community

SIZES = ("a4", "a3")


def venue_mark(number: int) -> str:
    """①, ②, … ⑳, then (21), (22), …"""
    return chr(0x2460 + number - 1) if number <= 20 else f"({number})"


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
    # A full week prints each venue as a mark (①) explained under the grid, to keep 14 pt text on one sheet.
    marks = {venue.pk: venue_mark(number) for number, venue in enumerate(venues, start=1)}
    for venue in venues:
        venue.mark = marks[venue.pk]
    for session in sessions:
        session.venue_mark = marks[session.venue_id]
    # WeChat's scanner opens web pages, not calendar files: the catalogue offers the feed and the survey.
    catalogue_path = f"{reverse('pages:catalogue')}?{urlencode({'community': community.key})}"
    context = {
        "community": community,
        "catalogue_path": catalogue_path,
        "catalogue_url": settings.SITE_URL.rstrip("/") + catalogue_path,
        "agenda": grid.agenda,
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
