"""Minimal change: re-solve after a change, moving as few sessions of the published timetable as possible.

``with_previous(problem, timetable)`` records the published placement on every group; the
``minimal_change`` rule then makes every moved session cost ``weights.moved`` (a changed venue
``weights.venue_changed``), and the published timetable warm-starts the solver.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from scheduler.problem import Placement, Problem
from scheduler.solution import Assignment


def with_previous(problem: Problem, timetable: tuple[Assignment, ...]) -> Problem:
    """``problem`` with each group's ``previous`` set from ``timetable`` (sessions of unknown groups dropped)."""
    by_group: dict[str, list[Placement]] = {}
    for a in timetable:
        if a.group in problem.group and a.slot in problem.slot_index and a.venue in problem.venue:
            by_group.setdefault(a.group, []).append(Placement(a.slot, a.venue))
    return with_placements(problem, by_group)


def with_placements(
    problem: Problem,
    previous: Mapping[str, Sequence[Placement]],
    pinned: Mapping[str, Sequence[Placement]] | None = None,
) -> Problem:
    """``problem`` with the named groups' previous placements, and their pins when ``pinned`` is given.

    At most a week's sessions of each are kept.
    """
    groups = tuple(
        replace(
            g,
            previous=tuple(previous.get(g.id, ()))[: g.sessions],
            pinned=g.pinned if pinned is None else tuple(pinned.get(g.id, ()))[: g.sessions],
        )
        if g.id in previous
        else g
        for g in problem.groups
    )
    return replace(problem, groups=groups)
