"""Build a term's ``scheduler.Problem`` from the database: the one place that knows both sides.

Database → plain records (``read_college``) → absences and closures applied to the records → the pure mapping
``problem_from_records`` → pins and previous placements from a base timetable attached to the groups.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Final

from django.utils.translation import gettext as _

from college.domain.problem.from_records import problem_from_records
from college.domain.problem.group_sets import attach_group_sets
from college.domain.records.load import read_college
from college.domain.records.types import CollegeRecords, TermRecord
from college.models import Session, TeacherAbsence, Term, Timetable, TimetableStatus, VenueClosure
from college.models.fields import format_minutes
from scheduler import Placement, Problem, Weights
from scheduler.problem.change import with_placements


class _Auto:
    def __repr__(self) -> str:
        return "AUTO"


AUTO: Final = _Auto()
"""``previous=AUTO``: the term's published timetable, or its latest version when none is published."""


@dataclass
class Prepared:
    """A built problem and what could not be carried into it (sentences for the data check)."""

    problem: Problem
    base: Timetable | None
    dropped: list[str] = field(default_factory=list)


def base_timetable(term_id: int) -> Timetable | None:
    """The version a re-solve keeps close to: the published one, else the latest one, else None."""
    versions = Timetable.objects.filter(term_id=term_id)
    return versions.filter(status=TimetableStatus.PUBLISHED).first() or versions.order_by("-version").first()


def build_problem(
    term_id: int,
    *,
    previous: int | None | _Auto = AUTO,
    absences_and_closures: bool = True,
    weights: Weights | None = None,
) -> Problem:
    """The timetabling problem of a term as the database describes it now.

    ``previous``: a timetable id whose sessions become the previous placement (minimal change) and whose
    pinned sessions are kept; ``AUTO`` (default) picks ``base_timetable``; ``None`` starts afresh.
    ``absences_and_closures``: apply teacher absences and venue closures that reach into the term.
    """
    return prepare(term_id, previous=previous, absences_and_closures=absences_and_closures, weights=weights).problem


def prepare(
    term_id: int,
    *,
    previous: int | None | _Auto = AUTO,
    absences_and_closures: bool = True,
    weights: Weights | None = None,
    residents: bool = True,
    residents_of: Collection[str] | None = None,
) -> Prepared:
    """``build_problem`` and what was dropped; ``residents=False`` builds it without residents' demand,
    ``residents_of`` with the demand of the residents those groups (keys) concern only (``read_college``)."""
    term = Term.objects.get(pk=term_id)
    records = read_college(residents=residents, residents_of=residents_of)
    term_record = next(t for t in records.terms if t.key == term.key)
    if absences_and_closures:
        records = apply_absences_and_closures(records, term_record)
    problem = problem_from_records(records, term_record, weights)
    if previous is AUTO:
        base = base_timetable(term_id)
    else:
        base = None if previous is None else Timetable.objects.get(pk=previous, term_id=term_id)
    problem, dropped = attach_group_sets(problem)
    prepared = Prepared(problem, base, dropped)
    if base is not None:
        _attach_sessions(prepared, base)
    return prepared


def apply_absences_and_closures(records: CollegeRecords, term: TermRecord) -> CollegeRecords:
    """Remove the availability of absent teachers and the opening hours of closed venues (on their weekdays)."""
    absent: dict[str, set[int]] = defaultdict(set)
    for teacher_key, weekday in TeacherAbsence.objects.filter(from_date__lte=term.last_day).values_list(
        "teacher__key", "weekday"
    ):
        absent[teacher_key].update(range(7) if weekday is None else (weekday,))
    closed: dict[str, set[int]] = defaultdict(set)
    for venue_key, weekday in VenueClosure.objects.filter(from_date__lte=term.last_day).values_list(
        "venue__key", "weekday"
    ):
        closed[venue_key].add(weekday)
    if not absent and not closed:
        return records
    teachers = tuple(
        dataclasses.replace(t, availability=tuple(w for w in t.availability if w.weekday not in absent[t.key]))
        if t.key in absent
        else t
        for t in records.teachers
    )
    venues = tuple(
        dataclasses.replace(v, opening=tuple(w for w in v.opening if w.weekday not in closed[v.key]))
        if v.key in closed
        else v
        for v in records.venues
    )
    return dataclasses.replace(records, teachers=teachers, venues=venues)


def _attach_sessions(prepared: Prepared, base: Timetable) -> None:
    """Give each group its sessions in ``base`` as previous placement, and its pinned ones as pins."""
    problem = prepared.problem
    slots = {(s.weekday, s.start): s for s in problem.slots}
    previous: dict[str, list[Placement]] = defaultdict(list)
    pinned: dict[str, list[Placement]] = defaultdict(list)
    rows = Session.objects.filter(timetable=base).select_related("group", "venue").order_by("weekday", "start")
    for s in rows:
        group = problem.group.get(s.group.key)
        slot = slots.get((s.weekday, s.start))
        if group is None or slot is None:
            if s.pinned:
                prepared.dropped.append(_dropped_pin(s, group is None))
            continue
        placement = Placement(slot, s.venue.key)
        if len(previous[group.id]) < group.sessions:
            previous[group.id].append(placement)
        if s.pinned:
            if len(pinned[group.id]) < group.sessions:
                pinned[group.id].append(placement)
            else:
                prepared.dropped.append(_dropped_pin(s, False, extra=True))
    prepared.problem = with_placements(problem, previous, pinned)


def _dropped_pin(s: Session, unscheduled: bool, *, extra: bool = False) -> str:
    at = f"{s.get_weekday_display()} {format_minutes(s.start)}"
    if unscheduled:
        return _("The pin of %(group)s at %(at)s is ignored: the group is not registered for scheduling.") % {
            "group": s.group.name,
            "at": at,
        }
    if extra:
        return _("The pin of %(group)s at %(at)s is ignored: the group now meets fewer times a week.") % {
            "group": s.group.name,
            "at": at,
        }
    return _("The pin of %(group)s at %(at)s is ignored: %(time)s is no longer a start time of the term.") % {
        "group": s.group.name,
        "at": at,
        "time": format_minutes(s.start),
    }


__all__ = ["AUTO", "Prepared", "apply_absences_and_closures", "base_timetable", "build_problem", "prepare"]
