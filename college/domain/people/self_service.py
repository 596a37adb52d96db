"""Limits on what residents change about themselves (the ``/my/`` page, ``/api/v1/me/interests``).

Their interests are the demand the solver plans for, and the links need no password, so a resident has at most
``MAX_INTERESTS`` interests (the 点单 survey asks for one to five groups) and changes them at most
``CHANGES_PER_WINDOW`` times within ``WINDOW``; and one client address makes at most
``settings.NEW_CALENDARS_PER_HOUR`` new personal calendars within ``WINDOW`` (each makes a resident whose picks are
demand). Coordinators entering survey answers are not limited here.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from college.models import NewCalendarQuota, Resident

MAX_INTERESTS = 5
CHANGES_PER_WINDOW = 10
WINDOW = dt.timedelta(hours=1)


class TooManyChanges(Exception):  # noqa: N818 - a refusal, named as the resident hears it
    """Too many changes within ``WINDOW``; ``message`` says when to try again."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def count_change(resident_id: int) -> None:
    """Count one change by the resident (call inside the transaction that writes it); refuse past the limit."""
    now = timezone.now()
    resident = Resident.objects.select_for_update().only("changes_since", "changes").get(pk=resident_id)
    if resident.changes_since is None or now - resident.changes_since >= WINDOW:
        Resident.objects.filter(pk=resident_id).update(changes_since=now, changes=1)
        return
    if resident.changes >= CHANGES_PER_WINDOW:
        raise TooManyChanges(
            _("You changed your groups %(count)d times within an hour: please try again after %(time)s.")
            % {"count": resident.changes, "time": _window_end(resident.changes_since)}
        )
    Resident.objects.filter(pk=resident_id).update(changes=F("changes") + 1)


def count_new_calendar(address: str) -> None:
    """Count one new personal calendar from the client ``address`` (call inside the transaction that makes it);
    refuse past ``settings.NEW_CALENDARS_PER_HOUR`` within ``WINDOW``. Quotas whose hour is over are deleted."""
    now = timezone.now()
    NewCalendarQuota.objects.filter(since__lte=now - WINDOW).delete()
    key = salted_hmac("kebiao.new-calendar", address, algorithm="sha256").hexdigest()
    quota, created = NewCalendarQuota.objects.select_for_update().get_or_create(
        address=key, defaults={"since": now, "count": 1}
    )
    if created:
        return
    if quota.count >= settings.NEW_CALENDARS_PER_HOUR:
        raise TooManyChanges(
            _(
                "%(count)d calendars were made from this network within an hour: please try again after %(time)s, "
                "or ask your community's coordinator to add you."
            )
            % {"count": quota.count, "time": _window_end(quota.since)}
        )
    NewCalendarQuota.objects.filter(pk=quota.pk).update(count=F("count") + 1)


def _window_end(since: dt.datetime) -> str:
    """When a window that began at ``since`` ends, as the resident reads the clock (Asia/Shanghai)."""
    return time_format(timezone.localtime(since + WINDOW), "H:i")


def too_many_interests(count: int, wished: int = 0) -> str | None:
    """Why ``count`` interests (``wished`` of them kept wishes from the survey) are too many, or None."""
    if count <= MAX_INTERESTS:
        return None
    if wished:
        return _(
            "With the %(wished)d groups you wished for in the survey, that makes %(count)d groups: "
            "at most %(max)d (untick some, or ask your coordinator to drop a wish)."
        ) % {"wished": wished, "count": count, "max": MAX_INTERESTS}
    return _("Pick at most %(max)d groups, not %(count)d.") % {"max": MAX_INTERESTS, "count": count}
