"""Every error the API sends is JSON ``{code, field, message, errors}``, its message in the caller's language.

``code`` is a machine word (``not_found``, ``invalid``, ``conflict`` …), ``field`` the dotted path of the
input at fault (``opening.0.end``, ``limit``) or null, ``message`` a sentence in Chinese or English
(by ``Accept-Language``), and ``errors`` every problem when there is more than one.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, InterfaceError, OperationalError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

logger = logging.getLogger("api")


class FieldError(Schema):
    code: str
    field: str | None = None
    message: str


class Error(Schema):
    """An error: a machine code, the field at fault (dotted path, or null) and a human message."""

    code: str
    field: str | None = None
    message: str
    errors: list[FieldError] = []


class ApiError(Exception):
    """Raise to answer with an error: ``ApiError(409, "conflict", _("…"), field="key")``."""

    def __init__(self, status: int, code: str, message: str, field: str | None = None) -> None:
        self.status, self.code, self.message, self.field = status, code, message, field
        super().__init__(message)


def not_found(what: str | None = None) -> ApiError:
    return ApiError(404, "not_found", what or _("Not found."))


def forbidden(message: str | None = None) -> ApiError:
    return ApiError(403, "forbidden", message or _("You may not do this."))


def _body(code: str, message: str, field: str | None = None, errors: list[dict[str, Any]] | None = None) -> dict:
    return {"code": code, "field": field, "message": message, "errors": errors or []}


# Pydantic error types a person would make, in words they would understand.
def _pydantic_message(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    messages = {
        "missing": _("This field is required."),
        "int_parsing": _("Enter a whole number."),
        "int_type": _("Enter a whole number."),
        "int_from_float": _("Enter a whole number."),
        "bool_parsing": _("Enter true or false."),
        "bool_type": _("Enter true or false."),
        "string_type": _("Enter text."),
        "date_from_datetime_parsing": _("Enter a date as YYYY-MM-DD."),
        "date_parsing": _("Enter a date as YYYY-MM-DD."),
        "date_type": _("Enter a date as YYYY-MM-DD."),
        "list_type": _("Enter a list."),
        "model_type": _("Enter an object."),
        "dict_type": _("Enter an object."),
        "json_invalid": _("The request body is not valid JSON."),
        "enum": _("Choose one of: %(choices)s.") % {"choices": ctx.get("expected", "")},
        "literal_error": _("Choose one of: %(choices)s.") % {"choices": ctx.get("expected", "")},
        "greater_than_equal": _("Must be at least %(limit)s.") % {"limit": ctx.get("ge")},
        "less_than_equal": _("Must be at most %(limit)s.") % {"limit": ctx.get("le")},
        "greater_than": _("Must be more than %(limit)s.") % {"limit": ctx.get("gt")},
        "string_too_long": _("At most %(limit)s characters.") % {"limit": ctx.get("max_length")},
        "string_too_short": _("At least %(limit)s characters.") % {"limit": ctx.get("min_length")},
        "too_long": _("At most %(limit)s items.") % {"limit": ctx.get("max_length")},
        "string_pattern_mismatch": _("Not in the expected format."),
        "extra_forbidden": _("Unknown field."),
    }
    if kind == "string_too_short" and ctx.get("min_length") == 1:
        return str(_("This field is required."))
    if kind == "value_error":  # our own validators raise ValueError with a translated sentence
        return str(ctx.get("error", error.get("msg", "")))
    return str(messages.get(kind, error.get("msg", _("Invalid value."))))


def field_path(loc: tuple[Any, ...] | list[Any]) -> str | None:
    """('body', 'payload', 'opening', 0, 'end') → 'opening.0.end'; ('query', 'limit') → 'limit'."""
    parts = list(loc)
    if parts and parts[0] in ("body", "form", "file"):
        parts = parts[2:] if len(parts) > 1 else []
    elif parts and parts[0] in ("query", "path", "header", "cookie"):
        parts = parts[1:]
        if len(parts) > 1 and parts[0] in ("filters", "ninja_pagination"):
            parts = parts[1:]
    return ".".join(str(p) for p in parts) or None


def _validation_error(request: HttpRequest, exc: ValidationError, api: NinjaAPI) -> HttpResponse:
    errors = [
        {"code": "invalid", "field": field_path(e.get("loc", ())), "message": _pydantic_message(e)} for e in exc.errors
    ]
    first = errors[0] if errors else {"field": None, "message": _("Invalid input.")}
    return api.create_response(request, _body("invalid", first["message"], first["field"], errors), status=422)


def django_validation_errors(exc: DjangoValidationError, prefix: str = "") -> list[dict[str, Any]]:
    """A model's ``full_clean`` errors as API field errors (``__all__`` becomes a null field)."""
    if not hasattr(exc, "error_dict"):
        return [{"code": "invalid", "field": prefix.rstrip(".") or None, "message": m} for m in exc.messages]
    found = []
    for name, errors in exc.error_dict.items():
        field = None if name == "__all__" else f"{prefix}{name}"
        for error in errors:
            code = "conflict" if error.code in ("unique", "unique_together") else "invalid"
            found += [{"code": code, "field": field, "message": m} for m in error.messages]
    return found


def _django_validation_error(request: HttpRequest, exc: DjangoValidationError, api: NinjaAPI) -> HttpResponse:
    errors = django_validation_errors(exc)
    first = errors[0]
    status = 409 if first["code"] == "conflict" else 422
    return api.create_response(request, _body(first["code"], first["message"], first["field"], errors), status=status)


def _api_error(request: HttpRequest, exc: ApiError, api: NinjaAPI) -> HttpResponse:
    return api.create_response(request, _body(exc.code, exc.message, exc.field), status=exc.status)


def _http_error(request: HttpRequest, exc: HttpError, api: NinjaAPI) -> HttpResponse:
    if isinstance(exc, AuthenticationError) or exc.status_code == 401:
        response = api.create_response(
            request,
            _body("unauthorized", _("Sign in, or send an API token as “Authorization: Bearer …”.")),
            status=401,
        )
        response["WWW-Authenticate"] = 'Bearer realm="kebiao"'
        return response
    if exc.status_code == 400:  # a body that is not JSON: a validation error like any other
        return api.create_response(request, _body("invalid", _("The request body is not valid JSON.")), status=422)
    if exc.status_code == 403:
        return api.create_response(
            request, _body("forbidden", _("The CSRF check failed: reload the page.")), status=403
        )
    return api.create_response(request, _body("error", str(exc)), status=exc.status_code)


def _not_found(request: HttpRequest, exc: Http404, api: NinjaAPI) -> HttpResponse:
    return api.create_response(request, _body("not_found", _("Not found.")), status=404)


def _still_used(request: HttpRequest, exc: ProtectedError | RestrictedError, api: NinjaAPI) -> HttpResponse:
    users = sorted({str(obj._meta.verbose_name) for obj in exc.protected_objects if hasattr(obj, "_meta")})
    message = _("It is still used by: %(users)s; remove those first.") % {"users": "、".join(users)}
    return api.create_response(request, _body("in_use", message), status=409)


def _integrity_error(request: HttpRequest, exc: IntegrityError, api: NinjaAPI) -> HttpResponse:
    message = _("This conflicts with data already saved (a key or a combination that must be unique).")
    return api.create_response(request, _body("conflict", message), status=409)


def _database_unavailable(request: HttpRequest, exc: OperationalError | InterfaceError, api: NinjaAPI) -> HttpResponse:
    """The database went away mid-request (restarted, failed over): nothing was saved; the caller may retry."""
    logger.error("Database unavailable: %s %s", request.method, request.path, exc_info=exc)
    message = _("The database is unavailable for a moment; nothing was saved. Please try again.")
    response = api.create_response(request, _body("unavailable", message), status=503)
    response["Retry-After"] = "5"
    return response


def install(api: NinjaAPI) -> None:
    """Answer every expected error as JSON; anything else is a bug and stays a 500."""
    api.add_exception_handler(ValidationError, lambda r, e: _validation_error(r, e, api))
    api.add_exception_handler(DjangoValidationError, lambda r, e: _django_validation_error(r, e, api))
    api.add_exception_handler(ApiError, lambda r, e: _api_error(r, e, api))
    api.add_exception_handler(HttpError, lambda r, e: _http_error(r, e, api))
    api.add_exception_handler(Http404, lambda r, e: _not_found(r, e, api))
    api.add_exception_handler(ProtectedError, lambda r, e: _still_used(r, e, api))
    api.add_exception_handler(RestrictedError, lambda r, e: _still_used(r, e, api))
    api.add_exception_handler(IntegrityError, lambda r, e: _integrity_error(r, e, api))
    api.add_exception_handler(OperationalError, lambda r, e: _database_unavailable(r, e, api))
    api.add_exception_handler(InterfaceError, lambda r, e: _database_unavailable(r, e, api))
