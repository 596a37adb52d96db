"""A venue hosts sessions only inside its opening windows (hard).

Enforced before any variable exists: ``model.candidates`` keeps only the slots and venues this filter allows;
the verifier re-checks it on its own.
"""

from __future__ import annotations

from scheduler.problem import Venue, Window

HARD = True


def windows(venue: Venue) -> tuple[Window, ...]:
    """The candidate filter's windows: a session must lie wholly inside one of them."""
    return venue.opening
