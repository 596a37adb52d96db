"""Read a FET file (``.fet``, the XML of the FET timetabling program) into plain dataclasses.

Only what the mapping needs is kept: days, hours, teachers, the students tree (years → groups → subgroups),
activities, rooms and every time/space constraint as (tag, weight, active, element). Parsed with the
standard library's ElementTree; a malformed file raises ``FetError`` naming what is wrong.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path


class FetError(ValueError):
    """The file is not a FET file we can read; the message says what is wrong."""


@dataclass(frozen=True)
class StudentsSet:
    name: str
    students: int
    children: tuple[StudentsSet, ...] = ()


@dataclass(frozen=True)
class Activity:
    id: int
    teachers: tuple[str, ...]
    subject: str
    tags: tuple[str, ...]
    students: tuple[str, ...]
    duration: int
    group_id: int  # Activity_Group_Id: the activities split from one (0: not split)
    active: bool
    size: int | None  # Number_Of_Students when the file gives it


@dataclass(frozen=True)
class Room:
    name: str
    capacity: int
    virtual: bool = False


@dataclass(frozen=True, eq=False)
class Constraint:
    tag: str
    weight: float
    active: bool
    element: ET.Element = field(repr=False)

    def text(self, name: str) -> str:
        return (self.element.findtext(name) or "").strip()

    def texts(self, name: str) -> list[str]:
        return [(e.text or "").strip() for e in self.element.findall(name)]


@dataclass(frozen=True)
class FetFile:
    institution: str
    days: tuple[str, ...]
    hours: tuple[str, ...]
    teachers: tuple[str, ...]
    years: tuple[StudentsSet, ...]
    activities: tuple[Activity, ...]
    rooms: tuple[Room, ...]
    constraints: tuple[Constraint, ...]


def read_fet(source: str | Path | bytes) -> FetFile:
    """Parse a FET file from a path, its bytes or its text."""
    try:
        root = ET.parse(source).getroot() if isinstance(source, Path) else ET.fromstring(source)
    except ET.ParseError as exc:
        raise FetError(f"not well-formed XML: {exc}") from None
    if root.tag != "fet":
        raise FetError(f"the root element is <{root.tag}>, a FET file has <fet>")
    days, hours = _names(root, "Days_List", "Day"), _names(root, "Hours_List", "Hour")
    if not days or not hours:
        raise FetError("the file defines no days or no hours")
    return FetFile(
        institution=(root.findtext("Institution_Name") or "").strip(),
        days=days,
        hours=hours,
        teachers=_names(root, "Teachers_List", "Teacher"),
        years=tuple(_students(y) for y in _list(root, "Students_List", "Year")),
        activities=tuple(_activity(a) for a in _list(root, "Activities_List", "Activity")),
        rooms=tuple(_room(r) for r in _list(root, "Rooms_List", "Room")),
        constraints=tuple(
            _constraint(c) for kind in ("Time_Constraints_List", "Space_Constraints_List") for c in _list(root, kind)
        ),
    )


def _list(root: ET.Element, container: str, item: str | None = None) -> list[ET.Element]:
    found = root.find(container)
    if found is None:
        return []
    return list(found) if item is None else found.findall(item)


def _names(root: ET.Element, container: str, item: str) -> tuple[str, ...]:
    """Item names, written either as <Item><Name>x</Name></Item> (FET ≥ 5.x) or <Item>x</Item>."""
    out = []
    for e in _list(root, container, item):
        name = e.findtext("Name") if e.find("Name") is not None else e.text
        out.append((name or "").strip())
    return tuple(out)


def _int(text: str | None, what: str, default: int | None = None) -> int:
    if text is None or not text.strip():
        if default is None:
            raise FetError(f"{what} is missing")
        return default
    try:
        return int(text.strip())
    except ValueError:
        raise FetError(f"{what} is {text.strip()!r}, not a whole number") from None


def _students(e: ET.Element) -> StudentsSet:
    children = [*e.findall("Group"), *e.findall("Subgroup")]
    name = (e.findtext("Name") or "").strip()
    return StudentsSet(name, _int(e.findtext("Number_of_Students"), name, 0), tuple(_students(c) for c in children))


def _activity(e: ET.Element) -> Activity:
    ident = _int(e.findtext("Id"), "an activity's Id")
    what = f"activity {ident}"
    size = e.findtext("Number_Of_Students")
    return Activity(
        id=ident,
        teachers=tuple((t.text or "").strip() for t in e.findall("Teacher")),
        subject=(e.findtext("Subject") or "").strip(),
        tags=tuple((t.text or "").strip() for t in e.findall("Activity_Tag")),
        students=tuple((s.text or "").strip() for s in e.findall("Students")),
        duration=_int(e.findtext("Duration"), f"{what}'s Duration"),
        group_id=_int(e.findtext("Activity_Group_Id"), f"{what}'s Activity_Group_Id", 0),
        active=(e.findtext("Active") or "true").strip() != "false",
        size=_int(size, f"{what}'s Number_Of_Students") if size is not None else None,
    )


def _room(e: ET.Element) -> Room:
    name = (e.findtext("Name") or "").strip()
    virtual = (e.findtext("Virtual") or "false").strip() == "true"
    return Room(name, _int(e.findtext("Capacity"), f"room {name}'s Capacity", 0), virtual)


def _constraint(e: ET.Element) -> Constraint:
    weight = (e.findtext("Weight_Percentage") or "100").strip()
    try:
        value = float(weight)
    except ValueError:
        raise FetError(f"{e.tag} has weight {weight!r}, not a percentage") from None
    return Constraint(e.tag, value, (e.findtext("Active") or "true").strip() != "false", e)
