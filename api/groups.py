"""Interest groups (兴趣小组): the public catalogue, and their community's coordinators change them."""

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
    LongText,
    Name,
    Paged,
    PageIn,
    WindowIO,
    get_or_404,
    page_of,
    require_change,
    save_with_windows,
    windows_out,
)
from college.models import Audience, Category, Facility, InterestGroup, PreferredWindow, TimetableStatus

router = Router(tags=["groups"])


class GroupOut(Schema):
    id: int
    key: str
    name: str
    category: Category
    activity: int | None = Field(validation_alias="activity_id", description="Its activity of the catalogue.")
    audience: Audience
    community: int = Field(validation_alias="community_id")
    teacher: int = Field(validation_alias="teacher_id")
    teacher_name: str = Field(validation_alias="teacher.name")
    sessions_per_week: int
    session_minutes: int
    min_size: int
    max_size: int
    facilities: list[Facility]
    step_free: bool
    registered: bool
    description: str
    preferred: list[WindowIO]

    @staticmethod
    def resolve_preferred(group: InterestGroup) -> list[WindowIO]:
        return windows_out(group.preferred_windows.all())


class GroupIn(Schema):
    key: Key
    name: Name
    category: Category
    activity: Id | None = Field(None, description="Its activity of the catalogue (活动项目); wishes for it count.")
    audience: Audience = Audience.ALL
    community: Id
    teacher: Id
    sessions_per_week: int = Field(1, ge=1, le=7)
    session_minutes: int = Field(90, ge=1, le=1440)
    min_size: int = Field(5, ge=1, le=10_000)
    max_size: int = Field(30, ge=1, le=10_000)
    facilities: list[Facility] = Field(default_factory=list, max_length=len(Facility.values))
    step_free: bool = False
    registered: bool = True
    description: LongText = ""
    preferred: list[WindowIO] = Field(default_factory=list, max_length=50)


class GroupFilters(PageIn):
    community: Id | None = None
    category: Category | None = None
    audience: Audience | None = None
    teacher: Id | None = None
    weekday: int | None = Field(None, ge=0, le=6, description="Meets on this weekday in a published timetable.")
    venue: Id | None = Field(None, description="Meets at this venue in a published timetable.")
    registered: bool | None = Field(None, description="Coordinators only; the public sees registered groups.")


def groups() -> QuerySet[InterestGroup]:
    return InterestGroup.objects.select_related("teacher").prefetch_related("preferred_windows").order_by("name", "pk")


def _save(group: InterestGroup, request: HttpRequest, data: GroupIn) -> InterestGroup:
    require_change(request, data.community)
    values = data.dict(exclude={"preferred", "community", "teacher", "activity"})
    values |= {"community_id": data.community, "teacher_id": data.teacher, "activity_id": data.activity}
    save_with_windows(group, values, data.preferred, PreferredWindow, "group", "preferred")
    return groups().get(pk=group.pk)


@router.get("", response={200: Paged[GroupOut], **PUBLIC_ERRORS}, summary="The catalogue of groups", **PUBLIC)
def list_groups(request: HttpRequest, filters: Query[GroupFilters]) -> dict:
    found = groups()
    if not caller(request).scope.is_coordinator:
        found = found.filter(registered=True)
    elif filters.registered is not None:
        found = found.filter(registered=filters.registered)
    for name in ("community", "teacher"):
        value = getattr(filters, name)
        if value is not None:
            found = found.filter(**{f"{name}_id": value})
    if filters.category is not None:
        found = found.filter(category=filters.category)
    if filters.audience is not None:
        found = found.filter(audience=filters.audience)
    published = {"sessions__timetable__status": TimetableStatus.PUBLISHED}
    if filters.weekday is not None:
        found = found.filter(**published, sessions__weekday=filters.weekday).distinct()
    if filters.venue is not None:
        found = found.filter(**published, sessions__venue_id=filters.venue).distinct()
    return page_of(found, filters)


@router.get("/{id}", response={200: GroupOut, **PUBLIC_ERRORS}, summary="One group", **PUBLIC)
def get_group(request: HttpRequest, id: Id) -> InterestGroup:
    found = groups() if caller(request).scope.is_coordinator else groups().filter(registered=True)
    return get_or_404(found, pk=id)


@router.post("", response={201: GroupOut, **WRITE_ERRORS}, summary="Add a group")
def create_group(request: HttpRequest, payload: GroupIn) -> Status:
    return Status(201, _save(InterestGroup(), request, payload))


@router.put("/{id}", response={200: GroupOut, **WRITE_ERRORS}, summary="Change a group and its preferred times")
def update_group(request: HttpRequest, id: Id, payload: GroupIn) -> InterestGroup:
    group = get_or_404(InterestGroup, pk=id)
    require_change(request, group.community_id)
    return _save(group, request, payload)


@router.delete("/{id}", response={204: None, **WRITE_ERRORS}, summary="Remove a group that no timetable uses")
def delete_group(request: HttpRequest, id: Id) -> Status:
    group = get_or_404(InterestGroup, pk=id)
    require_change(request, group.community_id)
    group.delete()
    return Status(204, None)
