"""A resident's personal calendar: the groups they pick, reachable by a private link they can renew.

No password: a resident picks groups of the published timetable, says which community they live in and
their age band, and gets a private link (``/my/<token>/``) whose calendar feed shows exactly those groups.
The picks are enrolments (``Interest`` of kind ``enrolled``), the same rows the resident feed and the
coordinators' demand figures read. The token is stored hashed; a new link makes the old one stop at once.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from college.domain.calendar.private import forget_private_feed
from college.domain.people.self_service import count_change, count_new_calendar, too_many_interests
from college.models import AgeBand, Community, Interest, InterestGroup, InterestKind, Resident, Session, Timetable

KEY_PREFIX = "web-"


def pickable_groups(timetable: Timetable | None) -> list[InterestGroup]:
    """The groups a resident may pick: those with sessions in the published ``timetable``."""
    if timetable is None:
        return []
    ids = Session.objects.filter(timetable=timetable).values("group_id")
    return list(InterestGroup.objects.filter(pk__in=ids).select_related("community").order_by("category", "name"))


def _checked_groups(group_ids: Iterable[int], timetable: Timetable | None) -> list[int]:
    chosen = sorted({int(g) for g in group_ids})
    if not chosen:
        raise ValidationError({"groups": _("Pick at least one interest group.")})
    problem = too_many_interests(len(chosen))
    if problem:
        raise ValidationError({"groups": problem})
    allowed = {g.pk for g in pickable_groups(timetable)}
    unknown = [g for g in chosen if g not in allowed]
    if unknown:
        raise ValidationError({"groups": _("These groups are not in the published timetable: %(ids)s.")
                               % {"ids": ", ".join(map(str, unknown))}})  # fmt: skip
    return chosen


def start_personal_calendar(
    group_ids: Iterable[int],
    *,
    community_id: int | None,
    age_band: str,
    name: str = "",
    timetable: Timetable | None,
    client: str,
) -> tuple[Resident, str]:
    """Record a new resident with their picked groups; return them and the raw token of their private link.

    ``client``: the address the request came from; past its hourly quota ``TooManyChanges`` makes nothing.
    ``community_id`` None (不填): the community of the first picked group; ``age_band`` "" (不填): not given."""
    groups = _checked_groups(group_ids, timetable)
    errors = {}
    if community_id is None:
        community_id = InterestGroup.objects.filter(pk=groups[0]).values_list("community_id", flat=True).first()
    if not Community.objects.filter(pk=community_id).exists():
        errors["community"] = _("Choose the community you live in.")
    if age_band and age_band not in AgeBand.values:
        errors["age_band"] = _("Choose your age band.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        count_new_calendar(client)
        resident = Resident.objects.create(
            key=KEY_PREFIX + secrets.token_hex(8),
            name=name.strip()[:120] or _("Resident"),
            community_id=community_id,
            age_band=age_band,
            changes_since=timezone.now(),
            changes=1,
        )
        Interest.objects.bulk_create(
            Interest(resident=resident, group_id=g, kind=InterestKind.ENROLLED) for g in groups
        )
        token = resident.rotate_feed_token()
    return resident, token


def set_picks(resident_id: int, group_ids: Iterable[int], timetable: Timetable | None) -> list[int]:
    """Replace the resident's enrolments with ``group_ids`` (wishes for other groups stay); returns the ids.

    Refused (``ValidationError``) past ``MAX_INTERESTS`` with the wishes, and (``TooManyChanges``) too often.
    """
    groups = _checked_groups(group_ids, timetable)
    with transaction.atomic():
        resident = Resident.objects.select_for_update().get(pk=resident_id)
        wished = set(resident.interests.filter(kind=InterestKind.WISHED).values_list("group_id", flat=True))
        problem = too_many_interests(len(wished | set(groups)), len(wished - set(groups)))
        if problem:
            raise ValidationError({"groups": problem})
        count_change(resident_id)
        Interest.objects.filter(resident=resident, kind=InterestKind.ENROLLED).exclude(group_id__in=groups).delete()
        Interest.objects.filter(resident=resident, group_id__in=groups).update(kind=InterestKind.ENROLLED, rank=None)
        have = set(Interest.objects.filter(resident=resident, group_id__in=groups).values_list("group_id", flat=True))
        Interest.objects.bulk_create(
            Interest(resident=resident, group_id=g, kind=InterestKind.ENROLLED) for g in groups if g not in have
        )
        forget_private_feed(resident.feed_token_hash)  # bulk writes send no signals: the stored feed goes here
    return groups


def picked_group_ids(resident: Resident) -> set[int]:
    return set(resident.interests.filter(kind=InterestKind.ENROLLED).values_list("group_id", flat=True))
