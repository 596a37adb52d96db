"""A resident's interest should be attendable: in their free time, not clashing with their other groups (soft)."""

from __future__ import annotations

from scheduler.rules.base import Build, Penalty

HARD = False


def add(b: Build) -> Penalty:
    w = b.problem.weights.coverage
    if not w:
        return 0
    fits: dict[tuple[str, frozenset[int]], object] = {}
    missed = []
    for interest in b.demand.interests:
        key = (interest.group, interest.blocked)
        if key not in fits:
            fits[key] = _fit(b, *key)
        attendable = _attendable(b, interest.group, fits[key], interest.others)
        if attendable is not None:
            missed.append(interest.count * (1 - attendable))
    return w * (b.demand.hopeless + sum(missed))


def _fit(b: Build, g: str, blocked: frozenset[int]) -> object:
    """A literal: no session of g is at a slot in ``blocked`` (None when nothing is blocked)."""
    if not blocked:
        return None
    fit = b.new_bool(f"fits[{g}]")
    for t in sorted(blocked):
        b.model.add_implication(fit, b.vars.meets(g, t).Not())
    return fit


def _attendable(b: Build, g: str, fit: object, others: frozenset[str]) -> object:
    clashes = [c for h in sorted(others) if not isinstance(c := b.vars.clash(g, h), int)]
    if not clashes:
        return fit
    att = b.new_bool(f"attendable[{g}]")
    if fit is not None:
        b.model.add_implication(att, fit)
    for c in clashes:
        b.model.add_implication(att, c.Not())
    return att
