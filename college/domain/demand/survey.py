"""The 点单 survey: a resident's free time, ranked wishes over groups and activities nobody offers yet, age band
and community, written in one transaction or not at all.

Three ways in, one function each, all through ``save_answers``:
- ``start_survey``: a new resident from the public page (counts against the address's new-calendar quota);
- ``answer_survey``: a resident through their private link (counts against their changes per hour);
- ``enter_paper_survey``: a coordinator types a paper survey in, for a resident of a community they may change
  (``college.domain.access``); not rate-limited.
The resident's enrolments stay; their wished groups, activity wishes and free time are replaced by the answers.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from college.domain.access import may_change
from college.domain.people.self_service import MAX_INTERESTS, count_change, count_new_calendar
from college.models import (
    Activity,
    ActivityWish,
    AgeBand,
    Community,
    FreeTime,
    Interest,
    InterestGroup,
    InterestKind,
    Resident,
    Session,
    Timetable,
)

KEY_PREFIX = "survey-"
# The tap grid's parts of a day (minutes after midnight): 上午 08:30–12:00, 下午 14:00–17:30, 晚上 18:30–21:30.
PARTS: dict[str, tuple[int, int]] = {"morning": (510, 720), "afternoon": (840, 1050), "evening": (1110, 1290)}
NOT_GIVEN = ""  # the explicit 不填 answer of the age band and community


@dataclass(frozen=True)
class Answers:
    """What the survey form says, before it is checked: ids and codes as the page sent them."""

    community: int | None  # None: 不填 (then the first community ticked as reachable is recorded)
    age_band: str  # one of AgeBand, or NOT_GIVEN
    free: tuple[tuple[int, str], ...]  # (weekday 0–6, part of PARTS)
    wishes: tuple[str, ...]  # most wanted first: "group:<id>" or "activity:<id>"
    reach: tuple[int, ...] = ()  # other communities the resident can go to
    name: str = ""


@dataclass
class Checked:
    """Answers that passed every check: what ``save_answers`` writes."""

    community: int
    reach: list[int]  # home first
    age_band: str
    free: list[tuple[int, int, int]]
    groups: list[tuple[int, int]] = field(default_factory=list)  # (rank, group id)
    activities: list[tuple[int, int]] = field(default_factory=list)  # (rank, activity id)
    name: str = ""


def wishable_groups() -> list[InterestGroup]:
    """Groups a resident can wish for: the registered ones, whether or not a timetable is published."""
    return list(
        InterestGroup.objects.filter(registered=True)
        .select_related("community", "activity")
        .order_by("category", "name")
    )


def activities_nobody_offers() -> list[Activity]:
    """Activities of the catalogue that no registered group offers yet."""
    return list(Activity.objects.exclude(groups__registered=True).order_by("category", "name"))


def group_times(timetable: Timetable | None) -> dict[int, list[tuple[int, int, int]]]:
    """Group id → its weekly sessions (weekday, start, end) in ``timetable`` (none before one is published)."""
    found: dict[int, list[tuple[int, int, int]]] = {}
    if timetable is None:
        return found
    for group_id, weekday, start, end in Session.objects.filter(timetable=timetable).values_list(
        "group_id", "weekday", "start", "end"
    ):
        found.setdefault(group_id, []).append((weekday, start, end))
    return found


def check_answers(answers: Answers, *, enrolled: Iterable[int] = ()) -> Checked:
    """The answers made ready to write, or ``ValidationError`` naming each field's problem in the user's language."""
    errors: dict[str, str] = {}
    communities = set(Community.objects.values_list("pk", flat=True))
    reach = [c for c in dict.fromkeys(answers.reach) if c in communities]
    if len(reach) != len(set(answers.reach)):
        errors["reach"] = _("Choose communities from the list.")
    if answers.community is not None and answers.community not in communities:
        errors["community"] = _("Choose the community you live in.")
    home = answers.community if answers.community is not None else (reach[0] if reach else None)
    if home is None and "community" not in errors:
        errors["community"] = _(
            "Choose the community you live in, or choose “Prefer not to say” and tick a community you can go to."
        )
    if answers.age_band != NOT_GIVEN and answers.age_band not in AgeBand.values:
        errors["age_band"] = _("Choose your age band.")
    free = _free_windows(answers.free, errors)
    checked = Checked(
        community=home or 0,
        reach=[c for c in dict.fromkeys([home, *reach]) if c is not None],
        age_band=answers.age_band,
        free=free,
        name=answers.name.strip()[:120],
    )
    _rank_wishes(answers.wishes, set(enrolled), checked, errors)
    if errors:
        raise ValidationError(errors)
    return checked


def _free_windows(cells: Iterable[tuple[int, str]], errors: dict[str, str]) -> list[tuple[int, int, int]]:
    windows = []
    for weekday, part in sorted(set(cells)):
        if not 0 <= weekday <= 6 or part not in PARTS:
            errors["free"] = _("Tap the times you are free in the grid.")
            return []
        windows.append((weekday, *PARTS[part]))
    return windows


def _rank_wishes(wishes: tuple[str, ...], enrolled: set[int], checked: Checked, errors: dict[str, str]) -> None:
    if len(set(wishes)) != len(wishes):
        errors["wishes"] = _("Each wish once, please: the same choice appears twice.")
        return
    groups = {g.pk for g in wishable_groups()}
    all_activities = set(Activity.objects.values_list("pk", flat=True))
    for rank, wish in enumerate(wishes, start=1):
        kind, _sep, value = wish.partition(":")
        pk = int(value) if value.isdigit() else None
        if kind == "group" and pk in groups:
            if pk not in enrolled:
                checked.groups.append((rank, pk))
        elif kind == "activity" and pk in all_activities:
            checked.activities.append((rank, pk))
        else:
            errors["wishes"] = _("One of the wishes is not in the list any more: choose again.")
            return
    count = len(enrolled) + len(checked.groups) + len(checked.activities)
    if count > MAX_INTERESTS:
        errors["wishes"] = _(
            "With the groups you are enrolled in, that makes %(count)d: at most %(max)d groups and activities."
        ) % {"count": count, "max": MAX_INTERESTS}
    elif not wishes:
        errors["wishes"] = _("Choose at least one group or activity you would like to join.")


def save_answers(resident: Resident, checked: Checked) -> None:
    """Write the checked answers over the resident's (call inside a transaction)."""
    Resident.objects.filter(pk=resident.pk).update(community_id=checked.community, age_band=checked.age_band)
    FreeTime.objects.filter(resident=resident).delete()
    FreeTime.objects.bulk_create(FreeTime(resident=resident, weekday=d, start=s, end=e) for d, s, e in checked.free)
    Interest.objects.filter(resident=resident, kind=InterestKind.WISHED).delete()
    Interest.objects.bulk_create(
        Interest(resident=resident, group_id=g, kind=InterestKind.WISHED, rank=rank) for rank, g in checked.groups
    )
    ActivityWish.objects.filter(resident=resident).delete()
    made = ActivityWish.objects.bulk_create(
        ActivityWish(resident=resident, activity_id=a, rank=rank) for rank, a in checked.activities
    )
    ActivityWish.reach.through.objects.bulk_create(
        ActivityWish.reach.through(activitywish_id=wish.pk, community_id=c) for wish in made for c in checked.reach
    )


def start_survey(answers: Answers, *, client: str) -> tuple[Resident, str]:
    """A new resident with their answers, from the public page; returns them and their private link's token."""
    checked = check_answers(answers)
    with transaction.atomic():
        count_new_calendar(client)
        resident = Resident.objects.create(
            key=KEY_PREFIX + secrets.token_hex(8),
            name=checked.name or _("Resident"),
            community_id=checked.community,
            age_band=checked.age_band,
            changes_since=timezone.now(),
            changes=1,
        )
        save_answers(resident, checked)
        token = resident.rotate_feed_token()
    return resident, token


def answer_survey(resident_id: int, answers: Answers) -> None:
    """A resident changes their answers through their private link (at most ``CHANGES_PER_WINDOW`` an hour)."""
    with transaction.atomic():
        resident = Resident.objects.select_for_update().get(pk=resident_id)
        checked = check_answers(answers, enrolled=_enrolled(resident))
        count_change(resident_id)
        save_answers(resident, checked)


def enter_paper_survey(user: Any, answers: Answers, *, resident_id: int | None = None) -> Resident:
    """A coordinator enters a paper survey: for a new resident, or over an existing one's answers.

    Both the resident's community and the community answered must be the coordinator's to change."""
    with transaction.atomic():
        resident = None if resident_id is None else Resident.objects.select_for_update().get(pk=resident_id)
        if resident is not None and not may_change(user, resident.community_id):
            raise PermissionDenied
        checked = check_answers(answers, enrolled=_enrolled(resident) if resident else ())
        if not may_change(user, checked.community):
            raise ValidationError({"community": _("You may enter surveys only for residents of your communities.")})
        if resident is None:
            resident = Resident.objects.create(
                key=KEY_PREFIX + secrets.token_hex(8),
                name=checked.name or _("Resident"),
                community_id=checked.community,
                age_band=checked.age_band,
            )
        elif checked.name:
            Resident.objects.filter(pk=resident.pk).update(name=checked.name)
        save_answers(resident, checked)
    return resident


def _enrolled(resident: Resident) -> list[int]:
    return list(resident.interests.filter(kind=InterestKind.ENROLLED).values_list("group_id", flat=True))


def current_answers(resident: Resident) -> dict[str, Any]:
    """The resident's answers as the survey form's initial values."""
    parts = {span: part for part, span in PARTS.items()}
    free = [f"{w.weekday}-{parts[(w.start, w.end)]}" for w in resident.free_times.all() if (w.start, w.end) in parts]
    ranked = [(i.rank or 99, f"group:{i.group_id}") for i in resident.interests.filter(kind=InterestKind.WISHED)]
    ranked += [(w.rank, f"activity:{w.activity_id}") for w in resident.activity_wishes.all()]
    wishes = [value for _rank, value in sorted(ranked)]
    first = resident.activity_wishes.prefetch_related("reach").first()
    reach = [c.pk for c in first.reach.all() if c.pk != resident.community_id] if first else []
    return {
        "community": str(resident.community_id),
        "age_band": resident.age_band,
        "free": free,
        "reach": [str(c) for c in reach],
        **{f"wish_{n}": value for n, value in enumerate(wishes, start=1)},
    }


def ranked_wishes(resident: Resident) -> list[str]:
    """The names of the resident's wished groups and activities, most wanted first."""
    ranked = [
        (i.rank or 99, i.group.name)
        for i in resident.interests.filter(kind=InterestKind.WISHED).select_related("group")
    ]
    ranked += [(w.rank, w.activity.name) for w in resident.activity_wishes.select_related("activity")]
    return [name for _rank, name in sorted(ranked)]
