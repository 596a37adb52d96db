"""A group that needs step-free access meets only in a step-free venue (hard).

Enforced before any variable exists: ``model.candidates`` keeps only the slots and venues this filter allows;
the verifier re-checks it on its own.
"""

from __future__ import annotations

from scheduler.problem import Group, Venue

HARD = True


def allows(group: Group, venue: Venue) -> bool:
    """The candidate filter: step-free access when the group needs it."""
    return venue.step_free or not group.step_free
