"""Sessions: one weekly meeting of a group in a timetable. Public in published timetables; pins by coordinators."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from api.auth import PUBLIC, caller
from api.common import PUBLIC_ERRORS, WRITE_ERRORS, Id, Paged, PageIn, get_or_404, page_of, require_change
from college.domain.access import Scope
from college.domain.versions.timetables import set_pinned
from college.models import Audience, Category, Session, TimetableStatus
from college.models.fields import format_minutes

router = Router(tags=["sessions"])


class SessionOut(Schema):
    id: int
    timetable: int
    group: int
    group_key: str
    group_name: str
    category: Category
    audience: Audience
    community: int
    number: int = Field(description="Which of the group's weekly sessions (1, 2, …).")
    weekday: int = Field(description="0 = Monday … 6 = Sunday.")
    start: str = Field(description="HH:MM")
    end: str = Field(description="HH:MM")
    venue: int
    venue_name: str
    teacher: int
    teacher_name: str
    pinned: bool


def session_out(s: Session) -> SessionOut:
    return SessionOut(
        id=s.pk,
        timetable=s.timetable_id,
        group=s.group_id,
        group_key=s.group.key,
        group_name=s.group.name,
        category=s.group.category,
        audience=s.group.audience,
        community=s.group.community_id,
        number=s.number,
        weekday=s.weekday,
        start=format_minutes(s.start),
        end=format_minutes(s.end),
        venue=s.venue_id,
        venue_name=s.venue.name,
        teacher=s.teacher_id,
        teacher_name=s.teacher.name,
        pinned=s.pinned,
    )


class SessionFilters(PageIn):
    timetable: Id | None = Field(None, description="Without it: the sessions of every published timetable.")
    term: Id | None = None
    community: Id | None = None
    category: Category | None = None
    audience: Audience | None = None
    weekday: int | None = Field(None, ge=0, le=6)
    venue: Id | None = None
    teacher: Id | None = None
    group: Id | None = None


def visible_sessions(scope: Scope) -> QuerySet[Session]:
    """Published sessions for everyone; every version's for coordinators."""
    found = Session.objects.select_related("group", "venue", "teacher").order_by(
        "timetable_id", "weekday", "start", "group__name", "number", "pk"
    )
    return found if scope.is_coordinator else found.filter(timetable__status=TimetableStatus.PUBLISHED)


def filter_sessions(found: QuerySet[Session], filters: SessionFilters) -> QuerySet[Session]:
    if filters.timetable is not None:
        found = found.filter(timetable_id=filters.timetable)
    else:
        found = found.filter(timetable__status=TimetableStatus.PUBLISHED)
    lookups = {
        "timetable__term_id": filters.term,
        "group__community_id": filters.community,
        "group__category": filters.category,
        "group__audience": filters.audience,
        "weekday": filters.weekday,
        "venue_id": filters.venue,
        "teacher_id": filters.teacher,
        "group_id": filters.group,
    }
    return found.filter(**{k: v for k, v in lookups.items() if v is not None})


@router.get("", response={200: Paged[SessionOut], **PUBLIC_ERRORS}, summary="List sessions", **PUBLIC)
def list_sessions(request: HttpRequest, filters: Query[SessionFilters]) -> dict:
    found = filter_sessions(visible_sessions(caller(request).scope), filters)
    return page_of(found, filters, session_out)


@router.get("/{id}", response={200: SessionOut, **PUBLIC_ERRORS}, summary="One session", **PUBLIC)
def get_session(request: HttpRequest, id: Id) -> SessionOut:
    return session_out(get_or_404(visible_sessions(caller(request).scope), pk=id))


def _set_pinned(request: HttpRequest, id: Id, pinned: bool) -> SessionOut:
    scope = caller(request).scope
    session = get_or_404(visible_sessions(scope), pk=id)
    require_change(request, session.group.community_id)
    set_pinned([session.pk], pinned)
    session.pinned = pinned
    return session_out(session)


@router.post("/{id}/pin", response={200: SessionOut, **WRITE_ERRORS}, summary="Pin: a re-solve keeps it in place")
def pin_session(request: HttpRequest, id: Id) -> SessionOut:
    return _set_pinned(request, id, True)


@router.delete("/{id}/pin", response={200: SessionOut, **WRITE_ERRORS}, summary="Unpin: a re-solve may move it")
def unpin_session(request: HttpRequest, id: Id) -> SessionOut:
    return _set_pinned(request, id, False)
