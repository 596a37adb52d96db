"""A feed prepared (events, revisions, ETag) and rendered (iCal bytes).

``prepare`` turns the feed's inputs into events with their revisions and computes the ETag and
Last-Modified; ``render_feed`` writes the iCal bytes with the one VEVENT builder. Feeds read saved,
published timetables only, and are written in the site's language whatever the request asked for, so
every subscriber gets the same bytes. ``heads`` puts a cache in front of both.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from college.domain.calendar.events import WeeklyEvent, events_from_inputs
from college.domain.calendar.inputs import FeedInputs, read_inputs
from college.domain.calendar.kinds import FORMAT_VERSION, FeedKind
from college.domain.calendar.rendered import events_bytes
from college.domain.calendar.revisions import event_revisions, feed_last_changed
from college.domain.calendar.vevent import END, Revision, calendar_head

__all__ = ["FeedKind", "PreparedFeed", "feed_etag", "prepare", "prepare_feed", "render_feed"]


@dataclass(frozen=True)
class PreparedFeed:
    """Everything about a feed except its rendered bytes."""

    kind: FeedKind
    feed: str  # "group:7": names the owner by id, so a new private token keeps the feed's history
    filename: str
    title: str
    events: tuple[tuple[WeeklyEvent, Revision], ...]
    etag: str  # quoted, strong
    last_modified: dt.datetime


def feed_title(inputs: FeedInputs) -> str:
    if inputs.kind is FeedKind.RESIDENT:  # a private link can be forwarded: the title names nobody
        title = _("My timetable")
    elif inputs.kind is FeedKind.TEACHER:
        title = _("%(teacher)s's timetable") % {"teacher": inputs.owner_name}
    else:
        title = _("%(name)s timetable") % {"name": inputs.owner_name}
    return f"{title} · {inputs.college}" if inputs.college else title


def prepare(inputs: FeedInputs) -> PreparedFeed:
    """Events, revisions (recorded when new or changed), ETag and Last-Modified of the feed."""
    with translation.override(settings.LANGUAGE_CODE):
        events = events_from_inputs(inputs)
        title = feed_title(inputs)
    revisions = event_revisions(events)
    pairs = tuple((event, revisions[event.uid]) for event in events)
    etag = feed_etag(title, pairs)
    feed = f"{inputs.kind}:{inputs.owner_id}"
    hint = max((revision.changed_at for _event, revision in pairs), default=None)
    filename = f"{inputs.kind}.ics" if inputs.kind.private else f"{inputs.kind}-{inputs.key}.ics"
    return PreparedFeed(inputs.kind, feed, filename, title, pairs, etag, feed_last_changed(feed, etag, hint))


def prepare_feed(kind: str, key: str) -> PreparedFeed | None:
    """The feed of ``kind`` for ``key`` (a natural key, or a private token), or None when there is none."""
    try:
        feed_kind = FeedKind(kind)
    except ValueError:
        return None
    inputs = read_inputs(feed_kind, key)
    return None if inputs is None else prepare(inputs)


def feed_etag(title: str, pairs: tuple[tuple[WeeklyEvent, Revision], ...]) -> str:
    digest = hashlib.sha256(f"{FORMAT_VERSION}\n{title}\n".encode())
    for event, revision in pairs:
        digest.update(f"{event.fingerprint} {revision.sequence} {revision.changed_at.isoformat()}\n".encode())
    return f'"{digest.hexdigest()[:32]}"'


def render_feed(feed: PreparedFeed) -> bytes:
    """The calendar's bytes, built by the one VEVENT builder (``vevent.build_vevents``); events another feed
    rendered before come from the database (``rendered``), byte for byte what the builder writes."""
    with translation.override(settings.LANGUAGE_CODE):
        return calendar_head(feed.title) + events_bytes(feed.events) + END
