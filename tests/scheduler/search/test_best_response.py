"""Best responses and kicks on a warm start: more residents can attend, and every hard rule still holds."""

from __future__ import annotations

import random

import pytest

from scheduler import Window
from scheduler.model.candidates import Candidates
from scheduler.model.demand import aggregate
from scheduler.search import best_response
from scheduler.search.best_response import improve
from scheduler.search.best_response.state import State
from scheduler.search.one_model import greedy_warm_start
from scheduler.verify.timetable import verify
from tests.scheduler.builders import at, group, problem, resident, teacher
from tests.scheduler.search.test_one_model import small_college

WEDNESDAY_EVENING = (Window(2, 19 * 60, 21 * 60),)


def test_a_group_moves_to_the_time_its_residents_are_free() -> None:
    p = problem(
        groups=(group("g1"), group("g2", teacher="t2")),
        teachers=(teacher("t1"), teacher("t2")),
        residents=(
            resident("r1", "g1", free=WEDNESDAY_EVENING),
            resident("r2", "g1", "g2", free=WEDNESDAY_EVENING),
            resident("r3", "g2"),
        ),
    )
    start = (at(p, "g1", 0, 0, 9 * 60), at(p, "g2", 0, 1, 9 * 60))
    cands = Candidates(p)
    better = improve(p, cands, aggregate(p, cands), start)
    assert verify(p, start).attendable == 1  # r3 only
    report = verify(p, better)
    assert (report.violations, report.attendable) == ((), 3)  # g1 on Wednesday evening: r1 and r2 attend it


@pytest.mark.parametrize("seed", [3, 4])
def test_improving_the_greedy_keeps_every_rule_and_loses_no_interest(seed: int) -> None:
    p = small_college(seed=seed, groups=14, residents=600)
    cands = Candidates(p)
    demand = aggregate(p, cands)
    greedy = greedy_warm_start(p, cands, demand).assignments
    better = improve(p, cands, demand, greedy, seconds=1.0, kicks=30, seed=seed)
    report = verify(p, better)
    assert report.violations == ()
    assert report.attendable >= verify(p, greedy).attendable
    twice = [improve(p, cands, demand, greedy, seconds=60.0, kicks=5, seed=seed) for _ in range(2)]
    assert twice[0] == twice[1]  # a number of kicks, not a clock: the same timetable again


def _weighed(p, assignments) -> tuple[int, int]:
    """(the verifier's coverage, clash and audience penalties: the terms the local search weighs; hard violations)"""
    report = verify(p, assignments)
    return sum(report.penalties[rule] for rule in ("coverage", "clash", "audience")), len(report.violations)


@pytest.mark.parametrize("seed", [5, 6, 7])
def test_kicks_never_cost_more_on_the_terms_they_weigh_and_keep_every_rule(seed: int) -> None:
    p = small_college(seed=seed, groups=20, residents=900)
    cands = Candidates(p)
    demand = aggregate(p, cands)
    greedy = greedy_warm_start(p, cands, demand).assignments
    before, _ = _weighed(p, greedy)
    previous = before
    for kicks in (0, 10, 40):  # more kicks of the same seed continue the same search
        better = improve(p, cands, demand, greedy, seconds=60.0, kicks=kicks, seed=seed)
        penalty, violations = _weighed(p, better)
        assert violations == 0
        assert penalty <= previous
        previous = penalty
    assert previous < before


def test_a_moves_value_is_exactly_what_the_whole_timetable_gains() -> None:
    p = small_college(seed=8, groups=16, residents=700)
    cands = Candidates(p)
    demand = aggregate(p, cands)
    state = State(p, cands, demand, greedy_warm_start(p, cands, demand).assignments)
    rng = random.Random(8)
    movable = [g for g in p.groups if g.id in state.sessions and g.one_per_day and not g.pinned]
    state.log = {}
    start = penalty = state.penalty()
    for _ in range(30):
        g = rng.choice(movable)
        state.unbook(g)
        options, patterns = state.options(g)
        best, gain = state.best(g, best_response._mask(options), patterns)  # the best response, when it moves
        if best == state.pattern(g.id):
            best = rng.choice(patterns)  # else a kick's random pattern
            gain = state.gain(g, best_response._mask(options) | best_response._mask(state.pattern(g.id)), best)
        best_response._put(p, state, g, best, options)
        assert state.penalty() == penalty - gain
        penalty -= gain
    state.undo()
    assert state.penalty() == start
