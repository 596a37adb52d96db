"""What changed between two versions of a term's timetable: sessions added, removed and moved.

Sessions of one group are interchangeable, so the versions are matched group by group, keeping as many
sessions as possible where they were: same time and venue first, then same time, then same day, then
in weekday order. ``match`` is shared with ``save_draft``, which numbers a new version's sessions after
the ones they continue, so calendar UIDs (group + number) follow a session when it moves.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext as _

from college.domain.errors import WorkflowError
from college.models import Interest, InterestKind, Session, Timetable
from college.models.choices import WEEKDAY_CHOICES
from college.models.fields import format_minutes


@dataclass(frozen=True)
class Spot:
    """One session as a diff sees it: group, number, when, where and with whom (ids)."""

    group: int
    number: int
    weekday: int
    start: int
    end: int
    venue: int
    teacher: int


_STAGES: tuple[Callable[[Spot], Hashable], ...] = (
    lambda s: (s.weekday, s.start, s.venue),
    lambda s: (s.weekday, s.start),
    lambda s: s.weekday,
    lambda s: None,
)


def match(old: Sequence[Spot], new: Sequence[Spot]) -> tuple[list[tuple[Spot, Spot]], list[Spot], list[Spot]]:
    """Pairs (old, new) of continuing sessions, then the removed old ones and the added new ones."""
    by_group_old: dict[int, list[Spot]] = defaultdict(list)
    by_group_new: dict[int, list[Spot]] = defaultdict(list)
    for s in sorted(old, key=_order):
        by_group_old[s.group].append(s)
    for s in sorted(new, key=_order):
        by_group_new[s.group].append(s)
    pairs: list[tuple[Spot, Spot]] = []
    removed: list[Spot] = []
    added: list[Spot] = []
    for group in sorted(by_group_old.keys() | by_group_new.keys()):
        left, right = list(by_group_old[group]), list(by_group_new[group])
        for key in _STAGES:
            for a in list(left):
                b = next((b for b in right if key(b) == key(a)), None)
                if b is not None:
                    pairs.append((a, b))
                    left.remove(a)
                    right.remove(b)
        removed += left
        added += right
    return pairs, removed, added


def _order(s: Spot) -> tuple[int, int, int]:
    return (s.weekday, s.start, s.number)


def spots(timetable_id: int) -> list[Spot]:
    rows = Session.objects.filter(timetable_id=timetable_id).values_list(
        "group_id", "number", "weekday", "start", "end", "venue_id", "teacher_id"
    )
    return [Spot(*row) for row in rows]


@dataclass(frozen=True)
class Place:
    """When and where a session meets, and who teaches it, with names for display."""

    weekday: int
    start: int
    end: int
    venue_id: int
    venue: str
    teacher_id: int
    teacher: str

    @property
    def label(self) -> str:
        """'Monday 09:00–10:30 小竹广场' (weekday in the active language)."""
        day = str(WEEKDAY_CHOICES[self.weekday][1])
        return f"{day} {format_minutes(self.start)}–{format_minutes(self.end)} {self.venue}"


@dataclass(frozen=True)
class Change:
    """A session added, removed or moved; ``residents`` interested in its group, ``teachers`` it touches."""

    kind: str  # "added" | "removed" | "moved"
    group_id: int
    group: str
    number: int
    old: Place | None
    new: Place | None
    residents: int
    enrolled: int
    teachers: tuple[str, ...]
    teacher_ids: tuple[int, ...]

    @property
    def time_changed(self) -> bool:
        if self.old is None or self.new is None:
            return False
        return (self.old.weekday, self.old.start) != (self.new.weekday, self.new.start)

    @property
    def venue_changed(self) -> bool:
        return self.old is not None and self.new is not None and self.old.venue_id != self.new.venue_id


@dataclass(frozen=True)
class TimetableDiff:
    old_id: int
    new_id: int
    added: tuple[Change, ...]
    removed: tuple[Change, ...]
    moved: tuple[Change, ...]
    unchanged: int
    residents_touched: int  # distinct residents interested in some changed group
    teachers_touched: tuple[str, ...]

    @property
    def changes(self) -> tuple[Change, ...]:
        return self.moved + self.added + self.removed

    @property
    def empty(self) -> bool:
        return not self.changes


def diff(a_id: int, b_id: int) -> TimetableDiff:
    """How version ``b`` differs from version ``a`` (usually a: published, b: the new draft)."""
    a, b = Timetable.objects.select_related("term").get(pk=a_id), Timetable.objects.select_related("term").get(pk=b_id)
    if a.term_id != b.term_id:
        raise WorkflowError(
            _("Only versions of one term can be compared: %(a)s and %(b)s belong to different terms.")
            % {"a": a, "b": b}
        )
    pairs, removed, added = match(spots(a.pk), spots(b.pk))
    moved = [(x, y) for x, y in pairs if (x.weekday, x.start, x.end, x.venue, x.teacher) != _where(y)]
    touched = {s.group for s in removed + added} | {x.group for x, _ in moved}
    names = _Names(a, b, touched)
    return TimetableDiff(
        old_id=a.pk,
        new_id=b.pk,
        added=tuple(names.change("added", None, s) for s in added),
        removed=tuple(names.change("removed", s, None) for s in removed),
        moved=tuple(names.change("moved", x, y) for x, y in moved),
        unchanged=len(pairs) - len(moved),
        residents_touched=Interest.objects.filter(group_id__in=touched).values("resident_id").distinct().count(),
        teachers_touched=tuple(sorted({t for c in names.changes for t in c.teachers})),
    )


def _where(s: Spot) -> tuple[int, int, int, int, int]:
    return (s.weekday, s.start, s.end, s.venue, s.teacher)


class _Names:
    """Names of the groups, venues and teachers of two versions, and interest counts of the touched groups."""

    def __init__(self, a: Timetable, b: Timetable, groups: set[int]) -> None:
        rows = Session.objects.filter(timetable__in=(a, b)).values_list(
            "group_id", "group__name", "venue_id", "venue__name", "teacher_id", "teacher__name"
        )
        self.group, self.venue, self.teacher = {}, {}, {}
        for gid, gname, vid, vname, tid, tname in rows:
            self.group[gid], self.venue[vid], self.teacher[tid] = gname, vname, tname
        counts = Interest.objects.filter(group_id__in=groups).values("group_id", "kind").annotate(n=Count("pk"))
        self.interested: dict[int, int] = defaultdict(int)
        self.enrolled: dict[int, int] = defaultdict(int)
        for row in counts:
            self.interested[row["group_id"]] += row["n"]
            if row["kind"] == InterestKind.ENROLLED:
                self.enrolled[row["group_id"]] += row["n"]
        self.changes: list[Change] = []

    def place(self, s: Spot | None) -> Place | None:
        if s is None:
            return None
        return Place(s.weekday, s.start, s.end, s.venue, self.venue[s.venue], s.teacher, self.teacher[s.teacher])

    def change(self, kind: str, old: Spot | None, new: Spot | None) -> Change:
        some = old or new
        assert some is not None
        teacher_ids = tuple(dict.fromkeys(s.teacher for s in (old, new) if s is not None))
        found = Change(
            kind=kind,
            group_id=some.group,
            group=self.group[some.group],
            number=(new or old).number,  # type: ignore[union-attr]
            old=self.place(old),
            new=self.place(new),
            residents=self.interested[some.group],
            enrolled=self.enrolled[some.group],
            teachers=tuple(self.teacher[t] for t in teacher_ids),
            teacher_ids=teacher_ids,
        )
        self.changes.append(found)
        return found
