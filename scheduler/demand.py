"""Residents' demand, aggregated for the model without losing anything the objective depends on.

A (resident, group) interest is attendable when every session of the group lies inside the resident's
free windows and no session of it overlaps a session of the resident's other groups. For a given group
that depends only on (a) which of the group's candidate slots lie outside the resident's free windows and
(b) which of the resident's other groups could overlap it at all. Residents equal in both collapse into
one ``Interest`` with a count, so 250,000 residents become a few thousand weighted terms.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from scheduler.candidates import Candidates
from scheduler.problem import Problem, Window


@dataclass(frozen=True)
class Interest:
    """``count`` residents interested in ``group``, with identical blocked slots and possible clashes."""

    group: str
    blocked: frozenset[int]  # candidate slots of the group outside these residents' free windows
    others: frozenset[str]  # their other groups that could overlap this one
    count: int


@dataclass(frozen=True)
class Demand:
    interests: tuple[Interest, ...]  # attendable for some timetable
    hopeless: int  # interests no timetable can make attendable (no candidate slot is free for them)
    total: int  # all (resident, group) interests
    shared: dict[tuple[str, str], int]  # (g, h) with g < h, both able to overlap → residents interested in both

    @cached_property
    def pairs(self) -> tuple[tuple[str, str], ...]:
        return tuple(sorted(self.shared))


class _Reach:
    """Grid points each group may cover, to tell which pairs of groups can overlap at all."""

    def __init__(self, cands: Candidates) -> None:
        self.cands = cands
        self.points = {
            gid: frozenset(p for t in c.slots for p in cands.covers(t, c.group.length)) for gid, c in cands.of.items()
        }

    def can_overlap(self, g: str, h: str) -> bool:
        problem = self.cands.problem
        if problem.group[g].teacher == problem.group[h].teacher:
            return False  # one teacher is never in two places: these two never overlap
        return not self.points[g].isdisjoint(self.points[h])


def aggregate(problem: Problem, cands: Candidates) -> Demand:
    """Collapse residents into weighted interests (see the module docstring)."""
    reach = _Reach(cands)
    free_cache: dict[tuple[tuple[Window, ...], int], frozenset[int]] = {}
    window_cache: dict[tuple[Window, int], frozenset[int]] = {}
    counts: Counter[tuple[str, frozenset[int], frozenset[str]]] = Counter()
    shared: Counter[tuple[str, str]] = Counter()
    hopeless = total = 0
    for r in problem.residents:
        groups = r.interests
        total += len(groups)
        for i, g in enumerate(groups):
            for h in groups[i + 1 :]:
                pair = (g, h) if g < h else (h, g)
                if reach.can_overlap(*pair):
                    shared[pair] += 1
        for g in groups:
            slots = cands.of[g].slots
            key = (r.free, problem.group[g].length)
            if key not in free_cache:
                free_cache[key] = _free_slots(cands, r.free, key[1], window_cache)
            blocked = frozenset(t for t in slots if t not in free_cache[key])
            if len(blocked) == len(slots) or len(slots) - len(blocked) < problem.group[g].sessions:
                hopeless += 1
                continue
            others = frozenset(h for h in groups if h != g and reach.can_overlap(g, h))
            counts[(g, blocked, others)] += 1
    interests = tuple(Interest(g, b, o, n) for (g, b, o), n in sorted(counts.items(), key=_order))
    return Demand(interests, hopeless, total, dict(shared))


def _order(item: tuple[tuple[str, frozenset[int], frozenset[str]], int]) -> tuple:
    (g, blocked, others), _ = item
    return (g, sorted(blocked), sorted(others))


def _free_slots(
    cands: Candidates, free: tuple[Window, ...], length: int, cache: dict[tuple[Window, int], frozenset[int]]
) -> frozenset[int]:
    """Slots where a session of ``length`` minutes lies inside one of the ``free`` windows."""
    result: set[int] = set()
    for w in free:
        if (w, length) not in cache:
            cache[(w, length)] = cands.slots_inside((w,), length)
        result |= cache[(w, length)]
    return frozenset(result)
