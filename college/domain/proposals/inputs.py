"""The proposal engine's input for a run: the college as the database says now, the term's published timetable."""

from __future__ import annotations

from college.domain.demand.unmet import Meeting, demand_of
from college.domain.problem.prepare import apply_absences_and_closures
from college.domain.records.read import read_college
from college.models import ProposalJob, Session, Timetable, TimetableStatus
from scheduler.propose import Demand


def published(term_id: int) -> Timetable | None:
    return Timetable.objects.filter(term_id=term_id, status=TimetableStatus.PUBLISHED).first()


def demand_for(run: ProposalJob) -> Demand:
    records = read_college()
    term = next(t for t in records.terms if t.key == run.term.key)
    records = apply_absences_and_closures(records, term)
    timetable = published(run.term_id)
    rows = Session.objects.filter(timetable=timetable).values_list(
        "group__key", "weekday", "start", "end", "venue__key", "teacher__key"
    )
    meetings = [Meeting(*row) for row in rows]
    communities = set(run.communities.values_list("key", flat=True))
    return demand_of(records, term, meetings, run.openings, communities)
