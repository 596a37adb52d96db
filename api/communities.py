"""Communities (社区): public to read; district coordinators add them, their coordinators edit them."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from api.auth import PUBLIC
from api.common import (
    PUBLIC_ERRORS,
    WRITE_ERRORS,
    Id,
    Key,
    Name,
    Paged,
    PageIn,
    ShortText,
    coordinator_scope,
    get_or_404,
    page_of,
    require_change,
)
from api.errors import forbidden
from college.models import Community

router = Router(tags=["communities"])


class CommunityOut(Schema):
    id: int
    key: str
    name: str
    district: str
    street: str
    latitude: float | None
    longitude: float | None


class CommunityIn(Schema):
    key: Key
    name: Name
    district: ShortText = ""
    street: ShortText = ""
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)


def _save(community: Community, data: CommunityIn) -> Community:
    for name, value in data.dict().items():
        setattr(community, name, value)
    community.full_clean()
    with transaction.atomic():
        community.save()
    return community


class CommunityFilters(PageIn):
    district: ShortText | None = None


@router.get("", response={200: Paged[CommunityOut], **PUBLIC_ERRORS}, **PUBLIC, summary="List communities")
def list_communities(request: HttpRequest, filters: Query[CommunityFilters]) -> dict:
    communities = Community.objects.order_by("name", "pk")
    if filters.district:
        communities = communities.filter(district=filters.district)
    return page_of(communities, filters)


@router.get("/{id}", response={200: CommunityOut, **PUBLIC_ERRORS}, **PUBLIC, summary="One community")
def get_community(request: HttpRequest, id: Id) -> Community:
    return get_or_404(Community, pk=id)


@router.post("", response={201: CommunityOut, **WRITE_ERRORS}, summary="Add a community (district coordinators)")
def create_community(request: HttpRequest, payload: CommunityIn) -> Status:
    if not coordinator_scope(request).district:
        raise forbidden(_("Only district coordinators may add communities."))
    return Status(201, _save(Community(), payload))


@router.put("/{id}", response={200: CommunityOut, **WRITE_ERRORS}, summary="Change a community")
def update_community(request: HttpRequest, id: Id, payload: CommunityIn) -> Community:
    community = get_or_404(Community, pk=id)
    require_change(request, community.pk)
    return _save(community, payload)
