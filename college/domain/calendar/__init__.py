"""iCal feeds of the published timetables: per interest group, venue, community, teacher and resident.

``events`` prepares plain event data from published sessions, ``vevent`` is the one VEVENT builder,
``revisions`` remembers SEQUENCE and change times, ``feeds`` selects and renders, ``inputs`` and
``heads`` answer conditional requests without building the feed, ``links`` and ``tokens`` give pages
their subscribe links and private links.
"""

from __future__ import annotations

from college.domain.calendar.addresses import FeedLinks, feed_links
from college.domain.calendar.feeds import FeedKind, PreparedFeed, prepare_feed, render_feed
from college.domain.calendar.heads import FeedHead, feed_body, feed_head
from college.domain.calendar.tokens import rotate_feed_links, rotate_feed_token

__all__ = [
    "FeedHead",
    "FeedKind",
    "FeedLinks",
    "PreparedFeed",
    "feed_body",
    "feed_head",
    "feed_links",
    "prepare_feed",
    "render_feed",
    "rotate_feed_links",
    "rotate_feed_token",
]
