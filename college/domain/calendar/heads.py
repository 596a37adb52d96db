"""What the feed views ask: a feed's ETag and Last-Modified (cheap), and its bytes (cached by ETag).

``feed_head`` reads the feed's inputs (seven or eight plain queries) and reuses the ETag last computed from the same
inputs; only when they are new does it prepare the feed (events, revisions). ``feed_body`` returns the
bytes cached under the ETag, rendering them when they are not there.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.cache import cache

from college.domain.calendar.feeds import PreparedFeed, prepare, prepare_feed, render_feed
from college.domain.calendar.inputs import read_inputs, revisions_marker
from college.domain.calendar.kinds import FeedKind

DAY = 24 * 3600


@dataclass(frozen=True)
class FeedHead:
    kind: FeedKind
    key: str
    filename: str
    etag: str  # quoted, strong
    last_modified: dt.datetime
    prepared: PreparedFeed | None = None  # when this request already prepared the feed


def _head(prepared: PreparedFeed, key: str, keep: bool) -> FeedHead:
    return FeedHead(prepared.kind, key, prepared.filename, prepared.etag, prepared.last_modified,
                    prepared if keep else None)  # fmt: skip


def feed_head(kind: str, key: str) -> FeedHead | None:
    """The feed's validators, or None when there is no such feed (unknown kind, key or token)."""
    try:
        feed_kind = FeedKind(kind)
    except ValueError:
        return None
    inputs = read_inputs(feed_kind, key)
    if inputs is None:
        return None
    known = cache.get(inputs.cache_key())
    if known is not None:
        return FeedHead(feed_kind, key, *known)
    prepared = prepare(inputs)
    # Preparing may have recorded revisions: remember the ETag under the marker as it is now.
    known = (prepared.filename, prepared.etag, prepared.last_modified)
    cache.set(inputs.cache_key(revisions_marker()), known, timeout=DAY)
    return _head(prepared, key, keep=True)


def feed_body(head: FeedHead) -> tuple[FeedHead, bytes] | None:
    """The calendar's bytes and the head that goes with them (a fresher one if the feed changed meanwhile)."""
    body = cache.get(f"kebiao:feed-body:{head.etag}")
    if body is not None:
        return head, body
    prepared = head.prepared or prepare_feed(head.kind, head.key)
    if prepared is None:  # the owner went away a moment ago
        return None
    body = render_feed(prepared)
    cache.set(f"kebiao:feed-body:{prepared.etag}", body, timeout=DAY)
    return _head(prepared, head.key, keep=False), body
