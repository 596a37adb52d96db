"""Serve a feed: text/calendar with ETag and Last-Modified, 304 on a matching conditional request, HEAD.

The 304 path never builds the calendar: ``feed_head`` fingerprints the feed's inputs with a few plain
queries and finds the ETag computed from the same inputs before. Compression is GZipMiddleware's (it
turns the ETag weak, which still matches If-None-Match).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseNotFound
from django.utils.cache import get_conditional_response
from django.utils.http import content_disposition_header, http_date
from django.views.decorators.http import require_safe

from college.domain.calendar import FeedHead, feed_body, feed_head
from college.domain.calendar.kinds import FeedKind
from college.domain.calendar.private import generation, keep_private_feed
from college.models.tokens import hash_token

CONTENT_TYPE = "text/calendar; charset=utf-8"


def not_found() -> HttpResponse:
    """The same plain answer for an unknown kind, key or token: nothing tells a guessed token apart."""
    return HttpResponseNotFound("Not found.\n", content_type="text/plain; charset=utf-8")


@require_safe
def feed(request: HttpRequest, kind: str, key: str) -> HttpResponseBase:
    private = kind in (FeedKind.TEACHER, FeedKind.RESIDENT)
    seen_generation = generation() if private else 0  # read before the inputs: a change meanwhile outdates it
    head = feed_head(kind, key)
    if head is None:
        return not_found()
    if private:  # rendered once here, then answered by college.feeds.wsgi until something changes
        answer = feed_body(head)
        if answer is None:
            return not_found()
        head, body = answer
        keep_private_feed(head, hash_token(key), body, seen_generation)
    conditional = get_conditional_response(request, etag=head.etag, last_modified=int(head.last_modified.timestamp()))
    if conditional is not None:  # 304 Not Modified (or 412 for a failed If-Match)
        return _with_headers(conditional, head)
    if not private:
        answer = feed_body(head)
        if answer is None:
            return not_found()
        head, body = answer
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(False, head.filename)
    return _with_headers(response, head)


def _with_headers(response: HttpResponseBase, head: FeedHead) -> HttpResponseBase:
    response["ETag"] = head.etag
    response["Last-Modified"] = http_date(head.last_modified.timestamp())
    response["Content-Language"] = settings.LANGUAGE_CODE
    if head.kind.private:
        response["Cache-Control"] = "private, no-cache"
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Referrer-Policy"] = "no-referrer"
    else:
        response["Cache-Control"] = "no-cache"
    return response
