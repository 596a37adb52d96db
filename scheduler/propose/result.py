"""What a proposal run returns: the proposals with the data of their reasons, and the run's figures."""

from __future__ import annotations

from dataclasses import dataclass

from scheduler.propose.problem import Pattern
from scheduler.solution import Status


@dataclass(frozen=True)
class Proposal:
    """A new group to open: activity, community, teacher, venue and weekly time, and why.

    ``residents`` are those it serves (at most its size); ``wished`` how many wish for it, can reach it and are
    free for every session (before the size); ``sessions_left`` the teacher's weekly sessions left in the published
    timetable, which the proposal fits into.
    """

    activity: str
    community: str
    tutor: str
    room: str
    pattern: Pattern
    residents: tuple[str, ...]
    wished: int
    sessions_left: int

    @property
    def served(self) -> int:
        return len(self.residents)


@dataclass(frozen=True)
class Proposals:
    status: Status
    proposals: tuple[Proposal, ...] = ()
    bound: float | None = None  # no choice of K proposals serves more (the smaller of CP-SAT's and the LP's)
    lp_bound: float | None = None  # the LP relaxation's alone (None: not solved in time)
    greedy: int = 0  # residents the warm start served
    options: int = 0  # options the model chose from
    seconds: float = 0.0

    @property
    def served(self) -> int:
        return sum(p.served for p in self.proposals)
