"""Teachers (师资): names are public; phone numbers and availability only for their community's coordinators."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from api.auth import PUBLIC, caller
from api.common import (
    PUBLIC_ERRORS,
    WRITE_ERRORS,
    Id,
    Key,
    Name,
    Paged,
    PageIn,
    WindowIO,
    get_or_404,
    page_of,
    require_change,
    save_with_windows,
    tagged,
    text,
    windows_out,
)
from college.domain.access import Scope
from college.models import Category, Teacher, TeacherAvailability

router = Router(tags=["teachers"])

Phone = text(40)


class TeacherOut(Schema):
    """``phone`` and ``availability`` are null unless you coordinate the teacher's home community."""

    id: int
    key: str
    name: str
    community: int
    skills: list[Category]
    volunteer: bool
    max_sessions_per_week: int
    phone: str | None = None
    availability: list[WindowIO] | None = None


class TeacherIn(Schema):
    key: Key
    name: Name
    community: Id
    phone: Phone = ""
    skills: list[Category] = Field(default_factory=list, max_length=len(Category.values))
    max_sessions_per_week: int = Field(4, ge=1, le=50)
    volunteer: bool = True
    availability: list[WindowIO] = Field(default_factory=list, max_length=50)


class TeacherFilters(PageIn):
    community: Id | None = None
    category: Category | None = Field(None, description="Teachers with this skill.")
    weekday: int | None = Field(None, ge=0, le=6, description="Available on this weekday (coordinators only).")
    volunteer: bool | None = None


def teachers() -> QuerySet[Teacher]:
    return Teacher.objects.prefetch_related("availability").order_by("name", "pk")


def teacher_out(teacher: Teacher, scope: Scope) -> TeacherOut:
    private = scope.may_change(teacher.community_id)
    return TeacherOut(
        id=teacher.pk,
        key=teacher.key,
        name=teacher.name,
        community=teacher.community_id,
        skills=teacher.skills,
        volunteer=teacher.volunteer,
        max_sessions_per_week=teacher.max_sessions_per_week,
        phone=teacher.phone if private else None,
        availability=windows_out(teacher.availability.all()) if private else None,
    )


def _save(teacher: Teacher, request: HttpRequest, data: TeacherIn) -> TeacherOut:
    scope = require_change(request, data.community)
    values = data.dict(exclude={"availability", "community"})
    values["community_id"] = data.community
    save_with_windows(teacher, values, data.availability, TeacherAvailability, "teacher", "availability")
    return teacher_out(teachers().get(pk=teacher.pk), scope)


@router.get("", response={200: Paged[TeacherOut], **PUBLIC_ERRORS}, summary="List teachers", **PUBLIC)
def list_teachers(request: HttpRequest, filters: Query[TeacherFilters]) -> dict:
    scope = caller(request).scope
    found = teachers()
    if filters.community is not None:
        found = found.filter(community_id=filters.community)
    if filters.category is not None:
        found = found.filter(pk__in=tagged(Teacher, "skills", filters.category.value))
    if filters.volunteer is not None:
        found = found.filter(volunteer=filters.volunteer)
    if filters.weekday is not None:  # availability is private: only within the caller's communities
        visible = found if scope.district else found.filter(community_id__in=scope.community_ids)
        found = visible.filter(availability__weekday=filters.weekday).distinct()
    return page_of(found, filters, lambda t: teacher_out(t, scope))


@router.get("/{id}", response={200: TeacherOut, **PUBLIC_ERRORS}, summary="One teacher", **PUBLIC)
def get_teacher(request: HttpRequest, id: Id) -> TeacherOut:
    return teacher_out(get_or_404(teachers(), pk=id), caller(request).scope)


@router.post("", response={201: TeacherOut, **WRITE_ERRORS}, summary="Add a teacher")
def create_teacher(request: HttpRequest, payload: TeacherIn) -> Status:
    return Status(201, _save(Teacher(), request, payload))


@router.put("/{id}", response={200: TeacherOut, **WRITE_ERRORS}, summary="Change a teacher and their availability")
def update_teacher(request: HttpRequest, id: Id, payload: TeacherIn) -> TeacherOut:
    teacher = get_or_404(Teacher, pk=id)
    require_change(request, teacher.community_id)
    return _save(teacher, request, payload)


@router.delete("/{id}", response={204: None, **WRITE_ERRORS}, summary="Remove a teacher who has no groups")
def delete_teacher(request: HttpRequest, id: Id) -> Status:
    teacher = get_or_404(Teacher, pk=id)
    require_change(request, teacher.community_id)
    teacher.delete()
    return Status(204, None)
