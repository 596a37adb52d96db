"""The public catalogue's cards: the groups of the published timetable a filter keeps, a page at a time.

Filters run in the database and only the page's groups and their sessions are loaded, so a district's thousand
groups cost a phone one page; a resident's own community comes first.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When

from college.domain.versions.week import AFTERNOON_ENDS, MORNING_ENDS
from college.models import Category, InterestGroup, Session, Timetable

PAGE_SIZE = 40  # cards a page: about 60 KB of HTML, what a phone on a slow line still loads quickly
PARTS = {"morning": (0, MORNING_ENDS), "afternoon": (MORNING_ENDS, AFTERNOON_ENDS), "evening": (AFTERNOON_ENDS, 1440)}


@dataclass
class GroupCard:
    group: InterestGroup
    sessions: list[Session] = field(default_factory=list)


def catalogue_groups(timetable: Timetable, wanted: dict[str, object], home: int | None = None) -> QuerySet:
    """The timetable's groups that ``wanted`` keeps (category, audience, community key, day, part of day, text in
    the group's or its teacher's name): the ``home`` community's first, then in category and name order."""
    groups = InterestGroup.objects.filter(pk__in=Session.objects.filter(timetable=timetable).values("group_id"))
    exact = {"category": "category", "audience": "audience", "community": "community__key"}
    groups = groups.filter(**{lookup: wanted[name] for name, lookup in exact.items() if wanted.get(name)})
    text = str(wanted.get("q") or "").strip()
    if text:
        groups = groups.filter(Q(name__icontains=text) | Q(teacher__name__icontains=text))
    day, part = wanted.get("day"), wanted.get("part")
    if day is not None or part:
        meets = Session.objects.filter(timetable=timetable, group=OuterRef("pk"))
        if day is not None:
            meets = meets.filter(weekday=day)
        if part:
            begins, ends = PARTS[str(part)]
            meets = meets.filter(start__gte=begins, start__lt=ends)
        groups = groups.filter(Exists(meets))
    category_order = Case(*(When(category=value, then=Value(i)) for i, value in enumerate(Category.values)),
                          default=Value(99), output_field=IntegerField())  # fmt: skip
    first = Case(When(community_id=home, then=Value(0)), default=Value(1), output_field=IntegerField())
    ordered = groups.annotate(home_first=first, category_order=category_order)
    return ordered.select_related("community", "teacher").order_by("home_first", "category_order", "name", "pk")


def catalogue_page(
    timetable: Timetable, groups: QuerySet, number: object, size: int = PAGE_SIZE
) -> tuple[Page, list[GroupCard]]:
    """Page ``number`` of ``groups`` (the last one when past the end) and its cards with their sessions."""
    page = Paginator(groups, size).get_page(number)
    cards = {g.pk: GroupCard(g) for g in page.object_list}
    sessions = Session.objects.filter(timetable=timetable, group__in=list(cards)).select_related("venue")
    for s in sessions.order_by("weekday", "start", "number"):
        cards[s.group_id].sessions.append(s)
    return page, list(cards.values())
