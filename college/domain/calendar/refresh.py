"""Every change that can alter a feed re-renders its public files after the transaction commits, and makes every
stored private feed stale (``private.next_generation``).

Saves and deletions of what feeds show (publishing, one-off changes, renames of groups, venues, teachers,
communities and the college, term dates, closures, make-up days, sessions) are caught by model signals; bulk
writes that send none (loading or importing records) call ``feeds_changed`` themselves. A change that touches
a few feeds re-renders them right after the commit; a larger one (a publish, a closure: every feed of a
district) goes to the task queue, off the request. ``manage.py write_feeds`` brings every file up to date.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from functools import partial

from django.db import transaction
from django.db.models import Model
from django.db.models.signals import post_delete, post_save, pre_delete

from college.domain.calendar.files import (
    Feed,
    feeds_of_groups,
    feeds_of_teachers,
    feeds_of_venues,
    feeds_root,
    write_feeds,
)
from college.domain.calendar.kinds import FeedKind
from college.domain.calendar.private import forget_private_feed, next_generation
from college.domain.solving import queue
from college.models import (
    Closure,
    College,
    Community,
    Interest,
    InterestGroup,
    MakeUpDay,
    OccurrenceChange,
    Resident,
    Teacher,
    Term,
    Timetable,
    TimetableStatus,
    Venue,
)

INLINE_LIMIT = 40  # feeds a change re-renders itself right after its commit; more go to the task queue
_refreshes = threading.local()  # how many refreshes of every feed this thread has begun


def _everything_begun() -> int:
    return getattr(_refreshes, "everything", 0)


def feeds_changed(feeds: Iterable[Feed] | Callable[[], Iterable[Feed]] | None) -> None:
    """Re-render these public feeds' files once the current transaction commits (every feed when None; a callable
    is asked only when files are written), and make every stored private feed stale."""
    next_generation()
    if feeds_root() is None:
        return
    chosen = None if feeds is None else sorted(set(feeds() if callable(feeds) else feeds))
    transaction.on_commit(partial(_refresh_unless_covered, chosen, _everything_begun()))


def _refresh_unless_covered(feeds: list[Feed] | None, begun: int) -> None:
    """Skip a refresh that one of every feed, begun after this change committed, already covers: deleting a term
    with many closures commits one change a closure, and the worker gets one job for them all."""
    if _everything_begun() > begun:
        return
    if feeds is None:
        _refreshes.everything = _everything_begun() + 1
    refresh_feeds(feeds)


def refresh_feeds(feeds: list[Feed] | None) -> None:
    if feeds is not None and len(feeds) <= INLINE_LIMIT:
        write_feeds(feeds)
    else:
        queue.enqueue("write_feeds", None if feeds is None else [list(feed) for feed in feeds])


def _group_saved(instance: InterestGroup, **_kwargs: object) -> None:
    feeds_changed(lambda: feeds_of_groups([instance.pk]) | {(FeedKind.GROUP.value, instance.key)})


def _venue_saved(instance: Venue, **_kwargs: object) -> None:
    feeds_changed(lambda: feeds_of_venues([instance.pk]) | {(FeedKind.VENUE.value, instance.key)})


def _community_saved(instance: Community, **_kwargs: object) -> None:
    feeds_changed({(FeedKind.COMMUNITY.value, instance.key)})


def _teacher_saved(instance: Teacher, **_kwargs: object) -> None:
    feeds_changed(lambda: feeds_of_teachers([instance.pk]))


def _everything(**_kwargs: object) -> None:
    feeds_changed(None)


def _timetable_saved(instance: Timetable, **_kwargs: object) -> None:
    if instance.status != TimetableStatus.DRAFT:  # publishing, rolling back, archiving
        feeds_changed(None)


def _with_venue(feeds: set[Feed], venue_id: int | None) -> set[Feed]:
    key = Venue.objects.filter(pk=venue_id).values_list("key", flat=True).first() if venue_id else None
    return feeds | {(FeedKind.VENUE.value, key)} if key else feeds


def _occurrence_changed(instance: OccurrenceChange, **_kwargs: object) -> None:
    feeds_changed(lambda: _with_venue(feeds_of_groups([instance.group_id]), instance.new_venue_id))


def _interest_changed(instance: Interest, **_kwargs: object) -> None:
    forget_private_feed(Resident.objects.filter(pk=instance.resident_id).values_list("feed_token_hash", flat=True)
                        .first())  # fmt: skip


RECEIVERS: tuple[tuple[object, object, type[Model]], ...] = (
    (post_save, _group_saved, InterestGroup),
    (pre_delete, _group_saved, InterestGroup),
    (post_save, _venue_saved, Venue),
    (pre_delete, _venue_saved, Venue),
    (post_save, _community_saved, Community),
    (pre_delete, _community_saved, Community),
    (post_save, _teacher_saved, Teacher),
    (post_save, _everything, College),
    (post_save, _everything, Term),
    (post_save, _everything, Closure),
    (post_delete, _everything, Closure),
    (post_save, _everything, MakeUpDay),
    (post_delete, _everything, MakeUpDay),
    (post_save, _timetable_saved, Timetable),
    (post_delete, _timetable_saved, Timetable),
    (post_save, _occurrence_changed, OccurrenceChange),
    (post_delete, _occurrence_changed, OccurrenceChange),
    (post_save, _interest_changed, Interest),  # deletions in bulk stay fast: their callers forget (or KEEP_FOR)
)


def connect() -> None:
    """Called once when the feeds app is ready."""
    for signal, receiver, sender in RECEIVERS:
        signal.connect(receiver, sender=sender, dispatch_uid=f"kebiao-feeds-{receiver.__name__}-{sender.__name__}")  # type: ignore[attr-defined]
