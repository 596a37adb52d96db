"""Minimal change: re-solve after a change, moving as few sessions of the published timetable as possible.

``with_previous(problem, timetable)`` records the published placement on every group; the
``minimal_change`` rule then makes every moved session cost ``weights.moved`` (a changed venue
``weights.venue_changed``), and the published timetable warm-starts the solver.
"""

from __future__ import annotations

from dataclasses import replace

from scheduler.problem import Placement, Problem
from scheduler.solution import Assignment


def with_previous(problem: Problem, timetable: tuple[Assignment, ...]) -> Problem:
    """``problem`` with each group's ``previous`` set from ``timetable`` (sessions of unknown groups dropped)."""
    by_group: dict[str, list[Placement]] = {}
    for a in timetable:
        if a.group in problem.group and a.slot in problem.slot_index and a.venue in problem.venue:
            by_group.setdefault(a.group, []).append(Placement(a.slot, a.venue))
    groups = tuple(
        replace(g, previous=tuple(by_group.get(g.id, ()))[: g.sessions]) if g.id in by_group else g
        for g in problem.groups
    )
    return replace(problem, groups=groups)
