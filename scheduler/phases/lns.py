"""Large-neighbourhood search around a built CP-SAT model: keep most of the timetable, re-solve the rest.

Each round frees the decisions of a neighbourhood (the groups of a few cohorts or teachers, a few grid slots,
a day, random groups) and fixes every other decision to the incumbent by narrowing its domain in place (the
model is never copied). CP-SAT re-solves the small rest from the incumbent as a hint; a better timetable
becomes the incumbent. The neighbourhood grows when rounds are solved to optimality and shrinks when they
time out, so rounds stay short on large problems and widen on small ones.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from scheduler.problem import Problem

Key = tuple[str, int]  # (group id, slot index): one meeting decision and its venue choices


@dataclass
class Incumbent:
    values: list[int]  # one value per model variable
    objective: int
    optimal: bool = False  # proven best for its model
    bound: int | None = None  # the least objective its solve proved possible for the whole model


@dataclass(frozen=True)
class Decisions:
    """Proto indices of each (group, slot) decision: its meeting literal and its venue literals."""

    meets: dict[Key, int]
    places: dict[Key, dict[str, int]]

    def indices(self, key: Key) -> list[int]:
        return list(dict.fromkeys([self.meets[key], *self.places[key].values()]))

    def venue_of(self, key: Key, values: list[int]) -> str | None:
        """The venue of the session at ``key`` in solution ``values`` (None when it does not meet there)."""
        if not values[self.meets[key]]:
            return None
        return next((v for v, i in self.places[key].items() if values[i]), None)


def fix(proto: object, index: int, low: int, high: int | None = None) -> None:
    """Narrow the domain of the Boolean variable ``index`` in place: [low, high] (high defaults to low)."""
    domain = proto.variables[index].domain  # type: ignore[attr-defined]
    domain[0], domain[1] = low, low if high is None else high


Neighbourhood = Callable[[random.Random, float, list[int]], set[Key]]


def neighbourhoods(problem: Problem, decisions: Decisions) -> list[Neighbourhood]:
    """Cohort- or teacher-based, slot-based, day-based and random neighbourhoods of a problem."""
    keys = list(decisions.meets)
    by_group: dict[str, list[Key]] = {}
    for k in keys:
        by_group.setdefault(k[0], []).append(k)
    sets = [c.groups for c in problem.cohorts] or _teachers_sets(problem)
    slots = sorted({t for _, t in keys})
    days: dict[int, list[int]] = {}
    for t in slots:
        days.setdefault(problem.slots[t].weekday, []).append(t)

    def of_groups(groups: set[str]) -> set[Key]:
        return {k for g in groups for k in by_group.get(g, [])}

    def linked(rng: random.Random, size: float, _: list[int]) -> set[Key]:
        want, chosen = max(2, int(size * len(by_group))), set()
        for s in rng.sample(sets, len(sets)):
            chosen.update(s)
            if len(chosen) >= want:
                break
        return of_groups(chosen)

    def some_slots(rng: random.Random, size: float, _: list[int] | None = None) -> set[Key]:
        chosen = set(rng.sample(slots, min(len(slots), max(2, round(size * len(slots))))))
        return {k for k in keys if k[1] in chosen}

    def a_day(rng: random.Random, size: float, _: list[int]) -> set[Key]:
        day = set(days[rng.choice(list(days))])
        groups = set(rng.sample(list(by_group), max(2, min(len(by_group), int(3 * size * len(by_group))))))
        return {k for k in keys if k[1] in day and k[0] in groups} | some_slots(rng, size / 2)

    def random_groups(rng: random.Random, size: float, _: list[int]) -> set[Key]:
        return of_groups(set(rng.sample(list(by_group), max(2, min(len(by_group), int(size * len(by_group)))))))

    venues = sorted({v for places in decisions.places.values() for v in places})

    def some_venues(rng: random.Random, size: float, values: list[int]) -> set[Key]:
        """Every session now in a few venues, and the groups that meet there: they may trade venues and times."""
        chosen = set(rng.sample(venues, min(len(venues), max(2, round(size * len(venues))))))
        groups = {k[0] for k in keys if decisions.venue_of(k, values) in chosen}
        return of_groups(set(rng.sample(sorted(groups), max(1, min(len(groups), int(size * len(by_group)))))))

    def unsettled(rng: random.Random, size: float, values: list[int]) -> set[Key]:
        """Groups that meet in more than one venue, with groups using those venues: room to settle them."""
        where = {
            g: {decisions.venue_of(k, values) for k in ks if values[decisions.meets[k]]} for g, ks in by_group.items()
        }
        split = sorted(g for g, vs in where.items() if len(vs) > 1)
        if not split:
            return random_groups(rng, size, values)
        want = max(2, int(size * len(by_group)))
        chosen = set(rng.sample(split, min(len(split), max(1, want // 3))))
        venues_there = set().union(*(where[g] for g in chosen))
        partners = sorted(g for g, vs in where.items() if g not in chosen and vs & venues_there)
        chosen |= set(rng.sample(partners, min(len(partners), want - len(chosen))))
        return of_groups(chosen)

    moves = [linked, some_slots, a_day, random_groups]
    return [*moves, some_venues, unsettled] if len(venues) > 1 else moves


def _teachers_sets(problem: Problem) -> list[tuple[str, ...]]:
    by_teacher: dict[str, list[str]] = {}
    for g in problem.groups:
        by_teacher.setdefault(g.teacher, []).append(g.id)
    return [tuple(gs) for gs in by_teacher.values()]


@dataclass
class Search:
    """The state of one LNS run over ``model`` (see the module docstring)."""

    model: cp_model.CpModel
    decisions: Decisions
    moves: list[Neighbourhood]
    workers: int = 2
    seed: int = 0
    size: float = 0.15  # share of the groups or slots a neighbourhood frees
    round_limit: float = 5.0  # seconds per round at most
    venue_rounds: float = 0.0  # share of rounds that keep every time and re-choose the venues of many groups
    rounds: int = 0
    improved: int = 0
    timeouts: int = 0  # rounds that ran out of time before proving their neighbourhood optimal

    def run(
        self,
        best: Incumbent,
        deadline: float,
        on_improve: Callable[[Incumbent], None] | None = None,
        floor: float = -math.inf,
        max_rounds: int | None = None,
    ) -> Incumbent:
        """Search until ``deadline`` (or ``max_rounds`` more rounds), or until the incumbent costs ``floor``, a
        proven lower bound."""
        rng = random.Random(self.seed)
        proto = self.model.proto
        last = math.inf if max_rounds is None else self.rounds + max_rounds
        while time.perf_counter() < deadline - 0.05 and best.objective > floor and self.rounds < last:
            fixed = self._fixed(rng, best)
            for i in fixed:
                fix(proto, i, best.values[i])
            self._hint(best)
            solver = self._solver(min(self.round_limit, deadline - time.perf_counter()), rng)
            status = solver.solve(self.model)
            for i in fixed:
                fix(proto, i, 0, 1)
            self.rounds += 1
            self.timeouts += status not in (cp_model.OPTIMAL, cp_model.INFEASIBLE)
            if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) and round(solver.objective_value) <= best.objective:
                better = round(solver.objective_value) < best.objective
                best = Incumbent(list(solver.response_proto.solution), round(solver.objective_value))
                if better:
                    self.improved += 1
                    if on_improve is not None:
                        on_improve(best)
            self._adapt(status)
        return best

    def _fixed(self, rng: random.Random, best: Incumbent) -> list[int]:
        """Indices to fix this round: outside a neighbourhood, or every meeting in a venue round."""
        d = self.decisions
        if rng.random() < self.venue_rounds:
            groups = sorted({g for g, _ in d.meets})
            chosen = set(rng.sample(groups, max(2, min(len(groups), int(3 * self.size * len(groups))))))
            kept = [i for k in d.meets if k[0] not in chosen for i in d.indices(k)]
            return kept + [d.meets[k] for k in d.meets if k[0] in chosen]
        free = rng.choice(self.moves)(rng, self.size, best.values)
        return [i for k in d.meets if k not in free for i in d.indices(k)]

    def _hint(self, best: Incumbent) -> None:
        hint = self.model.proto.solution_hint
        hint.vars.clear()
        hint.vars.extend(range(len(best.values)))
        hint.values.clear()
        hint.values.extend(best.values)

    def _solver(self, seconds: float, rng: random.Random) -> cp_model.CpSolver:
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(0.05, seconds)
        solver.parameters.num_workers = self.workers
        solver.parameters.random_seed = rng.randrange(1 << 30)
        return solver

    def _adapt(self, status: int) -> None:
        if status == cp_model.OPTIMAL:
            self.size = min(0.6, self.size * 1.05)
        else:
            self.size = max(0.02, self.size * 0.9)
