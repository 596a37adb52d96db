"""A problem without some of its groups: what a partial solve timetables once it has left impossible groups out.

Residents lose their interest in a dropped group (their other interests stay); cohorts, apart and together sets
keep their other groups, and disappear when fewer than two are left. Teachers, venues and the grid are kept.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace

from scheduler.problem.types import Problem


def without(problem: Problem, groups: Collection[str]) -> Problem:
    """``problem`` with the groups ``groups`` (ids) left out, and every reference to them."""
    drop = set(groups) & set(problem.group)
    if not drop:
        return problem

    def kept(ids: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(g for g in ids if g not in drop)

    residents = tuple(
        r if not drop.intersection(r.interests) else replace(r, enrolled=kept(r.enrolled), wished=kept(r.wished))
        for r in problem.residents
    )
    return replace(
        problem,
        groups=tuple(g for g in problem.groups if g.id not in drop),
        residents=residents,
        cohorts=tuple(replace(c, groups=kept(c.groups)) for c in problem.cohorts if len(kept(c.groups)) > 1),
        apart=tuple(replace(a, groups=kept(a.groups)) for a in problem.apart if len(kept(a.groups)) > 1),
        together=tuple(kept(t) for t in problem.together if len(kept(t)) > 1),
    )
