"""A group's sessions should spread over at least its min_days days: each missing day costs (soft)."""

from __future__ import annotations

from scheduler.model.rules._days import day_used
from scheduler.model.rules.base import Build, Penalty

HARD = False


def add(b: Build) -> Penalty:
    w = b.problem.weights.min_days
    if not w:
        return 0
    terms: list = []
    for g in b.problem.groups:
        if g.min_days <= 0 or not b.counts_group(g.id):
            continue
        if g.one_per_day:
            terms.append(max(0, g.min_days - g.sessions))  # one session a day: days = sessions
            continue
        days = [day_used(b, g.id, d) for d in b.cands.day_points]
        missing = b.model.new_int_var(0, g.min_days, f"missing_days[{g.id}]")
        b.model.add(missing >= g.min_days - sum(days))
        terms.append(missing)
    return w * sum(terms)
