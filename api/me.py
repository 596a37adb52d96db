"""The caller's own things. Teachers and residents call with their private link token as the bearer token.

A teacher reads their slots and replaces their availability; a resident reads the sessions of the groups
they are enrolled in and answers the 点单 survey (free time, interests). Nothing else is open to them.
"""

from __future__ import annotations

from typing import Literal

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from api.auth import caller
from api.common import READ_ERRORS, WRITE_ERRORS, Error, WindowIO, replace_windows, windows_out
from api.errors import ApiError, forbidden
from api.residents import InterestIO, InterestsIn, interests_of, replace_interests
from api.sessions import SessionOut, session_out, visible_sessions
from college.domain.access import NOBODY
from college.domain.people.self_service import TooManyChanges, count_change, too_many_interests
from college.models import FreeTime, InterestGroup, InterestKind, Resident, Teacher, TeacherAvailability

router = Router(tags=["me (private links)"])


class MeOut(Schema):
    kind: Literal["coordinator", "teacher", "resident", "user"]
    name: str
    district: bool = False
    communities: list[int] = Field(default_factory=list, description="Communities you may change (coordinators).")


class WindowsIn(Schema):
    windows: list[WindowIO] = Field(max_length=50)


class WindowsOut(Schema):
    windows: list[WindowIO]


def _teacher(request: HttpRequest) -> Teacher:
    teacher = caller(request).teacher
    if teacher is None:
        raise forbidden(_("Only a teacher, through their private link, may do this."))
    return teacher


def _resident(request: HttpRequest) -> Resident:
    resident = caller(request).resident
    if resident is None:
        raise forbidden(_("Only a resident, through their private link, may do this."))
    return resident


@router.get("", response={200: MeOut, **READ_ERRORS}, summary="Who am I")
def who_am_i(request: HttpRequest) -> MeOut:
    who = caller(request)
    if who.teacher is not None:
        return MeOut(kind="teacher", name=who.teacher.name)
    if who.resident is not None:
        return MeOut(kind="resident", name=who.resident.name)
    scope = who.scope
    kind = "coordinator" if scope.is_coordinator else "user"
    return MeOut(
        kind=kind, name=who.user.get_username(), district=scope.district, communities=sorted(scope.community_ids)
    )


@router.get("/sessions", response={200: list[SessionOut], **READ_ERRORS}, summary="My published sessions")
def my_sessions(request: HttpRequest) -> list[SessionOut]:
    who = caller(request)
    published = visible_sessions(NOBODY)
    if who.teacher is not None:
        found = published.filter(teacher=who.teacher)
    elif who.resident is not None:
        found = published.filter(group__interests__resident=who.resident, group__interests__kind=InterestKind.ENROLLED)
    else:
        raise forbidden(_("Only teachers and residents have their own sessions."))
    return [session_out(s) for s in found]


@router.get("/availability", response={200: WindowsOut, **READ_ERRORS}, summary="My availability (teachers)")
def my_availability(request: HttpRequest) -> WindowsOut:
    return WindowsOut(windows=windows_out(_teacher(request).availability.all()))


@router.put("/availability", response={200: WindowsOut, **WRITE_ERRORS}, summary="Replace my availability")
def put_my_availability(request: HttpRequest, payload: WindowsIn) -> WindowsOut:
    teacher = _teacher(request)
    with transaction.atomic():
        replace_windows(teacher, payload.windows, TeacherAvailability, "teacher", "windows")
    return WindowsOut(windows=windows_out(teacher.availability.all()))


@router.get("/free-times", response={200: WindowsOut, **READ_ERRORS}, summary="My free time (residents)")
def my_free_times(request: HttpRequest) -> WindowsOut:
    return WindowsOut(windows=windows_out(_resident(request).free_times.all()))


@router.put("/free-times", response={200: WindowsOut, **WRITE_ERRORS}, summary="Replace my free time (点单)")
def put_my_free_times(request: HttpRequest, payload: WindowsIn) -> WindowsOut:
    resident = _resident(request)
    with transaction.atomic():
        replace_windows(resident, payload.windows, FreeTime, "resident", "windows")
    return WindowsOut(windows=windows_out(resident.free_times.all()))


@router.get("/interests", response={200: list[InterestIO], **READ_ERRORS}, summary="My interests (residents)")
def my_interests(request: HttpRequest) -> list[InterestIO]:
    return interests_of(_resident(request))


@router.put(
    "/interests",
    response={200: list[InterestIO], **WRITE_ERRORS, 429: Error},
    summary="Replace my interests (点单)",
    description="At most 5 interests, changed at most 10 times an hour (429 says when to try again).",
)
def put_my_interests(request: HttpRequest, payload: InterestsIn) -> list[InterestIO]:
    resident = _resident(request)
    problem = too_many_interests(len(payload.interests))
    if problem:
        raise ApiError(422, "invalid", problem, field="interests")
    registered = set(InterestGroup.objects.filter(registered=True).values_list("pk", flat=True))
    for index, item in enumerate(payload.interests):
        if item.group not in registered:
            raise ApiError(422, "invalid", _("No such group in the catalogue."), field=f"interests.{index}.group")
    try:
        with transaction.atomic():
            count_change(resident.pk)
            return replace_interests(resident, payload.interests)
    except TooManyChanges as refusal:
        raise ApiError(429, "rate_limited", refusal.message, field="interests") from None
