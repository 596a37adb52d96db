"""Private feeds kept as last rendered, so a calendar app's hourly poll costs one indexed lookup.

The feed view stores each teacher's or resident's rendered feed under its link's fingerprint with the current
*generation*; every change that can alter a feed (``changes``: publishing, one-off changes, renames, dates,
deletions, imports) raises the generation, a resident's new picks forget their stored feed, and a stored feed
older than ``KEEP_FOR`` is rendered again whatever happened. ``stored_private_feed`` is the one SQL statement
the lean WSGI path (``college.feeds.wsgi``) runs: it also checks that the link is still the owner's, so a
replaced or revoked link falls through to the view's 404.
"""

from __future__ import annotations

import datetime as dt
import functools
import time
from typing import NamedTuple

from django.db import connection
from django.db.models import F
from django.utils import timezone
from django.utils.text import compress_string

from college.derived.models import FeedsGeneration, PrivateFeed
from college.domain.calendar.heads import FeedHead
from college.domain.calendar.inputs import as_moment
from college.domain.calendar.kinds import FeedKind
from college.models import Resident, Teacher

KEEP_FOR = dt.timedelta(hours=1)  # a change no hook saw still reaches every private feed within the hour
OWNERS = {FeedKind.TEACHER.value: Teacher, FeedKind.RESIDENT.value: Resident}


class StoredFeed(NamedTuple):
    etag: str
    last_modified: dt.datetime
    filename: str
    body: bytes
    gzipped: bytes


def generation() -> int:
    return FeedsGeneration.objects.filter(pk=1).values_list("value", flat=True).first() or 0


def next_generation() -> None:
    """Every stored private feed is stale from now on (its generation is behind)."""
    if not FeedsGeneration.objects.filter(pk=1).update(value=F("value") + 1):
        FeedsGeneration.objects.get_or_create(pk=1, defaults={"value": 1})


def forget_private_feed(token_hash: str | None) -> None:
    """Drop the stored feed of one link (its owner's picks changed)."""
    if token_hash:
        PrivateFeed.objects.filter(token_hash=token_hash).delete()


def keep_private_feed(head: FeedHead, token_hash: str, body: bytes, seen_generation: int) -> None:
    """Store a feed just rendered from inputs read after ``seen_generation`` was current."""
    values = {"kind": str(head.kind), "generation": seen_generation, "etag": head.etag,
              "last_modified": head.last_modified, "rendered_at": timezone.now(), "filename": head.filename,
              "body": body, "gzipped": compress_string(body)}  # fmt: skip
    PrivateFeed.objects.update_or_create(token_hash=token_hash, defaults=values)


@functools.cache
def _lookup_sql(kind: str, vendor: str, with_body: bool) -> str:
    feed, owner = PrivateFeed._meta.db_table, OWNERS[kind]._meta.db_table
    generations = FeedsGeneration._meta.db_table
    mark = "?" if vendor == "sqlite" else "%s"  # the driver's own cursor: no Django wrapper on this path
    columns = "f.etag, f.last_modified, f.filename" + (", f.body, f.gzipped" if with_body else "")
    return (
        f"SELECT {columns} FROM {feed} f "
        f"WHERE f.token_hash = {mark} AND f.kind = {mark} AND f.rendered_at >= {mark} "
        f"AND f.generation = COALESCE((SELECT g.value FROM {generations} g WHERE g.id = 1), 0) "
        f"AND EXISTS (SELECT 1 FROM {owner} o WHERE o.feed_token_hash = f.token_hash)"
    )


@functools.lru_cache(maxsize=4)
def _oldest(second: int) -> object:
    """The earliest ``rendered_at`` still answered, as the database compares it (computed once a second)."""
    return connection.ops.adapt_datetimefield_value(dt.datetime.fromtimestamp(second, dt.UTC) - KEEP_FOR)


def stored_private_feed(kind: str, token_hash: str, *, with_body: bool = True) -> StoredFeed | None:
    """The stored rendering of a private feed when it is current and its link still valid: one statement
    (without the bytes when only the validators are needed, for a 304)."""
    if kind not in OWNERS:
        return None
    connection.ensure_connection()
    cursor = connection.connection.cursor()
    try:
        cursor.execute(_lookup_sql(kind, connection.vendor, with_body), (token_hash, kind, _oldest(int(time.time()))))
        row = cursor.fetchone()
    finally:
        cursor.close()
    if row is None:
        return None
    etag, last_modified, filename, *body = row
    body, gzipped = (bytes(body[0]), bytes(body[1])) if with_body else (b"", b"")
    return StoredFeed(etag, as_moment(last_modified), filename, body, gzipped)
