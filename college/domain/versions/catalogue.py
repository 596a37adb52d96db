"""The public catalogue's cards: one per interest group of the published timetable, and which ones a filter keeps."""

from __future__ import annotations

from dataclasses import dataclass, field

from college.domain.versions.week import part_of_day
from college.models import Category, InterestGroup, Session


@dataclass
class GroupCard:
    group: InterestGroup
    sessions: list[Session] = field(default_factory=list)

    def matches(self, wanted: dict[str, object]) -> bool:
        g = self.group
        text = str(wanted.get("q") or "").strip().lower()
        if text and text not in g.name.lower() and text not in g.teacher.name.lower():
            return False
        for name, value in (("category", g.category), ("audience", g.audience), ("community", g.community.key)):
            if wanted.get(name) and wanted[name] != value:
                return False
        day, part = wanted.get("day"), wanted.get("part")
        return any(
            (day is None or s.weekday == day) and (not part or part_of_day(s.start) == part) for s in self.sessions
        )


def group_cards(sessions: list[Session]) -> list[GroupCard]:
    """One card per group, in category then name order, with its sessions in weekday order."""
    cards: dict[int, GroupCard] = {}
    for s in sessions:
        cards.setdefault(s.group_id, GroupCard(s.group)).sessions.append(s)
    order = {value: i for i, value in enumerate(Category.values)}
    return sorted(cards.values(), key=lambda c: (order.get(c.group.category, 99), c.group.name))
