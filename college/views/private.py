"""Headers of pages opened by a private link: never cached by others, never indexed, no referrer leaks the token."""

from __future__ import annotations

from django.http import HttpResponse


def private_response(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
