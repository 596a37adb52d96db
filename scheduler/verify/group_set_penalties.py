"""Soft penalties of the optional rules, recomputed session by session (part of ``verify_soft``)."""

from __future__ import annotations

from itertools import combinations

from scheduler.problem import Problem
from scheduler.solution import Assignment
from scheduler.verify.group_sets import too_close


def linked_penalties(problem: Problem, by_group: dict[str, list[Assignment]]) -> dict[str, int]:
    w = problem.weights
    return {
        "overflow": w.overflow * _overflow(problem, by_group),
        "min_days": w.min_days * _missing_days(problem, by_group),
        "isolated": w.isolated * _isolated(problem, by_group),
        "apart_soft": w.apart * _too_close(problem, by_group),
    }


def _overflow(problem: Problem, by_group: dict[str, list[Assignment]]) -> int:
    out = 0
    for g in problem.groups:
        if g.overflow:
            out += sum(max(0, g.max_size - problem.venue[a.venue].capacity) for a in by_group.get(g.id, []))
    return out


def _missing_days(problem: Problem, by_group: dict[str, list[Assignment]]) -> int:
    return sum(
        max(0, g.min_days - len({a.slot.weekday for a in by_group.get(g.id, [])})) for g in problem.groups if g.min_days
    )


def _points(problem: Problem) -> dict[int, list[int]]:
    """Start minutes of each weekday's grid points, in order."""
    days: dict[int, list[int]] = {}
    for s in sorted(problem.slots):
        days.setdefault(s.weekday, []).append(s.start)
    return days


def _isolated(problem: Problem, by_group: dict[str, list[Assignment]]) -> int:
    """Sessions of a cohort with no session of the cohort covering the grid point just before or just after."""
    points = _points(problem)
    out = 0
    for c in problem.cohorts:
        sessions = [a for g in c.groups for a in by_group.get(g, [])]
        covered = {
            (a.slot.weekday, p)
            for a in sessions
            for p in points[a.slot.weekday]
            if a.slot.start <= p < a.slot.start + problem.group[a.group].length
        }
        for a in sessions:
            day = points[a.slot.weekday]
            end = a.slot.start + problem.group[a.group].length
            before = [p for p in day if p < a.slot.start][-1:]
            after = [p for p in day if p >= end][:1]
            out += not any((a.slot.weekday, p) in covered for p in before + after)
    return out


def _too_close(problem: Problem, by_group: dict[str, list[Assignment]]) -> int:
    return sum(
        too_close(by_group, g, h, a.days) for a in problem.apart if not a.hard for g, h in combinations(a.groups, 2)
    )
