"""Small builders for hand-made problems: every field has a plain default that the test may override."""

from __future__ import annotations

from dataclasses import replace

from scheduler import Assignment, Community, Group, Problem, Resident, Slot, Solution, Teacher, Venue, Weights, Window
from scheduler.search.one_model import solve
from scheduler.verify.timetable import verify

ALL_WEEK = tuple(Window(d, 0, 24 * 60) for d in range(7))
STARTS = (9 * 60, 10 * 60 + 30, 14 * 60 + 30, 16 * 60, 19 * 60)


def grid(
    days: range | tuple[int, ...] = range(7), starts: tuple[int, ...] = STARTS, length: int = 90
) -> tuple[Slot, ...]:
    return tuple(Slot(d, s, length) for d in days for s in starts)


def venue(id: str = "v1", community: str = "c1", capacity: int = 30, **kw: object) -> Venue:
    kw.setdefault("opening", ALL_WEEK)
    return Venue(id=id, name=kw.pop("name", f"venue {id}"), community=community, capacity=capacity, **kw)


def teacher(id: str = "t1", community: str = "c1", max_sessions: int = 10, **kw: object) -> Teacher:
    kw.setdefault("availability", ALL_WEEK)
    return Teacher(id=id, name=kw.pop("name", f"teacher {id}"), community=community, max_sessions=max_sessions, **kw)


def group(id: str = "g1", teacher: str = "t1", sessions: int = 1, **kw: object) -> Group:
    return Group(
        id=id,
        name=kw.pop("name", f"group {id}"),
        community=kw.pop("community", "c1"),
        teacher=teacher,
        sessions=sessions,
        length=kw.pop("length", 90),
        min_size=kw.pop("min_size", 5),
        max_size=kw.pop("max_size", 20),
        **kw,
    )


def resident(id: str, *interests: str, free: tuple[Window, ...] = ALL_WEEK, community: str = "c1") -> Resident:
    return Resident(id=id, community=community, free=free, enrolled=tuple(interests))


def zero_weights(**kw: int) -> Weights:
    """All weights 0 except the ones named: a test then sees one rule's penalty alone."""
    return replace(Weights(**dict.fromkeys(vars(Weights()), 0)), **kw)


def problem(
    groups: tuple[Group, ...] = (),
    venues: tuple[Venue, ...] | None = None,
    teachers: tuple[Teacher, ...] | None = None,
    slots: tuple[Slot, ...] | None = None,
    communities: tuple[str, ...] = ("c1",),
    **kw: object,
) -> Problem:
    return Problem(
        slots=grid() if slots is None else slots,
        communities=tuple(Community(c, f"community {c}") for c in communities),
        venues=(venue(),) if venues is None else venues,
        teachers=(teacher(),) if teachers is None else teachers,
        groups=groups or (group(),),
        **kw,
    )


def solved(p: Problem, **kw: object) -> Solution:
    """Solve a tiny problem and check what every solving test must: no hard violation, same objective."""
    kw.setdefault("time_limit", 5.0)
    kw.setdefault("workers", 1)
    s = solve(p, **kw)
    assert s.status.has_timetable, s.explanation
    report = verify(p, s)
    assert report.violations == ()
    assert report.objective == s.objective
    assert report.penalties == dict(s.penalties)
    return s


def at(p: Problem, group_id: str, index: int, day: int, start: int, venue_id: str = "v1") -> Assignment:
    """A hand-made assignment for verifier tests."""
    slot = next(s for s in p.slots if (s.weekday, s.start) == (day, start))
    return Assignment(group_id, index, slot, venue_id, p.group[group_id].teacher)
