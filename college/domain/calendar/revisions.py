"""SEQUENCE and "last changed" of events and feeds, remembered by content fingerprint.

An event's SEQUENCE goes up, and its DTSTAMP/LAST-MODIFIED move, only when its fingerprint changes;
re-solves and re-publishes that leave it alone leave its revision alone. The time of a change is the
latest recorded moment that explains it (the publication or the one-off change), and the current time
only when nothing recorded does (a group renamed in the admin). Rows are written on the first request
that sees a change, with compare-and-set updates so two requests at once cannot bump twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db.models import F
from django.utils import timezone

from college.domain.calendar.events import WeeklyEvent
from college.domain.calendar.vevent import Revision
from college.feeds.models import EventRevision, FeedRevision

ONE_SECOND = dt.timedelta(seconds=1)
MAX_ATTEMPTS = 5


def whole_seconds(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC).replace(microsecond=0)


def next_change_time(hint: dt.datetime, previous: dt.datetime) -> dt.datetime:
    """When a change seen now happened: ``hint`` if it is later than the previous change, else now."""
    hint = whole_seconds(hint)
    if hint > previous:
        return hint
    return max(whole_seconds(timezone.now()), previous + ONE_SECOND)


def event_revisions(events: Sequence[WeeklyEvent]) -> dict[str, Revision]:
    """The current revision of each event by UID, recording new events and changed content."""
    wanted = {event.uid: (event.fingerprint, event) for event in events}
    stored = {row.uid: row for row in EventRevision.objects.filter(uid__in=wanted)}
    new = [
        EventRevision(uid=uid, fingerprint=fp, sequence=0, changed_at=whole_seconds(event.changed_hint()))
        for uid, (fp, event) in wanted.items()
        if uid not in stored
    ]
    if new:
        EventRevision.objects.bulk_create(new, ignore_conflicts=True)
        stored.update({row.uid: row for row in EventRevision.objects.filter(uid__in=[row.uid for row in new])})
    revisions = {}
    for uid, (fp, event) in wanted.items():
        row = stored[uid]
        if row.fingerprint != fp:
            row = _bump(row, fp, event.changed_hint())
        revisions[uid] = Revision(row.sequence, row.changed_at)
    return revisions


def _bump(row: EventRevision, fingerprint: str, hint: dt.datetime) -> EventRevision:
    for _attempt in range(MAX_ATTEMPTS):
        changed_at = next_change_time(hint, row.changed_at)
        updated = EventRevision.objects.filter(pk=row.pk, fingerprint=row.fingerprint, sequence=row.sequence).update(
            fingerprint=fingerprint, sequence=F("sequence") + 1, changed_at=changed_at
        )
        if updated:
            return EventRevision(pk=row.pk, uid=row.uid, fingerprint=fingerprint, sequence=row.sequence + 1,
                                 changed_at=changed_at)  # fmt: skip
        row = EventRevision.objects.get(pk=row.pk)  # another request changed it first: look again
        if row.fingerprint == fingerprint:
            return row
    raise RuntimeError(f"Calendar event {row.uid} keeps changing under concurrent requests.")


def feed_last_changed(feed: str, etag: str, hint: dt.datetime | None) -> dt.datetime:
    """When the feed (e.g. "group:7") last changed, recording ``etag`` when it is new."""
    row = FeedRevision.objects.filter(feed=feed).first()
    hint = hint or timezone.now()
    if row is None:
        row, _created = FeedRevision.objects.get_or_create(
            feed=feed, defaults={"etag": etag, "changed_at": whole_seconds(hint)}
        )
    for _attempt in range(MAX_ATTEMPTS):
        if row.etag == etag:
            return row.changed_at
        changed_at = next_change_time(hint, row.changed_at)
        if FeedRevision.objects.filter(pk=row.pk, etag=row.etag).update(etag=etag, changed_at=changed_at):
            return changed_at
        row = FeedRevision.objects.get(pk=row.pk)
    raise RuntimeError(f"Calendar feed {feed} keeps changing under concurrent requests.")
