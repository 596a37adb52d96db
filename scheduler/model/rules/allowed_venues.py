"""A group meets only in the communities, or the venues, it may use (hard).

Enforced before any variable exists: ``model.candidates`` keeps only the slots and venues this filter allows;
the verifier re-checks it on its own.
"""

from __future__ import annotations

from scheduler.problem import Group, Venue

HARD = True


def allows(group: Group, venue: Venue) -> bool:
    """The candidate filter: the venue is on the group's list, or (without a list) in a community it may use."""
    if group.venues:
        return venue.id in group.venues
    return venue.community in group.allowed_communities
