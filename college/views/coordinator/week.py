"""The week of any saved version for coordinators: the filterable grid, per-venue and per-teacher weeks, utilisation."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from college.domain.access import scope_of
from college.domain.calendar import rotate_feed_token
from college.domain.reasons import unscheduled
from college.domain.versions.conflicts import hard_conflicts
from college.domain.versions.timegrid import Marks, conflict_lines, moved_from_published, time_grid
from college.domain.versions.utilisation import venue_utilisation
from college.domain.versions.week import (
    WeekFilter,
    teacher_week_visible,
    teaching_loads,
    teaching_minutes,
    venue_week_visible,
    week_overview,
    week_sessions,
)
from college.models import Audience, Category, Community, Session, Teacher, Timetable, Venue
from college.models.choices import WEEKDAY_CHOICES
from college.views.coordinator.access import coordinator_required, visible_communities


class WeekFilterForm(forms.Form):
    community = forms.ModelChoiceField(Community.objects.none(), label=_("Community"), required=False)
    venue = forms.ModelChoiceField(Venue.objects.none(), label=_("Venue"), required=False)
    teacher = forms.ModelChoiceField(Teacher.objects.none(), label=_("Teacher"), required=False)
    audience = forms.ChoiceField(label=_("Audience"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)

    def __init__(self, data: object, communities: frozenset[int] | None) -> None:
        super().__init__(data)
        every = [("", _("All"))]
        mine = Community.objects.all() if communities is None else Community.objects.filter(pk__in=communities)
        self.fields["community"].queryset = mine
        self.fields["venue"].queryset = Venue.objects.filter(community__in=mine)
        self.fields["teacher"].queryset = Teacher.objects.filter(
            Q(community__in=mine) | Q(interest_groups__community__in=mine)
        ).distinct()
        self.fields["audience"].choices = every + list(Audience.choices)
        self.fields["category"].choices = every + list(Category.choices)
        for name in ("community", "venue", "teacher"):
            self.fields[name].empty_label = _("All")

    def week_filter(self, communities: frozenset[int] | None) -> WeekFilter:
        data = self.cleaned_data if self.is_valid() else {}

        def pk(name: str) -> int | None:
            return data[name].pk if data.get(name) else None

        return WeekFilter(
            community=pk("community"),
            venue=pk("venue"),
            teacher=pk("teacher"),
            audience=data.get("audience") or None,
            category=data.get("category") or None,
            communities=communities,
        )


MANY_COMMUNITIES = 3  # above this, the week opens on one community: the filters pick others or all
DRAWN_AT_MOST = 300  # sessions of several communities; more are counted by community, each a link to its week


def _marks(timetable: Timetable, **whose: object) -> Marks:
    return Marks(hard_conflicts(timetable.pk), moved_from_published(timetable), **whose)  # type: ignore[arg-type]


def _timetable(pk: int) -> Timetable:
    return get_object_or_404(Timetable.objects.select_related("term"), pk=pk)


def _context(request: HttpRequest, timetable: Timetable, tab: str, **extra: object) -> dict[str, object]:
    return {
        "nav": "coordinate",
        "timetable": timetable,
        "term": timetable.term,
        "tab": tab,
        "coordinator_view": True,
        "categories": list(Category.choices),
        "unscheduled": unscheduled(timetable.unplaced),  # groups this version leaves out, and why
        **extra,
    }


@coordinator_required
def week(request: HttpRequest, pk: int) -> HttpResponse:
    timetable = _timetable(pk)
    communities = visible_communities(scope_of(request.user))
    if not request.GET:
        busiest = _first_of_many_communities(timetable, communities)
        if busiest is not None:
            return redirect(f"{request.path}?community={busiest}")
    form = WeekFilterForm(request.GET or None, communities)
    valid = form.is_valid() if request.GET else True
    week_filter = form.week_filter(communities) if request.GET else WeekFilter(communities=communities)
    context = _context(request, timetable, "week", form=form, filtered=bool(request.GET))
    if week_filter.community is None and week_filter.apply(timetable.sessions.all()).count() > DRAWN_AT_MOST:
        context.update(_overview(request, timetable, week_filter))
    else:
        context["grid"] = time_grid(timetable.term, week_sessions(timetable, week_filter), _marks(timetable))
    return render(request, "college/coordinator/week.html", context, status=200 if valid else 400)


def _overview(request: HttpRequest, timetable: Timetable, week_filter: WeekFilter) -> dict[str, object]:
    """A week too big to draw, counted by community: each line links to that community's week, filters kept."""
    conflicts = hard_conflicts(timetable.pk)
    overview = week_overview(timetable, week_filter, conflicts.session_ids)
    links = []
    for line in overview.communities:
        query = request.GET.copy()
        query["community"] = str(line.community.pk)
        links.append((line, f"{request.path}?{query.urlencode()}"))
    lines, elsewhere = conflict_lines(conflicts, set(overview.session_ids))
    return {"overview": overview, "overview_links": links, "conflicts": conflicts, "conflict_lines": lines,
            "conflicts_elsewhere": elsewhere, "days": [label for _day, label in WEEKDAY_CHOICES]}  # fmt: skip


def _first_of_many_communities(timetable: Timetable, communities: frozenset[int] | None) -> int | None:
    """The community a week of many communities opens on (the first by name), or None when there are few."""
    rows = Session.objects.filter(timetable=timetable)
    if communities is not None:
        rows = rows.filter(group__community_id__in=communities)
    used = set(rows.values_list("group__community_id", flat=True).distinct())
    if len(used) <= MANY_COMMUNITIES:
        return None
    return Community.objects.filter(pk__in=used).order_by("name", "pk").values_list("pk", flat=True).first()


def _visible_venue(request: HttpRequest, key: str) -> Venue:
    venue = get_object_or_404(Venue.objects.select_related("community"), key=key)
    if not venue_week_visible(scope_of(request.user), venue):
        raise Http404("No such venue among your communities.")
    return venue


def _visible_teacher(request: HttpRequest, key: str) -> Teacher:
    teacher = get_object_or_404(Teacher.objects.select_related("community"), key=key)
    if not teacher_week_visible(scope_of(request.user), teacher):
        raise Http404("No such teacher among your communities.")
    return teacher


@coordinator_required
def venue_week(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    timetable, venue = _timetable(pk), _visible_venue(request, key)
    sessions = week_sessions(timetable, WeekFilter(venue=venue.pk))
    use = next(u for u in venue_utilisation(timetable.pk, [venue.community_id]) if u.venue.pk == venue.pk)
    openings = venue.openings.order_by("weekday", "start")
    grid = time_grid(timetable.term, sessions, _marks(timetable, venue=venue))
    context = _context(request, timetable, "venues", venue=venue, use=use, openings=openings, grid=grid)
    return render(request, "college/coordinator/venue_week.html", context)


@coordinator_required
def teacher_week(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    timetable, teacher = _timetable(pk), _visible_teacher(request, key)
    sessions = week_sessions(timetable, WeekFilter(teacher=teacher.pk))
    context = _context(
        request,
        timetable,
        "teachers",
        teacher=teacher,
        grid=time_grid(timetable.term, sessions, _marks(timetable, teacher=teacher)),
        minutes=teaching_minutes(sessions),
        availability=teacher.availability.order_by("weekday", "start"),
        may_change=scope_of(request.user).may_change(teacher.community_id),
    )
    return render(request, "college/coordinator/teacher_week.html", context)


@coordinator_required
def utilisation(request: HttpRequest, pk: int) -> HttpResponse:
    timetable = _timetable(pk)
    uses = venue_utilisation(timetable.pk, visible_communities(scope_of(request.user)))
    return render(request, "college/coordinator/utilisation.html", _context(request, timetable, "venues", uses=uses))


@require_POST
@coordinator_required
def teacher_link(request: HttpRequest, key: str) -> HttpResponse:
    """Issue a new private link for a teacher of the coordinator's communities; shown once, the old one stops."""
    teacher = get_object_or_404(Teacher, key=key)
    if not scope_of(request.user).may_change(teacher.community_id):
        raise PermissionDenied("Only coordinators of the teacher's community may issue their link.")
    token = rotate_feed_token("teacher", teacher.pk)
    link = settings.SITE_URL + reverse("pages:teacher", args=[token])
    back = (
        Timetable.objects.filter(pk=request.POST.get("timetable") or 0).first()
        if request.POST.get("timetable", "").isdigit()
        else None
    )
    context = {"nav": "coordinate", "teacher": teacher, "link": link, "private_page": True, "timetable": back}
    return render(request, "college/coordinator/teacher_link.html", context)


@coordinator_required
def teacher_list(request: HttpRequest, pk: int) -> HttpResponse:
    timetable = _timetable(pk)
    communities = visible_communities(scope_of(request.user))
    rows = teaching_loads(timetable, WeekFilter(communities=communities))
    return render(request, "college/coordinator/teachers.html", _context(request, timetable, "teachers", rows=rows))
