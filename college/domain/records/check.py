"""Check a ``CollegeRecords`` before loading it: every problem as a sentence naming the record at fault.

The loader writes with bulk operations that skip ``Model.clean()``, so the same rules are checked here
on the plain records (no queries), and a bad record stops the load before anything is written.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from college.domain.records.types import (
    AGE_BANDS,
    AUDIENCES,
    CATEGORIES,
    FACILITIES,
    INTEREST_KINDS,
    VENUE_KINDS,
    CollegeRecords,
    Window,
)

DAY_MINUTES = 24 * 60


class RecordsError(ValueError):
    """The records cannot be loaded; ``problems`` lists every reason."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        shown = problems[:20]
        more = f"\n… and {len(problems) - len(shown)} more" if len(problems) > len(shown) else ""
        super().__init__("The college records cannot be loaded:\n" + "\n".join(f"- {p}" for p in shown) + more)


def _duplicates(what: str, keys: Iterable[str]) -> list[str]:
    return [f"{what} key {key!r} is used {n} times" for key, n in Counter(keys).items() if n > 1]


def _windows(what: str, windows: Iterable[Window]) -> list[str]:
    problems = []
    for w in windows:
        if not 0 <= w.weekday <= 6:
            problems.append(f"{what}: weekday {w.weekday} is not 0 (Monday) to 6 (Sunday)")
        if not 0 <= w.start < w.end <= DAY_MINUTES:
            problems.append(f"{what}: window {w.start}–{w.end} must end after it starts, within the day (0–1440)")
    return problems


def _choice(what: str, field: str, value: str, allowed: tuple[str, ...]) -> list[str]:
    return [] if value in allowed else [f"{what}: unknown {field} {value!r}; choose from {', '.join(allowed)}"]


def _tags(what: str, field: str, values: Iterable[str], allowed: tuple[str, ...]) -> list[str]:
    values = list(values)
    problems = [
        f"{what}: unknown {field} {tag!r}; choose from {', '.join(allowed)}" for tag in values if tag not in allowed
    ]
    return problems + [f"{what}: {field} {tag!r} is listed twice" for tag, n in Counter(values).items() if n > 1]


def _places_and_people(records: CollegeRecords, communities: set[str]) -> list[str]:
    problems: list[str] = []
    for v in records.venues:
        what = f"venue {v.key!r}"
        if v.community not in communities:
            problems.append(f"{what}: unknown community {v.community!r}")
        if v.capacity <= 0:
            problems.append(f"{what}: capacity {v.capacity} must be at least 1")
        problems += _choice(what, "kind", v.kind, VENUE_KINDS) + _tags(what, "facility", v.facilities, FACILITIES)
        problems += _windows(what, v.opening)
    for t in records.teachers:
        what = f"teacher {t.key!r}"
        if t.community not in communities:
            problems.append(f"{what}: unknown home community {t.community!r}")
        if t.max_sessions_per_week < 1:
            problems.append(f"{what}: maximum sessions per week {t.max_sessions_per_week} must be at least 1")
        problems += _tags(what, "skill", t.skills, CATEGORIES) + _windows(what, t.availability)
    for r in records.residents:
        what = f"resident {r.key!r}"
        if r.community not in communities:
            problems.append(f"{what}: unknown community {r.community!r}")
        problems += _choice(what, "age band", r.age_band, ("", *AGE_BANDS)) + _windows(what, r.free)
    return problems


def _groups(records: CollegeRecords, communities: set[str]) -> list[str]:
    teachers = {t.key for t in records.teachers}
    problems: list[str] = []
    for g in records.groups:
        what = f"group {g.key!r}"
        if g.community not in communities:
            problems.append(f"{what}: unknown community {g.community!r}")
        if g.teacher not in teachers:
            problems.append(f"{what}: unknown teacher {g.teacher!r}")
        if not 1 <= g.sessions_per_week <= 7:
            problems.append(f"{what}: {g.sessions_per_week} sessions per week is not 1 to 7")
        if g.session_minutes <= 0:
            problems.append(f"{what}: session length {g.session_minutes} must be positive")
        if not 1 <= g.min_size <= g.max_size:
            problems.append(f"{what}: sizes {g.min_size}–{g.max_size} need 1 ≤ minimum ≤ maximum")
        problems += _choice(what, "category", g.category, CATEGORIES)
        problems += _choice(what, "audience", g.audience, AUDIENCES)
        problems += _tags(what, "facility", g.facilities, FACILITIES) + _windows(what, g.preferred)
    return problems


def _interests_and_terms(records: CollegeRecords) -> list[str]:
    residents = {r.key for r in records.residents}
    groups = {g.key for g in records.groups}
    problems: list[str] = []
    for i in records.interests:
        what = f"interest of resident {i.resident!r} in group {i.group!r}"
        if i.resident not in residents:
            problems.append(f"{what}: unknown resident")
        if i.group not in groups:
            problems.append(f"{what}: unknown group")
        problems += _choice(what, "kind", i.kind, INTEREST_KINDS)
        if i.rank is not None and i.rank < 1:
            problems.append(f"{what}: rank {i.rank} must be at least 1")
    pairs = Counter((i.resident, i.group) for i in records.interests)
    problems += [f"resident {r!r} has {n} interests in group {g!r}" for (r, g), n in pairs.items() if n > 1]
    for t in records.terms:
        what = f"term {t.key!r}"
        if t.last_day < t.first_day:
            problems.append(f"{what}: last day {t.last_day} is before first day {t.first_day}")
        if not t.slot_starts or list(t.slot_starts) != sorted(set(t.slot_starts)):
            problems.append(f"{what}: slot starts must be a non-empty increasing list")
        if not t.session_lengths or min(t.session_lengths) <= 0:
            problems.append(f"{what}: session lengths must be a non-empty list of positive minutes")
        problems += [f"{what}: closure {d} is listed twice" for d, n in Counter(t.closures).items() if n > 1]
        days = Counter(d for d, _weekday in t.make_up_days)
        problems += [f"{what}: make-up day {d} is listed twice" for d, n in days.items() if n > 1]
        problems += [f"{what}: make-up day {d} runs weekday {w}, not 0–6" for d, w in t.make_up_days if not 0 <= w <= 6]
    return problems


def check_records(records: CollegeRecords) -> list[str]:
    """Every reason the records cannot be loaded (empty when they can)."""
    problems: list[str] = []
    for what, items in (
        ("community", records.communities),
        ("venue", records.venues),
        ("teacher", records.teachers),
        ("group", records.groups),
        ("resident", records.residents),
        ("term", records.terms),
        ("activity", records.activities),
    ):
        problems += _duplicates(what, (item.key for item in items))
    communities = {c.key for c in records.communities}
    problems += _places_and_people(records, communities)
    problems += _groups(records, communities)
    problems += _activities(records, communities)
    return problems + _interests_and_terms(records)


def _activities(records: CollegeRecords, communities: set[str]) -> list[str]:
    """Activities name a category; groups, teachers and wishes name known activities."""
    activities = {a.key for a in records.activities}
    residents = {r.key for r in records.residents}
    problems = _duplicates("activity name", (a.name for a in records.activities))
    for a in records.activities:
        problems += _choice(f"activity {a.key!r}", "category", a.category, CATEGORIES)
    problems += [
        f"group {g.key!r}: unknown activity {g.activity!r}"
        for g in records.groups
        if g.activity and g.activity not in activities
    ]
    for t in records.teachers:
        problems += [f"teacher {t.key!r}: unknown activity {a!r}" for a in t.activities if a not in activities]
    for w in records.activity_wishes:
        what = f"wish of resident {w.resident!r} for activity {w.activity!r}"
        if w.resident not in residents:
            problems.append(f"{what}: unknown resident")
        if w.activity not in activities:
            problems.append(f"{what}: unknown activity")
        if w.rank < 1:
            problems.append(f"{what}: rank {w.rank} must be at least 1")
        if not w.communities:
            problems.append(f"{what}: names no community within reach")
        problems += [f"{what}: unknown community {c!r}" for c in w.communities if c not in communities]
    pairs = Counter((w.resident, w.activity) for w in records.activity_wishes)
    problems += [f"resident {r!r} wishes for activity {a!r} {n} times" for (r, a), n in pairs.items() if n > 1]
    return problems
