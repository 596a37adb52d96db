"""Terms (学期): dates, the daily slot grid, session lengths, closures and make-up days (调休上课日).

College-wide: planners change them."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from api.auth import PUBLIC
from api.common import (
    FILE_RESPONSE,
    PUBLIC_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    Id,
    Key,
    Name,
    Paged,
    PageIn,
    ShortText,
    TimeOfDay,
    coordinator_scope,
    get_or_404,
    page_of,
    parse_time,
    require_plan,
    spreadsheet,
)
from api.errors import forbidden
from college.domain.calendar.holidays import official_make_up_days
from college.domain.versions.exports import volunteer_hours_bytes
from college.models import Closure, MakeUpDay, Term
from college.models.fields import format_minutes

router = Router(tags=["terms"])


class ClosureIO(Schema):
    date: dt.date
    reason: ShortText = ""


class MakeUpDayIO(Schema):
    date: dt.date
    weekday: int = Field(ge=0, le=6, description="Whose classes take place on this date: 0 = Monday … 6 = Sunday.")
    reason: ShortText = ""


class TermOut(Schema):
    id: int
    key: str
    name: str
    first_day: dt.date
    last_day: dt.date
    slot_starts: list[str] = Field(description="When sessions may start each day (HH:MM).")
    session_lengths: list[int] = Field(description="The lengths a session may have, in minutes.")
    closures: list[ClosureIO]
    make_up_days: list[MakeUpDayIO] = Field(description="The term's own make-up days; they win over the official.")
    official_make_up_days: list[MakeUpDayIO] = Field(
        description="The State Council's worked weekends in the term, and whose classes they run (chinese-calendar)."
    )

    @staticmethod
    def resolve_make_up_days(term: Term) -> list[MakeUpDayIO]:
        return [MakeUpDayIO(date=m.date, weekday=m.weekday, reason=m.reason) for m in term.make_up_days.all()]

    @staticmethod
    def resolve_official_make_up_days(term: Term) -> list[MakeUpDayIO]:
        official = official_make_up_days(term.first_day, term.last_day)
        return [MakeUpDayIO(date=day, weekday=weekday) for day, weekday in sorted(official.items())]

    @staticmethod
    def resolve_slot_starts(term: Term) -> list[str]:
        return [format_minutes(m) for m in term.slot_starts]

    @staticmethod
    def resolve_closures(term: Term) -> list[ClosureIO]:
        return [ClosureIO(date=c.date, reason=c.reason) for c in term.closures.all()]


class TermIn(Schema):
    key: Key
    name: Name
    first_day: dt.date
    last_day: dt.date
    slot_starts: list[TimeOfDay] = Field(min_length=1, max_length=48, examples=[["09:00", "14:30", "19:00"]])
    session_lengths: list[int] = Field(min_length=1, max_length=20, examples=[[60, 90, 120]])
    closures: list[ClosureIO] = Field(default_factory=list, max_length=366)
    make_up_days: list[MakeUpDayIO] = Field(default_factory=list, max_length=366)


class TermFilters(PageIn):
    current_on: dt.date | None = Field(None, description="Terms that include this date.")


def terms() -> QuerySet[Term]:
    return Term.objects.prefetch_related("closures", "make_up_days").order_by("-first_day", "pk")


def _save(term: Term, data: TermIn) -> Term:
    term.key, term.name, term.first_day, term.last_day = data.key, data.name, data.first_day, data.last_day
    term.slot_starts, term.session_lengths = [parse_time(v) for v in data.slot_starts], list(data.session_lengths)
    term.full_clean()
    for name, rows in (("closures", data.closures), ("make_up_days", data.make_up_days)):
        dates = [row.date for row in rows]
        for index, row in enumerate(rows):
            if row.date in dates[:index]:
                raise ValidationError({f"{name}.{index}.date": _("This date is listed twice.")})
            if not term.first_day <= row.date <= term.last_day:
                raise ValidationError({f"{name}.{index}.date": _("This date is outside the term.")})
    with transaction.atomic():
        term.save()
        term.closures.all().delete()
        Closure.objects.bulk_create(Closure(term=term, date=c.date, reason=c.reason) for c in data.closures)
        term.make_up_days.all().delete()
        MakeUpDay.objects.bulk_create(
            MakeUpDay(term=term, date=m.date, weekday=m.weekday, reason=m.reason) for m in data.make_up_days
        )
    return terms().get(pk=term.pk)


@router.get("", response={200: Paged[TermOut], **PUBLIC_ERRORS}, summary="List terms", **PUBLIC)
def list_terms(request: HttpRequest, filters: Query[TermFilters]) -> dict:
    found = terms()
    if filters.current_on is not None:
        found = found.filter(first_day__lte=filters.current_on, last_day__gte=filters.current_on)
    return page_of(found, filters)


@router.get("/{id}", response={200: TermOut, **PUBLIC_ERRORS}, summary="One term", **PUBLIC)
def get_term(request: HttpRequest, id: Id) -> Term:
    return get_or_404(terms(), pk=id)


@router.post("", response={201: TermOut, **WRITE_ERRORS}, summary="Add a term")
def create_term(request: HttpRequest, payload: TermIn) -> Status:
    require_plan(request)
    return Status(201, _save(Term(), payload))


@router.put("/{id}", response={200: TermOut, **WRITE_ERRORS}, summary="Change a term, its closures and make-up days")
def update_term(request: HttpRequest, id: Id, payload: TermIn) -> Term:
    term = get_or_404(Term, pk=id)
    require_plan(request)
    return _save(term, payload)


class HoursFilters(Schema):
    format: Literal["xlsx", "csv"] = "xlsx"
    community: Id | None = Field(None, description="Hours served in this community's groups; all without it.")


@router.get(
    "/{id}/volunteer-hours",
    response=READ_ERRORS,
    summary="Teachers' volunteer hours for the time bank (时间银行)",
    openapi_extra=FILE_RESPONSE,
)
def volunteer_hours(request: HttpRequest, id: Id, filters: Query[HoursFilters]) -> HttpResponse:
    """Hours each volunteer teacher is scheduled for in the published timetable, minus cancellations."""
    term = get_or_404(Term, pk=id)
    scope = coordinator_scope(request)
    if filters.community is None and not scope.district:
        raise forbidden(_("Give one of your communities: only district coordinators see every community's hours."))
    if filters.community is not None and not scope.may_change(filters.community):
        raise forbidden(_("You do not coordinate this community."))
    data = volunteer_hours_bytes(term.pk, filters.format, community_id=filters.community)
    return spreadsheet(data, filters.format, f"volunteer-hours-{term.key}")
