"""Checks of the sets that link groups: cohorts that never overlap, groups kept apart or together."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from scheduler.problem import _check

if TYPE_CHECKING:
    from scheduler.problem import Problem


def _known(what: str, ids: tuple[str, ...], groups: set[str]) -> None:
    unknown = [g for g in ids if g not in groups]
    _check(not unknown, f"{what} names unknown group(s) {', '.join(map(repr, unknown))}")
    twice = sorted(g for g, n in Counter(ids).items() if n > 1)
    _check(not twice, f"{what} lists group(s) {', '.join(map(repr, twice))} twice")


def validate_links(problem: Problem, groups: set[str]) -> None:
    ids = [c.id for c in problem.cohorts]
    twice = sorted(i for i, n in Counter(ids).items() if n > 1)
    _check(not twice, f"duplicate cohort id(s): {', '.join(map(repr, twice))}")
    for c in problem.cohorts:
        _known(f"cohort {c.name!r} ({c.id})", c.groups, groups)
        _check(c.max_gaps is None or c.max_gaps >= 0, f"cohort {c.name!r} allows {c.max_gaps} gaps: it must be ≥ 0")
    for a in problem.apart:
        _known(f"apart set {a.id!r}", a.groups, groups)
        _check(a.days >= 1, f"apart set {a.id!r} asks for {a.days} days apart: it must be ≥ 1")
        _check(a.per_day >= 0, f"apart set {a.id!r} allows {a.per_day} sessions a day: it must be ≥ 0")
    for i, together in enumerate(problem.together):
        _known(f"together set #{i + 1}", together, groups)
        sessions = {problem.group[g].sessions for g in together}
        _check(len(sessions) <= 1, f"together set #{i + 1} mixes groups with different numbers of sessions")
