"""The options a proposal run chooses from, and the residents collapsed into classes of the same options.

An option is an activity in a community at a weekly pattern, with the teachers and venues that could take it.
Everything is decided here before any variable exists: a pattern is kept when at least the activity's minimum
size of residents wish for it and are free then, a qualified teacher is free with sessions to spare, and a
suitable venue is open and empty; the best ``PATTERNS_PER_PAIR`` patterns of each activity × community are kept,
each with its first ``TUTORS_PER_OPTION`` teachers and ``ROOMS_PER_OPTION`` venues.

Times are compared as bit masks over the week's (weekday, start) cells of one session length: a pattern fits
a resident, teacher or venue when every cell of the pattern is one of theirs.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from scheduler.problem import Window
from scheduler.propose.problem import Activity, Demand, Pattern, Resident, Room, Tutor

PATTERNS_PER_PAIR = 12
TUTORS_PER_OPTION = 4
ROOMS_PER_OPTION = 3


@dataclass(frozen=True)
class Option:
    index: int
    activity: Activity
    community: str
    pattern: Pattern
    mask: int
    tutors: tuple[str, ...]
    rooms: tuple[str, ...]
    fitting: int  # residents who wish for it, reach it and are free for every session


@dataclass
class Klass:
    """Residents wishing for one activity who fit exactly the same options: interchangeable for the model."""

    activity: str
    options: tuple[int, ...]
    residents: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.residents)


class Cells:
    """Bit masks of the (weekday, start) cells of a session length, for the demand's grid."""

    def __init__(self, demand: Demand) -> None:
        self.demand = demand
        self.starts = sorted(demand.starts)
        self.bit = {(d, s): i for i, (d, s) in enumerate((d, s) for d in demand.days for s in self.starts)}
        self._cache: dict[tuple, int] = {}
        self._keep: list[tuple[Window, ...]] = []

    def pattern(self, p: Pattern) -> int:
        return sum(1 << self.bit[(d, p.start)] for d in p.days)

    def within(self, windows: tuple[Window, ...], length: int) -> int:
        """Cells whose session lies inside one of ``windows`` (cached by the tuple itself: inputs share them)."""
        key = ("in", id(windows), length)
        if key not in self._cache:
            self._keep.append(windows)  # the id stays this tuple's while the cache lives
            self._cache[key] = sum(
                1 << self.bit[(w.weekday, s)]
                for w in windows
                if (w.weekday, self.starts[0]) in self.bit
                for s in self.starts
                if w.start <= s and s + length <= w.end
            )
        return self._cache[key]

    def touching(self, windows: tuple[Window, ...], length: int, pad: int = 0) -> int:
        """Cells whose session overlaps one of ``windows`` (or comes within ``pad`` minutes of it)."""
        mask = 0
        for w in windows:
            for s in self.starts:
                if (w.weekday, s) in self.bit and s < w.end + pad and w.start < s + length + pad:
                    mask |= 1 << self.bit[(w.weekday, s)]
        return mask

    def resident(self, r: Resident, length: int) -> int:
        key = ("r", r.id, length)
        if key not in self._cache:
            free = self.within(r.free, length)
            self._cache[key] = free & ~self.touching(r.busy, length) if r.busy and free else free
        return self._cache[key]

    def tutor(self, t: Tutor, community: str, length: int) -> int:
        key = ("t", t.id, community, length)
        if key not in self._cache:
            travel = self.demand.travel_minutes
            busy = 0
            for b in t.busy:
                busy |= self.touching((b.window,), length, 0 if b.community == community else travel)
            self._cache[key] = self.within(t.availability, length) & ~busy
        return self._cache[key]

    def room(self, v: Room, length: int) -> int:
        key = ("v", v.id, length)
        if key not in self._cache:
            self._cache[key] = self.within(v.opening, length) & ~self.touching(v.busy, length)
        return self._cache[key]


def room_cap(activity: Activity, room: Room) -> int:
    """Residents one group of the activity can take in the room."""
    return min(activity.max_size, room.capacity)


class Candidates:
    def __init__(self, demand: Demand) -> None:
        self.demand = demand
        self.cells = Cells(demand)
        wishers: dict[str, dict[str, set[str]]] = defaultdict(dict)  # activity → resident → communities
        for w in demand.wishes:
            wishers[w.activity].setdefault(w.resident, set()).update(w.communities)
        rooms_of: dict[str, list[Room]] = defaultdict(list)
        for v in demand.rooms:
            rooms_of[v.community].append(v)
        self.options: list[Option] = []
        self.classes: list[Klass] = []
        for a in demand.activities:
            if a.id in wishers:
                self._activity(a, wishers[a.id], rooms_of)
        self.of_option: list[list[int]] = [[] for _ in self.options]
        for k, klass in enumerate(self.classes):
            for o in klass.options:
                self.of_option[o].append(k)
        places: dict[str, set[str]] = defaultdict(set)
        for o in self.options:
            for t in o.tutors:
                places[t].add(o.community)
        # a teacher with options in several communities keeps the travel time after each (one rule for all)
        self.pad = {t: demand.travel_minutes if len(cs) > 1 else 0 for t, cs in places.items()}

    def _activity(self, a: Activity, wishers: dict[str, set[str]], rooms_of: dict[str, list[Room]]) -> None:
        demand, cells = self.demand, self.cells
        masks = {r: cells.resident(demand.resident[r], a.length) for r in wishers}
        by_community: dict[str, Counter[int]] = defaultdict(Counter)
        for r, reach in wishers.items():
            for c in reach:
                by_community[c][masks[r]] += 1
        patterns = [(p, cells.pattern(p)) for p in demand.patterns(a)]
        tutors = [t for t in demand.tutors if t.leads(a) and t.sessions_left >= a.sessions]
        first = len(self.options)
        for c in sorted(by_community):
            counts = by_community[c]
            local = [t for t in tutors if c in t.reach]
            rooms = [v for v in rooms_of.get(c, ()) if v.suits(a)]
            if not local or not rooms or sum(counts.values()) < a.min_size:
                continue
            rooms.sort(key=lambda v: (v.capacity < a.max_size, v.capacity if v.capacity >= a.max_size else -v.capacity,
                                      v.id))  # fmt: skip
            local.sort(key=lambda t: (t.community != c, -t.sessions_left, t.id))
            scored = []
            for p, pm in patterns:
                fitting = sum(n for m, n in counts.items() if pm & ~m == 0)
                if fitting < a.min_size:
                    continue
                free_tutors = [t.id for t in local if pm & ~cells.tutor(t, c, a.length) == 0][:TUTORS_PER_OPTION]
                free_rooms = [v.id for v in rooms if pm & ~cells.room(v, a.length) == 0][:ROOMS_PER_OPTION]
                if free_tutors and free_rooms:
                    scored.append((-fitting, p, pm, tuple(free_tutors), tuple(free_rooms)))
            for minus, p, pm, ts, vs in sorted(scored)[:PATTERNS_PER_PAIR]:
                self.options.append(Option(len(self.options), a, c, p, pm, ts, vs, -minus))
        mine = self.options[first:]
        if not mine:
            return
        by_key: dict[tuple[int, ...], Klass] = {}
        for r in sorted(wishers):
            reach, m = wishers[r], masks[r]
            fits = tuple(o.index for o in mine if o.community in reach and o.mask & ~m == 0)
            if fits:
                by_key.setdefault(fits, Klass(a.id, fits)).residents.append(r)
        self.classes.extend(by_key[k] for k in sorted(by_key))
