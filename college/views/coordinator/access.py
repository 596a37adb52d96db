"""Who may open the coordinators' pages: logged-in users with a coordinator scope (``college.domain.access``)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from college.domain.access import Scope, scope_of

View = Callable[..., HttpResponse]


def coordinator_required(view: View) -> View:
    """Anonymous users go to the login page; logged-in users without a coordinator scope get 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("pages:login"))
        if not scope_of(request.user).is_coordinator:
            raise PermissionDenied("Only coordinators may open this page.")
        return view(request, *args, **kwargs)

    return wrapper


def visible_communities(scope: Scope) -> frozenset[int] | None:
    """The community ids a coordinator sees, or None for a district coordinator (every community)."""
    return None if scope.district else scope.community_ids
