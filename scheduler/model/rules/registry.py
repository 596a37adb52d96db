"""Every rule of a timetable; ``RULES`` is the order the model adds them in.

To add a rule: write ``rules/<name>.py`` (docstring = the rule in one line, ``HARD``, and its candidate filter or
``add(build)``), list it here, and teach ``scheduler.verify`` to check it independently.
"""

from __future__ import annotations

from types import ModuleType

from scheduler.model.rules import (
    allowed_venues,
    apart,
    apart_soft,
    audience,
    blocked,
    capacity,
    clash,
    cohort_clash,
    cohort_gaps,
    coverage,
    day_cap,
    different_days,
    facilities,
    isolated,
    min_days,
    minimal_change,
    overflow,
    pinned,
    placement,
    same_start,
    same_venue,
    spread,
    start_times,
    step_free,
    teacher_availability,
    teacher_conflict,
    teacher_days,
    teacher_gaps,
    teacher_load,
    travel,
    venue_conflict,
    venue_opening,
    venue_size,
)
from scheduler.problem import Problem
from scheduler.reason import Reason

RULES: dict[str, ModuleType] = {
    m.__name__.rsplit(".", 1)[1]: m
    for m in (
        placement,
        different_days,
        pinned,
        teacher_availability,
        teacher_load,
        teacher_conflict,
        travel,
        venue_opening,
        venue_conflict,
        capacity,
        facilities,
        step_free,
        allowed_venues,
        coverage,
        audience,
        clash,
        same_venue,
        spread,
        teacher_days,
        teacher_gaps,
        venue_size,
        minimal_change,
        # Optional rules of imported timetables and stricter colleges (inactive unless the problem asks).
        blocked,
        start_times,
        cohort_clash,
        cohort_gaps,
        apart,
        day_cap,
        same_start,
        overflow,
        min_days,
        isolated,
        apart_soft,
    )
}
HARD_RULES = tuple(name for name, m in RULES.items() if m.HARD)
SOFT_RULES = tuple(name for name, m in RULES.items() if not m.HARD)


def statement(name: str) -> str:
    """The rule in one line, from its module docstring."""
    return (RULES[name].__doc__ or name).strip().splitlines()[0]


def reason(name: str, problem: Problem, entity: str) -> Reason:
    """What a core says of hard rule ``name`` about ``entity`` (each rule module owns its reason)."""
    return RULES[name].reason(problem, entity)
