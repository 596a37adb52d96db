"""Checks run by ``Problem.__post_init__``: duplicate ids, dangling references, impossible values, and the
group sets (cohorts that never overlap, groups kept apart or together)."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from scheduler.problem.errors import ProblemError, _check

if TYPE_CHECKING:
    from scheduler.problem.types import Group, Problem


def _unique(kind: str, ids: list[str]) -> set[str]:
    duplicates = sorted(i for i, n in Counter(ids).items() if n > 1)
    _check(not duplicates, f"duplicate {kind} id(s): {', '.join(map(repr, duplicates))}")
    return set(ids)


def validate(problem: Problem) -> None:
    _check(bool(problem.slots), "the slot grid is empty: give at least one weekday + start time")
    seen = Counter((s.weekday, s.start) for s in problem.slots)
    doubled = [f"{s.label}" for s in problem.slots if seen[(s.weekday, s.start)] > 1]
    _check(not doubled, f"duplicate slot(s) in the grid: {', '.join(sorted(set(doubled)))}")
    communities = _unique("community", [c.id for c in problem.communities])
    venues = _unique("venue", [v.id for v in problem.venues])
    teachers = _unique("teacher", [t.id for t in problem.teachers])
    groups = _unique("group", [g.id for g in problem.groups])
    _unique("resident", [r.id for r in problem.residents])
    _check(problem.travel_minutes >= 0, f"travel_minutes={problem.travel_minutes} must be ≥ 0")
    for t in problem.travel:
        _check({t.a, t.b} <= communities, f"travel time {t.a!r}→{t.b!r} names an unknown community")
        _check(t.minutes >= 0, f"travel time {t.a!r}→{t.b!r} is negative ({t.minutes})")
    for v in problem.venues:
        _check(v.community in communities, f"venue {v.name!r} ({v.id}) is in unknown community {v.community!r}")
        _check(v.capacity > 0, f"venue {v.name!r} ({v.id}) has capacity {v.capacity}: it must be positive")
    for t in problem.teachers:
        _check(t.community in communities, f"teacher {t.name!r} ({t.id}) lives in unknown community {t.community!r}")
        _check(t.max_sessions >= 0, f"teacher {t.name!r} ({t.id}) has a negative weekly maximum")
    for g in problem.groups:
        _validate_group(problem, g, communities, venues, teachers)
    validate_group_sets(problem, groups)
    for r in problem.residents:
        _check(r.community in communities, f"resident {r.id!r} lives in unknown community {r.community!r}")
        unknown = [g for g in r.interests if g not in groups]
        if len(set(r.interests)) != len(r.interests):
            raise ProblemError(f"resident {r.id!r} lists a group twice among enrolled and wished groups")
        _check(not unknown, f"resident {r.id!r} is interested in unknown group(s) {', '.join(map(repr, unknown))}")


def _validate_group(problem: Problem, g: Group, communities: set[str], venues: set[str], teachers: set[str]) -> None:
    who = f"group {g.name!r} ({g.id})"
    _check(g.community in communities, f"{who} belongs to unknown community {g.community!r}")
    _check(g.teacher in teachers, f"{who} is taught by unknown teacher {g.teacher!r}")
    if g.one_per_day:
        _check(1 <= g.sessions <= 7, f"{who} has {g.sessions} sessions a week: it must be 1 … 7 (one per day)")
    else:
        most = len(problem.slots)
        _check(1 <= g.sessions <= most, f"{who} has {g.sessions} sessions a week: it must be 1 … {most} (grid slots)")
    _check(g.length > 0, f"{who} has session length {g.length}: it must be positive")
    _check(0 <= g.min_size <= g.max_size, f"{who} has min size {g.min_size} > max size {g.max_size}")
    _check(g.max_size > 0, f"{who} has max size {g.max_size}: it must be positive")
    unknown = [c for c in g.communities if c not in communities]
    _check(not unknown, f"{who} may meet in unknown community(ies) {', '.join(map(repr, unknown))}")
    unknown = [v for v in g.venues if v not in venues]
    _check(not unknown, f"{who} may meet in unknown venue(s) {', '.join(map(repr, unknown))}")
    _check(len(g.pinned) <= g.sessions, f"{who} pins {len(g.pinned)} sessions but has only {g.sessions}")
    _check(len(g.previous) <= g.sessions, f"{who} had {len(g.previous)} previous sessions, more than {g.sessions}")
    for kind, placements in (("pinned", g.pinned), ("previous", g.previous)):
        for p in placements:
            if p.slot not in problem.slot_index:
                raise ProblemError(f"{who} has a {kind} session at {p.slot.label}, which is not in the slot grid")
            if p.venue is not None and p.venue not in venues:
                raise ProblemError(f"{who} has a {kind} session in unknown venue {p.venue!r}")
        days = [p.slot.weekday for p in placements]
        if g.one_per_day:
            _check(len(days) == len(set(days)), f"{who} has two {kind} sessions on the same day")
    _check(g.min_days >= 0, f"{who} has min_days={g.min_days}: it must be ≥ 0")
    outside = [s.label for s in g.starts if s not in problem.slot_index]
    _check(not outside, f"{who} may start at {', '.join(outside)}, which is not in the slot grid")


def _known(what: str, ids: tuple[str, ...], groups: set[str]) -> None:
    unknown = [g for g in ids if g not in groups]
    _check(not unknown, f"{what} names unknown group(s) {', '.join(map(repr, unknown))}")
    twice = sorted(g for g, n in Counter(ids).items() if n > 1)
    _check(not twice, f"{what} lists group(s) {', '.join(map(repr, twice))} twice")


def validate_group_sets(problem: Problem, groups: set[str]) -> None:
    ids = [c.id for c in problem.cohorts]
    twice = sorted(i for i, n in Counter(ids).items() if n > 1)
    _check(not twice, f"duplicate cohort id(s): {', '.join(map(repr, twice))}")
    for c in problem.cohorts:
        _known(f"cohort {c.name!r} ({c.id})", c.groups, groups)
        _check(c.max_gaps is None or c.max_gaps >= 0, f"cohort {c.name!r} allows {c.max_gaps} gaps: it must be ≥ 0")
    for a in problem.apart:
        _known(f"apart set {a.id!r}", a.groups, groups)
        _check(a.days >= 1, f"apart set {a.id!r} asks for {a.days} days apart: it must be ≥ 1")
        _check(a.per_day >= 0, f"apart set {a.id!r} allows {a.per_day} sessions a day: it must be ≥ 0")
    for i, together in enumerate(problem.together):
        _known(f"together set #{i + 1}", together, groups)
        sessions = {problem.group[g].sessions for g in together}
        _check(len(sessions) <= 1, f"together set #{i + 1} mixes groups with different numbers of sessions")
