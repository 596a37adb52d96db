"""The decision variables of one model, reached through query methods only.

Sessions of a group are interchangeable, so the model decides per group and slot, not per session:
``meets(g, t)`` is true when group g has a session at slot t, and ``place(g, t, v)`` when that session is
in venue v. This removes the symmetry between a group's sessions (they are numbered by weekday
afterwards) and halves the variables of a two-session group. Derived variables (``clash``, ``uses``) are
made on first request, with the constraints that define them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import combinations, product

from ortools.sat.python import cp_model

from scheduler.model.candidates import Candidates
from scheduler.model.overlaps import Overlaps
from scheduler.problem import Group, Problem

Literal = cp_model.IntVar
PATTERN_LIMIT = 400  # more patterns than this: the group decides by slot alone


class Variables:
    def __init__(self, model: cp_model.CpModel, cands: Candidates, pattern_limit: int = PATTERN_LIMIT) -> None:
        self.model = model
        self.cands = cands
        self.problem = cands.problem
        self._meets: dict[str, dict[int, Literal]] = {}
        self._place: dict[str, dict[int, dict[str, Literal]]] = {}
        self._covers: dict[tuple[int, int], tuple[int, ...]] = {}
        self._covering: dict[str, dict[int, list[Literal]]] = {}
        self._clash: dict[tuple[str, str], Literal | int] = {}
        self._uses: dict[tuple[str, str], Literal] = {}
        self._patterns: dict[str, list[tuple[frozenset[int], Literal]] | None] = {}
        self.count = 0
        self.pattern_limit = pattern_limit  # 0: no patterns (the naive baseline)
        self.overlaps = Overlaps(self)
        for gid, c in cands.of.items():
            self._add_group(gid, c.venues_at)

    def _new(self, name: str) -> Literal:
        self.count += 1
        return self.model.new_bool_var(name)

    new_literal = _new

    def _add_group(self, gid: str, venues_at: dict[int, tuple[str, ...]]) -> None:
        meets: dict[int, Literal] = {}
        place: dict[int, dict[str, Literal]] = {}
        covering: dict[int, list[Literal]] = {}
        length = self.problem.group[gid].length
        for t, venues in venues_at.items():
            lit = meets[t] = self._new(f"meets[{gid},{t}]")
            if len(venues) == 1:
                place[t] = {venues[0]: lit}  # one venue: the placement is the meeting itself
            else:
                place[t] = {v: self._new(f"place[{gid},{t},{v}]") for v in venues}
                self.model.add_exactly_one([*place[t].values(), lit.Not()])
            for p in self.covers(t, length):
                covering.setdefault(p, []).append(lit)
        self._meets[gid], self._place[gid], self._covering[gid] = meets, place, covering

    # Queries -----------------------------------------------------------------------------------------
    def covers(self, t: int, length: int) -> tuple[int, ...]:
        key = (t, length)
        if key not in self._covers:
            self._covers[key] = self.cands.covers(t, length)
        return self._covers[key]

    def slots(self, g: str) -> tuple[int, ...]:
        return tuple(self._meets[g])

    def meets(self, g: str, t: int) -> Literal | None:
        return self._meets[g].get(t)

    def meetings(self, g: str) -> Iterator[tuple[int, Literal]]:
        return iter(self._meets[g].items())

    def venues(self, g: str, t: int) -> tuple[str, ...]:
        return tuple(self._place[g][t])

    def place(self, g: str, t: int, v: str) -> Literal | None:
        return self._place[g].get(t, {}).get(v)

    def placements(self, g: str) -> Iterator[tuple[int, str, Literal]]:
        for t, by_venue in self._place[g].items():
            for v, lit in by_venue.items():
                yield t, v, lit

    def covering(self, g: str, point: int) -> list[Literal]:
        """Meeting literals of group g whose session covers grid point ``point``."""
        return self._covering[g].get(point, [])

    def points(self, g: str) -> tuple[int, ...]:
        return tuple(self._covering[g])

    def on_day(self, g: str, day: int) -> list[Literal]:
        slots = self.problem.slots
        return [lit for t, lit in self._meets[g].items() if slots[t].weekday == day]

    def patterns(self, g: str) -> list[tuple[frozenset[int], Literal]] | None:
        """The group's whole weekly patterns (its sessions' slots, on different days), exactly one chosen.

        Made on first request, linked to ``meets``; None when the group has more than ``pattern_limit``.
        """
        if g not in self._patterns:
            self._patterns[g] = self._make_patterns(g, self.pattern_limit) if self.pattern_limit else None
        return self._patterns[g]

    def _make_patterns(self, g: str, limit: int) -> list[tuple[frozenset[int], Literal]] | None:
        combos = weekly_patterns(self.problem, self._meets[g], self.problem.group[g], limit)
        if combos is None:
            return None
        out = [(c, self._new(f"pattern[{g}]")) for c in combos]
        self.model.add_exactly_one([lit for _, lit in out])
        for t, lit in self._meets[g].items():
            self.model.add(lit == sum(y for c, y in out if t in c))
        return out

    # Derived variables -------------------------------------------------------------------------------
    def clash(self, g: str, h: str) -> Literal | int:
        """True when some session of g overlaps some session of h (0 when they never can)."""
        key = (g, h) if g < h else (h, g)
        if key not in self._clash:
            if self.patterns(key[0]) is not None and self.patterns(key[1]) is not None:
                self._clash[key] = self.overlaps.clash(*key)  # strong: through the weekly patterns
            elif common := sorted(set(self._covering[key[0]]) & set(self._covering[key[1]])):
                lit = self._clash[key] = self._new(f"clash[{key[0]},{key[1]}]")
                for p in common:
                    a, b = sum(self.covering(key[0], p)), sum(self.covering(key[1], p))
                    self.model.add(a + b <= 1 + lit)
            else:
                self._clash[key] = 0
        return self._clash[key]

    def uses(self, g: str, v: str) -> Literal:
        """True when some session of g is in venue v."""
        key = (g, v)
        if key not in self._uses:
            lits = [by_venue[v] for by_venue in self._place[g].values() if v in by_venue]
            if len(lits) == 1:
                self._uses[key] = lits[0]
            else:
                lit = self._uses[key] = self._new(f"uses[{g},{v}]")
                for x in lits:
                    self.model.add_implication(x, lit)
                self.model.add_bool_or([*lits, lit.Not()])
        return self._uses[key]


def weekly_patterns(
    problem: Problem, slots: Iterable[int], group: Group, limit: int = PATTERN_LIMIT
) -> list[frozenset[int]] | None:
    """Every weekly pattern of ``group`` from its candidate ``slots``: one slot on each of ``sessions`` different
    days; None when its sessions may share a day, or it has more than ``limit`` patterns."""
    if not group.one_per_day:
        return None  # patterns are one slot per day
    by_day: dict[int, list[int]] = {}
    for t in slots:
        by_day.setdefault(problem.slots[t].weekday, []).append(t)
    if len(by_day) < group.sessions:
        return None
    combos: list[frozenset[int]] = []
    for days in combinations(sorted(by_day), group.sessions):
        size = 1
        for d in days:
            size *= len(by_day[d])
        if len(combos) + size > limit:
            return None
        combos.extend(frozenset(c) for c in product(*(by_day[d] for d in days)))
    return combos
