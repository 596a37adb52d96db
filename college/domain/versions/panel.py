"""What the week grid's session panel shows: the session, who it touches, and its real dates from today on.

The dates are the calendar feeds' own (``college.domain.calendar.dates.meetings``), so the date picker offers exactly
the meetings a subscribed calendar has: no holiday, no closure, make-up days included, past dates left out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count

from college.domain.calendar.dates import Meeting, meetings
from college.models import Interest, InterestKind, Session, TimetableStatus


@dataclass(frozen=True)
class SessionFacts:
    session: Session
    residents: int  # interested in its group, enrolled or wished
    enrolled: int
    dates: tuple[Meeting, ...]  # its meetings from today on (published versions only)

    @property
    def published(self) -> bool:
        return self.session.timetable.status == TimetableStatus.PUBLISHED

    @property
    def changed(self) -> tuple[Meeting, ...]:
        return tuple(m for m in self.dates if m.cancelled or m.moved)


def session_facts(session: Session, today: dt.date) -> SessionFacts:
    """``session`` loaded with timetable__term, group, venue and teacher."""
    counts = dict(
        Interest.objects.filter(group_id=session.group_id)
        .values_list("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    dates: tuple[Meeting, ...] = ()
    if session.timetable.status == TimetableStatus.PUBLISHED:
        dates = tuple(m for m in meetings([session])[session.pk] if m.date >= today)
    return SessionFacts(session, sum(counts.values()), counts.get(InterestKind.ENROLLED, 0), dates)
