"""Who is calling: a coordinator (API token or signed-in session), a teacher or resident (private link), or nobody.

``CALLER_AUTH`` is the API's one authentication, set on the ``NinjaAPI``: a bearer token (a personal
API token ``kb_…`` of a coordinator, or the token of a teacher's or resident's private link) or the
Django session of the pages (with its CSRF check on unsafe methods). Public catalogue reads and
public feeds opt in to anonymous callers with ``auth=PUBLIC``. Every operation then finds the caller
on ``request.auth``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.security import HttpBearer
from ninja.security.apikey import APIKeyCookie

from college.domain.access import NOBODY, Scope, scope_of
from college.models import ApiToken, Resident, Teacher


@dataclass(frozen=True)
class Caller:
    """The one calling: at most one of user, teacher and resident is set (none: anonymous)."""

    user: Any = None
    teacher: Teacher | None = None
    resident: Resident | None = None
    raw_token: str = ""  # a teacher's or resident's presented link token, to build their own feed URL

    @property
    def scope(self) -> Scope:
        return scope_of(self.user) if self.user is not None else NOBODY

    @property
    def is_anonymous(self) -> bool:
        return self.user is None and self.teacher is None and self.resident is None


ANONYMOUS = Caller()


class BearerToken(HttpBearer):
    """``Authorization: Bearer <token>``: a coordinator's API token or a teacher's/resident's link token."""

    def authenticate(self, request: HttpRequest, token: str) -> Caller | None:
        if not token or len(token) > 200:
            return None
        api_token = ApiToken.authenticate(token)
        if api_token is not None:
            return Caller(user=api_token.user)
        teacher = Teacher.by_feed_token(token)
        if teacher is not None:
            return Caller(teacher=teacher, raw_token=token)
        resident = Resident.by_feed_token(token)
        if resident is not None:
            return Caller(resident=resident, raw_token=token)
        return None


class SessionCookie(APIKeyCookie):
    """The pages' signed-in session; unsafe methods must pass Django's CSRF check."""

    param_name: str = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None  # not signed in: no CSRF question to ask, try the next way in
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Caller | None:
        return Caller(user=request.user) if request.user.is_authenticated else None


def anonymous(request: HttpRequest) -> Caller:
    """The last resort of public operations: nobody in particular."""
    return ANONYMOUS


CALLER_AUTH = [BearerToken(), SessionCookie(csrf=True)]
# Keyword arguments of a public operation: anyone may call it; OpenAPI lists "no credentials" ({}) too.
PUBLIC = {"auth": [*CALLER_AUTH, anonymous], "openapi_extra": {"security": [{}]}}


def caller(request: HttpRequest) -> Caller:
    return request.auth  # type: ignore[attr-defined,no-any-return]
