"""A group never meets at its blocked times, when its members are busy (hard).

Enforced before any variable exists: ``model.candidates`` keeps only the slots and venues this filter allows;
the verifier re-checks it on its own.
"""

from __future__ import annotations

from scheduler.problem import Group, Slot, overlaps_any

HARD = True


def allows(group: Group, slot: Slot) -> bool:
    """The candidate filter: a session starting at ``slot`` overlaps none of the group's blocked windows."""
    return not overlaps_any(group.blocked, slot.weekday, slot.start, slot.start + group.length)
