"""Times first, venues second: a decomposition for problems whose venues differ only in size.

When every group may use every venue (one community, no facility, step-free or venue-list needs, venues always
open), a timetable's times can be chosen without choosing venues: at each grid point it is enough that the
sessions fit the venues by size (Hall's condition per size threshold), and for groups allowed to overflow the
cheapest overflow of a grid point follows from counting alone (biggest group in the biggest venue, and so on:
``Σ_L max(0, #sessions with ≥ L people − #venues with ≥ L seats)``). Phase 1 is the engine's model of the
problem with one private venue per group plus these counts; phase 2 chooses the venues with the times fixed
(``Group.starts``). ``solve_in_phases`` drives both with large-neighbourhood search.
"""

from __future__ import annotations

from dataclasses import replace

from ortools.sat.python import cp_model

from scheduler.model.build import Model
from scheduler.problem import Group, Problem, Venue, Window, covered

WHOLE_WEEK = tuple(Window(d, 0, 24 * 60) for d in range(7))


def obstacle(problem: Problem) -> str | None:
    """Why the decomposition does not apply to ``problem`` (None when it does)."""
    if len({v.community for v in problem.venues}) != 1:
        return "venues lie in more than one community"
    community = problem.venues[0].community
    for g in problem.groups:
        if g.venues or g.facilities or g.step_free or g.allowed_communities != (community,):
            return f"group {g.name} restricts its venues"
        if any(p.venue for p in g.pinned) or any(p.venue for p in g.previous):
            return f"group {g.name} has a pinned or previous venue"
    for v in problem.venues:
        if not all(covered(v.opening, s.weekday, s.start, s.start + s.length) for s in problem.slots):
            return f"venue {v.name} is not open at every grid slot"
    return None


def time_problem(problem: Problem) -> Problem:
    """The same problem with one private, always open venue per group: its model decides times only."""
    venues = tuple(
        Venue(f"@{g.id}", g.name, g.community, g.max_size, g.facilities, True, WHOLE_WEEK) for g in problem.groups
    )
    groups = tuple(replace(g, venues=(f"@{g.id}",), overflow=False) for g in problem.groups)
    weights = replace(problem.weights, same_venue=0, venue_size=0, venue_changed=0)
    return replace(problem, venues=venues, groups=groups, weights=weights)


def add_venue_counts(m: Model, problem: Problem) -> cp_model.LinearExprT:
    """Constrain phase 1 (``m`` built on ``time_problem``) so that venues can be found; return the overflow cost."""
    capacities = sorted((v.capacity for v in problem.venues), reverse=True)
    model, cost = m.build.model, []
    points = sorted({p for g in problem.groups for p in m.vars.points(g.id)})
    for p in points:
        here = [(g, lit) for g in problem.groups for lit in m.vars.covering(g.id, p)]
        if len(here) > len(capacities):
            model.add(sum(lit for _, lit in here) <= len(capacities))
        strict = [(g.max_size, lit) for g, lit in here if not g.overflow]
        for size in sorted({s for s, _ in strict}):
            lits = [lit for s, lit in strict if s >= size]
            room = sum(c >= size for c in capacities)
            if len(lits) > room:
                model.add(sum(lits) <= room)
        loose = [(g.max_size, lit) for g, lit in here if g.overflow]
        cost.extend(_overflow_levels(model, loose, capacities))
    return problem.weights.overflow * sum(cost)


def add_home_clashes(m: Model, problem: Problem, home: dict[str, str]) -> cp_model.LinearExprT:
    """Phase 1's proxy for venue stability: groups that share a home venue (where a timetable's venues put them
    most) should not meet at once; each session beyond the first at a grid point costs what a second venue does."""
    model, cost = m.build.model, []
    sharing: dict[str, list[Group]] = {}
    for g in problem.groups:
        if g.id in home:
            sharing.setdefault(home[g.id], []).append(g)
    for v, groups in sorted(sharing.items()):
        if len(groups) < 2:
            continue
        for p in sorted({p for g in groups for p in m.vars.points(g.id)}):
            lits = [lit for g in groups for lit in m.vars.covering(g.id, p)]
            if len(lits) > 1:
                extra = model.new_int_var(0, len(lits) - 1, f"away[{v},{p}]")
                model.add(sum(lits) - 1 <= extra)
                cost.append(extra)
    return problem.weights.same_venue * sum(cost)


def _overflow_levels(model: cp_model.CpModel, sessions: list, capacities: list[int]) -> list:
    """Σ over seat levels L of max(0, #sessions needing ≥ L seats − #venues with ≥ L seats), per level band."""
    marks = sorted({0, *(s for s, _ in sessions), *capacities})
    terms = []
    for low, high in zip(marks, marks[1:], strict=False):
        lits = [lit for s, lit in sessions if s >= high]
        room = sum(c >= high for c in capacities)
        if len(lits) > room:
            short = model.new_int_var(0, len(lits) - room, f"short[{high}]")
            model.add(short >= sum(lits) - room)
            terms.append((high - low) * short)
    return terms


def venue_problem(problem: Problem, starts: dict[str, list[int]]) -> Problem:
    """The problem with every group's start times fixed to ``starts`` (slot indices): its model picks venues."""
    groups = tuple(replace(g, starts=tuple(problem.slots[t] for t in starts[g.id])) for g in problem.groups)
    return replace(problem, groups=groups)


def greedy_venues(problem: Problem, starts: dict[str, list[int]]) -> dict[tuple[str, int], str]:
    """A venue for every session with times ``starts``, biggest groups first: one venue free at all of a group's
    sessions when there is one (the smallest that seats it, else the largest), otherwise session by session.
    Empty when some session finds no free venue at all (then the solver starts without this hint)."""
    busy: set[tuple[str, int, int]] = set()  # (venue, weekday, minute) taken
    out: dict[tuple[str, int], str] = {}
    venues = sorted(problem.venues, key=lambda v: v.capacity)

    def minutes(g: Group, t: int) -> list[tuple[int, int]]:
        s = problem.slots[t]
        return [(s.weekday, m) for m in range(s.start, s.start + g.length)]

    def pick(g: Group, spans: list[list[tuple[int, int]]]) -> Venue | None:
        free = [v for v in venues if all((v.id, d, m) not in busy for span in spans for d, m in span)]
        fits = [v for v in free if v.capacity >= g.max_size]
        return (fits[:1] or free[-1:] or [None])[0]

    for g in sorted(problem.groups, key=lambda g: -g.max_size):
        spans = {t: minutes(g, t) for t in starts[g.id]}
        one = pick(g, list(spans.values()))
        for t, span in spans.items():
            venue = one or pick(g, [span])
            if venue is None:
                return {}
            busy.update((venue.id, d, m) for d, m in span)
            out[(g.id, t)] = venue.id
    return out


def chosen_starts(m: Model, values: list[int]) -> dict[str, list[int]]:
    """Each group's start slots in a solution ``values`` of model ``m``."""
    return {g.id: sorted(t for t, lit in m.vars.meetings(g.id) if values[lit.index]) for g in m.problem.groups}


def strict_groups(problem: Problem) -> list[Group]:
    return [g for g in problem.groups if not g.overflow]
