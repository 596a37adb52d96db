"""One pure mapping from a college's plain records to the solver's ``Problem``.

Shared by the Django side (which reads records from the database) and the benchmarks (which generate
them), so both solve exactly the same problem. No Django import: records in, dataclasses out.

- the slot grid: every weekday × the term's slot starts; a session of any length may start at a slot
  if it ends by midnight (sessions that overlap the next start are handled by the overlap rules);
- only registered (报备) groups are scheduled; a group without preferred windows gets its audience's;
- each resident keeps their free windows and their enrolled and wished groups (scheduled ones only);
- a wish for an activity counts as a wish for one scheduled group of that activity within the resident's
  reach (``activity_groups``): the first in the order of the communities they listed, then by key.
"""

from __future__ import annotations

from collections import defaultdict

from college.domain.demand.activity_wishes import activity_groups
from college.domain.records.types import CollegeRecords, TermRecord
from college.domain.records.types import Window as WindowRecord
from scheduler.problem import Community, Group, Problem, Resident, Slot, Teacher, Venue, Weights, Window
from scheduler.problem.audience import audience_windows


class _Windows:
    """Converts record windows to scheduler windows, sharing one object per distinct window list."""

    def __init__(self) -> None:
        self._cache: dict[tuple[WindowRecord, ...], tuple[Window, ...]] = {}

    def __call__(self, windows: tuple[WindowRecord, ...]) -> tuple[Window, ...]:
        found = self._cache.get(windows)
        if found is None:
            found = self._cache[windows] = tuple(Window(w.weekday, w.start, w.end) for w in windows)
        return found


def slot_grid(term: TermRecord, longest: int) -> tuple[Slot, ...]:
    return tuple(
        Slot(day, start, min(longest, 24 * 60 - start)) for day in range(7) for start in sorted(term.slot_starts)
    )


def problem_from_records(records: CollegeRecords, term: TermRecord, weights: Weights | None = None) -> Problem:
    """The timetabling problem of ``term`` for the college described by ``records``."""
    win = _Windows()
    groups = tuple(
        Group(
            id=g.key,
            name=g.name,
            community=g.community,
            teacher=g.teacher,
            sessions=g.sessions_per_week,
            length=g.session_minutes,
            min_size=g.min_size,
            max_size=g.max_size,
            facilities=frozenset(g.facilities),
            step_free=g.step_free,
            audience=g.audience,
            preferred=win(g.preferred) if g.preferred else audience_windows(g.audience),
        )
        for g in records.groups
        if g.registered
    )
    scheduled = {g.id for g in groups}
    interests: dict[str, dict[str, list[str]]] = defaultdict(lambda: {"enrolled": [], "wished": []})  # each once
    for i in records.interests:
        mine = interests[i.resident]
        if i.group in scheduled and i.group not in mine["enrolled"] and i.group not in mine["wished"]:
            mine[i.kind].append(i.group)
    for resident, group in activity_groups(records, scheduled).items():
        mine = interests[resident[0]]
        if group not in mine["enrolled"] and group not in mine["wished"]:
            mine["wished"].append(group)
    residents = tuple(
        Resident(r.key, r.community, win(r.free), tuple(mine["enrolled"]), tuple(mine["wished"]))
        for r in records.residents
        if (mine := interests.get(r.key)) and (mine["enrolled"] or mine["wished"])
    )
    longest = max([*term.session_lengths, *(g.length for g in groups)])
    return Problem(
        slots=slot_grid(term, longest),
        communities=tuple(Community(c.key, c.name) for c in records.communities),
        venues=tuple(
            Venue(v.key, v.name, v.community, v.capacity, frozenset(v.facilities), v.step_free, win(v.opening))
            for v in records.venues
        ),
        teachers=tuple(
            Teacher(t.key, t.name, t.community, win(t.availability), t.max_sessions_per_week) for t in records.teachers
        ),
        groups=groups,
        residents=residents,
        weights=weights or Weights(),
        name=f"{records.name} · {term.name}",
    )
