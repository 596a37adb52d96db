"""A saved version checked against today's data: which sessions break a hard rule, by the verifier alone.

A version was verified when it was saved, but the data moves on (a teacher's hours shrink, a venue closes on a
weekday, a group grows): the week grid marks the sessions the verifier now names. The check is stored
(``ConflictCheck``) with a fingerprint of the term's planning data and the version's sessions, made when a version
is saved or a session moved and again on the first view after the data changed, so any process reads it without
rebuilding the problem. Rules are codes; the labels below are how pages say them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from college.derived.models import ConflictCheck
from college.domain.problem.inputs import planning_fingerprint
from college.domain.problem.prepare import prepare
from college.models import Session, Timetable
from scheduler import Assignment, Problem, ProblemError, Slot
from scheduler.solution import Session as SessionKey
from scheduler.verify import Violation, hard_violations

RULE_LABELS = {
    "placement": _("not a valid placement of its group"),
    "different_days": _("its group meets twice that day"),
    "pinned": _("moved away from its pin"),
    "teacher_load": _("the teacher has more sessions than they take a week"),
    "teacher_availability": _("the teacher is not available then"),
    "teacher_conflict": _("the teacher teaches another session at the same time"),
    "travel": _("the teacher cannot travel between communities in time"),
    "venue_opening": _("the venue is closed then"),
    "capacity": _("the venue is too small for the group"),
    "facilities": _("the venue lacks a facility the group needs"),
    "step_free": _("the venue is not step-free"),
    "allowed_venues": _("the group may not meet at this venue"),
    "venue_conflict": _("the venue hosts another session at the same time"),
    "blocked": _("the group's members are busy then"),
    "start_times": _("not one of the group's allowed start times"),
    "cohort_clash": _("overlaps another group of its cohort"),
    "cohort_gaps": _("its cohort has too many idle slots"),
    "apart": _("too close to a group it must be apart from"),
    "day_cap": _("too many sessions of its set on one day"),
    "same_start": _("does not start with the groups set together with it"),
}


def rule_label(rule: str) -> str:
    return str(RULE_LABELS.get(rule, rule))


@dataclass(frozen=True)
class Conflict:
    """One broken hard rule, the saved sessions (ids) that break it, and the names of their groups (a group the
    version has no session of is named too)."""

    rule: str
    sessions: tuple[int, ...]
    groups: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return rule_label(self.rule)


@dataclass(frozen=True)
class Conflicts:
    """The hard rules a version breaks now; ``checked`` is False while the term's data cannot make a problem."""

    found: tuple[Conflict, ...] = ()
    checked: bool = True

    def of(self, session_id: int) -> tuple[str, ...]:
        """The labels of the rules a session breaks, each once."""
        return tuple(dict.fromkeys(c.label for c in self.found if session_id in c.sessions))

    @property
    def session_ids(self) -> frozenset[int]:
        return frozenset(pk for c in self.found for pk in c.sessions)


SESSION_COLUMNS = ("pk", "group__key", "number", "weekday", "start", "end", "venue__key", "teacher__key")


def session_assignments(sessions: list[Session], problem: Problem) -> tuple[tuple[Assignment, ...], dict]:
    """Saved sessions (with group, venue and teacher loaded) as the verifier's assignments, and each one's id."""
    rows = [(s.pk, s.group.key, s.number, s.weekday, s.start, s.end, s.venue.key, s.teacher.key) for s in sessions]
    return row_assignments(rows, problem)


def row_assignments(rows: Iterable[tuple], problem: Problem) -> tuple[tuple[Assignment, ...], dict]:
    """Sessions read as ``SESSION_COLUMNS`` rows, as the verifier's assignments, and each one's session id.

    A session at a start the term no longer offers keeps its own time (the verifier then flags it), rather than
    being dropped or refused.
    """
    slots = {(s.weekday, s.start): s for s in problem.slots}
    assignments = []
    ids: dict[SessionKey, int] = {}
    for pk, group, number, weekday, start, end, venue, teacher in rows:
        slot = slots.get((weekday, start)) or Slot(weekday, start, end - start)
        a = Assignment(group, number - 1, slot, venue, teacher)
        assignments.append(a)
        ids[a.session] = pk
    return tuple(assignments), ids


def as_conflicts(
    violations: tuple[Violation, ...], ids: dict[SessionKey, int], problem: Problem
) -> tuple[Conflict, ...]:
    def names(v: Violation) -> tuple[str, ...]:
        return tuple(dict.fromkeys(problem.group[k.group].name for k in v.sessions if k.group in problem.group))

    return tuple(Conflict(v.rule, tuple(ids[k] for k in v.sessions if k in ids), names(v)) for v in violations)


def hard_conflicts(timetable_id: int) -> Conflicts:
    """The stored check of a saved version while its fingerprint holds, else checked again and stored: the week's
    pages ask on every load, and a district's check takes seconds."""
    fingerprint = conflicts_fingerprint(timetable_id)
    if fingerprint is None:
        return Conflicts()
    kept = ConflictCheck.objects.filter(timetable_id=timetable_id, fingerprint=fingerprint).first()
    if kept is not None:
        return Conflicts(tuple(_from_json(c) for c in kept.found), kept.checked)
    return _store(timetable_id, fingerprint)


def store_conflicts(timetable_id: int) -> Conflicts:
    """Check a version now and store the result (after a solve's version or a move is saved)."""
    fingerprint = conflicts_fingerprint(timetable_id)
    return Conflicts() if fingerprint is None else _store(timetable_id, fingerprint)


def conflicts_fingerprint(timetable_id: int) -> str | None:
    """Changes with the term's planning data and the version's sessions; None when there is no such version."""
    version = Timetable.objects.filter(pk=timetable_id).values_list("term_id", "unplaced").first()
    if version is None:
        return None
    digest = hashlib.sha256(f"{planning_fingerprint(version[0], base=False)} {version[1]!r}".encode())
    rows = Session.objects.filter(timetable_id=timetable_id).order_by("pk")
    for row in rows.values_list("pk", "group_id", "number", "weekday", "start", "end", "venue_id", "teacher_id"):
        digest.update(repr(row).encode())
    return digest.hexdigest()


def _store(timetable_id: int, fingerprint: str) -> Conflicts:
    found = checked_conflicts(timetable_id)
    stored = {
        "fingerprint": fingerprint,
        "checked": found.checked,
        "found": [{"rule": c.rule, "sessions": list(c.sessions), "groups": list(c.groups)} for c in found.found],
        "checked_at": timezone.now(),
    }
    try:
        with transaction.atomic():
            ConflictCheck.objects.update_or_create(timetable_id=timetable_id, defaults=stored)
    except IntegrityError:  # two first views at once: the other one stored the same check
        pass
    return found


def _from_json(found: dict) -> Conflict:
    return Conflict(found["rule"], tuple(found["sessions"]), tuple(found["groups"]))


def checked_conflicts(timetable_id: int) -> Conflicts:
    """Check a saved version's hard rules against the data of today (no residents are read, nor the base version:
    ``conflicts_fingerprint`` leaves both out)."""
    rows = list(Session.objects.filter(timetable_id=timetable_id).values_list(*SESSION_COLUMNS))
    if not rows:
        return Conflicts()
    version = Timetable.objects.only("term_id", "unplaced").get(pk=timetable_id)
    try:
        problem = prepare(version.term_id, previous=None, residents=False).problem
    except ProblemError:
        return Conflicts(checked=False)
    assignments, ids = row_assignments(rows, problem)
    left_out = version.unplaced_keys  # a partial solve's left-out groups are not broken placements
    return Conflicts(as_conflicts(hard_violations(problem, assignments, unplaced=left_out), ids, problem))
