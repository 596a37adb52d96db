"""Write an engine ``Problem`` (as the FET mapping builds it) to the database as new rows, in bulk.

Every key starts with ``prefix`` (the school's community key) so a second school's import never collides;
ids of the problem become slugs of at most 80 characters, made unique with a number when they clash.
The caller wraps the call in a transaction.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.text import slugify

from college.models import (
    AllowedVenue,
    ApartSet,
    BlockedWindow,
    Category,
    Cohort,
    Community,
    InterestGroup,
    PreferredWindow,
    StartTime,
    Teacher,
    TeacherAvailability,
    TogetherSet,
    Venue,
    VenueKind,
    VenueOpening,
)
from scheduler.problem import Problem, Window

KEY_LENGTH = 80


class _Keys:
    """Stable, unique natural keys ``<prefix>-<kind>-<slug of id>`` for the ids of one import."""

    def __init__(self, prefix: str) -> None:
        self.prefix, self.used, self.of = prefix, set(), {}

    def __call__(self, kind: str, ident: str) -> str:
        if (kind, ident) not in self.of:
            slug = slugify(ident.replace(":", "-"), allow_unicode=True) or "x"
            stem = f"{self.prefix}-{kind}-{slug}"[: KEY_LENGTH - 4]
            key, n = stem, 1
            while key in self.used:
                n += 1
                key = f"{stem}-{n}"
            self.used.add(key)
            self.of[(kind, ident)] = key
        return self.of[(kind, ident)]


def _windows(model: type, owner: str, pairs: Iterable[tuple[object, tuple[Window, ...]]]) -> list:
    return [model(**{owner: o}, weekday=w.weekday, start=w.start, end=w.end) for o, ws in pairs for w in ws]


def write_problem(problem: Problem, prefix: str) -> dict[str, int]:
    """Create the rows of ``problem`` under key ``prefix``; returns rows written per table."""
    keys = _Keys(prefix)
    community = Community.objects.create(key=prefix, name=problem.communities[0].name[:120])
    venue_of = _venues(problem, keys, community)
    teacher_of = _teachers(problem, keys, community)
    group_of = _groups(problem, keys, community, teacher_of)
    counts = {"communities": 1, "venues": len(venue_of), "teachers": len(teacher_of), "interest groups": len(group_of)}
    counts.update(_group_rules(problem, group_of, venue_of))
    counts.update(_group_sets(problem, keys, group_of))
    return counts


def _venues(problem: Problem, keys: _Keys, community: Community) -> dict[str, Venue]:
    rows = [
        Venue(
            key=keys("v", v.id),
            community=community,
            name=v.name[:120],
            capacity=v.capacity,
            kind=VenueKind.OTHER if v.id.startswith("home:") else VenueKind.CLASSROOM,
        )
        for v in problem.venues
    ]
    venue_of = dict(zip((v.id for v in problem.venues), _bulk(Venue, rows), strict=True))
    _bulk(VenueOpening, _windows(VenueOpening, "venue", ((venue_of[v.id], v.opening) for v in problem.venues)))
    return venue_of


def _teachers(problem: Problem, keys: _Keys, community: Community) -> dict[str, Teacher]:
    rows = [
        Teacher(
            key=keys("t", t.id),
            name=t.name[:120],
            community=community,
            max_sessions_per_week=max(1, t.max_sessions),
            volunteer=False,
        )
        for t in problem.teachers
    ]
    teacher_of = dict(zip((t.id for t in problem.teachers), _bulk(Teacher, rows), strict=True))
    pairs = ((teacher_of[t.id], t.availability) for t in problem.teachers)
    _bulk(TeacherAvailability, _windows(TeacherAvailability, "teacher", pairs))
    return teacher_of


def _groups(
    problem: Problem, keys: _Keys, community: Community, teacher_of: dict[str, Teacher]
) -> dict[str, InterestGroup]:
    rows = [
        InterestGroup(
            key=keys("g", g.id),
            name=g.name[:120],
            category=Category.OTHER,
            community=community,
            teacher=teacher_of[g.teacher],
            sessions_per_week=g.sessions,
            session_minutes=g.length,
            min_size=1,
            max_size=g.max_size,
            description=g.name,
        )
        for g in problem.groups
    ]
    return dict(zip((g.id for g in problem.groups), _bulk(InterestGroup, rows), strict=True))


def _group_rules(problem: Problem, group_of: dict[str, InterestGroup], venue_of: dict[str, Venue]) -> dict[str, int]:
    groups = problem.groups
    preferred = _windows(PreferredWindow, "group", ((group_of[g.id], g.preferred) for g in groups))
    blocked = _windows(BlockedWindow, "group", ((group_of[g.id], g.blocked) for g in groups))
    starts = [StartTime(group=group_of[g.id], weekday=s.weekday, start=s.start) for g in groups for s in g.starts]
    venues = [AllowedVenue(group=group_of[g.id], venue=venue_of[v]) for g in groups for v in g.venues]
    return {
        "preferred windows": len(_bulk(PreferredWindow, preferred)),
        "blocked windows": len(_bulk(BlockedWindow, blocked)),
        "start times": len(_bulk(StartTime, starts)),
        "allowed venues": len(_bulk(AllowedVenue, venues)),
    }


def _group_sets(problem: Problem, keys: _Keys, group_of: dict[str, InterestGroup]) -> dict[str, int]:
    cohorts = _bulk(
        Cohort, [Cohort(key=keys("c", c.id), name=c.name[:120], max_gaps=c.max_gaps) for c in problem.cohorts]
    )
    _members(Cohort, "cohort", zip(cohorts, (c.groups for c in problem.cohorts), strict=True), group_of)
    apart = _bulk(
        ApartSet,
        [ApartSet(key=keys("a", a.id), days=a.days, hard=a.hard, per_day=a.per_day) for a in problem.apart],
    )
    _members(ApartSet, "apartset", zip(apart, (a.groups for a in problem.apart), strict=True), group_of)
    together = _bulk(TogetherSet, [TogetherSet(key=keys("s", f"same-{i}")) for i in range(len(problem.together))])
    _members(TogetherSet, "togetherset", zip(together, problem.together, strict=True), group_of)
    return {"cohorts": len(cohorts), "apart sets": len(apart), "together sets": len(together)}


def _members(model: type, owner: str, rows: Iterable[tuple[object, tuple[str, ...]]], group_of: dict) -> None:
    through = model.groups.through
    _bulk(through, [through(**{owner: row, "interestgroup": group_of[g]}) for row, gs in rows for g in gs])


def _bulk(model: type, rows: list) -> list:
    return model.objects.bulk_create(rows, batch_size=1000)
