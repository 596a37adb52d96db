"""Venues for fixed times by assignment: each grid slot is a min-cost matching of its sessions to venues.

For problems where every session covers one grid point (a lecture per period), the venues of one slot do not
interact with other slots except through "each group should keep one venue". So every group gets a home venue,
each slot is solved as a linear assignment (cost: overflow seats, plus the same-venue weight when a session
is not in its group's home), homes move to where the group met most, and the rounds repeat while the real
cost (overflow + venues beyond the first) falls. Used as phase 2 of ``scheduler.phases``.
"""

from __future__ import annotations

from collections import Counter

from ortools.graph.python import linear_sum_assignment

from scheduler.problem import Group, Problem

Placement = dict[tuple[str, int], str]  # (group, slot index) → venue id


def one_point_sessions(problem: Problem) -> bool:
    """True when no session reaches the next grid start of its day (sessions of a slot meet only each other)."""
    by_day: dict[int, list[int]] = {}
    for s in problem.slots:
        by_day.setdefault(s.weekday, []).append(s.start)
    gaps = [b - a for starts in by_day.values() for a, b in zip(sorted(starts), sorted(starts)[1:], strict=False)]
    return not gaps or max(g.length for g in problem.groups) <= min(gaps)


def matched_venues(
    problem: Problem, starts: dict[str, list[int]], rounds: int = 8, home: dict[str, str] | None = None
) -> Placement:
    """Venues for sessions at ``starts`` (see the module docstring), starting from the groups' ``home`` venues
    when given; empty when this method does not apply."""
    if not one_point_sessions(problem):
        return {}
    home = {**_first_homes(problem, starts), **(home or {})}
    best: Placement = {}
    best_cost = None
    for _ in range(rounds):
        placed = _match_all(problem, starts, home)
        if placed is None:
            return {}
        cost = placement_cost(problem, placed)
        if best_cost is not None and cost >= best_cost:
            break
        best, best_cost = placed, cost
        home = _homes(problem, placed, home)
    return _descend(problem, best) if best else best


def _descend(problem: Problem, placed: Placement, sweeps: int = 20) -> Placement:
    """Re-match one slot at a time against the venues each group uses at its other slots: the exact best for
    that slot given the rest, so the cost never rises; stop when a whole sweep changes nothing."""
    placed = dict(placed)
    slots = sorted({t for _, t in placed})
    for _ in range(sweeps):
        changed = False
        for t in slots:
            groups = [problem.group[g] for g, u in placed if u == t]
            elsewhere: dict[str, set[str]] = {g.id: set() for g in groups}
            for (g, u), v in placed.items():
                if u != t and g in elsewhere:
                    elsewhere[g].add(v)
            found = _match(problem, groups, elsewhere)
            if found is None:
                break
            for g, v in zip(groups, found, strict=True):
                if placed[(g.id, t)] != v:
                    placed[(g.id, t)], changed = v, True
        if not changed:
            break
    return placed


def placement_cost(problem: Problem, placed: Placement) -> int:
    """Overflow seats and venues beyond the first, weighted as the objective weighs them."""
    w = problem.weights
    seats = sum(_short(problem.group[g], problem.venue[v].capacity) for (g, _), v in placed.items())
    used: dict[str, set[str]] = {}
    for (g, _), v in placed.items():
        used.setdefault(g, set()).add(v)
    return w.overflow * seats + w.same_venue * sum(len(vs) - 1 for vs in used.values())


def _short(g: Group, capacity: int) -> int:
    return max(0, g.max_size - capacity) if g.overflow else 0


def _first_homes(problem: Problem, starts: dict[str, list[int]]) -> dict[str, str]:
    """Biggest groups first, each in the least used of the smallest venues that seat it (else the biggest)."""
    load: Counter[str] = Counter()
    home = {}
    venues = sorted(problem.venues, key=lambda v: v.capacity)
    for g in sorted(problem.groups, key=lambda g: -g.max_size):
        fits = [v for v in venues if v.capacity >= g.max_size] or venues[-1:]
        smallest = [v for v in fits if v.capacity == fits[0].capacity]
        chosen = min(smallest, key=lambda v: load[v.id])
        home[g.id] = chosen.id
        load[chosen.id] += len(starts[g.id])
    return home


def _match_all(problem: Problem, starts: dict[str, list[int]], home: dict[str, str]) -> Placement | None:
    at: dict[int, list[Group]] = {}
    for g in problem.groups:
        for t in starts[g.id]:
            at.setdefault(t, []).append(g)
    placed: Placement = {}
    for t, groups in at.items():
        found = _match(problem, groups, home)
        if found is None:
            return None
        placed.update({(g.id, t): v for g, v in zip(groups, found, strict=True)})
    return placed


def _match(problem: Problem, groups: list[Group], home: dict[str, str] | dict[str, set[str]]) -> list[str] | None:
    """One slot's sessions to venues: overflow seats, plus the same-venue weight for a venue outside ``home``
    (a group's home venue, or the set of venues it uses elsewhere: then an empty set costs nothing)."""
    venues = problem.venues
    if len(groups) > len(venues):
        return None
    stay = max(1, problem.weights.same_venue)
    solver = linear_sum_assignment.SimpleLinearSumAssignment()
    for i in range(len(venues)):  # sessions, padded with idle rows so every venue is matched
        for j, v in enumerate(venues):
            if i >= len(groups):
                solver.add_arc_with_cost(i, j, 0)
                continue
            g = groups[i]
            if not g.overflow and v.capacity < g.max_size:
                continue
            cost = problem.weights.overflow * _short(g, v.capacity) + (0 if _at_home(v.id, home[g.id]) else stay)
            solver.add_arc_with_cost(i, j, cost)
    if solver.solve() != solver.OPTIMAL:
        return None
    return [venues[solver.right_mate(i)].id for i in range(len(groups))]


def _at_home(venue: str, home: str | set[str]) -> bool:
    return venue == home if isinstance(home, str) else (not home or venue in home)


def homes(placed: Placement) -> dict[str, str]:
    """Each group's home in a placement: the venue where most of its sessions meet."""
    met: dict[str, Counter[str]] = {}
    for (g, _), v in sorted(placed.items()):
        met.setdefault(g, Counter())[v] += 1
    return {g: c.most_common(1)[0][0] for g, c in met.items()}


def _homes(problem: Problem, placed: Placement, home: dict[str, str]) -> dict[str, str]:
    met: dict[str, Counter[str]] = {}
    for (g, _), v in placed.items():
        met.setdefault(g, Counter())[v] += 1
    return {g: (met[g].most_common(1)[0][0] if g in met else h) for g, h in home.items()}
