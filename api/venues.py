"""Venues (场地) with their weekly opening hours: public to read, changed by their community's coordinators."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest
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
    WindowIO,
    get_or_404,
    page_of,
    require_change,
    save_with_windows,
    windows_out,
)
from college.models import Facility, Venue, VenueKind, VenueOpening

router = Router(tags=["venues"])


class VenueOut(Schema):
    id: int
    key: str
    community: int = Field(validation_alias="community_id")
    name: str
    kind: VenueKind
    address: str
    capacity: int
    indoor: bool
    step_free: bool
    facilities: list[Facility]
    opening: list[WindowIO]

    @staticmethod
    def resolve_opening(venue: Venue) -> list[WindowIO]:
        return windows_out(venue.openings.all())


class VenueIn(Schema):
    key: Key
    community: Id
    name: Name
    kind: VenueKind = VenueKind.OTHER
    address: ShortText = ""
    capacity: int = Field(ge=1, le=100_000)
    indoor: bool = True
    step_free: bool = False
    facilities: list[Facility] = Field(default_factory=list, max_length=len(Facility.values))
    opening: list[WindowIO] = Field(default_factory=list, max_length=50)


class VenueFilters(PageIn):
    community: Id | None = None
    kind: VenueKind | None = None
    weekday: int | None = Field(None, ge=0, le=6, description="Open on this weekday (0 = Monday).")
    step_free: bool | None = None


def venues() -> QuerySet[Venue]:
    return Venue.objects.prefetch_related("openings").order_by("name", "pk")


def _save(venue: Venue, request: HttpRequest, data: VenueIn) -> Venue:
    require_change(request, data.community)
    values = data.dict(exclude={"opening", "community"})
    values["community_id"] = data.community
    save_with_windows(venue, values, data.opening, VenueOpening, "venue", "opening")
    return venues().get(pk=venue.pk)


@router.get("", response={200: Paged[VenueOut], **PUBLIC_ERRORS}, summary="List venues", **PUBLIC)
def list_venues(request: HttpRequest, filters: Query[VenueFilters]) -> dict:
    found = venues()
    if filters.community is not None:
        found = found.filter(community_id=filters.community)
    if filters.kind is not None:
        found = found.filter(kind=filters.kind)
    if filters.weekday is not None:
        found = found.filter(openings__weekday=filters.weekday).distinct()
    if filters.step_free is not None:
        found = found.filter(step_free=filters.step_free)
    return page_of(found, filters)


@router.get("/{id}", response={200: VenueOut, **PUBLIC_ERRORS}, summary="One venue", **PUBLIC)
def get_venue(request: HttpRequest, id: Id) -> Venue:
    return get_or_404(venues(), pk=id)


@router.post("", response={201: VenueOut, **WRITE_ERRORS}, summary="Add a venue")
def create_venue(request: HttpRequest, payload: VenueIn) -> Status:
    return Status(201, _save(Venue(), request, payload))


@router.put("/{id}", response={200: VenueOut, **WRITE_ERRORS}, summary="Change a venue and its opening hours")
def update_venue(request: HttpRequest, id: Id, payload: VenueIn) -> Venue:
    venue = get_or_404(Venue, pk=id)
    require_change(request, venue.community_id)
    return _save(venue, request, payload)


@router.delete("/{id}", response={204: None, **WRITE_ERRORS}, summary="Remove a venue that no timetable uses")
def delete_venue(request: HttpRequest, id: Id) -> Status:
    venue = get_or_404(Venue, pk=id)
    require_change(request, venue.community_id)
    venue.delete()
    return Status(204, None)
