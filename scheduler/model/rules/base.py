"""What every rule module receives: the problem, its candidates and demand, the model and its variables.

A rule module states itself in its first docstring line, sets ``HARD``, and defines
``add(build) -> penalty``: hard rules add constraints and return 0, soft rules return their weighted
objective term (a CP-SAT linear expression, possibly with a constant part).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from scheduler.model.candidates import Candidates
from scheduler.model.demand import Demand
from scheduler.model.variables import Variables
from scheduler.problem import Problem

Penalty = cp_model.LinearExprT


class OutOfTime(Exception):
    """Building the model ran past its deadline: the caller keeps what it has instead."""


@dataclass(frozen=True)
class Scope:
    """The soft terms one block of a decomposed problem counts: its own groups' and some teachers'.

    Fixed neighbours (pinned groups of blocks solved earlier) take part in the hard rules, but their own
    terms were counted when their block was solved; residents' terms come with the block's ``Demand``.
    """

    groups: frozenset[str]
    teachers: frozenset[str]


@dataclass
class Build:
    problem: Problem
    cands: Candidates
    demand: Demand
    model: cp_model.CpModel
    vars: Variables
    scope: Scope | None = None  # decomposition: whose soft terms this model counts (None: everyone's)
    guarded: bool = False  # explain mode: every hard constraint is enforced by a named assumption
    guards: dict[tuple[str, str], cp_model.IntVar] = field(default_factory=dict)
    cache: dict[tuple, object] = field(default_factory=dict)  # derived literals shared by rules
    deadline: float | None = None  # perf_counter time by which building must be done (None: no limit)

    def on_time(self) -> None:
        """Raise ``OutOfTime`` once the deadline has passed (long rules ask as they go)."""
        if self.deadline is not None and time.perf_counter() > self.deadline:
            raise OutOfTime

    def hard(self, ct: cp_model.Constraint, rule: str, entity: str) -> None:
        """Register a hard constraint of ``rule`` about ``entity`` (a group, teacher or venue id)."""
        if self.guarded:
            key = (rule, entity)
            if key not in self.guards:
                self.guards[key] = self.model.new_bool_var(f"assume[{rule},{entity}]")
            ct.only_enforce_if(self.guards[key])

    def new_bool(self, name: str) -> cp_model.IntVar:
        self.vars.count += 1
        return self.model.new_bool_var(name)

    def counts_group(self, gid: str) -> bool:
        return self.scope is None or gid in self.scope.groups

    def counts_teacher(self, tid: str) -> bool:
        return self.scope is None or tid in self.scope.teachers

    def teachers_groups(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for g in self.problem.groups:
            out.setdefault(g.teacher, []).append(g.id)
        return out
