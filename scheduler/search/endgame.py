"""The end of placing and evicting: a few units left over, placed by small CP-SAT searches around them.

When every class fills its week, the last units do not fit by single evictions: a class's lessons must trade
periods along chains through their teachers, and a one-a-day set's lessons trade days. A neighbourhood of the
timetable in hand is freed (every unit on two weekdays, or a left-over unit's classes and those of units in its
way), everything else stays, and a short CP-SAT search places every freed unit with the left-over one, or finds
none. A class (or teacher) whose freed lessons need every free period it has covers each exactly once: said
outright, CP-SAT's propagation settles most neighbourhoods in a fraction of a second.
"""

from __future__ import annotations

import random
import time

from scheduler.search.neighbourhood import Neighbourhood
from scheduler.search.units import COHORT, Board, Where

SIZE = 200  # units freed about: larger ones are seldom settled in a second, smaller ones seldom hold a way out
DAYS = 0.75  # of the neighbourhoods: two weekdays' units; the others: a few classes' units
SECONDS = 0.6  # one neighbourhood's search at most
PATIENCE = 10.0  # seconds without one more unit placed before the endgame gives up (a fresh attempt may do better)


def finish(board: Board, where: Where, deadline: float, seed: int = 0, stop=None) -> Where | None:
    """``where`` completed to place every unit, or None when the ``deadline`` comes first, ``PATIENCE`` seconds
    pass without placing one more, or ``stop()``."""
    rng = random.Random(seed)
    where = dict(where)
    by_key = board.by_key
    until = min(deadline, time.perf_counter() + PATIENCE)
    while len(where) < len(board.units):
        left = until - time.perf_counter()
        if left <= 0 or (stop is not None and stop()):
            return None
        unit = rng.choice([u for u in range(len(board.units)) if u not in where])
        free = _days(board, where, unit, rng) if rng.random() < DAYS else _classes(board, where, unit, by_key, rng)
        found = _search(board, where, free, min(SECONDS, left), rng)
        if found is not None:
            placed, where = len(where), {**where, **found}
            if len(where) > placed:
                until = min(deadline, time.perf_counter() + PATIENCE)
    return where


def _days(board: Board, where: Where, unit: int, rng: random.Random) -> set[int]:
    """A left-over unit and every unit on two weekdays: one where its classes have a free period, one that its
    hard min-days sets leave open (or any). Lessons trade periods within and between the two days, as a one-a-day
    set's must; a day where its classes are full would hold one lesson too many for them."""
    problem, cands = board.problem, board.cands
    weekday = [s.weekday for s in problem.slots]
    classes = {k for g in board.units[unit] for k in board.keys[g] if k.startswith(COHORT)}
    sets = {a.id for g in board.units[unit] for a in board.aparts[g] if a.hard}
    full, taken = set(), set()  # (class, grid point) held; weekdays of its sets' placed units
    for u, (t, _) in where.items():
        for g in board.units[u]:
            full |= {(k, p) for k in classes & set(board.keys[g]) for p in cands.covers(t, problem.group[g].length)}
            if sets & {a.id for a in board.aparts[g]}:
                taken.add(weekday[t])
    days = sorted(set(weekday))
    room = [
        weekday[t]
        for t in board.slots[unit]
        if all(
            (k, p) not in full
            for g in board.units[unit]
            for k in classes
            for p in cands.covers(t, problem.group[g].length)
        )
    ]
    first = rng.choice(room or days)
    second = rng.choice([d for d in days if d not in taken and d != first] or days)
    return {unit} | {u for u, (t, _) in where.items() if weekday[t] in {first, second}}


def _classes(board: Board, where: Where, unit: int, by_key: dict[str, list[int]], rng: random.Random) -> set[int]:
    """A left-over unit's classes, then the classes of units in the way of a freed unit at one of its slots (of
    the left-over one every other time), at random, until about ``SIZE`` units are free. Whole classes: a full
    class's lessons can only trade periods."""
    problem, cands = board.problem, board.cands
    held: dict[tuple[str, int], int] = {}  # (key or venue, grid point) → the placed unit holding it
    for u, (t, venues) in where.items():
        for g in board.units[u]:
            for p in cands.covers(t, problem.group[g].length):
                for k in (*board.keys[g], "v:" + venues[g]):
                    held[(k, p)] = u
    free: set[int] = set()
    order: list[int] = []

    def add(u: int) -> None:
        classes = [k for g in board.units[u] for k in board.keys[g] if k.startswith(COHORT)]
        for v in {v for k in classes for v in by_key[k]} | {u}:
            if v not in free:
                free.add(v)
                order.append(v)

    add(unit)
    for _ in range(4 * SIZE):
        if len(free) >= SIZE:
            break
        w = order[0] if rng.random() < 0.5 else rng.choice(order)
        t = rng.choice(board.slots[w])
        blocking = {
            held[(k, p)]
            for g in board.units[w]
            for p in cands.covers(t, problem.group[g].length)
            for k in (*board.keys[g], *("v:" + v for v in cands.of[g].venues_at[t]))
            if (k, p) in held
        } - free
        if blocking:
            add(rng.choice(sorted(blocking)))
    return free


def _search(board: Board, where: Where, free: set[int], seconds: float, rng: random.Random) -> Where | None:
    """New places for every unit of ``free``, the rest of ``where`` fixed; None when CP-SAT finds none in time."""
    found = Neighbourhood(board, where, free).search(seconds, rng)
    return None if found is None else found[0]
