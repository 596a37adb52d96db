"""Serve a feed: text/calendar with ETag and Last-Modified, 304 on a matching conditional request, HEAD.

The 304 path never renders the calendar: ``prepare_feed`` computes the ETag from the events' fingerprints
and stored revisions. Compression is GZipMiddleware's (it turns the ETag weak, which still matches).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseNotFound
from django.utils.cache import get_conditional_response
from django.utils.http import content_disposition_header, http_date
from django.views.decorators.http import require_safe

from college.domain.calendar import PreparedFeed, feed_bytes, prepare_feed

CONTENT_TYPE = "text/calendar; charset=utf-8"


@require_safe
def feed(request: HttpRequest, kind: str, key: str) -> HttpResponseBase:
    prepared = prepare_feed(kind, key)
    if prepared is None:  # unknown kind, key or token: the same plain answer for all
        return HttpResponseNotFound("Not found.\n", content_type="text/plain; charset=utf-8")
    conditional = get_conditional_response(
        request, etag=prepared.etag, last_modified=int(prepared.last_modified.timestamp())
    )
    if conditional is not None:  # 304 Not Modified (or 412 for a failed If-Match)
        return _with_headers(conditional, prepared)
    response = HttpResponse(feed_bytes(prepared), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(False, prepared.filename)
    return _with_headers(response, prepared)


def _with_headers(response: HttpResponseBase, prepared: PreparedFeed) -> HttpResponseBase:
    response["ETag"] = prepared.etag
    response["Last-Modified"] = http_date(prepared.last_modified.timestamp())
    response["Content-Language"] = settings.LANGUAGE_CODE
    if prepared.kind.private:
        response["Cache-Control"] = "private, no-cache"
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Referrer-Policy"] = "no-referrer"
    else:
        response["Cache-Control"] = "no-cache"
    return response
