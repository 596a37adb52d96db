"""Shared pieces of the routers: bounded input types, weekly windows, pagination, permission checks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import AfterValidator, StringConstraints, field_validator

from api.auth import caller
from api.errors import ApiError, Error, forbidden, not_found
from college.domain.access import Scope
from college.domain.imports import CSV_TYPE, XLSX_TYPE
from college.models.fields import DAY_MINUTES, format_minutes, refused_character

MAX_ID = 2**62  # fits every integer column of SQLite and PostgreSQL
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Count = Annotated[int, Field(ge=0, le=100_000)]


def _plain_text(value: str) -> str:
    """One line of printable text (no control or direction-override characters, valid Unicode), trimmed."""
    problem = refused_character(value)
    if problem:
        raise ValueError(problem)
    return value.strip()


def _plain_lines(value: str) -> str:
    """Like ``_plain_text`` but line breaks and tabs are allowed (descriptions)."""
    problem = refused_character(value, multi_line=True)
    if problem:
        raise ValueError(problem)
    return value.strip()


def text(max_length: int, *, required: bool = False, multi_line: bool = False) -> Any:
    """A trimmed string of at most ``max_length`` characters (at least one when ``required``); one line unless
    ``multi_line``."""
    return Annotated[
        str,
        StringConstraints(max_length=max_length, min_length=1 if required else 0),
        AfterValidator(_plain_lines if multi_line else _plain_text),
    ]


def _required_after_trim(value: str) -> str:
    if not value:
        raise ValueError(_("This field is required."))
    return value


Name = Annotated[text(120, required=True), AfterValidator(_required_after_trim)]
ShortText = text(200)
LongText = text(4000, multi_line=True)
Key = Annotated[
    str,
    StringConstraints(min_length=1, max_length=80, pattern=r"^[-\w]+$"),
    AfterValidator(_plain_text),
]


def parse_time(value: str) -> int:
    """'09:30' → 570 (values of ``TimeOfDay`` are already checked)."""
    hours, minutes = (int(part) for part in value.split(":"))
    return hours * 60 + minutes


def _time_of_day(value: str) -> str:
    hours, minutes = (int(part) for part in value.split(":"))
    if minutes >= 60 or hours * 60 + minutes > DAY_MINUTES:
        raise ValueError(_("“%(text)s” is not a time of day between 00:00 and 24:00.") % {"text": value})
    return value


TimeOfDay = Annotated[str, StringConstraints(pattern=r"^\d{1,2}:\d{2}$"), AfterValidator(_time_of_day)]


class WindowIO(Schema):
    """A weekly window: weekday 0 (Monday) … 6 (Sunday), from ``start`` to ``end`` as HH:MM."""

    weekday: int = Field(ge=0, le=6)
    start: TimeOfDay = Field(examples=["09:00"])
    end: TimeOfDay = Field(examples=["11:30"])

    @field_validator("end")
    @classmethod
    def _after_start(cls, value: str, info: Any) -> str:
        start = info.data.get("start")
        if start is not None and parse_time(value) <= parse_time(start):
            raise ValueError(_("The end of a time window must be later than its start."))
        return value

    def minutes(self) -> tuple[int, int, int]:
        return (self.weekday, parse_time(self.start), parse_time(self.end))

    @classmethod
    def of(cls, window: Any) -> WindowIO:
        return cls(weekday=window.weekday, start=format_minutes(window.start), end=format_minutes(window.end))


def windows_out(rows: Any) -> list[WindowIO]:
    return [WindowIO.of(w) for w in rows]


class PageIn(Schema):
    """``?limit=…&offset=…``: at most 500 items a page. Each list's filters extend this."""

    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0, le=1_000_000_000)


class Paged[T](Schema):
    """One page of a list: its ``items`` and the ``count`` of all items that match the filters."""

    count: int
    items: list[T]


def page_of(queryset: models.QuerySet[Any], page: PageIn, convert: Callable[[Any], Any] | None = None) -> dict:
    """The page ``page`` asks for; ``convert`` turns each row into its output (rows as they are otherwise)."""
    rows = list(queryset[page.offset : page.offset + page.limit])
    return {"count": queryset.count(), "items": [convert(r) for r in rows] if convert else rows}


FILE_RESPONSE = {
    "responses": {
        200: {
            "description": "The spreadsheet",
            "content": {
                XLSX_TYPE: {"schema": {"type": "string", "format": "binary"}},
                "text/csv": {"schema": {"type": "string", "format": "binary"}},
            },
        }
    }
}


def spreadsheet(data: bytes, fmt: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX_TYPE if fmt == "xlsx" else CSV_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}.{fmt}"
    return response


# Response maps shared by most operations.
PUBLIC_ERRORS: dict[int, Any] = {404: Error, 422: Error}
READ_ERRORS: dict[int, Any] = {401: Error, 403: Error, 404: Error, 422: Error}
WRITE_ERRORS: dict[int, Any] = {401: Error, 403: Error, 404: Error, 409: Error, 422: Error}


def get_or_404[M: models.Model](queryset: models.QuerySet[M] | type[M], **lookup: Any) -> M:
    manager = queryset._default_manager if isinstance(queryset, type) else queryset
    found = manager.filter(**lookup).first()
    if found is None:
        raise not_found()
    return found


def coordinator_scope(request: HttpRequest) -> Scope:
    """The caller's scope; 403 for teachers, residents and users who coordinate nothing."""
    scope = caller(request).scope
    if not scope.is_coordinator:
        raise forbidden(_("Only coordinators may do this."))
    return scope


def require_change(request: HttpRequest, community_id: int | None) -> Scope:
    """403 unless the caller may change things of this community."""
    scope = coordinator_scope(request)
    if not scope.may_change(community_id):
        raise forbidden(_("You do not coordinate this community."))
    return scope


def require_plan(request: HttpRequest) -> Scope:
    """403 unless the caller may plan (solve, publish, roll back) the college-wide term."""
    scope = coordinator_scope(request)
    if not scope.may_plan():
        raise forbidden(_("Only a coordinator of every community the term schedules may plan it."))
    return scope


def exists_or_422(model: type[models.Model], pk: int, field: str) -> None:
    if not model._default_manager.filter(pk=pk).exists():
        raise ApiError(422, "invalid", _("No such %(what)s.") % {"what": model._meta.verbose_name}, field=field)


def save_with_windows(
    obj: models.Model,
    values: dict[str, Any],
    windows: list[WindowIO] | None = None,
    window_model: type[models.Model] | None = None,
    owner: str = "",
    field: str = "",
) -> models.Model:
    """Validate ``obj`` with ``values`` as the admin would (``full_clean``), save it, replace its windows.

    A key already taken is a 409 with field ``key``; other rule breaks are 422 naming the field
    (``field.<n>.end`` for the n-th window, named ``field`` in the request).
    """
    for name, value in values.items():
        setattr(obj, name, value)
    obj.full_clean()
    with transaction.atomic():
        obj.save()
        if window_model is not None and windows is not None:
            replace_windows(obj, windows, window_model, owner, field)
    return obj


def replace_windows(
    obj: models.Model, windows: list[WindowIO], window_model: type[models.Model], owner: str, field: str
) -> None:
    """Make ``obj``'s windows equal ``windows`` (each checked as the admin would); call inside a transaction."""
    rows = [window_model(**{owner: obj}, weekday=d, start=s, end=e) for d, s, e in (w.minutes() for w in windows)]
    for index, row in enumerate(rows):
        try:
            row.full_clean(exclude=[owner])
        except DjangoValidationError as error:
            raise DjangoValidationError(
                {f"{field}.{index}.{name}": messages for name, messages in error.message_dict.items()}
            ) from None
    current = window_model._default_manager.filter(**{owner: obj})
    if sorted(current.values_list("weekday", "start", "end")) != sorted(r.as_tuple() for r in rows):
        current.delete()
        window_model._default_manager.bulk_create(rows)


def tagged(model: type[models.Model], field: str, tag: str) -> list[int]:
    """Ids of rows whose JSON tag list holds ``tag`` (portable: SQLite has no JSON ``contains``)."""
    rows = model._default_manager.values_list("pk", field)
    return [pk for pk, tags in rows if isinstance(tags, list) and tag in tags]
