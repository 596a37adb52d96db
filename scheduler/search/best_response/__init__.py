"""Best response: each group in turn moves to the weekly pattern that is best given where all the others are.

A local search on the greedy warm start. A move keeps every teacher and venue free (the greedy's calendar
without the moving group) and is scored exactly for what dominates the objective: demand coverage (the
aggregated interests of the group, and those of other groups it may clash with), clashes between groups that
share residents, and audience time (``state.py`` keeps these up to date move by move). Passes over
the groups repeat until none moves (a local optimum), then kicks (a few groups moved at random, best responses
again, kept when no worse, else undone) while time is left. Groups that are pinned, not one-per-day or have a
previous placement stay where they are.

Accepting worse kicks (late acceptance, or a bounded loss) was tried and did not pay; ``bench/RESULTS.md`` has
the figures.
"""

from __future__ import annotations

import random
import time
from collections import deque
from collections.abc import Callable

from scheduler.model.candidates import Candidates
from scheduler.model.demand import Demand
from scheduler.problem import Group, Problem
from scheduler.search import greedy_patterns as gp
from scheduler.search.best_response.state import State
from scheduler.solution import Assignment

MAX_PASSES = 6
KICKED = 3  # groups a kick moves at random
STALL = 200  # kicks in a row without a gain end the search (a small problem would kick until the deadline)


def improve(
    problem: Problem,
    cands: Candidates,
    demand: Demand,
    assignments: tuple[Assignment, ...],
    *,
    seconds: float = 0.0,
    kicks: int = 0,
    seed: int = 0,
    stop: Callable[[], bool] | None = None,
) -> tuple[Assignment, ...]:
    """The timetable after best responses, then kicks until ``kicks`` or ``seconds`` (from the call) run out
    (iterated local search: KICKED random groups move to random free patterns, the groups sharing residents
    with them answer, then they; kept when no worse, else undone); ``stop()`` true ends the kicks early."""
    deadline = time.perf_counter() + seconds
    state = State(problem, cands, demand, assignments)
    movable = [g for g in problem.groups if g.id in state.sessions and g.one_per_day and not (g.pinned or g.previous)]
    _descend(problem, cands, state, movable)
    rng, stalled = random.Random(seed), 0
    for _ in range(kicks if len(movable) > KICKED else 0):
        if time.perf_counter() > deadline or (stop is not None and stop()):
            break
        state.log = {}
        kicked = rng.sample(movable, KICKED)
        gain = sum(_kick(problem, cands, state, g, rng) for g in kicked)
        near = [problem.group[h] for g in kicked for h, _ in state.partners[g.id]]
        gain += _descend(problem, cands, state, movable, [*near, *kicked])  # neighbours answer the kick first
        stalled = 0 if gain > 0 else stalled + 1
        if gain < 0:
            state.undo()
        state.log = None
        if stalled >= STALL:
            break
    return tuple(a for g in problem.groups for a in state.sessions.get(g.id, []))


def _descend(
    problem: Problem, cands: Candidates, state: State, movable: list[Group], first: list[Group] | None = None
) -> int:
    """Best responses until none moves: ``first`` (default: every movable group) are checked, then the groups
    sharing residents with one that moved (no other group's best response depends on it), at most
    ``MAX_PASSES`` checks per movable group in all. Returns what the moves gained (the penalty's decrease)."""
    mine = {g.id for g in movable}
    queue = deque(g for g in dict.fromkeys(movable if first is None else first) if g.id in mine)
    waiting = {g.id for g in queue}
    gained = 0
    for _ in range(MAX_PASSES * len(movable)):
        if not queue:
            break
        g = queue.popleft()
        waiting.discard(g.id)
        gain = _move(problem, cands, state, g)
        if gain > 0:
            gained += gain
            for h, _ in state.partners[g.id]:
                if h in mine and h not in waiting:
                    queue.append(problem.group[h])
                    waiting.add(h)
    return gained


def _kick(problem: Problem, cands: Candidates, state: State, g: Group, rng: random.Random) -> int:
    """g to a random free pattern; returns the penalty's decrease (negative: the kick cost that much)."""
    state.unbook(g)
    options, patterns = state.options(g)
    if not patterns:
        state.book(g)
        return 0
    pattern, current = rng.choice(patterns), state.pattern(g.id)
    gain = state.gain(g, _mask(options) | _mask(current), pattern)
    _put(problem, state, g, pattern, options)
    return gain


def _put(problem: Problem, state: State, g: Group, pattern, options) -> None:
    chosen = gp._venues(problem, state.cal, g, pattern, options)
    state.put(g, [Assignment(g.id, i, problem.slots[t], v, g.teacher) for i, (t, v) in enumerate(chosen)])


def _move(problem: Problem, cands: Candidates, state: State, g: Group) -> int:
    """g to its best response; returns the penalty's decrease (0: it stays)."""
    state.unbook(g)
    options, patterns = state.options(g)
    current = state.pattern(g.id)
    if any(t not in options for t in current):
        state.book(g)
        return 0  # should not happen in a valid timetable: leave the group alone
    best, gain = state.best(g, _mask(options), patterns)
    if best == current:
        state.book(g)
        return 0
    _put(problem, state, g, best, options)
    return gain


def _mask(slots) -> int:  # noqa: ANN001 - slot indices
    mask = 0
    for t in slots:
        mask |= 1 << t
    return mask
