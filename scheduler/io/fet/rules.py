"""One handler per FET constraint we support: each records what the constraint asks for in the mapping's draft.

A handler returns False when it cannot honour this particular constraint (for instance a room preference
below 100%); the mapping then counts it as unsupported. Unknown names of days, hours, teachers, students
sets, rooms or activities raise ``FetError`` naming the constraint.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from scheduler.io.fet.read import Activity, Constraint, FetError
from scheduler.problem import Apart, Slot

Cell = tuple[int, int]  # (day, hour) indices


@dataclass(frozen=True)
class Grid:
    days: tuple[str, ...]
    hours: tuple[str, ...]
    acts: dict[int, Activity]
    units: dict[str, frozenset[str]]
    teachers: frozenset[str]
    rooms: frozenset[str]

    def teacher(self, c: Constraint) -> str:
        name = c.text("Teacher")
        if name not in self.teachers:
            raise FetError(f"{c.tag} names teacher {name!r}, who is not in the file's teachers")
        return name

    def room(self, c: Constraint, name: str) -> str:
        if name not in self.rooms:
            raise FetError(f"{c.tag} names room {name!r}, which is not in the file's rooms")
        return name

    def slot(self, d: int, h: int) -> Slot:
        return Slot(d, 8 * 60 + h * 60, (len(self.hours) - h) * 60)

    def cell(self, c: Constraint, day: str, hour: str) -> Cell:
        if day not in self.days:
            raise FetError(f"{c.tag} names day {day!r}, which is not among the file's days")
        if hour not in self.hours:
            raise FetError(f"{c.tag} names hour {hour!r}, which is not among the file's hours")
        return self.days.index(day), self.hours.index(hour)

    def cells(self, c: Constraint, item: str, day: str = "Day", hour: str = "Hour") -> set[Cell]:
        return {
            self.cell(c, (e.findtext(day) or "").strip(), (e.findtext(hour) or "").strip())
            for e in c.element.findall(item)
        }

    def activity(self, c: Constraint, ident: str) -> int | None:
        """The activity id, or None when it names an inactive activity (then the constraint skips it)."""
        try:
            value = int(ident)
        except ValueError:
            raise FetError(f"{c.tag} names activity {ident!r}, not an activity id") from None
        return value if value in self.acts else None

    def activities(self, c: Constraint) -> list[int]:
        return [a for i in c.texts("Activity_Id") if (a := self.activity(c, i)) is not None]

    def of_students(self, name: str) -> list[int]:
        units = self.units.get(name)
        if units is None:
            return []
        return [a.id for a in self.acts.values() if any(self.units.get(s, {s}) & units for s in a.students)]


@dataclass
class Draft:
    """What the constraints add to activities, teachers and rooms before the ``Problem`` is built."""

    grid: Grid
    blocked: dict[int, set[tuple[int, int]]] = field(default_factory=lambda: defaultdict(set))
    starts: dict[int, set[tuple[int, int]]] = field(default_factory=dict)  # allowed (day, hour), intersected
    preferred: dict[int, set[tuple[int, int]]] = field(default_factory=lambda: defaultdict(set))
    rooms: dict[int, set[str]] = field(default_factory=dict)  # allowed room names, intersected
    teacher_off: dict[str, set[tuple[int, int]]] = field(default_factory=lambda: defaultdict(set))
    room_off: dict[str, set[tuple[int, int]]] = field(default_factory=lambda: defaultdict(set))
    breaks: set[tuple[int, int]] = field(default_factory=set)
    max_gaps: dict[str, int] = field(default_factory=dict)  # students unit (or "*": all) → gaps a week
    apart: list[Apart] = field(default_factory=list)
    together: list[tuple[int, ...]] = field(default_factory=list)

    def allow_starts(self, activity: int, times: set[tuple[int, int]]) -> None:
        self.starts[activity] = self.starts[activity] & times if activity in self.starts else set(times)

    def allow_rooms(self, activity: int, rooms: set[str]) -> None:
        self.rooms[activity] = self.rooms[activity] & rooms if activity in self.rooms else set(rooms)


def _hard(c: Constraint) -> bool:
    return c.weight >= 100


def basic(draft: Draft, c: Constraint, hard_from: float) -> bool:
    return True  # every activity placed once, no clashes: the engine's own hard rules


def teacher_not_available(draft: Draft, c: Constraint, hard_from: float) -> bool:
    if not _hard(c):
        return False
    draft.teacher_off[draft.grid.teacher(c)] |= draft.grid.cells(c, "Not_Available_Time")
    return True


def students_not_available(draft: Draft, c: Constraint, hard_from: float) -> bool:
    if not _hard(c):
        return False
    cells = draft.grid.cells(c, "Not_Available_Time")
    for a in draft.grid.of_students(c.text("Students")):
        draft.blocked[a] |= cells
    return True


def room_not_available(draft: Draft, c: Constraint, hard_from: float) -> bool:
    if not _hard(c):
        return False
    draft.room_off[draft.grid.room(c, c.text("Room"))] |= draft.grid.cells(c, "Not_Available_Time")
    return True


def break_times(draft: Draft, c: Constraint, hard_from: float) -> bool:
    if not _hard(c):
        return False
    cells = draft.grid.cells(c, "Break_Time")
    draft.breaks |= cells
    for a in draft.grid.acts:
        draft.blocked[a] |= cells
    return True


def min_days(draft: Draft, c: Constraint, hard_from: float) -> bool:
    acts = draft.grid.activities(c)
    days = int(c.text("MinDays") or "1")
    if len(acts) > 1 and days > 0:
        ident = f"md{len(draft.apart) + 1}"
        hard = c.weight >= hard_from
        draft.apart.append(Apart(ident, tuple(f"a{a}" for a in acts), days, hard=hard, per_day=0 if hard else 2))
    return True


def _starts(draft: Draft, c: Constraint, acts: list[int], cells: set[Cell]) -> bool:
    for a in acts:
        if _hard(c):
            draft.allow_starts(a, cells)
        else:
            draft.preferred[a] |= cells
    return True


def activity_start(draft: Draft, c: Constraint, hard_from: float) -> bool:
    a = draft.grid.activity(c, c.text("Activity_Id"))
    day, hour = c.text("Preferred_Day"), c.text("Preferred_Hour")
    if not day or not hour:
        return False  # a day or an hour alone: not supported
    return _starts(draft, c, [a] if a is not None else [], {draft.grid.cell(c, day, hour)})


def activity_starts(draft: Draft, c: Constraint, hard_from: float) -> bool:
    a = draft.grid.activity(c, c.text("Activity_Id"))
    cells = draft.grid.cells(c, "Preferred_Starting_Time", "Preferred_Starting_Day", "Preferred_Starting_Hour")
    return _starts(draft, c, [a] if a is not None else [], cells)


def activities_starts(draft: Draft, c: Constraint, hard_from: float) -> bool:
    teacher, students = c.text("Teacher_Name"), c.text("Students_Name")
    subject, tag, duration = c.text("Subject_Name"), c.text("Activity_Tag_Name"), c.text("Duration")
    of_students = set(draft.grid.of_students(students)) if students else None
    acts = [
        a.id
        for a in draft.grid.acts.values()
        if (not teacher or teacher in a.teachers)
        and (of_students is None or a.id in of_students)
        and (not subject or a.subject == subject)
        and (not tag or tag in a.tags)
        and (not duration or str(a.duration) == duration)
    ]
    cells = draft.grid.cells(c, "Preferred_Starting_Time", "Preferred_Starting_Day", "Preferred_Starting_Hour")
    return _starts(draft, c, acts, cells)


def students_gaps(draft: Draft, c: Constraint, hard_from: float) -> bool:
    if not _hard(c):
        return False
    limit = int(c.text("Max_Gaps") or "0")
    if c.tag == "ConstraintStudentsMaxGapsPerWeek":
        units = {"*"}
    else:
        name = c.text("Students")
        if name not in draft.grid.units:
            raise FetError(f"{c.tag} names students set {name!r}, which is not in the file's students")
        units = set(draft.grid.units[name])
    for u in units:
        draft.max_gaps[u] = min(limit, draft.max_gaps.get(u, limit))
    return True


def same_start(draft: Draft, c: Constraint, hard_from: float) -> bool:
    if not _hard(c):
        return False
    acts = draft.grid.activities(c)
    if len(acts) > 1:
        draft.together.append(tuple(acts))
    return True


def activity_room(draft: Draft, c: Constraint, hard_from: float) -> bool:
    if not _hard(c):
        return False
    a = draft.grid.activity(c, c.text("Activity_Id"))
    names = [c.text("Room")] if c.tag == "ConstraintActivityPreferredRoom" else c.texts("Preferred_Room")
    rooms = {draft.grid.room(c, r) for r in names}
    if a is not None:
        draft.allow_rooms(a, rooms)
    return True


def subject_room(draft: Draft, c: Constraint, hard_from: float) -> bool:
    if not _hard(c):
        return False
    names = [c.text("Room")] if c.tag == "ConstraintSubjectPreferredRoom" else c.texts("Preferred_Room")
    rooms = {draft.grid.room(c, r) for r in names}
    for a in draft.grid.acts.values():
        if a.subject == c.text("Subject"):
            draft.allow_rooms(a.id, rooms)
    return True


TIME_RULES: dict[str, Callable[[Draft, Constraint, float], bool]] = {
    "ConstraintBasicCompulsoryTime": basic,
    "ConstraintBasicCompulsorySpace": basic,
    "ConstraintTeacherNotAvailableTimes": teacher_not_available,
    "ConstraintStudentsSetNotAvailableTimes": students_not_available,
    "ConstraintRoomNotAvailableTimes": room_not_available,
    "ConstraintBreakTimes": break_times,
    "ConstraintMinDaysBetweenActivities": min_days,
    "ConstraintActivityPreferredStartingTime": activity_start,
    "ConstraintActivityPreferredStartingTimes": activity_starts,
    "ConstraintActivitiesPreferredStartingTimes": activities_starts,
    "ConstraintActivitiesSameStartingTime": same_start,
    "ConstraintStudentsMaxGapsPerWeek": students_gaps,
    "ConstraintStudentsSetMaxGapsPerWeek": students_gaps,
    "ConstraintActivityPreferredRoom": activity_room,
    "ConstraintActivityPreferredRooms": activity_room,
    "ConstraintSubjectPreferredRoom": subject_room,
    "ConstraintSubjectPreferredRooms": subject_room,
}
