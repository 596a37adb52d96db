"""A group with allowed start times starts its sessions only at those (hard).

Enforced before any variable exists: ``model.candidates`` keeps only the slots and venues this filter allows;
the verifier re-checks it on its own.
"""

from __future__ import annotations

from scheduler.problem import Group, Problem

HARD = True


def allowed_slots(problem: Problem, group: Group) -> set[int] | None:
    """The candidate filter: the slot indices the group may start at (None: any)."""
    return {problem.slot_index[s] for s in group.starts} if group.starts else None
