"""Headers of pages opened by a private link: never cached by others, never indexed, and the link's token never
sent to another site as a referrer. ``same-origin``, not ``no-referrer``: a browser marks a POST from a no-referrer
page ``Origin: null``, which Django's CSRF check rightly refuses; a same-origin POST carries the site's Origin."""

from __future__ import annotations

from django.http import HttpResponse


def private_response(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
