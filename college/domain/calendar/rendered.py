"""Events rendered once, kept in the database: every feed that shows an event joins the same stored bytes.

A session's event appears in its group's, venue's and community's feeds and in the teacher's and every member's
private feed. Writing the public feed files renders each event; a private feed rendered later (its first poll,
or after a change) fetches those bytes with one query and builds only what is missing. The key names the event's
content and revision, the builder's version and the language, so stale bytes are never found.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import icalendar
from django.conf import settings

from college.derived.models import RenderedEvent
from college.domain.calendar.events import WeeklyEvent
from college.domain.calendar.kinds import FORMAT_VERSION
from college.domain.calendar.vevent import Revision, vevent_bytes

BUILDER = f"{FORMAT_VERSION} {icalendar.__version__}"


def event_key(event: WeeklyEvent, revision: Revision) -> str:
    text = f"{BUILDER} {settings.LANGUAGE_CODE} {event.fingerprint} {revision.sequence} {revision.changed_at}"
    return hashlib.sha256(text.encode()).hexdigest()


def events_bytes(pairs: Sequence[tuple[WeeklyEvent, Revision]]) -> bytes:
    """The VEVENTs of ``pairs`` in order: stored ones fetched, the others built (in the active language) and kept."""
    keys = [event_key(event, revision) for event, revision in pairs]
    stored = {key: bytes(body) for key, body in RenderedEvent.objects.filter(key__in=keys).values_list("key", "body")}
    built = {}
    for key, (event, revision) in zip(keys, pairs, strict=True):
        if key not in stored:
            built[key] = stored[key] = vevent_bytes(event, revision)
    if built:
        RenderedEvent.objects.bulk_create([RenderedEvent(key=k, body=b) for k, b in built.items()],
                                          ignore_conflicts=True)  # fmt: skip
    return b"".join(stored[key] for key in keys)
