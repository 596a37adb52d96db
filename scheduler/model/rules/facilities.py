"""A group meets only in a venue with every facility it needs (hard).

Enforced before any variable exists: ``model.candidates`` keeps only the slots and venues this filter allows;
the verifier re-checks it on its own.
"""

from __future__ import annotations

from scheduler.problem import Group, Venue

HARD = True


def allows(group: Group, venue: Venue) -> bool:
    """The candidate filter: the venue has every facility the group needs."""
    return group.facilities <= venue.facilities
