"""Timetables: versions of a term's weekly plan. The published one is public; drafts and archives are coordinators'."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema

from api.auth import PUBLIC, caller
from api.common import FILE_RESPONSE, PUBLIC_ERRORS, Id, Paged, PageIn, get_or_404, page_of, spreadsheet
from api.sessions import SessionOut, session_out, visible_sessions
from college.domain.access import Scope
from college.domain.exports import timetable_bytes
from college.models import SolverStatus, Timetable, TimetableStatus

router = Router(tags=["timetables"])


class TimetableOut(Schema):
    id: int
    term: int = Field(validation_alias="term_id")
    version: int
    status: TimetableStatus
    created_at: dt.datetime
    published_at: dt.datetime | None
    note: str
    solver_status: SolverStatus | None
    objective: float | None
    bound: float | None
    gap: float | None
    session_count: int

    @staticmethod
    def resolve_solver_status(timetable: Timetable) -> str | None:
        return timetable.solver_status or None


class TimetableDetail(TimetableOut):
    penalties: dict[str, float]
    sessions: list[SessionOut] = Field(validation_alias="session_list")

    @staticmethod
    def resolve_penalties(timetable: Timetable) -> dict[str, float]:
        values = timetable.penalties if isinstance(timetable.penalties, dict) else {}
        return {str(k): float(v) for k, v in values.items() if isinstance(v, int | float)}


class TimetableFilters(PageIn):
    term: Id | None = None
    status: TimetableStatus | None = None


def visible_timetables(scope: Scope) -> QuerySet[Timetable]:
    found = Timetable.objects.annotate(session_count=Count("sessions")).order_by("term_id", "-version")
    return found if scope.is_coordinator else found.filter(status=TimetableStatus.PUBLISHED)


@router.get("", response={200: Paged[TimetableOut], **PUBLIC_ERRORS}, summary="List timetable versions", **PUBLIC)
def list_timetables(request: HttpRequest, filters: Query[TimetableFilters]) -> dict:
    found = visible_timetables(caller(request).scope)
    if filters.term is not None:
        found = found.filter(term_id=filters.term)
    if filters.status is not None:
        found = found.filter(status=filters.status)
    return page_of(found, filters)


@router.get(
    "/{id}", response={200: TimetableDetail, **PUBLIC_ERRORS}, summary="One version with its sessions", **PUBLIC
)
def get_timetable(request: HttpRequest, id: Id) -> Timetable:
    scope = caller(request).scope
    timetable = get_or_404(visible_timetables(scope), pk=id)
    timetable.session_list = [session_out(s) for s in visible_sessions(scope).filter(timetable=timetable)]
    return timetable


class ExportFilters(Schema):
    format: Literal["xlsx", "csv"] = "xlsx"
    community: Id | None = None
    venue: Id | None = None
    teacher: Id | None = None


@router.get(
    "/{id}/export",
    response=PUBLIC_ERRORS,
    summary="The timetable as a spreadsheet (per community, venue or teacher)",
    auth=PUBLIC["auth"],
    openapi_extra={**PUBLIC["openapi_extra"], **FILE_RESPONSE},
)
def export_timetable(request: HttpRequest, id: Id, filters: Query[ExportFilters]) -> HttpResponse:
    timetable = get_or_404(visible_timetables(caller(request).scope), pk=id)
    data = timetable_bytes(
        timetable.pk, filters.format, community_id=filters.community, venue_id=filters.venue, teacher_id=filters.teacher
    )
    return spreadsheet(data, filters.format, f"timetable-{timetable.term_id}-v{timetable.version}")
