"""Calendar feeds: the public feeds' subscribe links, one's own private feed, and new private links.

The feeds themselves are served by ``college.feeds`` (``/feeds/<kind>/<key>.ics``); links come from
``college.domain.calendar``. A private link (teacher, resident) is its token: making a new one stops the
old one at once, for the calendar and for this API alike.
"""

from __future__ import annotations

from typing import Literal

from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from api.auth import PUBLIC, caller
from api.common import PUBLIC_ERRORS, READ_ERRORS, WRITE_ERRORS, Id, Paged, PageIn, get_or_404, require_change
from api.errors import forbidden
from api.residents import visible_residents
from college.domain.calendar import feed_links, rotate_feed_links
from college.models import Community, InterestGroup, Teacher, Venue

router = Router(tags=["feeds"])

PublicKind = Literal["group", "venue", "community"]


class FeedOut(Schema):
    kind: Literal["group", "venue", "community", "teacher", "resident"]
    key: str = Field(description="The natural key; empty for private feeds.")
    name: str
    https: str = Field(description="To copy, or for Google Calendar's “From URL”.")
    webcal: str = Field(description="A subscribe button: opens Apple Calendar, Outlook, Thunderbird …")


class FeedFilters(PageIn):
    kind: PublicKind | None = None
    community: Id | None = None


def _feed(kind: str, owner: Model, key: str, name: str) -> FeedOut:
    links = feed_links(kind, key)
    public_key = "" if kind in ("teacher", "resident") else key
    return FeedOut(kind=kind, key=public_key, name=name, https=links.https, webcal=links.webcal)


def _public_owners(kind: str, community: int | None) -> QuerySet:
    if kind == "community":
        found = Community.objects.all()
        return found.filter(pk=community) if community is not None else found
    model = InterestGroup if kind == "group" else Venue
    found = model.objects.all() if kind == "venue" else InterestGroup.objects.filter(registered=True)
    return found.filter(community_id=community) if community is not None else found


@router.get("", response={200: Paged[FeedOut], **PUBLIC_ERRORS}, summary="Public feeds and their links", **PUBLIC)
def list_feeds(request: HttpRequest, filters: Query[FeedFilters]) -> dict:
    kinds = [filters.kind] if filters.kind else ["community", "venue", "group"]
    rows = [
        (kind, owner)
        for kind in kinds
        for owner in _public_owners(kind, filters.community).order_by("name", "pk").only("pk", "key", "name")
    ]
    page = rows[filters.offset : filters.offset + filters.limit]
    return {"count": len(rows), "items": [_feed(kind, o, o.key, o.name) for kind, o in page]}


@router.get("/mine", response={200: FeedOut, **READ_ERRORS}, summary="My private feed (teachers and residents)")
def my_feed(request: HttpRequest) -> FeedOut:
    who = caller(request)
    owner = who.teacher or who.resident
    if owner is None:
        raise forbidden(_("Only teachers and residents have a private feed."))
    return _feed("teacher" if who.teacher else "resident", owner, who.raw_token, owner.name)


@router.post("/mine/new-link", response={200: FeedOut, **WRITE_ERRORS}, summary="A new private link for me")
def new_link_for_me(request: HttpRequest) -> FeedOut:
    """Stops the current link (and the bearer token you called with) at once; the answer shows the new one."""
    who = caller(request)
    if who.teacher is None and who.resident is None:
        raise forbidden(_("Only teachers and residents have a private feed."))
    kind, owner = ("teacher", who.teacher) if who.teacher else ("resident", who.resident)
    links = rotate_feed_links(kind, owner.pk)
    return FeedOut(kind=kind, key="", name=owner.name, https=links.https, webcal=links.webcal)


@router.post(
    "/teachers/{id}/new-link", response={200: FeedOut, **WRITE_ERRORS}, summary="A new private link for a teacher"
)
def new_teacher_link(request: HttpRequest, id: Id) -> FeedOut:
    teacher = get_or_404(Teacher, pk=id)
    require_change(request, teacher.community_id)
    links = rotate_feed_links("teacher", teacher.pk)
    return FeedOut(kind="teacher", key="", name=teacher.name, https=links.https, webcal=links.webcal)


@router.post(
    "/residents/{id}/new-link", response={200: FeedOut, **WRITE_ERRORS}, summary="A new private link for a resident"
)
def new_resident_link(request: HttpRequest, id: Id) -> FeedOut:
    scope = caller(request).scope
    if not scope.is_coordinator:
        raise forbidden(_("Only coordinators may do this."))
    resident = get_or_404(visible_residents(scope), pk=id)
    links = rotate_feed_links("resident", resident.pk)
    return FeedOut(kind="resident", key="", name=resident.name, https=links.https, webcal=links.webcal)
