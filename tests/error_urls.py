"""A URL conf with one view that fails, for the test that a 500 leaves its traceback on stderr."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path


def fails(request: HttpRequest) -> HttpResponse:
    raise ZeroDivisionError("a bug in a view")


urlpatterns = [path("fails/", fails)]
