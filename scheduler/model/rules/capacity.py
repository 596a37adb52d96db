"""A group meets only in a venue with at least as many seats as its maximum size, unless it may overflow (hard).

Enforced before any variable exists: ``model.candidates`` keeps only the slots and venues this filter allows;
the verifier re-checks it on its own.
"""

from __future__ import annotations

from scheduler.problem import Group, Venue

HARD = True


def allows(group: Group, venue: Venue) -> bool:
    """The candidate filter: enough seats for the group's maximum size, or the group may overflow (``overflow``)."""
    return venue.capacity >= group.max_size or group.overflow
