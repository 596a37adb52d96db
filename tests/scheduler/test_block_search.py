"""Local search on a block's timetable: it keeps every hard rule and never makes the timetable worse."""

from __future__ import annotations

import math
from dataclasses import replace

from scheduler.block_search import improve
from scheduler.candidates import Candidates
from scheduler.demand import aggregate
from scheduler.greedy import first_fit
from scheduler.greedy_patterns import repair
from scheduler.verify import verify
from tests.scheduler.test_model import small_college


def test_local_search_from_a_first_fit_timetable_keeps_every_hard_rule_and_lowers_the_objective() -> None:
    p = small_college(groups=20, residents=800)
    cands = Candidates(p)
    start = repair(p, cands, first_fit(p, cands)).assignments
    moved = improve(p, cands, aggregate(p, cands), start, frozenset(g.id for g in p.groups), math.inf).assignments
    before, after = verify(p, start), verify(p, moved)
    assert (before.violations, after.violations) == ((), ())
    assert sorted((a.group, a.index) for a in moved) == sorted((a.group, a.index) for a in start)
    assert after.objective < before.objective
    assert after.attendable > before.attendable


def test_a_group_hinted_into_another_groups_venue_and_times_is_placed_anew() -> None:
    p = small_college(groups=20, residents=800)
    cands = Candidates(p)
    start = repair(p, cands, first_fit(p, cands)).assignments
    twice = sorted((g for g in p.groups if g.sessions == 2), key=lambda g: g.id)
    first, second = twice[0], twice[1]
    copied = [a for a in start if a.group == first.id]
    clashing = tuple(a for a in start if a.group != second.id) + tuple(
        replace(a, group=second.id, teacher=second.teacher) for a in copied
    )
    assert verify(p, clashing).violations != ()
    moved = improve(p, cands, aggregate(p, cands), clashing, frozenset({second.id}), math.inf)
    assert moved.unplaced == ()
    moved = moved.assignments
    assert verify(p, moved).violations == ()
