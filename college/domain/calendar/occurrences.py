"""One-off changes after publishing: cancel or move one date of a published session without a new version.

Entry points take ids and write in one transaction; bad input raises ``ValidationError`` with a message per
field (``session``, ``date``, ``new_start``, ``new_end``, ``new_venue``). An unknown session id is reported on
``session`` with the error code ``"not_found"`` so an API can answer 404. A move must fit the teacher's weekly
availability and absences and the venue's opening hours, closures and seats. Given ``today``, a date before it is
refused (the pages and the admin pass it; an import of past changes does not).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from college.domain.calendar.term_dates import days_of, holidays_between
from college.models import (
    Closure,
    OccurrenceChange,
    Session,
    TeacherAbsence,
    TeacherAvailability,
    Term,
    TimetableStatus,
    Venue,
    VenueClosure,
    VenueOpening,
)
from college.models.fields import format_minutes


def cancel_occurrence(
    session_id: int, date: dt.date, reason: str = "", *, user_id: int | None = None, today: dt.date | None = None
) -> OccurrenceChange:
    """Cancel the meeting of a published session on ``date`` (replacing an earlier move of that date)."""
    return _record(session_id, date, {"cancelled": True}, reason, user_id, today)


def move_occurrence(
    session_id: int,
    date: dt.date,
    *,
    start: int | None = None,
    end: int | None = None,
    venue_id: int | None = None,
    reason: str = "",
    user_id: int | None = None,
    today: dt.date | None = None,
) -> OccurrenceChange:
    """Move the meeting of a published session on ``date`` to another time that day and/or another venue.

    ``start``/``end`` are minutes after midnight; with only ``start`` the session keeps its length.
    """
    with transaction.atomic():
        session = _published_session(session_id)
        if start is not None and end is None:
            end = start + (session.end - session.start)
        changes = {"cancelled": False, "new_start": start, "new_end": end, "new_venue_id": venue_id}
        return _record(session_id, date, changes, reason, user_id, today)


def restore_occurrence(session_id: int, date: dt.date, *, today: dt.date | None = None) -> bool:
    """Undo the one-off change of ``date``: the session meets as published. False when there was none."""
    with transaction.atomic():
        session = _published_session(session_id)
        past = past_problem(date, today)
        if past:
            raise ValidationError({"date": past})
        deleted, _rows = OccurrenceChange.objects.filter(
            term_id=session.timetable.term_id, group_id=session.group_id, number=session.number, date=date
        ).delete()
    return deleted > 0


def _record(
    session_id: int, date: dt.date, fields: dict[str, object], reason: str, user_id: int | None, today: dt.date | None
) -> OccurrenceChange:
    with transaction.atomic():
        session = _published_session(session_id)
        change = OccurrenceChange.objects.select_for_update().filter(
            term_id=session.timetable.term_id, group_id=session.group_id, number=session.number, date=date
        ).first() or OccurrenceChange(
            term_id=session.timetable.term_id, group_id=session.group_id, number=session.number, date=date
        )
        change.new_start = change.new_end = change.new_venue_id = None
        for name, value in fields.items():
            setattr(change, name, value)
        change.reason = reason
        change.changed_at = timezone.now()
        change.changed_by_id = user_id
        change.full_clean(validate_unique=False)
        problems = occurrence_problems(change, today=today)
        if problems:
            raise ValidationError(problems)
        change.save()
        return change


def _published_session(session_id: int) -> Session:
    session = Session.objects.select_related("timetable__term", "group").filter(pk=session_id).first()
    if session is None:
        raise ValidationError(
            {"session": ValidationError(_("There is no session %(id)s.") % {"id": session_id}, code="not_found")}
        )
    if session.timetable.status != TimetableStatus.PUBLISHED:
        raise ValidationError(
            {"session": _("Only a published timetable has one-off changes; this session is in a %(status)s one.")
             % {"status": session.timetable.get_status_display()}}
        )  # fmt: skip
    return session


def published_session_of(change: OccurrenceChange) -> Session | None:
    """The published session a change belongs to (same term, group and session number), if any."""
    return (
        Session.objects.select_related("timetable__term", "group", "venue", "teacher")
        .filter(
            timetable__term_id=change.term_id,
            timetable__status=TimetableStatus.PUBLISHED,
            group_id=change.group_id,
            number=change.number,
        )
        .first()
    )


def occurrence_problems(change: OccurrenceChange, *, today: dt.date | None = None) -> dict[str, list[str]]:
    """Why a one-off change cannot be made (by field), or {} when it can; with ``today``, past dates are refused."""
    session = published_session_of(change)
    if session is None:
        return {"number": [_("The published timetable of this term has no session %(number)s of %(group)s.")
                           % {"number": change.number, "group": change.group}]}  # fmt: skip
    problem = date_problem(session, change.date) or past_problem(change.date, today)
    if problem:
        return {"date": [problem]}
    if change.cancelled:
        return {}
    return _move_problems(session, change)


def past_problem(date: dt.date, today: dt.date | None) -> str | None:
    """Why ``date`` cannot change any more: it is before ``today`` (None: no such check)."""
    if today is not None and date < today:
        return _("%(date)s has passed: only today and later dates can change.") % {"date": date}
    return None


def date_problem(session: Session, date: dt.date) -> str | None:
    """Why ``date`` is not a meeting of ``session`` (outside the term, wrong weekday, holiday, closure)."""
    term = session.timetable.term
    if not term.first_day <= date <= term.last_day:
        return _("%(date)s is outside the term (%(first)s – %(last)s).") % {
            "date": date, "first": term.first_day, "last": term.last_day
        }  # fmt: skip
    weekdays = dict(Session._meta.get_field("weekday").choices)
    runs = classes_of(term, date)
    if runs != session.weekday and runs != date.weekday():
        return _("%(group)s meets on %(weekday)s, and %(date)s is a make-up day with the classes of %(other)s.") % {
            "group": session.group, "weekday": session.get_weekday_display(), "date": date, "other": weekdays[runs]
        }  # fmt: skip
    if runs != session.weekday:
        return _("%(group)s meets on %(weekday)s, and %(date)s is a %(other)s.") % {
            "group": session.group, "weekday": session.get_weekday_display(), "date": date, "other": weekdays[runs]
        }  # fmt: skip
    if date in holidays_between(term.first_day, term.last_day):
        return _("%(date)s is a public holiday: there is no class to change.") % {"date": date}
    closure = Closure.objects.filter(term=term, date=date).first()
    if closure is not None:
        return _("%(date)s is a closure of the term (%(reason)s): there is no class to change.") % {
            "date": date, "reason": closure.reason or "—"
        }  # fmt: skip
    return None


def _move_problems(session: Session, change: OccurrenceChange) -> dict[str, list[str]]:
    start = session.start if change.new_start is None else change.new_start
    end = session.end if change.new_end is None else change.new_end
    venue_id = change.new_venue_id or session.venue_id
    if (start, end, venue_id) == (session.start, session.end, session.venue_id):
        return {"new_start": [_("This is the session's usual time and venue: nothing would change.")]}
    problems = _fit_problems(session, change.date, start, end, venue_id)
    for other in meetings_on(change.term_id, change.date):
        if other.key == (session.group_id, session.number) or not (other.start < end and start < other.end):
            continue
        when = f"{format_minutes(other.start)}–{format_minutes(other.end)}"
        if other.venue_id == venue_id:
            problems.setdefault("new_venue" if change.new_venue_id else "new_start", []).append(
                _("%(venue)s is taken by %(group)s at %(when)s that day.")
                % {"venue": Venue.objects.get(pk=venue_id), "group": other.group_name, "when": when}
            )
        if other.teacher_id == session.teacher_id:
            problems.setdefault("new_start", []).append(
                _("%(teacher)s teaches %(group)s at %(when)s that day.")
                % {"teacher": session.teacher, "group": other.group_name, "when": when}
            )
    return problems


def _fit_problems(session: Session, date: dt.date, start: int, end: int, venue_id: int) -> dict[str, list[str]]:
    """The teacher's availability and absences, the venue's hours, closures and seats for the moved meeting."""
    weekday, problems = session.weekday, {}
    when = f"{session.get_weekday_display()} {format_minutes(start)}–{format_minutes(end)}"
    teacher = session.teacher
    if (start, end) != (session.start, session.end) and not TeacherAvailability.objects.filter(
        teacher=teacher, weekday=weekday, start__lte=start, end__gte=end
    ).exists():
        problems.setdefault("new_start", []).append(
            _("%(teacher)s is not available at %(when)s.") % {"teacher": teacher, "when": when}
        )
    absence = TeacherAbsence.objects.filter(teacher=teacher, from_date__lte=date).filter(
        models.Q(weekday=weekday) | models.Q(weekday__isnull=True)
    )
    if absence.exists():
        problems.setdefault("new_start", []).append(
            _("%(teacher)s is absent that day: cancel the date instead.") % {"teacher": teacher}
        )
    if (start, end, venue_id) == (session.start, session.end, session.venue_id):
        return problems
    venue = Venue.objects.get(pk=venue_id)
    field = "new_venue" if venue_id != session.venue_id else "new_start"
    opening = VenueOpening.objects.filter(venue=venue, weekday=weekday, start__lte=start, end__gte=end)
    closed = VenueClosure.objects.filter(venue=venue, weekday=weekday, from_date__lte=date)
    if closed.exists() or not opening.exists():
        problems.setdefault(field, []).append(_("%(venue)s is not open at %(when)s.") % {"venue": venue, "when": when})
    if venue_id != session.venue_id and venue.capacity < session.group.max_size:
        problems.setdefault(field, []).append(
            _("%(venue)s seats %(capacity)s, fewer than the %(size)s of %(group)s.")
            % {"venue": venue, "capacity": venue.capacity, "size": session.group.max_size, "group": session.group}
        )
    return problems


@dataclass(frozen=True, slots=True)
class Meeting:
    """One meeting on a given date after that date's one-off changes (for clash checks)."""

    key: tuple[int, int]  # (group id, session number)
    group_name: str
    start: int
    end: int
    venue_id: int
    teacher_id: int


def classes_of(term: Term, date: dt.date) -> int:
    """The weekday whose classes ``date`` has: its own, or another on a make-up day (调休)."""
    return dict(days_of(term).make_up).get(date, date.weekday())


def meetings_on(term_id: int, date: dt.date) -> list[Meeting]:
    """Every published session of the term meeting on ``date``, with that date's moves applied."""
    term = Term.objects.get(pk=term_id)
    sessions = Session.objects.filter(
        timetable__term_id=term_id,
        timetable__term__first_day__lte=date,
        timetable__term__last_day__gte=date,
        timetable__status=TimetableStatus.PUBLISHED,
        weekday=classes_of(term, date),
    ).select_related("group")
    changes = {(c.group_id, c.number): c for c in OccurrenceChange.objects.filter(term_id=term_id, date=date)}
    meetings = []
    for s in sessions:
        change = changes.get((s.group_id, s.number))
        if change is not None and change.cancelled:
            continue
        start, end, venue_id = s.start, s.end, s.venue_id
        if change is not None:
            start = change.new_start if change.new_start is not None else start
            end = change.new_end if change.new_end is not None else end
            venue_id = change.new_venue_id or venue_id
        meetings.append(Meeting((s.group_id, s.number), s.group.name, start, end, venue_id, s.teacher_id))
    return meetings
