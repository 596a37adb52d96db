"""The ``.ctt`` instance format of ITC-2007 Track 3 and its solution format (``<course> <room> <day> <period>``).

An instance has courses (teacher, lectures, minimum working days, students), rooms (capacity), curricula
(courses sharing students) and unavailability constraints (course, day, period). Days and periods count
from 0. A solution gives one line per lecture.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class CttError(ValueError):
    """The text is not a valid ``.ctt`` instance or solution; the message names the line."""


@dataclass(frozen=True)
class Course:
    id: str
    teacher: str
    lectures: int
    min_days: int
    students: int


@dataclass(frozen=True)
class Room:
    id: str
    capacity: int


@dataclass(frozen=True)
class Curriculum:
    id: str
    courses: tuple[str, ...]


@dataclass(frozen=True)
class Instance:
    name: str
    days: int
    periods_per_day: int
    courses: tuple[Course, ...]
    rooms: tuple[Room, ...]
    curricula: tuple[Curriculum, ...]
    unavailable: tuple[tuple[str, int, int], ...]  # (course, day, period)

    @property
    def periods(self) -> int:
        return self.days * self.periods_per_day

    @property
    def lectures(self) -> int:
        return sum(c.lectures for c in self.courses)


@dataclass(frozen=True, order=True)
class Lecture:
    """One line of a solution: a lecture of ``course`` in ``room`` at ``day``, ``period``."""

    course: str
    room: str
    day: int
    period: int


_HEADER = ("Name", "Courses", "Rooms", "Days", "Periods_per_day", "Curricula", "Constraints")


def read_ctt(source: str | Path) -> Instance:
    """Parse a ``.ctt`` file (a path) or its text; header counts must match the sections."""
    text = Path(source).read_text(encoding="utf-8") if isinstance(source, Path) else source
    lines = [(n, line.strip()) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
    header: dict[str, str] = {}
    for n, line in lines[: len(_HEADER)]:
        key, _, value = line.partition(":")
        if key not in _HEADER or not value.strip():
            raise CttError(f"line {n}: expected a header line '<{'|'.join(_HEADER)}>: <value>', got {line!r}")
        header[key] = value.strip()
    missing = [k for k in _HEADER if k not in header]
    if missing:
        raise CttError(f"header lacks {', '.join(missing)}")
    sections = _sections(lines[len(_HEADER) :])
    counts = {k: _int(header[k], k) for k in _HEADER[1:]}
    courses = tuple(_course(n, f) for n, f in sections.get("COURSES", []))
    rooms = tuple(Room(f[0], _int(f[1], f"room {f[0]} capacity")) for n, f in _fields(sections, "ROOMS", 2))
    curricula = tuple(_curriculum(n, f) for n, f in sections.get("CURRICULA", []))
    unavailable = tuple(
        (f[0], _int(f[1], "day"), _int(f[2], "period")) for _, f in _fields(sections, "UNAVAILABILITY_CONSTRAINTS", 3)
    )
    found = {
        "Courses": len(courses),
        "Rooms": len(rooms),
        "Curricula": len(curricula),
        "Constraints": len(unavailable),
    }
    for key, n in found.items():
        if counts[key] != n:
            raise CttError(f"header says {key}: {counts[key]} but the file lists {n}")
    instance = Instance(
        header["Name"], counts["Days"], counts["Periods_per_day"], courses, rooms, curricula, unavailable
    )
    _check_references(instance)
    return instance


def _int(value: str, what: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise CttError(f"{what}: {value!r} is not a whole number") from None


def _sections(lines: list[tuple[int, str]]) -> dict[str, list[tuple[int, list[str]]]]:
    out: dict[str, list[tuple[int, list[str]]]] = {}
    current = None
    for n, line in lines:
        if line == "END.":
            break
        if line.endswith(":") and line[:-1].isupper():
            current = out.setdefault(line[:-1], [])
        elif current is None:
            raise CttError(f"line {n}: {line!r} is outside any section")
        else:
            current.append((n, line.split()))
    return out


def _fields(sections: dict, name: str, width: int) -> list[tuple[int, list[str]]]:
    rows = sections.get(name, [])
    for n, f in rows:
        if len(f) != width:
            raise CttError(f"line {n}: a {name} line has {width} fields, got {' '.join(f)!r}")
    return rows


def _course(n: int, f: list[str]) -> Course:
    if len(f) != 5:
        raise CttError(f"line {n}: a course line is '<course> <teacher> <lectures> <min days> <students>'")
    return Course(f[0], f[1], _int(f[2], f"course {f[0]} lectures"), _int(f[3], "min days"), _int(f[4], "students"))


def _curriculum(n: int, f: list[str]) -> Curriculum:
    if len(f) < 2 or len(f) != 2 + _int(f[1], f"curriculum {f[0]} size"):
        raise CttError(f"line {n}: curriculum {f[0]} must list as many courses as its count says")
    return Curriculum(f[0], tuple(f[2:]))


def _check_references(instance: Instance) -> None:
    courses = {c.id for c in instance.courses}
    for q in instance.curricula:
        unknown = [c for c in q.courses if c not in courses]
        if unknown:
            raise CttError(f"curriculum {q.id} names unknown course(s) {', '.join(unknown)}")
    for course, day, period in instance.unavailable:
        if course not in courses:
            raise CttError(f"an unavailability constraint names unknown course {course}")
        if not (0 <= day < instance.days and 0 <= period < instance.periods_per_day):
            raise CttError(f"unavailability of {course} at day {day} period {period} is outside the week")


def write_solution(lectures: list[Lecture] | tuple[Lecture, ...]) -> str:
    """The official solution format: one ``<course> <room> <day> <period>`` line per lecture."""
    return "".join(f"{x.course} {x.room} {x.day} {x.period}\n" for x in sorted(lectures))


def read_solution(text: str) -> tuple[Lecture, ...]:
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        f = line.split()
        if not f:
            continue
        if len(f) != 4:
            raise CttError(f"solution line {n}: expected '<course> <room> <day> <period>', got {line!r}")
        out.append(Lecture(f[0], f[1], _int(f[2], "day"), _int(f[3], "period")))
    return tuple(out)
