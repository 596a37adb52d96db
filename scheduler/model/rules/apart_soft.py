"""Sessions of different groups of a soft Apart set should be days apart: each pair too close costs (soft)."""

from __future__ import annotations

from itertools import combinations

from scheduler.model.rules._days import present
from scheduler.model.rules.apart import windows
from scheduler.model.rules.base import Build, Penalty

HARD = False


def add(b: Build) -> Penalty:
    w = b.problem.weights.apart
    if not w:
        return 0
    terms = []
    for a in b.problem.apart:
        if a.hard:
            continue
        spans = windows(b, a.days)
        for g, h in combinations(a.groups, 2):
            close = b.new_bool(f"too_close[{a.id},{g},{h}]")
            for span in spans:
                x, y = present(b, g, span), present(b, h, span)
                if not isinstance(x, int) and not isinstance(y, int):
                    b.model.add(x + y <= 1 + close)
            terms.append(close)
    return w * sum(terms)
