"""A FET file as the engine's own ``Problem``: the one mapping used by the benchmark and the database import.

FET's days and hours become a grid of one-hour slots from 08:00 (a session of n hours may start at an hour when
n hours remain in the day). Each active activity becomes a group meeting once, for its duration, taught by its
first teacher; its students sets and further teachers become cohorts (groups that never overlap). Rooms keep
their capacity; an activity with no room constraint meets in its class's own room (FET gives it none).

Constraints mapped (weight 100% unless said): teacher / students set / room not available, break times,
min days between activities (hard from ``min_days_hard_from`` percent; a softer one costs per pair too close
and, as in FET, keeps at most two of its activities on one day),
activity preferred starting time(s) (below 100%: a soft preference), activities preferred starting times,
activity / subject preferred room(s), activities same starting time. Every other constraint is counted by
name in ``unsupported``; the caller decides whether to go on without them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from scheduler.io.fet.read import Activity, Constraint, FetError, FetFile, StudentsSet
from scheduler.io.fet.rules import TIME_RULES, Draft, Grid
from scheduler.problem import Cohort, Community, Group, Problem, Slot, Teacher, Venue, Weights, Window

HOUR, DAY_START = 60, 8 * 60
SCHOOL = "school"
FET_WEIGHTS = Weights(
    coverage=0, audience=1, clash=0, same_venue=0, spread=0, teacher_days=0, teacher_gaps=0, venue_size=0,
    moved=0, venue_changed=0, overflow=0, min_days=0, isolated=0, apart=1,
)  # fmt: skip


@dataclass(frozen=True)
class FetMapping:
    problem: Problem
    supported: dict[str, int]  # constraint tag → how many were mapped
    unsupported: dict[str, int]  # constraint tag → how many the engine cannot honour
    ignored: int  # inactive constraints and activities, constraints of weight 0
    group_of: dict[int, str]  # FET activity id → group id


def map_fet(fet: FetFile, *, min_days_hard_from: float = 100.0) -> FetMapping:
    if len(fet.days) > 7:
        raise FetError(f"the file has {len(fet.days)} days a week; a weekly timetable has at most 7")
    acts = {a.id: a for a in fet.activities if a.active}
    units = _atomic_units(fet.years)
    grid = Grid(fet.days, fet.hours, acts, units, frozenset(fet.teachers), frozenset(r.name for r in fet.rooms))
    draft = Draft(grid)
    supported: Counter[str] = Counter()
    unsupported: Counter[str] = Counter()
    ignored = len(fet.activities) - len(acts)
    for c in fet.constraints:
        if not c.active or c.weight == 0:
            ignored += 1
            continue
        rule = TIME_RULES.get(c.tag)
        if rule is None or not rule(draft, c, min_days_hard_from):
            unsupported[_label(c)] += 1
        else:
            supported[c.tag] += 1
    problem = _problem(fet, acts, units, draft)
    return FetMapping(problem, dict(supported), dict(unsupported), ignored, {a: f"a{a}" for a in acts})


def _label(c: Constraint) -> str:
    return c.tag if c.weight >= 100 or c.tag not in TIME_RULES else f"{c.tag} (weight {c.weight:g}%)"


def _atomic_units(years: tuple[StudentsSet, ...]) -> dict[str, frozenset[str]]:
    """Each students set's name → the smallest sets inside it (subgroups, or itself when it has none)."""
    out: dict[str, set[str]] = defaultdict(set)

    def walk(s: StudentsSet) -> set[str]:
        inner = set().union(*(walk(c) for c in s.children)) if s.children else {s.name}
        out[s.name] |= inner
        return inner

    for y in years:
        walk(y)
    return {name: frozenset(u) for name, u in out.items()}


def _sizes(s: StudentsSet, out: dict[str, int]) -> int:
    inner = sum(_sizes(c, out) for c in s.children)
    out[s.name] = s.students or inner
    return out[s.name]


def _windows(hours: set[tuple[int, int]]) -> tuple[Window, ...]:
    """(day, hour) cells as windows, consecutive hours of a day merged."""
    out = []
    for d, h in sorted(hours):
        start = DAY_START + h * HOUR
        if out and out[-1].weekday == d and out[-1].end == start:
            out[-1] = Window(d, out[-1].start, start + HOUR)
        else:
            out.append(Window(d, start, start + HOUR))
    return tuple(out)


def _problem(fet: FetFile, acts: dict[int, Activity], units: dict[str, frozenset[str]], draft: Draft) -> Problem:
    every = {(d, h) for d in range(len(fet.days)) for h in range(len(fet.hours))}
    slots = tuple(Slot(d, DAY_START + h * HOUR, (len(fet.hours) - h) * HOUR) for d, h in sorted(every))
    sizes: dict[str, int] = {}
    for y in fet.years:
        _sizes(y, sizes)
    groups, homes = _groups(acts, units, sizes, draft)
    teachers = _teachers(fet, acts, draft, every)
    venues = tuple(
        Venue(f"r:{r.name}", r.name, SCHOOL, max(1, r.capacity), opening=_windows(every - draft.room_off[r.name]))
        for r in fet.rooms
        if not r.virtual
    ) + tuple(Venue(vid, name, SCHOOL, size, opening=_windows(every)) for vid, (name, size) in sorted(homes.items()))
    return Problem(
        slots=slots,
        communities=(Community(SCHOOL, fet.institution or "FET"),),
        venues=venues,
        teachers=teachers,
        groups=groups,
        weights=FET_WEIGHTS,
        cohorts=_cohorts(acts, draft),
        apart=tuple(draft.apart),
        together=tuple(tuple(f"a{a}" for a in t) for t in draft.together),
        name=fet.institution,
    )


def _teachers(fet: FetFile, acts: dict[int, Activity], draft: Draft, every: set) -> tuple[Teacher, ...]:
    load = Counter(a.teachers[0] if a.teachers else f"nobody:{a.id}" for a in acts.values())
    known = dict.fromkeys([*fet.teachers, *load])
    return tuple(
        Teacher(
            t,
            "(no teacher)" if t.startswith("nobody:") else t,
            SCHOOL,
            _windows(every - draft.teacher_off[t] - draft.breaks),
            max(1, load[t]),
        )
        for t in known
    )


def _groups(
    acts: dict[int, Activity], units: dict[str, frozenset[str]], sizes: dict[str, int], draft: Draft
) -> tuple[tuple[Group, ...], dict[str, tuple[str, int]]]:
    groups, homes = [], {}
    for a in acts.values():
        size = max(1, a.size if a.size is not None else sum(sizes.get(s, 0) for s in a.students))
        if a.id in draft.rooms:
            venues = tuple(f"r:{r}" for r in sorted(draft.rooms[a.id]))
            if not venues:
                raise FetError(f"activity {a.id} has room constraints that leave no room at all")
        else:
            home = sorted(units.get(a.students[0], {a.students[0]}))[0] if a.students else f"a{a.id}"
            vid = f"home:{home}"
            name, cap = homes.get(vid, (f"{home} (own room)", 0))
            homes[vid] = (name, max(cap, size))
            venues = (vid,)
        length = a.duration * HOUR
        blocked = set(draft.blocked[a.id]) | {cell for t in a.teachers[1:] for cell in draft.teacher_off[t]}
        groups.append(
            Group(
                id=f"a{a.id}",
                name=" · ".join(x for x in (a.subject, "+".join(a.students), "+".join(a.teachers)) if x),
                community=SCHOOL,
                teacher=a.teachers[0] if a.teachers else f"nobody:{a.id}",
                sessions=1,
                length=length,
                min_size=0,
                max_size=size,
                venues=venues,
                blocked=_windows(blocked),
                starts=tuple(draft.grid.slot(d, h) for d, h in sorted(draft.starts.get(a.id, ()))),
                preferred=tuple(
                    Window(d, DAY_START + h * HOUR, DAY_START + h * HOUR + length)
                    for d, h in sorted(draft.preferred[a.id])
                ),
            )
        )
    return tuple(groups), homes


def _cohorts(acts: dict[int, Activity], draft: Draft) -> tuple[Cohort, ...]:
    """One cohort per smallest students set and per teacher of a shared activity; identical ones once."""
    units = draft.grid.units
    members: dict[str, list[str]] = defaultdict(list)
    for a in acts.values():
        for u in sorted({u for s in a.students for u in units.get(s, {s})}):
            members[f"s:{u}"].append(f"a{a.id}")
    shared = {t for a in acts.values() for t in a.teachers[1:]}
    for a in acts.values():
        for t in a.teachers:
            if t in shared:
                members[f"t:{t}"].append(f"a{a.id}")
    out, seen = [], set()
    for cid, groups in sorted(members.items()):
        key = frozenset(groups)
        if len(groups) > 1 and key not in seen:
            seen.add(key)
            kind, name = cid.split(":", 1)
            limits = [draft.max_gaps[k] for k in ("*", name) if kind == "s" and k in draft.max_gaps]
            gaps = min(limits) if limits else None
            out.append(Cohort(cid, name if kind == "s" else f"teacher {name}", tuple(groups), gaps))
    return tuple(out)
