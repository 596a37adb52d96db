"""Residents' demand, aggregated for the model without losing anything the objective depends on.

A (resident, group) interest is attendable when every session of the group lies inside the resident's
free windows and no session of it overlaps a session of the resident's other groups. For a given group
that depends only on (a) which of the group's candidate slots lie outside the resident's free windows and
(b) which of the resident's other groups could overlap it at a time the resident is free for it. Residents
equal in both collapse into one ``Interest`` with a count, so 250,000 residents become far fewer terms.
Slot and point sets are int bitmasks here (bit i = slot index i) because this loop sees every interest.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from scheduler.model.candidates import Candidates
from scheduler.model.overlaps import bits
from scheduler.problem import Problem, Window


@dataclass(frozen=True)
class Interest:
    """``count`` residents interested in ``group``, with identical blocked slots and possible clashes."""

    group: str
    blocked: frozenset[int]  # candidate slots of the group outside these residents' free windows
    others: frozenset[str]  # their other groups that could overlap this one when they are free for it
    count: int


@dataclass(frozen=True)
class Demand:
    interests: tuple[Interest, ...]  # attendable for some timetable
    hopeless: int  # interests no timetable can make attendable (too few free candidate slots)
    total: int  # all (resident, group) interests
    shared: dict[tuple[str, str], int]  # (g, h) with g < h, able to overlap → residents interested in both

    @cached_property
    def pairs(self) -> tuple[tuple[str, str], ...]:
        return tuple(sorted(self.shared))


def _mask(indices: object) -> int:
    out = 0
    for i in indices:
        out |= 1 << i
    return out


class _Groups:
    """Per group: candidate slots and the grid points each candidate slot covers, as bitmasks."""

    def __init__(self, problem: Problem, cands: Candidates, teachers_apart: bool = True) -> None:
        self.slots: dict[str, int] = {}
        self.points_of_slot: dict[str, dict[int, int]] = {}
        self.points: dict[str, int] = {}
        for gid, c in cands.of.items():
            length = problem.group[gid].length
            self.slots[gid] = _mask(c.slots)
            self.points_of_slot[gid] = {t: _mask(cands.covers(t, length)) for t in c.slots}
            self.points[gid] = _mask(p for t in c.slots for p in cands.covers(t, length))
        # groups with the same key never overlap (one teacher); without the teacher rules, only a group itself
        self.teacher = {g.id: g.teacher if teachers_apart else g.id for g in problem.groups}
        self.sessions = {g.id: g.sessions for g in problem.groups}

    def points_within(self, g: str, slots: int) -> int:
        out = 0
        for t, pts in self.points_of_slot[g].items():
            if slots >> t & 1:
                out |= pts
        return out


Answer = tuple[tuple[Window, ...], tuple[str, ...], int]  # free windows, interests, how many residents


def answers_of(problem: Problem) -> list[Answer]:
    """Residents with the same free windows and interests, counted once (ids avoid re-hashing windows)."""
    frees = {id(r.free): r.free for r in problem.residents}
    counted = Counter((id(r.free), r.interests) for r in problem.residents)
    return [(frees[f], interests, n) for (f, interests), n in counted.items()]


def aggregate(
    problem: Problem,
    cands: Candidates,
    answers: list[Answer] | None = None,
    own: frozenset[str] | None = None,
    fixed: dict[str, int] | None = None,
    teachers_apart: bool = True,
) -> Demand:
    """Collapse residents into weighted interests (see the module docstring).

    For a block of a decomposition: ``own`` are the groups whose interests this block counts in full;
    ``fixed`` maps groups already placed by earlier blocks to the grid points they cover. An interest in
    a fixed group that fits and has no clash among fixed groups only counts the clashes with own groups
    (the rest was counted before). Every interest must name a group of ``problem`` or of ``fixed``; a fixed
    group left out of ``problem`` must be one no own group can overlap (it only tells which late interests
    were missed already). ``teachers_apart=False`` (a relaxation without the teacher rules): groups of one
    teacher may overlap too, so they count among each other's possible clashes.
    """
    groups = _Groups(problem, cands, teachers_apart)
    fixed = fixed or {}
    free_cache: dict[tuple[int, int], int] = {}
    within_cache: dict[tuple[str, int], int] = {}
    window_cache: dict[tuple[Window, int], int] = {}
    counts: Counter[tuple[str, int, frozenset[str]]] = Counter()
    shared: Counter[tuple[str, str]] = Counter()
    hopeless = total = 0
    for free, interests, n in answers_of(problem) if answers is None else answers:
        mine = interests if own is None else [g for g in interests if g in own]
        total += n * len(mine)
        present = interests
        if fixed and not all(g in groups.slots for g in interests):  # fixed groups left out of the model
            present = [g for g in interests if g in groups.slots]
        for i, g in enumerate(present):
            for h in present[i + 1 :]:
                counted_pair = own is None or g in own or h in own
                if counted_pair and groups.teacher[g] != groups.teacher[h] and groups.points[g] & groups.points[h]:
                    shared[(g, h) if g < h else (h, g)] += n
        for g in present:
            length = problem.group[g].length
            key = (id(free), length)
            if key not in free_cache:
                free_cache[key] = _free_mask(cands, free, length, window_cache)
            usable = groups.slots[g] & free_cache[key]
            if g in fixed:
                _late_clashes(g, interests, usable, fixed, groups, own, counts, n)
                continue
            if own is not None and g not in own:
                continue
            if usable.bit_count() < groups.sessions[g]:
                hopeless += n
                continue
            if (g, usable) not in within_cache:
                within_cache[(g, usable)] = groups.points_within(g, usable)
            reach = within_cache[(g, usable)]
            others = frozenset(
                h for h in present if h != g and groups.teacher[h] != groups.teacher[g] and groups.points[h] & reach
            )
            counts[(g, groups.slots[g] & ~usable, others)] += n
    interests = tuple(Interest(g, frozenset(bits(b)), o, n) for (g, b, o), n in counts.items())  # in residents' order
    return Demand(interests, hopeless, total, dict(shared))


def _late_clashes(g, interests, usable, fixed, groups, own, counts, n) -> None:
    """An interest in a fixed group: only its clashes with own groups are still open."""
    if groups.slots[g] & ~usable:
        return  # does not fit the residents' free time: counted as missed already
    if any(h != g and h in fixed and fixed[h] & fixed[g] for h in interests):
        return  # clashes with another fixed group: counted as missed already
    others = frozenset(
        h
        for h in interests
        if h != g and h in (own or ()) and groups.teacher[h] != groups.teacher[g] and groups.points[h] & fixed[g]
    )
    if others:
        counts[(g, 0, others)] += n


def _free_mask(cands: Candidates, free: tuple[Window, ...], length: int, cache: dict[tuple[Window, int], int]) -> int:
    """Slots where a session of ``length`` minutes lies inside one of the ``free`` windows."""
    out = 0
    for w in free:
        if (w, length) not in cache:
            cache[(w, length)] = _mask(cands.slots_inside((w,), length))
        out |= cache[(w, length)]
    return out
