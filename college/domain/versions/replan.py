"""Re-planning after a change: a teacher unavailable from a date, a venue closed on a weekday.

Record the change, then ``replan`` starts a solve that stays as close as it can to the published version
(every moved session costs, see ``scheduler.model.rules.minimal_change``) and keeps pinned sessions. The result is
a draft: the coordinator reads ``diff(published, draft)`` before publishing it.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from college.domain.errors import WorkflowError
from college.domain.solving import start_solve
from college.models import SolveJob, Teacher, TeacherAbsence, Timetable, TimetableStatus, Venue, VenueClosure


def _check_weekday(weekday: int | None, *, optional: bool) -> None:
    if weekday is None and optional:
        return
    if not isinstance(weekday, int) or not 0 <= weekday <= 6:
        raise WorkflowError(_("The weekday must be 0 (Monday) to 6 (Sunday), not %(day)s.") % {"day": weekday})


def mark_teacher_unavailable(
    teacher_id: int, from_date: dt.date, weekday: int | None = None, reason: str = ""
) -> TeacherAbsence:
    """From ``from_date`` on, the teacher cannot teach on ``weekday`` (every day when None)."""
    _check_weekday(weekday, optional=True)
    teacher = Teacher.objects.get(pk=teacher_id)
    return TeacherAbsence.objects.create(teacher=teacher, from_date=from_date, weekday=weekday, reason=reason)


def close_venue(venue_id: int, weekday: int, from_date: dt.date, reason: str = "") -> VenueClosure:
    """From ``from_date`` on, the venue is closed on ``weekday``."""
    _check_weekday(weekday, optional=False)
    venue = Venue.objects.get(pk=venue_id)
    return VenueClosure.objects.create(venue=venue, from_date=from_date, weekday=weekday, reason=reason)


def replan(term_id: int, *, user_id: int | None = None, time_limit: float | None = None) -> SolveJob:
    """Start a minimal-change solve from the term's published version (refused when none is published)."""
    published = Timetable.objects.filter(term_id=term_id, status=TimetableStatus.PUBLISHED).first()
    if published is None:
        raise WorkflowError(_("Nothing is published for this term yet: solve it instead of re-planning."))
    return start_solve(term_id, user_id=user_id, time_limit=time_limit, previous=published.pk)
