"""A lower bound proven apart for one exact problem (``bounds.reference``), and what a solve does with it.

The bounded problem is the solve's without pins and previous placements (``without_placements``): pins only take
timetables away and a moved session only adds cost, so its bound holds for every re-plan of the same inputs, and a
term's bound outlives the versions each solve saves. A solve given one (``SolveOptions.known_bound``) reports the
higher of its own bound and this one, but only when the problem it solves, so relaxed, has the bound's fingerprint
(``problem.fingerprint``): every other input, weights included, must be identical. The fingerprint is worked out in
a thread beside the search.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace

from scheduler.problem import Problem
from scheduler.problem.fingerprint import fingerprint
from scheduler.solution import Progress, ProgressCallback, Solution, Status


@dataclass(frozen=True)
class KnownBound:
    """``value`` ≤ the optimum of the problem whose fingerprint is ``fingerprint`` (a problem without placements);
    ``method`` says how it was proven (``bounds.reference``'s codes) and ``seconds`` how long that took."""

    fingerprint: str
    value: int
    method: str = ""
    seconds: float = 0.0


def without_placements(problem: Problem) -> Problem:
    """``problem`` with no pin and no previous placement: a relaxation (fewer rules, no more cost)."""
    return replace(problem, groups=tuple(replace(g, pinned=(), previous=()) for g in problem.groups))


def key(problem: Problem) -> str:
    """The fingerprint a known bound of ``problem`` carries: that of ``without_placements(problem)``."""
    return fingerprint(problem, placements=False)


class Matching:
    """Whether ``known`` bounds ``problem``, found out in a thread; ``progress`` and ``solution`` raise the bound."""

    def __init__(self, problem: Problem, known: KnownBound) -> None:
        self.known = known
        self._matches: bool | None = None
        self._thread = threading.Thread(target=self._check, args=(problem,), daemon=True, name="known-bound")
        self._thread.start()

    def _check(self, problem: Problem) -> None:
        self._matches = key(problem) == self.known.fingerprint

    def matches(self) -> bool:
        """Once the fingerprint is known (waits for it)."""
        self._thread.join()
        return bool(self._matches)

    def progress(self, report: ProgressCallback | None) -> ProgressCallback | None:
        """``report`` with each progress's bound raised, once the fingerprint is known to match."""
        if report is None:
            return None
        return lambda p: report(self._raised(p) if self._matches else p)

    def _raised(self, p: Progress) -> Progress:
        return replace(p, bound=max(p.bound, float(self.known.value)))

    def solution(self, s: Solution) -> Solution:
        """``s`` with the higher bound, when it has an objective the bound can be compared with (optimal when the
        bound reaches it)."""
        if not self.matches() or s.objective is None:
            return s
        if s.bound is not None and s.bound >= self.known.value:
            return s
        proven = s.status is Status.FEASIBLE and self.known.value >= s.objective
        status = Status.OPTIMAL if proven else s.status
        return replace(s, bound=float(self.known.value), status=status, bound_method=self.known.method)
