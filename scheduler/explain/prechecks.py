"""Why no timetable exists, as reasons that name the teacher, venue or group at fault (``scheduler.Reason``).

Fast pre-checks first (counting and matching, milliseconds), then, when none of them finds the cause,
CP-SAT with every hard constraint under a named assumption: the assumptions in the infeasible core,
shrunk by deletion, become one reason with a part per rule. Never a bare "INFEASIBLE", never prose.
"""

from __future__ import annotations

from collections.abc import Callable

from scheduler.explain.core import core_reason
from scheduler.explain.group_sets import cohort_slots, teacher_days
from scheduler.explain.matching import venue_shortages
from scheduler.model.candidates import Candidates
from scheduler.model.rules import (
    different_days,
    pinned,
    placement,
    teacher_availability,
    teacher_conflict,
    teacher_load,
)
from scheduler.problem import Problem
from scheduler.reason import Reason

Check = Callable[[Problem, Candidates], list[Reason]]


def explain(problem: Problem, time_limit: float = 10.0) -> tuple[Reason, ...]:
    cands = Candidates(problem)
    for check in (*COUNTING, venue_shortages):
        found = check(problem, cands)
        if found:
            return tuple(found)
    return (core_reason(problem, cands, time_limit),)


def _teacher_load(problem: Problem, cands: Candidates) -> list[Reason]:
    return [
        teacher_load.over_max(problem, tid, groups)
        for tid, groups in _by_teacher(problem).items()
        if sum(problem.group[g].sessions for g in groups) > problem.teacher[tid].max_sessions
    ]


def _venues_exist(problem: Problem, cands: Candidates) -> list[Reason]:
    out = []
    for g in problem.groups:
        if not cands.suitable_venues(g):
            out.append(placement.no_venue(problem, g))
        elif not cands.of[g.id].slots:
            if not cands.teacher_slots(g.teacher, g.length):
                out.append(teacher_availability.never_free(problem, g.id))
            else:
                out.append(placement.no_slot(problem, g))
    return out


def _pins(problem: Problem, cands: Candidates) -> list[Reason]:
    out = []
    for g in problem.groups:
        for pin in g.pinned:
            t = problem.slot_index[pin.slot]
            if t not in cands.teacher_slots(g.teacher, g.length):
                out.append(pinned.broken(problem, g.id, pin, pinned.TEACHER_AWAY))
            elif t not in cands.of[g.id].venues_at:
                out.append(pinned.broken(problem, g.id, pin, pinned.CLOSED))
            elif pin.venue is not None and pin.venue not in cands.of[g.id].venues_at[t]:
                out.append(pinned.broken(problem, g.id, pin, pinned.UNSUITABLE))
            else:
                continue
            break  # one broken pin a group is enough to say
    return out


def _candidate_days(problem: Problem, cands: Candidates) -> list[Reason]:
    out = []
    for g in problem.groups:
        days = {problem.slots[t].weekday for t in cands.of[g.id].slots}
        if days and len(days) < g.sessions and g.one_per_day:
            out.append(different_days.too_few_days(problem, g.id, len(days)))
    return out


def _teacher_slots(problem: Problem, cands: Candidates) -> list[Reason]:
    out = []
    for tid, groups in _by_teacher(problem).items():
        need = sum(problem.group[g].sessions for g in groups)
        slots = {t for g in groups for t in cands.of[g].slots}
        if len(slots) < need:
            out.append(teacher_conflict.too_few_slots(problem, tid, groups, len(slots)))
    return out


def _by_teacher(problem: Problem) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for g in problem.groups:
        out.setdefault(g.teacher, []).append(g.id)
    return {t: tuple(gs) for t, gs in out.items()}


ALONE: tuple[Check, ...] = (_venues_exist, _pins, _candidate_days)  # each names one group impossible on its own
TOGETHER: tuple[Check, ...] = (_teacher_load, teacher_days, _teacher_slots, cohort_slots)  # groups linked by a rule
COUNTING: tuple[Check, ...] = (_teacher_load, *ALONE, *TOGETHER[1:])  # the order ``explain`` asks them in
