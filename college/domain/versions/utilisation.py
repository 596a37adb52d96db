"""Venue utilisation of a saved timetable: the share of each venue's weekly opening hours that sessions use."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from college.models import Session, Venue, VenueOpening


@dataclass(frozen=True)
class VenueUse:
    venue: Venue
    open_minutes: int  # per week
    used_minutes: int  # per week, by the timetable's sessions
    sessions: int

    @property
    def share(self) -> float:
        """Used / open, 0 … 1 (0 for a venue with no opening hours)."""
        return self.used_minutes / self.open_minutes if self.open_minutes else 0.0

    @property
    def percent(self) -> int:
        return round(100 * self.share)

    @property
    def open_hours(self) -> float:
        return self.open_minutes / 60

    @property
    def used_hours(self) -> float:
        return self.used_minutes / 60


def venue_utilisation(timetable_id: int, communities: Iterable[int] | None = None) -> list[VenueUse]:
    """Every venue (of ``communities`` when given) with its weekly open and used minutes, busiest first."""
    venues = Venue.objects.select_related("community")
    if communities is not None:
        venues = venues.filter(community_id__in=list(communities))
    open_minutes: dict[int, int] = defaultdict(int)
    for venue_id, start, end in VenueOpening.objects.values_list("venue_id", "start", "end"):
        open_minutes[venue_id] += end - start
    used: dict[int, int] = defaultdict(int)
    count: dict[int, int] = defaultdict(int)
    for venue_id, start, end in Session.objects.filter(timetable_id=timetable_id).values_list(
        "venue_id", "start", "end"
    ):
        used[venue_id] += end - start
        count[venue_id] += 1
    uses = [VenueUse(v, open_minutes[v.pk], used[v.pk], count[v.pk]) for v in venues]
    return sorted(uses, key=lambda u: (-u.share, u.venue.community.name, u.venue.name))
