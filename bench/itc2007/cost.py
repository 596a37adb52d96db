"""The ITC-2007 Track 3 cost of a solution, computed from the instance and the solution lines alone.

Independent of the engine: it follows the competition's definitions (hard: lectures, conflicts, availability,
room occupation; soft: room capacity ×1 per student, min working days ×5 per day, curriculum compactness ×2 per
isolated lecture per curriculum, room stability ×1 per extra room of a course), so the benchmark can show that
the engine's verifier, with the ITC weights, computes the same figure as the official validator.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations

from bench.itc2007.ctt import Instance, Lecture

MIN_WORKING_DAYS, COMPACTNESS, ROOM_STABILITY = 5, 2, 1


@dataclass(frozen=True)
class Cost:
    lectures: int  # hard: missing or surplus lectures
    conflicts: int  # hard: two lectures of one teacher or one curriculum in one period
    availability: int  # hard: a lecture at an unavailable period
    room_occupation: int  # hard: a second lecture in one room and period
    room_capacity: int  # soft, weighted
    min_working_days: int  # soft, weighted
    curriculum_compactness: int  # soft, weighted
    room_stability: int  # soft, weighted

    @property
    def violations(self) -> int:
        return self.lectures + self.conflicts + self.availability + self.room_occupation

    @property
    def total(self) -> int:
        return self.room_capacity + self.min_working_days + self.curriculum_compactness + self.room_stability


def cost(instance: Instance, lectures: tuple[Lecture, ...] | list[Lecture]) -> Cost:
    ppd = instance.periods_per_day
    room_of: dict[tuple[str, int], str] = {}  # (course, period) → room; a repeated line overwrites
    for x in lectures:
        room_of[(x.course, x.day * ppd + x.period)] = x.room
    at: dict[str, set[int]] = defaultdict(set)
    for c, p in room_of:
        at[c].add(p)
    return Cost(
        lectures=sum(abs(len(at[c.id]) - c.lectures) for c in instance.courses),
        conflicts=_conflicts(instance, at),
        availability=sum(1 for c, d, p in instance.unavailable if d * ppd + p in at[c]),
        room_occupation=_occupation(room_of),
        room_capacity=_capacity(instance, room_of),
        min_working_days=MIN_WORKING_DAYS
        * sum(max(0, c.min_days - len({p // ppd for p in at[c.id]})) for c in instance.courses),
        curriculum_compactness=COMPACTNESS * _isolated(instance, at),
        room_stability=ROOM_STABILITY * _extra_rooms(room_of),
    )


def _conflicts(instance: Instance, at: dict[str, set[int]]) -> int:
    pairs: set[tuple[str, str]] = set()
    by_teacher: dict[str, list[str]] = defaultdict(list)
    for c in instance.courses:
        by_teacher[c.teacher].append(c.id)
    for group in [*by_teacher.values(), *(q.courses for q in instance.curricula)]:
        pairs.update(tuple(sorted(pair)) for pair in combinations(group, 2) if pair[0] != pair[1])
    return sum(len(at[a] & at[b]) for a, b in pairs)


def _occupation(room_of: dict[tuple[str, int], str]) -> int:
    used: dict[tuple[str, int], int] = defaultdict(int)
    for (_, p), r in room_of.items():
        used[(r, p)] += 1
    return sum(n - 1 for n in used.values() if n > 1)


def _capacity(instance: Instance, room_of: dict[tuple[str, int], str]) -> int:
    students = {c.id: c.students for c in instance.courses}
    capacity = {r.id: r.capacity for r in instance.rooms}
    return sum(max(0, students[c] - capacity[r]) for (c, _), r in room_of.items())


def _isolated(instance: Instance, at: dict[str, set[int]]) -> int:
    ppd, out = instance.periods_per_day, 0
    for q in instance.curricula:
        count: dict[int, int] = defaultdict(int)
        for c in q.courses:
            for p in at[c]:
                count[p] += 1
        for p, n in count.items():
            before = count.get(p - 1, 0) if p % ppd else 0
            after = count.get(p + 1, 0) if p % ppd != ppd - 1 else 0
            if not before and not after:
                out += n
    return out


def _extra_rooms(room_of: dict[tuple[str, int], str]) -> int:
    rooms: dict[str, set[str]] = defaultdict(set)
    for (c, _), r in room_of.items():
        rooms[c].add(r)
    return sum(len(rs) - 1 for rs in rooms.values())
