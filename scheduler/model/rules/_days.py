"""Shared by rules that count days: the literal "group g has a session on weekday d"."""

from __future__ import annotations

from scheduler.model.rules.base import Build


def day_used(b: Build, g: str, day: int) -> object:
    """1 exactly when group ``g`` meets on ``day`` (0 when it cannot); made once per model."""
    lits = b.vars.on_day(g, day)
    if not lits:
        return 0
    if len(lits) == 1 or b.problem.group[g].one_per_day:
        return sum(lits)  # at most one session a day: the sum is the literal
    key = ("day_used", g, day)
    if key not in b.cache:
        used = b.cache[key] = b.new_bool(f"day_used[{g},{day}]")
        for lit in lits:
            b.model.add_implication(lit, used)
        b.model.add_bool_or([*lits, used.Not()])
    return b.cache[key]


def present(b: Build, g: str, days: list[int]) -> object:
    """At least 1 when group ``g`` meets on one of ``days`` (bounded from below only; 0 when it cannot)."""
    lits = [lit for d in days for lit in b.vars.on_day(g, d)]
    if not lits:
        return 0
    if len(days) == 1:
        return day_used(b, g, days[0])
    key = ("present", g, tuple(days))
    if key not in b.cache:
        lit_any = b.cache[key] = b.new_bool(f"present[{g},{days[0]}+{len(days)}]")
        for lit in lits:
            b.model.add_implication(lit, lit_any)
    return b.cache[key]
