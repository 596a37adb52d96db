"""Read the college back from the database as plain records (the inverse of ``load_college``)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Collection

from django.db import models

from college.domain.records.types import (
    ActivityRecord,
    ActivityWishRecord,
    CollegeRecords,
    CommunityRecord,
    GroupRecord,
    InterestRecord,
    ResidentRecord,
    TeacherRecord,
    TermRecord,
    VenueRecord,
    Window,
)
from college.models import (
    Activity,
    ActivityWish,
    Closure,
    College,
    Community,
    FreeTime,
    Interest,
    InterestGroup,
    MakeUpDay,
    PreferredWindow,
    Resident,
    Teacher,
    TeacherAvailability,
    Term,
    Venue,
    VenueOpening,
)

BATCH = 2000
WINDOW_FIELDS = ("weekday", "start", "end")


def _windows_by_owner(
    model: type[models.Model], owner: str, only: models.QuerySet | None = None
) -> dict[int, tuple[Window, ...]]:
    found: dict[int, list[Window]] = defaultdict(list)
    rows = (
        model.objects.order_by("pk") if only is None else model.objects.filter(**{f"{owner}__in": only}).order_by("pk")
    )
    for owner_id, weekday, start, end in rows.values_list(owner, *WINDOW_FIELDS).iterator(chunk_size=BATCH):
        found[owner_id].append(Window(weekday, start, end))
    return {owner_id: tuple(windows) for owner_id, windows in found.items()}


def read_college(*, residents: bool = True, residents_of: Collection[str] | None = None) -> CollegeRecords:
    """The whole college as plain records, in entry order (the inverse of ``load_college``).

    ``residents=False`` leaves out residents, their interests and wishes: what a term's planning data is without
    the survey (the data check reads only that, so a district's 250,000 residents stay unread).
    ``residents_of``: only the residents interested in these groups (by key) or wishing for their activities, with
    all their interests and wishes: every resident whose wishes a change of those groups can touch.
    """
    if residents_of is not None:
        return _with_residents_of(read_college(residents=False), residents_of)
    community = dict(Community.objects.values_list("pk", "key"))
    communities = tuple(
        CommunityRecord(c.key, c.name, c.district, c.street, c.latitude, c.longitude)
        for c in Community.objects.order_by("pk")
    )
    return CollegeRecords(
        name=College.current_name(),
        communities=communities,
        venues=read_venues(community),
        teachers=read_teachers(community),
        groups=read_groups(community),
        residents=_read_residents(community) if residents else (),
        interests=_read_interests() if residents else (),
        terms=_read_terms(),
        activities=read_activities(),
        activity_wishes=_read_activity_wishes(community) if residents else (),
    )


def _with_residents_of(records: CollegeRecords, groups: Collection[str]) -> CollegeRecords:
    community = dict(Community.objects.values_list("pk", "key"))
    activities = InterestGroup.objects.filter(key__in=list(groups), activity__isnull=False).values("activity_id")
    chosen = Resident.objects.filter(
        models.Q(pk__in=Interest.objects.filter(group__key__in=list(groups)).values("resident_id"))
        | models.Q(pk__in=ActivityWish.objects.filter(activity_id__in=activities).values("resident_id"))
    ).values("pk")
    return dataclasses.replace(
        records,
        residents=_read_residents(community, chosen),
        interests=_read_interests(chosen),
        activity_wishes=_read_activity_wishes(community, chosen),
    )


def read_activities() -> tuple[ActivityRecord, ...]:
    """The activity catalogue as records."""
    return tuple(
        ActivityRecord(a.key, a.name, a.category, tuple(a.synonyms.split()), a.description)
        for a in Activity.objects.order_by("pk")
    )


def _activity_keys() -> dict[int, str]:
    return dict(Activity.objects.values_list("pk", "key"))


def _read_activity_wishes(
    community: dict[int, str], only: models.QuerySet | None = None
) -> tuple[ActivityWishRecord, ...]:
    residents = Resident.objects.filter(activity_wishes__isnull=False)
    reaches = ActivityWish.reach.through.objects.order_by("pk")
    rows = ActivityWish.objects.order_by("pk").values_list("pk", "resident_id", "activity_id", "rank")
    if only is not None:  # the chosen residents' wishes alone, and only their keys and reach
        residents, reaches = Resident.objects.filter(pk__in=only), reaches.filter(activitywish__resident_id__in=only)
        rows = rows.filter(resident_id__in=only)
    resident = dict(residents.values_list("pk", "key").distinct())
    activity = _activity_keys()
    reach: dict[int, list[str]] = defaultdict(list)
    for wish_id, community_id in reaches.values_list("activitywish_id", "community_id"):
        reach[wish_id].append(community[community_id])
    return tuple(
        ActivityWishRecord(resident[r], activity[a], rank, tuple(reach.get(pk, ())))
        for pk, r, a, rank in rows.iterator(chunk_size=BATCH)
    )


def read_venues(community: dict[int, str]) -> tuple[VenueRecord, ...]:
    openings = _windows_by_owner(VenueOpening, "venue_id")
    return tuple(
        VenueRecord(
            v.key, community[v.community_id], v.name, v.kind, v.address, v.capacity, v.indoor, v.step_free,
            tuple(v.facilities), openings.get(v.pk, ()),
        )
        for v in Venue.objects.order_by("pk")
    )  # fmt: skip


def read_teachers(community: dict[int, str]) -> tuple[TeacherRecord, ...]:
    availability = _windows_by_owner(TeacherAvailability, "teacher_id")
    activity = _activity_keys()
    leads: dict[int, list[str]] = defaultdict(list)
    for teacher_id, activity_id in Teacher.activities.through.objects.order_by("pk").values_list(
        "teacher_id", "activity_id"
    ):
        leads[teacher_id].append(activity[activity_id])
    return tuple(
        TeacherRecord(
            t.key, t.name, community[t.community_id], t.phone, tuple(t.skills), availability.get(t.pk, ()),
            t.max_sessions_per_week, t.volunteer, tuple(leads.get(t.pk, ())),
        )
        for t in Teacher.objects.order_by("pk")
    )  # fmt: skip


def read_groups(community: dict[int, str]) -> tuple[GroupRecord, ...]:
    teacher = dict(Teacher.objects.values_list("pk", "key"))
    preferred = _windows_by_owner(PreferredWindow, "group_id")
    activity = _activity_keys()
    return tuple(
        GroupRecord(
            g.key, g.name, g.category, g.audience, community[g.community_id], teacher[g.teacher_id],
            g.sessions_per_week, g.session_minutes, g.min_size, g.max_size, tuple(g.facilities), g.step_free,
            preferred.get(g.pk, ()), g.registered, g.description, activity.get(g.activity_id, ""),
        )
        for g in InterestGroup.objects.order_by("pk")
    )  # fmt: skip


def _read_residents(community: dict[int, str], only: models.QuerySet | None = None) -> tuple[ResidentRecord, ...]:
    free = _windows_by_owner(FreeTime, "resident_id", only)
    rows = Resident.objects.order_by("pk").values_list("pk", "key", "name", "community_id", "age_band")
    if only is not None:
        rows = rows.filter(pk__in=only)
    return tuple(
        ResidentRecord(key, name, community[c], age_band, free.get(pk, ()))
        for pk, key, name, c, age_band in rows.iterator(chunk_size=BATCH)
    )


def _read_interests(only: models.QuerySet | None = None) -> tuple[InterestRecord, ...]:
    residents = Resident.objects.all() if only is None else Resident.objects.filter(pk__in=only)
    resident = dict(residents.values_list("pk", "key"))
    group = dict(InterestGroup.objects.values_list("pk", "key"))
    rows = Interest.objects.order_by("pk").values_list("resident_id", "group_id", "kind", "rank")
    if only is not None:
        rows = rows.filter(resident_id__in=only)
    return tuple(
        InterestRecord(resident[r], group[g], kind, rank) for r, g, kind, rank in rows.iterator(chunk_size=BATCH)
    )


def _read_terms() -> tuple[TermRecord, ...]:
    closures: dict[int, list[dt.date]] = defaultdict(list)
    for term_id, date in Closure.objects.order_by("pk").values_list("term_id", "date"):
        closures[term_id].append(date)
    make_ups: dict[int, list[tuple[dt.date, int]]] = defaultdict(list)
    for term_id, date, weekday in MakeUpDay.objects.order_by("pk").values_list("term_id", "date", "weekday"):
        make_ups[term_id].append((date, weekday))
    return tuple(
        TermRecord(
            t.key, t.name, t.first_day, t.last_day, tuple(t.slot_starts), tuple(t.session_lengths),
            tuple(closures.get(t.pk, ())), tuple(make_ups.get(t.pk, ())),
        )
        for t in Term.objects.order_by("pk")
    )  # fmt: skip
