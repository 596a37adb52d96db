"""Coordinators log in and out here (the admin login works too; both use Django's accounts)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

login = auth_views.LoginView.as_view(
    template_name="college/coordinator/login.html",
    redirect_authenticated_user=True,
    extra_context={"nav": "coordinate"},
    next_page="pages:coordinate",
)
logout = auth_views.LogoutView.as_view(next_page="pages:catalogue")


def locked_out(request: HttpRequest, credentials: Any = None, *args: Any) -> HttpResponse:
    """django-axes' answer to a login while its username or address is locked (429, in the user's language)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = _(
        "Too many failed logins: logging in is paused for %(minutes)s minutes. "
        "A district coordinator can lift the pause at once."
    ) % {"minutes": minutes}
    return HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")
