"""One-off changes of a published session: cancel or move one date (teacher ill on 12 November).

The operations hang on the sessions router (``/sessions/{id}/…``); the rules live in
``college.domain.calendar.occurrences`` (the same functions the admin and pages use), asked with today's date as
the pages ask them: a date that has passed is refused on ``date``.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Schema, Status

from api.auth import PUBLIC, caller
from api.common import PUBLIC_ERRORS, WRITE_ERRORS, Id, ShortText, TimeOfDay, get_or_404, parse_time, require_change
from api.errors import not_found
from api.sessions import router, visible_sessions
from college.domain.calendar.occurrences import cancel_occurrence, move_occurrence, restore_occurrence
from college.models import OccurrenceChange, Session
from college.models.fields import format_minutes

# The domain names fields after the model; the API after its request.
FIELD_NAMES = {"new_start": "start", "new_end": "end", "new_venue": "venue", "number": "session", "cancelled": None}


class ChangeOut(Schema):
    date: dt.date
    cancelled: bool
    start: str | None = Field(None, description="The new start (HH:MM) of a moved date.")
    end: str | None = None
    venue: int | None = Field(None, description="The new venue of a moved date.")
    reason: str


class CancelIn(Schema):
    date: dt.date
    reason: ShortText = ""


class MoveIn(Schema):
    """A new time that day (``start``, optionally ``end``; the length is kept without it) and/or a new venue."""

    date: dt.date
    start: TimeOfDay | None = None
    end: TimeOfDay | None = None
    venue: Id | None = None
    reason: ShortText = ""


def change_out(change: OccurrenceChange) -> ChangeOut:
    return ChangeOut(
        date=change.date,
        cancelled=change.cancelled,
        start=format_minutes(change.new_start) or None,
        end=format_minutes(change.new_end) or None,
        venue=change.new_venue_id,
        reason=change.reason,
    )


def _changeable(request: HttpRequest, id: int) -> Session:
    session = get_or_404(visible_sessions(caller(request).scope).select_related("timetable"), pk=id)
    require_change(request, session.group.community_id)
    return session


def _calling_domain(action: object) -> OccurrenceChange:
    """Run a domain call; its ``ValidationError`` comes back under the API's field names."""
    try:
        return action()  # type: ignore[operator]
    except ValidationError as error:
        if "session" in error.message_dict and error.error_dict["session"][0].code == "not_found":
            raise not_found() from None
        renamed: dict[str, list[str]] = {}
        for name, messages in error.message_dict.items():
            field = FIELD_NAMES.get(name, name)
            renamed.setdefault(field or "__all__", []).extend(messages)
        raise ValidationError(renamed) from None


@router.get(
    "/{id}/changes", response={200: list[ChangeOut], **PUBLIC_ERRORS}, summary="One-off changes of a session", **PUBLIC
)
def list_changes(request: HttpRequest, id: Id) -> list[ChangeOut]:
    session = get_or_404(visible_sessions(caller(request).scope).select_related("timetable"), pk=id)
    changes = OccurrenceChange.objects.filter(
        term_id=session.timetable.term_id, group_id=session.group_id, number=session.number
    ).order_by("date")
    return [change_out(c) for c in changes]


@router.post("/{id}/cancellations", response={201: ChangeOut, **WRITE_ERRORS}, summary="Cancel one date")
def cancel_date(request: HttpRequest, id: Id, payload: CancelIn) -> Status:
    _changeable(request, id)
    user_id = caller(request).user.pk
    today = timezone.localdate()
    change = _calling_domain(lambda: cancel_occurrence(id, payload.date, payload.reason, user_id=user_id, today=today))
    return Status(201, change_out(change))


@router.post("/{id}/moves", response={201: ChangeOut, **WRITE_ERRORS}, summary="Move one date (time and/or venue)")
def move_date(request: HttpRequest, id: Id, payload: MoveIn) -> Status:
    _changeable(request, id)
    start = parse_time(payload.start) if payload.start else None
    end = parse_time(payload.end) if payload.end else None
    user_id, today = caller(request).user.pk, timezone.localdate()
    change = _calling_domain(
        lambda: move_occurrence(
            id,
            payload.date,
            start=start,
            end=end,
            venue_id=payload.venue,
            reason=payload.reason,
            user_id=user_id,
            today=today,
        )
    )
    return Status(201, change_out(change))


@router.delete("/{id}/changes/{date}", response={204: None, **WRITE_ERRORS}, summary="Undo the change of one date")
def restore_date(request: HttpRequest, id: Id, date: dt.date) -> Status:
    _changeable(request, id)
    today = timezone.localdate()
    if not _calling_domain(lambda: restore_occurrence(id, date, today=today)):
        raise not_found()
    return Status(204, None)
