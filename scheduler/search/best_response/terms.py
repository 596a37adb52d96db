"""The local search's building blocks: one group's share of the penalty as bad-slot masks
(``state.py`` keeps them up to date)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field


class About:
    """Interests of group h that name g: how many residents keep one, given where h and their other groups are.

    An interest is lost when h's slots hit its blocked ones or another group of its residents is at h's points;
    the lost ones are a bit mask over the interests, and the residents kept are remembered per mask.
    """

    def __init__(self, h: str, entries: list[tuple[int, tuple[str, ...], int]]) -> None:
        self.h, self.entries = h, entries
        rest: dict[str, int] = defaultdict(int)
        for i, (_, others, _) in enumerate(entries):
            for x in others:
                rest[x] |= 1 << i
        self.rest = list(rest.items())  # other group → the interests it can break
        self.blocked: dict[int, int] = {}  # h's slot mask → the interests blocked there
        self.kept: dict[int, int] = {}  # lost interests → residents kept
        self.met: dict[str, bool] = {}  # other group → whether it met h when the residents were last counted

    def meets(self, x: str, at: dict[str, int]) -> bool:
        """Whether x is at one of h's grid points now."""
        return bool(at.get(x, 0) & at.get(self.h, 0))

    def residents(self, slots: int, points: int, at: dict[str, int]) -> int:
        lost = self.blocked.get(slots)
        if lost is None:
            lost = self.blocked[slots] = sum(1 << i for i, (b, _, _) in enumerate(self.entries) if b & slots)
        met = self.met
        for x, mask in self.rest:
            met[x] = bool(at.get(x, 0) & points)
            if met[x]:
                lost |= mask
        kept = self.kept.get(lost)
        if kept is None:
            kept = self.kept[lost] = sum(n for i, (_, _, n) in enumerate(self.entries) if not lost >> i & 1)
        return kept


@dataclass
class Unit:
    """Terms of one group g that depend on where some other groups are: ``others``, and for a near unit the other
    groups of its group's interests."""

    others: tuple[str, ...]  # the interests' other groups that can clash with g (one: a "near" unit for it)
    entries: list[tuple[int, int]]  # g's interests with exactly these others: (blocked mask, weighted residents)
    partner: int = 0  # near unit: weighted residents g shares with the other group (lost when they clash)
    about: About | None = None  # near unit: the other group's interests that name g
    added: list[tuple[int, int]] = field(default_factory=list)  # (bad mask, weight) it adds to ``Terms.bad`` now
    seen: tuple[int, int] = (-1, -1)  # (slots hit by its groups, residents kept of the near group) behind ``added``


@dataclass
class Terms:
    """One group's share of the penalty as bad-slot masks: a weight is earned when the pattern avoids the mask."""

    cover: dict[int, int]  # slot → mask of the grid points its session covers
    slots: int  # mask of the slots in ``cover``: the only ones a bad mask has
    off: int  # mask of the slots outside the group's preferred windows
    units: list[Unit]
    bad: dict[int, int]  # bad mask → weight, every unit's terms added
    via: dict[str, list[int]]  # group → the units it is one of the ``others`` of
    rest: dict[str, list[int]]  # group → the near units whose group's interests it can break
    dirty: set[str]  # groups that moved since the terms were brought up to date
    seen: dict[str, int] = field(default_factory=dict)  # group → the slots its points hit, as ``bad`` has them
    hits: dict[int, int] = field(default_factory=dict)  # points mask → slots whose session overlaps it

    def hit(self, points: int) -> int:
        found = self.hits.get(points)
        if found is None:
            found = self.hits[points] = sum(1 << t for t, mask in self.cover.items() if mask & points)
        return found
