"""Independent parts of a problem, and one solution joined from the parts' solutions.

Two groups are coupled when they share a teacher (conflicts, load, travel, days, gaps), could meet in a
common venue (venue conflicts), have a resident in common (coverage and clashes count members of both), or
are named together by a cohort, an ``Apart`` or a ``together`` set. Nothing else couples groups, so the
connected components can be solved apart, on different machines, and their timetables joined: every hard
rule holds in the union and the objective is the sum of the parts'.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Sequence

from scheduler.candidates import venue_suits
from scheduler.problem import Group, Problem, Venue
from scheduler.solution import Solution, Status, Timings


class _Union:
    def __init__(self, items: Iterable[str]) -> None:
        self.parent = {i: i for i in items}

    def find(self, i: str) -> str:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, members: Sequence[str]) -> None:
        for other in members[1:]:
            a, b = self.find(members[0]), self.find(other)
            if a != b:
                self.parent[b] = a


class _Venues:
    """The venues each group could ever use (where it may meet, size, facilities, step-free access)."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.by_community: dict[str, list[Venue]] = defaultdict(list)
        for v in problem.venues:
            self.by_community[v.community].append(v)

    def of(self, group: Group) -> list[str]:
        if group.venues:
            pool = [self.problem.venue[v] for v in group.venues]
        else:
            pool = [v for c in group.allowed_communities for v in self.by_community.get(c, ())]
        return [v.id for v in pool if venue_suits(group, v)]


def components(problem: Problem) -> list[list[str]]:
    """Group ids of each independent part, parts in the order of their first group."""
    union = _Union(g.id for g in problem.groups)
    suitable = _Venues(problem)
    by_key: dict[tuple[str, str], list[str]] = defaultdict(list)
    for g in problem.groups:
        by_key[("teacher", g.teacher)].append(g.id)
        for v in suitable.of(g):
            by_key[("venue", v)].append(g.id)
    for members in by_key.values():
        union.join(members)
    for r in problem.residents:
        union.join(list(r.interests))
    for members in [c.groups for c in problem.cohorts] + [a.groups for a in problem.apart] + list(problem.together):
        union.join(list(members))
    parts: dict[str, list[str]] = {}
    for g in problem.groups:
        parts.setdefault(union.find(g.id), []).append(g.id)
    return list(parts.values())


def restrict(problem: Problem, group_ids: Iterable[str]) -> Problem:
    """The sub-problem of the given groups: their teachers, the venues they could use, their residents."""
    keep = set(group_ids)
    groups = tuple(g for g in problem.groups if g.id in keep)
    suitable = _Venues(problem)
    venues = {v for g in groups for v in suitable.of(g)}
    venues |= {p.venue for g in groups for p in g.pinned + g.previous if p.venue is not None}
    teachers = {g.teacher for g in groups}
    return dataclasses.replace(
        problem,
        groups=groups,
        venues=tuple(v for v in problem.venues if v.id in venues),
        teachers=tuple(t for t in problem.teachers if t.id in teachers),
        residents=tuple(r for r in problem.residents if keep.intersection(r.interests)),
        cohorts=tuple(c for c in problem.cohorts if keep.issuperset(c.groups)),
        apart=tuple(a for a in problem.apart if keep.issuperset(a.groups)),
        together=tuple(t for t in problem.together if keep.issuperset(t)),
    )


def split(problem: Problem) -> list[Problem]:
    """The independent parts of ``problem`` (one part when everything is coupled or there are no groups)."""
    parts = components(problem)
    if len(parts) <= 1:
        return [problem]
    return [restrict(problem, ids) for ids in parts]


def merge(solutions: Sequence[Solution]) -> Solution:
    """One solution of the whole problem from the solutions of its parts (see ``split``)."""
    statuses = {s.status for s in solutions}
    timings = Timings(
        build=max((s.timings.build for s in solutions), default=0.0),
        first_solution=_max_or_none([s.timings.first_solution for s in solutions]),
        total=max((s.timings.total for s in solutions), default=0.0),
    )
    common = {"timings": timings, "variables": sum(s.variables for s in solutions)}
    if Status.INFEASIBLE in statuses:
        explanation = tuple(line for s in solutions if s.status is Status.INFEASIBLE for line in s.explanation)
        return Solution(Status.INFEASIBLE, explanation=explanation, **common)
    if Status.UNKNOWN in statuses:
        return Solution(Status.UNKNOWN, **common)
    if Status.STOPPED in statuses:
        status = Status.STOPPED
    else:
        status = Status.OPTIMAL if statuses <= {Status.OPTIMAL} else Status.FEASIBLE
    penalties: dict[str, int] = defaultdict(int)
    for s in solutions:
        for rule, points in s.penalties.items():
            penalties[rule] += points
    bounds = [s.bound for s in solutions]
    return Solution(
        status,
        assignments=tuple(a for s in solutions for a in s.assignments),
        objective=sum(s.objective or 0 for s in solutions),
        bound=None if None in bounds else sum(b for b in bounds if b is not None),
        penalties=dict(penalties),
        **common,
    )


def _max_or_none(values: list[float | None]) -> float | None:
    return None if not values or None in values else max(v for v in values if v is not None)
