"""Demand figures of a version: wishes made attendable and why not, from the verifier's own count.

``figures_of(timetable)`` returns the figures stored with the version, computing them once from the demand of
the day (``scheduler.verify_demand.outcomes``, the same count ``verify`` and ``bench.solve`` report) beside the
greedy first-fit baseline on the same problem. Stored as plain JSON on ``Timetable.demand``:

    total, attendable                  (resident, group) interests and those the version makes attendable
    greedy: {total, attendable}        the same for ``scheduler.greedy.first_fit``
    communities: {key: [total, attendable]}    by the resident's community
    categories: {category: [total, attendable]}
    groups: {key: {name, community, seats, wishes, attendable, not_scheduled, outside_free_time, clash: {key: n}}}
    unmet_activities: [{activity, community, residents: [[name, [[weekday, start, end], …]]]}]   no group in reach
    heatmap: {community key: {audience: {free: 7×HOURS, sessions: 7×HOURS}}}
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from college.domain.demand.activity_wishes import activity_groups
from college.domain.problem.prepare import build_problem
from college.domain.records.read import read_college
from college.models import InterestGroup, Session, Timetable
from scheduler import Assignment, Problem, ProblemError
from scheduler.search.greedy import first_fit
from scheduler.verify import verify
from scheduler.verify.demand import CLASH, outcomes

FIGURES_VERSION = 1
HOURS = range(7, 22)  # the heatmap's columns: 07:00 … 21:00
AGE_BANDS_OF_AUDIENCE: dict[str, frozenset[str]] = {  # who a group of each audience is for, by age band
    "elderly": frozenset({"senior"}),
    "adults": frozenset({"adult", "youth"}),
    "children": frozenset({"child"}),
}
HEATMAP_AUDIENCES = ("all", *AGE_BANDS_OF_AUDIENCE)


def figures_of(timetable: Timetable) -> dict[str, Any] | None:
    """The version's stored figures, computed and stored now if it has none yet; None while the term's data cannot
    make a problem (the data check names what to fix), and nothing is stored then."""
    if timetable.demand.get("version") != FIGURES_VERSION:
        try:
            timetable.demand = compute_figures(timetable.pk)
        except ProblemError:
            return None
        Timetable.objects.filter(pk=timetable.pk).update(demand=timetable.demand)
    return timetable.demand


def figure_totals(timetable: Timetable) -> dict[str, Any] | None:
    """The headline figures only (total, attendable, greedy), read inside the database without the whole JSON;
    computed and stored first when the version has none (None while the term's data cannot make a problem)."""
    row = Timetable.objects.filter(pk=timetable.pk).values_list(
        "demand__version", "demand__total", "demand__attendable", "demand__greedy"
    )[:1]
    version, total, attendable, greedy = next(iter(row), (None, None, None, None))
    if version != FIGURES_VERSION:
        figures = figures_of(timetable)
        if figures is None:
            return None
        total, attendable, greedy = figures["total"], figures["attendable"], figures["greedy"]
    return {"total": total, "attendable": attendable, "greedy": greedy}


def stored_gains_figures(timetable_id: int) -> dict[str, Any] | None:
    """The stored totals and each group's name and attendable wishes, read inside the database without the rest
    of the JSON (the heatmap, the residents' names); None when the version has none stored: never counted here."""
    row = Timetable.objects.filter(pk=timetable_id).values_list(
        "demand__version", "demand__total", "demand__attendable", "demand__groups"
    )[:1]
    version, total, attendable, groups = next(iter(row), (None, None, None, None))
    if version != FIGURES_VERSION:
        return None
    shown = {key: {"name": g["name"], "attendable": g["attendable"]} for key, g in groups.items()}
    return {"total": total, "attendable": attendable, "groups": shown}


def compute_figures(timetable_id: int) -> dict[str, Any]:
    timetable = Timetable.objects.get(pk=timetable_id)
    problem = build_problem(timetable.term_id, previous=None)
    assignments = _assignments(timetable_id, problem)
    report = verify(problem, assignments)
    by_group: dict[str, list] = defaultdict(list)
    for a in assignments:
        by_group[a.group].append(a)
    records = read_college()
    category = {g.key: g.category for g in records.groups}
    home = {r.id: r.community for r in problem.residents}
    groups: dict[str, dict[str, Any]] = {
        g.id: {"name": g.name, "community": g.community, "seats": g.max_size, "wishes": 0, "attendable": 0,
               "not_scheduled": 0, "outside_free_time": 0, "clash": Counter()}
        for g in problem.groups
    }  # fmt: skip
    communities: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    categories: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for outcome in outcomes(problem, by_group):
        row = groups[outcome.group]
        row["wishes"] += 1
        for tally in (communities[home[outcome.resident]], categories[category.get(outcome.group, "other")]):
            tally[0] += 1
            tally[1] += outcome.attendable
        if outcome.attendable:
            row["attendable"] += 1
        elif outcome.reason == CLASH:
            row["clash"].update(outcome.clashes)
        else:
            row[outcome.reason] += 1
    greedy = verify(problem, first_fit(problem).assignments)
    return {
        "version": FIGURES_VERSION,
        "total": report.interests,
        "attendable": report.attendable,
        "greedy": {"total": greedy.interests, "attendable": greedy.attendable},
        "communities": dict(communities),
        "categories": dict(categories),
        "groups": {key: {**row, "clash": dict(row["clash"])} for key, row in groups.items()},
        "unmet_activities": _unmet_activities(records, {g.id for g in problem.groups}),
        "heatmap": _heatmap(records, timetable_id),
    }


@dataclass(frozen=True)
class MovedSession:
    """One session of a version moved: the problem of the residents its group concerns (with all their interests),
    the version's sessions before and after the move, and the session's group and times (weekday, start, end)."""

    problem: Problem
    before: tuple[Assignment, ...]
    after: tuple[Assignment, ...]
    group: InterestGroup
    was: tuple[int, int, int]
    now: tuple[int, int, int]


def after_move(figures: dict[str, Any], moved: MovedSession) -> dict[str, Any]:
    """The version's figures after one of its sessions moved, without counting every resident again: only the
    wishes of the residents its group concerns can change, so their outcomes before are taken off and their outcomes
    after added (the same count ``compute_figures`` makes, as the tests check); the heatmap moves the session."""
    if figures.get("version") != FIGURES_VERSION:
        return {}  # none stored yet: computed whole when first shown
    category = dict(InterestGroup.objects.values_list("key", "category"))
    on_grid = {(s.weekday, s.start) for s in moved.problem.slots}
    for sign, assignments in ((-1, moved.before), (1, moved.after)):
        kept = [a for a in assignments if (a.slot.weekday, a.slot.start) in on_grid]  # as ``_assignments`` keeps
        _count(figures, moved.problem, kept, sign, category)
    community, audience = moved.group.community.key, moved.group.audience
    for sign, (weekday, start, end) in ((-1, moved.was), (1, moved.now)):
        for shown in {"all", audience} & set(HEATMAP_AUDIENCES) or {"all"}:
            for i in _hours(start, end):
                figures["heatmap"][community][shown]["sessions"][weekday][i] += sign
    return figures


def _count(
    figures: dict[str, Any], problem: Problem, assignments: Iterable[Assignment], sign: int, category: dict[str, str]
) -> None:
    """Add (sign 1) or take off (-1) the outcomes of ``problem``'s residents under ``assignments``."""
    by_group: dict[str, list[Assignment]] = defaultdict(list)
    for a in assignments:
        if a.group in problem.group:
            by_group[a.group].append(a)
    home = {r.id: r.community for r in problem.residents}
    for outcome in outcomes(problem, by_group):
        row = figures["groups"][outcome.group]
        row["wishes"] += sign
        by_category = figures["categories"][category.get(outcome.group, "other")]
        for tally in (figures["communities"][home[outcome.resident]], by_category):
            tally[0] += sign
            tally[1] += sign * outcome.attendable
        figures["attendable"] += sign * outcome.attendable
        if outcome.attendable:
            row["attendable"] += sign
        elif outcome.reason == CLASH:
            for other in outcome.clashes:
                row["clash"][other] = row["clash"].get(other, 0) + sign
                if not row["clash"][other]:
                    del row["clash"][other]  # as a Counter of what is there: no zeros
        else:
            row[outcome.reason] += sign


def _assignments(timetable_id: int, problem: Problem) -> tuple[Assignment, ...]:
    """The version's sessions as assignments; a session at a time the term's grid no longer has is left out
    (the version was made before the grid changed), as is one of a group no longer scheduled."""
    slots = {(s.weekday, s.start): s for s in problem.slots}
    rows = Session.objects.filter(timetable_id=timetable_id).values_list(
        "group__key", "number", "weekday", "start", "venue__key", "teacher__key"
    )
    return tuple(
        Assignment(group, number - 1, slots[(weekday, start)], venue, teacher)
        for group, number, weekday, start, venue, teacher in rows
        if (weekday, start) in slots and group in problem.group
    )


def _unmet_activities(records: Any, scheduled: set[str]) -> list[dict[str, Any]]:
    """Activity wishes no scheduled group within reach meets: activity × home community → residents."""
    met = activity_groups(records, scheduled)
    activity = {a.key: a.name for a in records.activities}
    resident = {r.key: r for r in records.residents}
    found: dict[tuple[str, str], list[list[str]]] = defaultdict(list)
    for w in sorted(records.activity_wishes, key=lambda w: (w.activity, w.rank, w.resident)):
        if (w.resident, w.activity) in met:
            continue
        r = resident[w.resident]
        found[(w.activity, r.community)].append([r.name, [[f.weekday, f.start, f.end] for f in r.free]])
    rows = [{"activity": activity[a], "community": c, "residents": people} for (a, c), people in found.items()]
    return sorted(rows, key=lambda row: (-len(row["residents"]), row["activity"], row["community"]))


def _hours(start: int, end: int) -> list[int]:
    return [i for i, h in enumerate(HOURS) if start < (h + 1) * 60 and h * 60 < end]


def _heatmap(records: Any, timetable_id: int) -> dict[str, dict[str, dict[str, list[list[int]]]]]:
    """Per community and audience: residents free at each weekday × hour, and sessions meeting then."""
    empty = lambda: [[0] * len(HOURS) for _day in range(7)]  # noqa: E731
    maps: dict[str, dict[str, dict[str, list[list[int]]]]] = {
        c.key: {a: {"free": empty(), "sessions": empty()} for a in HEATMAP_AUDIENCES} for c in records.communities
    }
    for r in records.residents:
        audiences = ["all", *(a for a, bands in AGE_BANDS_OF_AUDIENCE.items() if r.age_band in bands)]
        hours = {(w.weekday, i) for w in r.free for i in _hours(w.start, w.end)}
        for audience in audiences:
            grid = maps[r.community][audience]["free"]
            for day, i in hours:
                grid[day][i] += 1
    rows = Session.objects.filter(timetable_id=timetable_id).values_list(
        "group__community__key", "group__audience", "weekday", "start", "end"
    )
    for community, audience, weekday, start, end in rows:
        for shown in {"all", audience} & set(HEATMAP_AUDIENCES) or {"all"}:
            for i in _hours(start, end):
                maps[community][shown]["sessions"][weekday][i] += 1
    return maps
