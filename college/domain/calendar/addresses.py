"""The addresses of a feed for pages: an https link to copy and a webcal:// link that opens calendar apps."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse

from college.domain.calendar.kinds import FeedKind


@dataclass(frozen=True)
class FeedLinks:
    https: str  # to copy, or for Google Calendar's "From URL"
    webcal: str  # a subscribe button: opens Apple Calendar, Outlook, Thunderbird…

    def __str__(self) -> str:
        return self.https


def feed_links(kind: str, key: str) -> FeedLinks:
    """Links of the feed of ``kind`` ("group", "venue", "community", "teacher", "resident") for a key or token."""
    path = reverse("feeds:feed", kwargs={"kind": FeedKind(kind).value, "key": key})
    https = settings.SITE_URL + path
    return FeedLinks(https=https, webcal="webcal://" + https.split("://", 1)[1])
