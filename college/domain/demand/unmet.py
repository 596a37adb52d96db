"""Unmet demand as the proposal engine's input (``scheduler.propose.Demand``). No Django import: records and the
published timetable's meetings in, dataclasses out, so the pages and ``bench.demand`` build the same input.

- a wish for an activity is unmet when no scheduled group within the resident's reach offers it
  (``activity_groups``) and the resident has no interest in a group of the activity yet (a proposal taken on
  waits for 报备 as an unregistered group with their wish);
- a resident's busy times are the published sessions of their groups and of the groups meeting their other wishes;
- a teacher's sessions left are their weekly maximum minus their published sessions; they may teach in their
  home community and where they already teach;
- a new group of an activity takes the shape of the activity's groups (most common sessions a week and length,
  median sizes, the facilities all of them need), or one 90-minute session for 5–20 people when none exists.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from statistics import median_low

from college.domain.demand.activity_wishes import activity_groups
from college.domain.records.types import CollegeRecords, GroupRecord, TermRecord
from scheduler.problem import Window
from scheduler.propose import Activity, Busy, Demand, Resident, Room, Tutor, Wish

DEFAULT_SHAPE = (1, 90, 5, 20)  # sessions a week, minutes, min size, max size


@dataclass(frozen=True)
class Meeting:
    """One session of the published timetable."""

    group: str
    weekday: int
    start: int
    end: int
    venue: str
    teacher: str


def _win(windows: Iterable) -> tuple[Window, ...]:
    return tuple(Window(w.weekday, w.start, w.end) for w in windows)


class _Windows:
    """Converts record windows to scheduler windows, one shared tuple per list of records' windows (the generator and
    the database reader share them), so the engine's caches see one object."""

    def __init__(self) -> None:
        self._seen: dict[int, tuple[object, tuple[Window, ...]]] = {}

    def __call__(self, windows: tuple) -> tuple[Window, ...]:
        found = self._seen.get(id(windows))
        if found is None or found[0] is not windows:
            found = self._seen[id(windows)] = (windows, _win(windows))
        return found[1]


def activity_shape(key: str, category: str, name: str, groups: list[GroupRecord], term: TermRecord) -> Activity:
    if not groups:
        sessions, length, low, high = DEFAULT_SHAPE
        length = length if length in term.session_lengths else min(term.session_lengths)
        return Activity(key, name, category, sessions, length, low, high)
    sessions = Counter(g.sessions_per_week for g in groups).most_common(1)[0][0]
    length = Counter(g.session_minutes for g in groups).most_common(1)[0][0]
    low = median_low([g.min_size for g in groups])
    high = max(low, median_low([g.max_size for g in groups]))
    needs = frozenset.intersection(*(frozenset(g.facilities) for g in groups))
    return Activity(key, name, category, sessions, length, low, high, needs)


def demand_of(
    records: CollegeRecords,
    term: TermRecord,
    meetings: Iterable[Meeting],
    openings: int,
    communities: set[str] | None = None,
) -> Demand:
    """The proposal input of ``term``; ``communities``: propose only there (None: everywhere)."""
    meetings = list(meetings)
    scheduled = {m.group for m in meetings}
    group = {g.key: g for g in records.groups}
    met = activity_groups(records, scheduled)
    open_wishes = [w for w in records.activity_wishes if (w.resident, w.activity) not in met]
    wishing = {w.resident for w in open_wishes}
    interested: dict[str, set[str]] = defaultdict(set)  # resident → groups (of those with open wishes)
    for i in records.interests:
        if i.resident in wishing:
            interested[i.resident].add(i.group)
    for (resident, _activity), g in met.items():
        if resident in wishing:
            interested[resident].add(g)
    pending = {(r, group[g].activity) for r, gs in interested.items() for g in gs if g in group and group[g].activity}
    wishes = []
    for w in open_wishes:
        reach = tuple(c for c in w.communities if communities is None or c in communities)
        if reach and (w.resident, w.activity) not in pending:
            wishes.append(Wish(w.resident, w.activity, reach))
    windows_of: dict[str, tuple[Window, ...]] = {}
    for m in meetings:
        windows_of[m.group] = (*windows_of.get(m.group, ()), Window(m.weekday, m.start, m.end))
    wishing = {w.resident for w in wishes}
    win = _Windows()
    residents = tuple(
        Resident(r.key, win(r.free), tuple(w for g in sorted(interested[r.key]) for w in windows_of.get(g, ())))
        for r in records.residents
        if r.key in wishing
    )
    by_activity: dict[str, list[GroupRecord]] = defaultdict(list)
    for g in records.groups:
        if g.activity:
            by_activity[g.activity].append(g)
    activities = tuple(activity_shape(a.key, a.category, a.name, by_activity[a.key], term) for a in records.activities)
    venue = {v.key: v for v in records.venues}
    teaching: dict[str, list[Meeting]] = defaultdict(list)
    hosting: dict[str, list[Window]] = defaultdict(list)
    for m in meetings:
        teaching[m.teacher].append(m)
        hosting[m.venue].append(Window(m.weekday, m.start, m.end))
    tutors = tuple(
        Tutor(
            t.key, t.name, t.community, frozenset(t.skills), frozenset(t.activities), _win(t.availability),
            max(0, t.max_sessions_per_week - len(teaching[t.key])),
            tuple(Busy(Window(m.weekday, m.start, m.end), venue[m.venue].community) for m in teaching[t.key]),
            tuple(sorted({group[m.group].community for m in teaching[t.key]} - {t.community})),
        )
        for t in records.teachers
    )  # fmt: skip
    rooms = tuple(
        Room(v.key, v.name, v.community, v.capacity, frozenset(v.facilities), _win(v.opening), tuple(hosting[v.key]))
        for v in records.venues
        if communities is None or v.community in communities
    )
    return Demand(term.slot_starts, activities, residents, tuple(wishes), tutors, rooms, openings)
