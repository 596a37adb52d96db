"""Which scheduled group meets a resident's wish for an activity. No Django import: records in, keys out."""

from __future__ import annotations

from collections import defaultdict

from college.domain.records.types import CollegeRecords


def activity_groups(records: CollegeRecords, scheduled: set[str]) -> dict[tuple[str, str], str]:
    """(resident, activity) → the scheduled group that meets the resident's wish for the activity.

    Wishes no scheduled group within reach can meet are left out (unmet: no group offers it there).
    """
    offered: dict[tuple[str, str], list[str]] = defaultdict(list)  # (activity, community) → group keys
    for g in records.groups:
        if g.activity and g.key in scheduled:
            offered[(g.activity, g.community)].append(g.key)
    found: dict[tuple[str, str], str] = {}
    for w in sorted(records.activity_wishes, key=lambda w: (w.resident, w.rank)):
        for community in w.communities:
            groups = offered.get((w.activity, community))
            if groups:
                found[(w.resident, w.activity)] = min(groups)
                break
    return found
