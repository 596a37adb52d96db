"""The five kinds of feed: who they belong to, which published sessions they show, their ETag and their bytes.

``prepare_feed`` does the cheap part (a handful of queries and hashes, no iCal), enough to answer a
conditional request with 304; ``feed_bytes`` renders the calendar, cached by ETag. Feeds read saved,
published timetables only, and are written in the site's language whatever the request asked for, so
every subscriber gets the same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.core.cache import cache
from django.db.models import Model, QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from college.domain.calendar.events import WeeklyEvent, weekly_events
from college.domain.calendar.revisions import event_revisions, feed_last_changed
from college.domain.calendar.vevent import Revision, build_calendar
from college.models import College, Community, InterestGroup, InterestKind, Resident, Session, Teacher, Venue
from college.models.tokens import TOKEN_BYTES

FORMAT_VERSION = "1"  # bump when the builder writes different bytes for the same content
MAX_TOKEN_LENGTH = 4 * TOKEN_BYTES  # token_urlsafe(24) is 32 characters; anything much longer is not ours


class FeedKind(StrEnum):
    GROUP = "group"
    VENUE = "venue"
    COMMUNITY = "community"
    TEACHER = "teacher"  # private: the key is the teacher's feed token
    RESIDENT = "resident"  # private: the key is the resident's feed token

    @property
    def private(self) -> bool:
        return self in (FeedKind.TEACHER, FeedKind.RESIDENT)


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


def find_owner(kind: FeedKind, key: str) -> Model | None:
    """The group, venue or community with ``key``, or the teacher or resident holding the token ``key``."""
    if kind.private:
        if len(key) > MAX_TOKEN_LENGTH:
            return None
        model = Teacher if kind is FeedKind.TEACHER else Resident
        return model.by_feed_token(key)
    model = {FeedKind.GROUP: InterestGroup, FeedKind.VENUE: Venue, FeedKind.COMMUNITY: Community}[kind]
    return model.objects.filter(key=key).first()


def published_sessions(kind: FeedKind, owner: Model) -> QuerySet[Session]:
    sessions = Session.objects.filter(timetable__status="published")
    if kind is FeedKind.GROUP:
        sessions = sessions.filter(group=owner)
    elif kind is FeedKind.VENUE:
        sessions = sessions.filter(venue=owner)
    elif kind is FeedKind.COMMUNITY:
        sessions = sessions.filter(group__community=owner)
    elif kind is FeedKind.TEACHER:
        sessions = sessions.filter(teacher=owner)
    else:
        sessions = sessions.filter(group__interests__resident=owner, group__interests__kind=InterestKind.ENROLLED)
    return sessions.select_related("timetable__term", "group", "venue", "teacher").order_by(
        "timetable__term__first_day", "timetable__term__key", "group__key", "number"
    )


def feed_title(kind: FeedKind, owner: Model) -> str:
    if kind is FeedKind.RESIDENT:  # a private link can be forwarded: the title names nobody
        title = _("My timetable")
    elif kind is FeedKind.TEACHER:
        title = _("%(teacher)s's timetable") % {"teacher": owner}
    else:
        title = _("%(name)s timetable") % {"name": owner}
    college = College.current_name()
    return f"{title} · {college}" if college else title


def prepare_feed(kind: str, key: str) -> PreparedFeed | None:
    """The feed of ``kind`` for ``key`` (a natural key, or a private token), or None when there is none."""
    try:
        feed_kind = FeedKind(kind)
    except ValueError:
        return None
    owner = find_owner(feed_kind, key)
    if owner is None:
        return None
    with translation.override(settings.LANGUAGE_CODE):
        events = weekly_events(list(published_sessions(feed_kind, owner)))
        title = feed_title(feed_kind, owner)
    revisions = event_revisions(events)
    pairs = tuple((event, revisions[event.uid]) for event in events)
    etag = feed_etag(title, pairs)
    feed = f"{feed_kind}:{owner.pk}"
    hint = max((revision.changed_at for _event, revision in pairs), default=None)
    filename = f"{feed_kind}.ics" if feed_kind.private else f"{feed_kind}-{key}.ics"
    return PreparedFeed(feed_kind, feed, filename, title, pairs, etag, feed_last_changed(feed, etag, hint))


def feed_etag(title: str, pairs: tuple[tuple[WeeklyEvent, Revision], ...]) -> str:
    digest = hashlib.sha256(f"{FORMAT_VERSION}\n{title}\n".encode())
    for event, revision in pairs:
        digest.update(f"{event.fingerprint} {revision.sequence} {revision.changed_at.isoformat()}\n".encode())
    return f'"{digest.hexdigest()[:32]}"'


def render_feed(feed: PreparedFeed) -> bytes:
    """The calendar's bytes, built by the one VEVENT builder (``vevent.build_vevents``)."""
    with translation.override(settings.LANGUAGE_CODE):
        return build_calendar(feed.title, feed.events).to_ical()


def feed_bytes(feed: PreparedFeed) -> bytes:
    """``render_feed``, cached by ETag: the ETag covers every byte of the calendar."""
    cache_key = f"kebiao:feed:{feed.etag.strip(chr(34))}"
    body = cache.get(cache_key)
    if body is None:
        body = render_feed(feed)
        cache.set(cache_key, body, timeout=24 * 3600)
    return body
