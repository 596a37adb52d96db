"""The lean path of private feeds: a calendar app's poll answered before Django's handler and middleware.

``PrivateFeeds`` wraps the WSGI application. A GET or HEAD of ``/feeds/teacher|resident/<token>.ics`` whose feed
is stored and current (``college.domain.calendar.private``: one indexed statement, which also checks the link is
still the owner's) is answered from the stored bytes, 304 included, with the headers the full stack would send;
anything else (first request, stale feed, replaced link, a request Django must redirect) goes to Django
unchanged. Its database connection stays open between requests of a worker thread.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils.http import content_disposition_header, http_date, parse_etags, parse_http_date_safe

from college.domain.calendar.private import StoredFeed, stored_private_feed
from college.models.tokens import hash_token

PRIVATE_FEED = re.compile(r"^/feeds/(teacher|resident)/([^/]{1,200})\.ics$")
GZIP = re.compile(r"\bgzip\b")
StartResponse = Callable[..., Any]


def _secure(environ: dict[str, Any]) -> bool:
    if settings.SECURE_PROXY_SSL_HEADER:
        header, value = settings.SECURE_PROXY_SSL_HEADER
        return environ.get(header) == value
    return environ.get("wsgi.url_scheme") == "https"


@functools.lru_cache(maxsize=8)
def _fixed_headers(language: str, hsts: str) -> tuple[tuple[str, str], ...]:
    """What the full stack's view and middleware add to every private feed (settings are read per request)."""
    return (
        ("Content-Language", language),
        ("Cache-Control", "private, no-cache"),
        ("X-Robots-Tag", "noindex, nofollow"),
        ("Referrer-Policy", "no-referrer"),
        ("X-Frame-Options", "DENY"),
        ("X-Content-Type-Options", "nosniff"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
        *((("Strict-Transport-Security", hsts),) if hsts else ()),
    )


@functools.lru_cache(maxsize=1024)
def _http_date(moment: dt.datetime) -> str:
    return http_date(moment.timestamp())


def _headers(feed: StoredFeed, secure: bool) -> list[tuple[str, str]]:
    hsts = ""
    if secure and settings.SECURE_HSTS_SECONDS:
        hsts = f"max-age={settings.SECURE_HSTS_SECONDS}"
        hsts += "; includeSubDomains" if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS else ""
        hsts += "; preload" if settings.SECURE_HSTS_PRELOAD else ""
    fixed = _fixed_headers(settings.LANGUAGE_CODE, hsts)
    return [("ETag", feed.etag), ("Last-Modified", _http_date(feed.last_modified)), *fixed]


def _not_modified(feed: StoredFeed, environ: dict[str, Any]) -> bool:
    if_none_match = environ.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:  # weak comparison, as Django's conditional responses do
        etags = parse_etags(if_none_match)
        return etags == ["*"] or any(tag.removeprefix("W/") == feed.etag for tag in etags)
    since = parse_http_date_safe(environ.get("HTTP_IF_MODIFIED_SINCE") or "")
    return since is not None and int(feed.last_modified.timestamp()) <= since


def answer(environ: dict[str, Any]) -> tuple[str, list[tuple[str, str]], bytes] | None:
    """Status, headers and body for a stored private feed, or None when Django must answer."""
    if environ.get("REQUEST_METHOD") not in ("GET", "HEAD") or environ.get("HTTP_IF_MATCH"):
        return None
    found = PRIVATE_FEED.match(environ.get("PATH_INFO", ""))
    if found is None:
        return None
    secure = _secure(environ)
    if settings.SECURE_SSL_REDIRECT and not secure:
        return None
    conditional = "HTTP_IF_NONE_MATCH" in environ or "HTTP_IF_MODIFIED_SINCE" in environ
    try:
        feed = stored_private_feed(found[1], hash_token(found[2]), with_body=not conditional)
    except DatabaseError:
        connection.close()  # a broken connection: the next request opens a new one
        return None
    if feed is None:
        return None
    headers = _headers(feed, secure)
    if conditional and _not_modified(feed, environ):
        return "304 Not Modified", [*headers, ("Content-Length", "0"), ("Vary", "Accept-Language")], b""
    if conditional:  # changed since the client's copy: the bytes are needed after all
        try:
            feed = stored_private_feed(found[1], hash_token(found[2]))
        except DatabaseError:
            connection.close()
            return None
        if feed is None:
            return None
        headers = _headers(feed, secure)
    body, encoded = feed.body, []
    if GZIP.search(environ.get("HTTP_ACCEPT_ENCODING", "")):
        body, encoded = feed.gzipped, [("Content-Encoding", "gzip")]
        headers[0] = ("ETag", f"W/{feed.etag}")
    headers += [
        ("Content-Type", "text/calendar; charset=utf-8"),
        ("Content-Disposition", content_disposition_header(False, feed.filename)),
        ("Content-Length", str(len(body))),
        ("Vary", "Accept-Language, Accept-Encoding"),
        *encoded,
    ]
    return "200 OK", headers, b"" if environ["REQUEST_METHOD"] == "HEAD" else body


class PrivateFeeds:
    """WSGI middleware: private feeds from their stored rendering, everything else to ``app``."""

    def __init__(self, app: Callable[[dict[str, Any], StartResponse], Iterable[bytes]]) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        found = answer(environ)
        if found is None:
            return self.app(environ, start_response)
        status, headers, body = found
        start_response(status, headers)
        return [body]
