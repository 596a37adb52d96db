"""``{% load calendar_links %}{% feed_links "group" group.key as links %}`` → ``links.webcal``, ``links.https``."""

from __future__ import annotations

from django import template

from college.domain.calendar.addresses import FeedLinks
from college.domain.calendar.addresses import feed_links as build_feed_links

register = template.Library()


@register.simple_tag
def feed_links(kind: str, key: str) -> FeedLinks:
    """The subscribe (webcal://) and copy (https://) links of a feed; ``key`` is a raw token for private feeds."""
    return build_feed_links(kind, key)
