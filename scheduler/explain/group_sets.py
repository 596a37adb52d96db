"""Counting pre-checks for the rules that link groups: days a teacher needs, slots a cohort needs."""

from __future__ import annotations

from scheduler.model.candidates import Candidates
from scheduler.model.rules import apart, cohort_clash
from scheduler.problem import Problem
from scheduler.reason import Reason


def _days(problem: Problem, cands: Candidates, groups: tuple[str, ...]) -> set[int]:
    return {problem.slots[t].weekday for g in groups for t in cands.of[g].slots}


def teacher_days(problem: Problem, cands: Candidates) -> list[Reason]:
    """A teacher whose sessions of one Apart set need more days than the teacher can teach them on:
    one session a day for a hard set of one-a-day groups, at most ``per_day`` a day for a capped one."""
    out = []
    for a in problem.apart:
        groups = [problem.group[g] for g in a.groups]
        teachers = {g.teacher for g in groups}
        if not a.cap or len(teachers) != 1 or (a.hard and not all(g.one_per_day for g in groups)):
            continue
        sessions = sum(g.sessions for g in groups)
        need = -(-sessions // a.cap)
        days = _days(problem, cands, a.groups)
        if need > len(days):
            out.append(apart.teacher_days(a, teachers.pop(), sessions, need, len(days)))
    return out


def cohort_slots(problem: Problem, cands: Candidates) -> list[Reason]:
    """A cohort whose groups need more sessions at different times than they have start slots."""
    out = []
    for c in problem.cohorts:
        need = sum(problem.group[g].sessions for g in c.groups)
        slots = {t for g in c.groups for t in cands.of[g].slots}
        if need > len(slots):
            out.append(cohort_clash.too_few_slots(problem, c.id, need, len(slots)))
    return out
