"""A resident's interest should be attendable: in their free time, not clashing with their other groups (soft).

Formulation: missed = (1 − fits) + lost, where ``fits`` says every session of the group lies in the
residents' free time and ``lost`` says it fits but clashes with another of their groups. When the group's
weekly patterns are enumerated, ``fits`` is the sum of the patterns that avoid the blocked slots, so the
(1 − fits) part goes straight into the objective as one coefficient per pattern: exact in the LP relaxation
for one group, which is what makes the bound strong, and no variable per resident class. ``lost`` is bounded
below, for each other group h of theirs, by the overlap literals of the patterns these residents fit
(``overlaps.py``): "g takes a pattern they fit and h overlaps it", not the weaker fits + clash(g, h) − 1.
"""

from __future__ import annotations

from collections import defaultdict

from ortools.sat.python import cp_model

from scheduler.model.rules.base import Build, Penalty

HARD = False


def add(b: Build) -> Penalty:
    w = b.problem.weights.coverage
    if not w:
        return 0
    gain: dict[int, int] = defaultdict(int)  # literal index → residents it makes fit
    lits: dict[int, cp_model.IntVar] = {}
    fits: dict[tuple[str, frozenset[int]], tuple] = {}
    constant, lost_terms = b.demand.hopeless, []
    for n, interest in enumerate(b.demand.interests):
        if n % 64 == 0:
            b.on_time()
        key = (interest.group, interest.blocked)
        if key not in fits:
            fits[key] = _fits(b, *key)
        fit_lits, fit_expr = fits[key]
        constant += interest.count
        for lit in fit_lits:
            gain[lit.index] += interest.count
            lits[lit.index] = lit
        lost = _lost(b, interest, fit_lits, fit_expr)
        if lost is not None:
            lost_terms.append((lost, interest.count))
    order = sorted(gain)
    fitted = cp_model.LinearExpr.weighted_sum([lits[i] for i in order], [gain[i] for i in order])
    lost = cp_model.LinearExpr.weighted_sum([x for x, _ in lost_terms], [n for _, n in lost_terms])
    return w * (constant - fitted + lost)


def _lost(b: Build, interest, fit_lits: list, fit_expr) -> cp_model.IntVar | None:
    """The literal "fits but clashes with another of their groups" (None when no clash is possible)."""
    g = interest.group
    if b.vars.patterns(g) is not None and all(b.vars.patterns(h) is not None for h in interest.others):
        fitting = {lit.index for lit in fit_lits}
        ys = b.vars.patterns(g)
        sums = []
        for h in sorted(interest.others):
            through = b.vars.overlaps.through(g, h)
            us = [u for k, u in through.items() if ys[k][1].index in fitting]
            if us:
                sums.append(us)
        if not sums:
            return None
        lost = b.new_bool(f"lost[{g}]")
        for us in sums:  # lost ≥ Σ "g in a pattern these residents fit, overlapped by h"
            b.model.add(cp_model.LinearExpr.weighted_sum([lost, *us], [1, *([-1] * len(us))]) >= 0)
        return lost
    clashes = [c for h in sorted(interest.others) if not isinstance(c := b.vars.clash(g, h), int)]
    if not clashes:
        return None
    lost = b.new_bool(f"lost[{g}]")
    for c in clashes:
        b.model.add(fit_expr + c <= 1 + lost)
    return lost


def _fits(b: Build, g: str, blocked: frozenset[int]) -> tuple[list, object]:
    """The literals whose sum says no session of g is at a slot in ``blocked``, and that sum."""
    patterns = b.vars.patterns(g)
    if patterns is not None:
        good = [y for slots, y in patterns if slots.isdisjoint(blocked)]
        return good, sum(good)
    fit = b.new_bool(f"fits[{g}]")
    for t in sorted(blocked):
        b.model.add_implication(fit, b.vars.meets(g, t).Not())
    return [fit], fit
