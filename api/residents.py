"""Residents (居民), their free time and interests: private, seen and changed only by their community's coordinators.

A coordinator never learns that a resident of another community exists: such a resident is a 404.
"""

from __future__ import annotations

from typing import Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from api.common import (
    READ_ERRORS,
    WRITE_ERRORS,
    Id,
    Key,
    Name,
    Paged,
    PageIn,
    WindowIO,
    coordinator_scope,
    get_or_404,
    page_of,
    require_change,
    save_with_windows,
    windows_out,
)
from college.domain.access import Scope
from college.domain.calendar.private import forget_private_feed
from college.models import AgeBand, FreeTime, Interest, InterestKind, Resident

router = Router(tags=["residents and interests"])


class ResidentOut(Schema):
    id: int
    key: str
    name: str
    community: int = Field(validation_alias="community_id")
    age_band: AgeBand | Literal[""] = Field(description="Empty when the resident chose not to say (不填).")
    free_times: list[WindowIO]

    @staticmethod
    def resolve_free_times(resident: Resident) -> list[WindowIO]:
        return windows_out(resident.free_times.all())


class ResidentIn(Schema):
    key: Key
    name: Name
    community: Id
    age_band: AgeBand
    free_times: list[WindowIO] = Field(default_factory=list, max_length=50)


class InterestIO(Schema):
    """A resident's interest in a group: enrolled, or wished for with a rank (1 = most wanted)."""

    group: Id
    group_name: str = Field("", description="Filled in answers; ignored in requests.")
    kind: InterestKind
    rank: int | None = Field(None, ge=1, le=100)


class InterestsIn(Schema):
    interests: list[InterestIO] = Field(max_length=100)


class ResidentFilters(PageIn):
    community: Id | None = None
    age_band: AgeBand | None = None
    group: Id | None = Field(None, description="Residents with an interest in this group.")


def visible_residents(scope: Scope) -> QuerySet[Resident]:
    residents = Resident.objects.prefetch_related("free_times").order_by("name", "pk")
    return residents if scope.district else residents.filter(community_id__in=scope.community_ids)


def interests_of(resident: Resident) -> list[InterestIO]:
    rows = Interest.objects.filter(resident=resident).select_related("group").order_by("kind", "rank", "group__name")
    return [InterestIO(group=i.group_id, group_name=i.group.name, kind=i.kind, rank=i.rank) for i in rows]


def replace_interests(resident: Resident, wanted: list[InterestIO]) -> list[InterestIO]:
    """Make the resident's interests exactly ``wanted`` (validated row by row; one transaction)."""
    seen: set[int] = set()
    rows = []
    for index, item in enumerate(wanted):
        if item.group in seen:
            raise ValidationError({f"interests.{index}.group": _("This group is listed twice.")})
        seen.add(item.group)
        row = Interest(resident=resident, group_id=item.group, kind=item.kind, rank=item.rank)
        try:
            row.full_clean(exclude=["resident"], validate_unique=False)
        except ValidationError as error:
            raise ValidationError({f"interests.{index}.{k}": v for k, v in error.message_dict.items()}) from None
        rows.append(row)
    with transaction.atomic():
        Interest.objects.filter(resident=resident).delete()
        Interest.objects.bulk_create(rows)
        forget_private_feed(resident.feed_token_hash)  # bulk writes send no signals
    return interests_of(resident)


def _save(resident: Resident, request: HttpRequest, data: ResidentIn) -> Resident:
    scope = require_change(request, data.community)
    values = data.dict(exclude={"free_times", "community"}) | {"community_id": data.community}
    save_with_windows(resident, values, data.free_times, FreeTime, "resident", "free_times")
    return visible_residents(scope).get(pk=resident.pk)


@router.get("", response={200: Paged[ResidentOut], **READ_ERRORS}, summary="List residents of your communities")
def list_residents(request: HttpRequest, filters: Query[ResidentFilters]) -> dict:
    found = visible_residents(coordinator_scope(request))
    if filters.community is not None:
        found = found.filter(community_id=filters.community)
    if filters.age_band is not None:
        found = found.filter(age_band=filters.age_band)
    if filters.group is not None:
        found = found.filter(interests__group_id=filters.group).distinct()
    return page_of(found, filters)


@router.get("/{id}", response={200: ResidentOut, **READ_ERRORS}, summary="One resident")
def get_resident(request: HttpRequest, id: Id) -> Resident:
    return get_or_404(visible_residents(coordinator_scope(request)), pk=id)


@router.post("", response={201: ResidentOut, **WRITE_ERRORS}, summary="Add a resident")
def create_resident(request: HttpRequest, payload: ResidentIn) -> Status:
    return Status(201, _save(Resident(), request, payload))


@router.put("/{id}", response={200: ResidentOut, **WRITE_ERRORS}, summary="Change a resident and their free time")
def update_resident(request: HttpRequest, id: Id, payload: ResidentIn) -> Resident:
    resident = get_or_404(visible_residents(coordinator_scope(request)), pk=id)
    return _save(resident, request, payload)


@router.delete("/{id}", response={204: None, **WRITE_ERRORS}, summary="Remove a resident")
def delete_resident(request: HttpRequest, id: Id) -> Status:
    get_or_404(visible_residents(coordinator_scope(request)), pk=id).delete()
    return Status(204, None)


@router.get("/{id}/interests", response={200: list[InterestIO], **READ_ERRORS}, summary="A resident's interests")
def get_interests(request: HttpRequest, id: Id) -> list[InterestIO]:
    return interests_of(get_or_404(visible_residents(coordinator_scope(request)), pk=id))


@router.put(
    "/{id}/interests", response={200: list[InterestIO], **WRITE_ERRORS}, summary="Replace a resident's interests"
)
def put_interests(request: HttpRequest, id: Id, payload: InterestsIn) -> list[InterestIO]:
    resident = get_or_404(visible_residents(coordinator_scope(request)), pk=id)
    return replace_interests(resident, payload.interests)
