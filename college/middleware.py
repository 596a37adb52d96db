"""Middleware of our own: the request-size limit, and WhiteNoise quiet before ``collectstatic``.

``RequestSizeLimit`` refuses a body over ``MAX_REQUEST_BYTES`` from its Content-Length, before anything reads it.
Django reads no more than Content-Length bytes of a body (none without it), so this bounds every upload; it runs
first, before the CSRF check and the session read ``request.POST``.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from whitenoise.middleware import WhiteNoiseMiddleware


class RequestSizeLimit:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        declared = request.META.get("CONTENT_LENGTH") or "0"
        try:
            size = int(declared)
        except ValueError:
            size = -1
        if size < 0 or size > settings.MAX_REQUEST_BYTES:
            return too_large(request)
        return self.get_response(request)


def too_large(request: HttpRequest) -> HttpResponse:
    limit = settings.MAX_REQUEST_BYTES // (1024 * 1024)
    message = _("The request is larger than %(limit)s MB.") % {"limit": limit}
    if request.path.startswith("/api/"):
        return JsonResponse({"code": "too_large", "field": None, "message": message}, status=413)
    return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")


class StaticFiles(WhiteNoiseMiddleware):
    """WhiteNoise serving ``STATIC_ROOT``; before ``collectstatic`` has made it (the demo, the tests) it serves
    nothing, quietly."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
            super().__init__(*args, **kwargs)
