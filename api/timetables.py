"""Timetables: versions of a term's weekly plan. The published one is public; drafts and archives are coordinators'."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from api.auth import PUBLIC, caller
from api.common import (
    FILE_RESPONSE,
    PUBLIC_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    Id,
    Paged,
    PageIn,
    coordinator_scope,
    get_or_404,
    page_of,
    require_plan,
    spreadsheet,
)
from api.errors import ApiError
from api.sessions import SessionOut, session_out, visible_sessions
from api.solves import ReasonOut
from college.domain.access import Scope
from college.domain.errors import WorkflowError
from college.domain.reasons import described
from college.domain.versions.differences import Change, Place, diff
from college.domain.versions.exports import timetable_bytes
from college.domain.versions.timetables import LeftOutNotConfirmed, publish
from college.models import SolverStatus, Timetable, TimetableStatus
from college.models.fields import format_minutes

router = Router(tags=["timetables"])


class UnplacedOut(Schema):
    """Groups a partial solve left out of this version (keys), and why (in the caller's language)."""

    groups: list[str]
    reason: ReasonOut


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
    unplaced: list[UnplacedOut] = Field(
        description="Groups proven impossible and left out of this version (empty: every group is timetabled)."
    )

    @staticmethod
    def resolve_solver_status(timetable: Timetable) -> str | None:
        return timetable.solver_status or None

    @staticmethod
    def resolve_unplaced(timetable: Timetable) -> list[dict]:
        stored = [x for x in timetable.unplaced if isinstance(x, dict) and isinstance(x.get("reason"), dict)]
        reasons = described([x["reason"] for x in stored])
        return [
            {"groups": [str(k) for k in x.get("groups", ())], "reason": r} for x, r in zip(stored, reasons, strict=True)
        ]


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


class PlaceOut(Schema):
    weekday: int
    start: str
    end: str
    venue: int
    venue_name: str
    teacher: int
    teacher_name: str


class ChangeOut(Schema):
    kind: Literal["added", "removed", "moved"]
    group: int
    group_name: str
    number: int
    old: PlaceOut | None
    new: PlaceOut | None
    residents: int = Field(description="Residents interested in the group.")
    enrolled: int
    teachers: list[str]


class DiffOut(Schema):
    old: int
    new: int
    moved: list[ChangeOut]
    added: list[ChangeOut]
    removed: list[ChangeOut]
    unchanged: int
    residents_touched: int
    teachers_touched: list[str]
    unplaced: list[str] = Field(description="Keys of the groups the new version leaves out (see its ``unplaced``).")


def _place(place: Place | None) -> PlaceOut | None:
    if place is None:
        return None
    return PlaceOut(
        weekday=place.weekday,
        start=format_minutes(place.start),
        end=format_minutes(place.end),
        venue=place.venue_id,
        venue_name=place.venue,
        teacher=place.teacher_id,
        teacher_name=place.teacher,
    )


def _change(c: Change) -> ChangeOut:
    return ChangeOut(
        kind=c.kind,
        group=c.group_id,
        group_name=c.group,
        number=c.number,
        old=_place(c.old),
        new=_place(c.new),
        residents=c.residents,
        enrolled=c.enrolled,
        teachers=list(c.teachers),
    )


@router.get(
    "/{id}/diff/{other}", response={200: DiffOut, **READ_ERRORS}, summary="What changes from one version to another"
)
def diff_versions(request: HttpRequest, id: Id, other: Id) -> DiffOut:
    """How version ``other`` differs from version ``id`` (e.g. the published one and a new draft)."""
    scope = coordinator_scope(request)
    old = get_or_404(visible_timetables(scope), pk=id)
    new = get_or_404(visible_timetables(scope), pk=other)
    try:
        found = diff(old.pk, new.pk)
    except WorkflowError as error:
        raise ApiError(422, "invalid", str(error), field="other") from None
    return DiffOut(
        old=found.old_id,
        new=found.new_id,
        moved=[_change(c) for c in found.moved],
        added=[_change(c) for c in found.added],
        removed=[_change(c) for c in found.removed],
        unchanged=found.unchanged,
        residents_touched=found.residents_touched,
        teachers_touched=list(found.teachers_touched),
        unplaced=list(new.unplaced_keys),
    )


class PublishIn(Schema):
    leave_out: list[str] = Field(
        [],
        description="The keys of the groups the version leaves out (its `unplaced` groups): a version that leaves "
        "groups out is published only when this names every one of them (409 on `leave_out` otherwise), as the "
        "pages ask first.",
    )


def _publishing(request: HttpRequest, id: int, payload: PublishIn, *, rollback: bool) -> Timetable:
    timetable = get_or_404(visible_timetables(coordinator_scope(request)), pk=id)
    require_plan(request)
    if rollback and timetable.status != TimetableStatus.ARCHIVED:
        raise ApiError(409, "conflict", _("Only an archived version can be rolled back to."))
    stray = [key for key in payload.leave_out if key not in timetable.unplaced_keys]
    if stray:  # a typo would otherwise pass silently beside the groups it meant
        raise ApiError(
            422,
            "invalid",
            _("This version does not leave out %(keys)s.") % {"keys": ", ".join(stray)},
            field="leave_out",
        )
    try:
        publish(timetable.pk, leaving_out=payload.leave_out)
    except LeftOutNotConfirmed as error:
        raise ApiError(409, "conflict", str(error), field="leave_out") from None
    except WorkflowError as error:
        raise ApiError(409, "conflict", str(error)) from None
    return get_or_404(visible_timetables(coordinator_scope(request)), pk=id)


@router.post("/{id}/publish", response={200: TimetableOut, **WRITE_ERRORS}, summary="Publish a version")
def publish_version(request: HttpRequest, id: Id, payload: PublishIn) -> Timetable:
    """The term's published version is archived in the same transaction."""
    return _publishing(request, id, payload, rollback=False)


@router.post(
    "/{id}/rollback", response={200: TimetableOut, **WRITE_ERRORS}, summary="Publish an archived version again"
)
def rollback(request: HttpRequest, id: Id, payload: PublishIn) -> Timetable:
    return _publishing(request, id, payload, rollback=True)
