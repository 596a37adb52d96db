"""Where and when each group may meet at all, computed once before any variable is made.

A (slot, venue) pair is a candidate for a group when every filtering hard rule allows it (each rule module in
``rules/`` owns its filter): the grid slot is long enough, the teacher is available for the whole session, the
venue is one the group may use (community or list), is big enough, has the facilities and step-free access,
and is open for the whole session.
Filtering here keeps the model small; the verifier re-checks every one of these rules on its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from scheduler.model.rules import (
    allowed_venues,
    blocked,
    capacity,
    facilities,
    start_times,
    step_free,
    teacher_availability,
    venue_opening,
)
from scheduler.problem import Group, Problem, Venue, covered


@dataclass(frozen=True)
class GroupCandidates:
    """The candidate slots (indices into ``problem.slots``) of one group and the venues usable at each."""

    group: Group
    venues_at: dict[int, tuple[str, ...]]  # slot index → candidate venue ids, only non-empty entries

    @property
    def slots(self) -> tuple[int, ...]:
        return tuple(self.venues_at)

    @cached_property
    def venues(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(v for vs in self.venues_at.values() for v in vs))


def venue_suits(group: Group, venue: Venue) -> bool:
    """Static fit of a venue to a group: where it may meet, capacity, facilities, step-free access."""
    return (
        allowed_venues.allows(group, venue)
        and capacity.allows(group, venue)
        and facilities.allows(group, venue)
        and step_free.allows(group, venue)
    )


def group_slots(problem: Problem, group: Group, slots: frozenset[int]) -> frozenset[int]:
    """``slots`` without those the group's own rules forbid: blocked times, start times it may not use."""
    if not group.blocked and not group.starts:
        return slots
    allowed = start_times.allowed_slots(problem, group)
    out = set()
    for i in slots:
        if allowed is not None and i not in allowed:
            continue
        if blocked.allows(group, problem.slots[i]):
            out.add(i)
    return frozenset(out)


class Candidates:
    """Candidate slots and venues of every group of a problem, with the occupancy geometry of the grid."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self._open: dict[tuple[str, int], frozenset[int]] = {}
        self._available: dict[tuple[str, int], frozenset[int]] = {}
        self._by_community: dict[str, list[Venue]] = {}
        self._covers: dict[tuple[int, int], tuple[int, ...]] = {}
        for v in problem.venues:
            self._by_community.setdefault(v.community, []).append(v)
        self.of: dict[str, GroupCandidates] = {g.id: self._group(g) for g in problem.groups}

    def slots_inside(self, windows: tuple, length: int) -> frozenset[int]:
        return frozenset(
            i
            for i, s in enumerate(self.problem.slots)
            if length <= s.length and covered(windows, s.weekday, s.start, s.start + length)
        )

    def open_slots(self, venue: Venue, length: int) -> frozenset[int]:
        key = (venue.id, length)
        if key not in self._open:
            self._open[key] = self.slots_inside(venue_opening.windows(venue), length)
        return self._open[key]

    def teacher_slots(self, teacher_id: str, length: int) -> frozenset[int]:
        key = (teacher_id, length)
        if key not in self._available:
            self._available[key] = self.slots_inside(teacher_availability.windows(self.problem, teacher_id), length)
        return self._available[key]

    def suitable_venues(self, group: Group) -> list[Venue]:
        if group.venues:
            pool = [self.problem.venue[v] for v in group.venues]
        else:
            pool = [v for c in group.allowed_communities for v in self._by_community.get(c, [])]
        return [v for v in pool if venue_suits(group, v)]

    def _group(self, group: Group) -> GroupCandidates:
        teacher_ok = group_slots(self.problem, group, self.teacher_slots(group.teacher, group.length))
        venues = self.suitable_venues(group)
        venues_at: dict[int, tuple[str, ...]] = {}
        for i in sorted(teacher_ok):
            here = tuple(v.id for v in venues if i in self.open_slots(v, group.length))
            if here:
                venues_at[i] = here
        if len(group.pinned) == group.sessions and all(p.venue for p in group.pinned):
            # Fully pinned (a fixed neighbour in a decomposition, or a frozen group): only its pins remain.
            pins = {self.problem.slot_index[p.slot]: p.venue for p in group.pinned}
            venues_at = {t: (v,) for t, v in sorted(pins.items()) if v in venues_at.get(t, ())}
        return GroupCandidates(group, venues_at)

    @cached_property
    def day_points(self) -> dict[int, tuple[int, ...]]:
        """Slot indices of each weekday in time order: the points where overlaps are checked."""
        days: dict[int, list[int]] = {}
        for i, s in enumerate(self.problem.slots):
            days.setdefault(s.weekday, []).append(i)
        return {d: tuple(sorted(ix, key=lambda i: self.problem.slots[i].start)) for d, ix in sorted(days.items())}

    def covers(self, slot: int, length: int) -> tuple[int, ...]:
        """Grid points (slot indices) inside a session of ``length`` minutes starting at ``slot``.

        Two sessions overlap exactly when some grid point lies inside both, because every session starts
        at a grid point: so "at most one at a time" becomes "at most one covering each point".
        """
        key = (slot, length)
        found = self._covers.get(key)
        if found is None:
            s = self.problem.slots[slot]
            found = self._covers[key] = tuple(
                p for p in self.day_points[s.weekday] if s.start <= self.problem.slots[p].start < s.start + length
            )
        return found
