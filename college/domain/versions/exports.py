"""Tables out: a timetable (per community, venue or teacher) and teachers' volunteer hours for the time bank.

Both read saved timetables only. Volunteer hours count every real meeting of a term's published timetable
(``college.domain.calendar.dates.meetings``: public holidays and closures skipped, one-off moves at their new
length) and subtract the cancelled ones, so they match what the calendars showed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from college.domain.calendar.dates import meetings
from college.domain.imports.cells import WEEKDAY_NAMES, chinese_label
from college.domain.imports.tables import csv_bytes, xlsx_bytes
from college.models import Audience, Category, Session, Teacher, Timetable, TimetableStatus
from college.models.fields import format_minutes

TIMETABLE_HEADERS = ["星期", "开始", "结束", "兴趣小组", "类别", "面向人群", "社区", "场地", "地址", "教师"]
HOURS_HEADERS = ["教师编号", "姓名", "所属社区", "排课次数", "排课小时", "取消次数", "取消小时", "志愿服务小时"]


def _sessions(timetable_id: int) -> QuerySet[Session]:
    return Session.objects.filter(timetable_id=timetable_id).select_related(
        "timetable__term", "group__community", "venue", "teacher"
    )


def timetable_rows(
    timetable_id: int, *, community_id: int | None = None, venue_id: int | None = None, teacher_id: int | None = None
) -> list[list[object]]:
    """One row per weekly session, by weekday and time; filtered to one community, venue and/or teacher."""
    sessions = _sessions(timetable_id)
    if community_id is not None:
        sessions = sessions.filter(group__community_id=community_id)
    if venue_id is not None:
        sessions = sessions.filter(venue_id=venue_id)
    if teacher_id is not None:
        sessions = sessions.filter(teacher_id=teacher_id)
    return [
        [WEEKDAY_NAMES[s.weekday], format_minutes(s.start), format_minutes(s.end), s.group.name,
         chinese_label(Category, s.group.category), chinese_label(Audience, s.group.audience),
         s.group.community.name, s.venue.name, s.venue.address, s.teacher.name]
        for s in sessions.order_by("weekday", "start", "group__name", "number")
    ]  # fmt: skip


def timetable_bytes(timetable_id: int, fmt: str, **filters: int | None) -> bytes:
    rows = timetable_rows(timetable_id, **filters)
    timetable = Timetable.objects.select_related("term").get(pk=timetable_id)
    title = f"{timetable.term.name} v{timetable.version}"
    return csv_bytes(TIMETABLE_HEADERS, rows) if fmt == "csv" else xlsx_bytes([(title, TIMETABLE_HEADERS, rows)])


@dataclass
class TeacherHours:
    teacher: Teacher
    meetings: int = 0
    minutes: int = 0
    cancelled: int = 0
    cancelled_minutes: int = 0

    @property
    def served_minutes(self) -> int:
        return self.minutes - self.cancelled_minutes

    def row(self) -> list[object]:
        teacher = self.teacher
        counts = [self.meetings, _hours(self.minutes), self.cancelled, _hours(self.cancelled_minutes)]
        return [teacher.key, teacher.name, teacher.community.name, *counts, _hours(self.served_minutes)]


def _hours(minutes: int) -> float:
    return round(minutes / 60, 2)


def volunteer_hours(term_id: int, *, community_id: int | None = None) -> list[TeacherHours]:
    """Each volunteer teacher's meetings and hours in the term's published timetable, by name.

    With ``community_id``: only the hours served in that community's groups (its time bank's share).
    """
    sessions = Session.objects.filter(
        timetable__term_id=term_id, timetable__status=TimetableStatus.PUBLISHED, teacher__volunteer=True
    ).select_related("timetable__term", "group", "venue", "teacher__community")
    if community_id is not None:
        sessions = sessions.filter(group__community_id=community_id)
    sessions = list(sessions)
    found: dict[int, TeacherHours] = {}
    by_session = meetings(sessions)
    for session in sessions:
        hours = found.setdefault(session.teacher_id, TeacherHours(session.teacher))
        for meeting in by_session.get(session.pk, []):
            length = meeting.end - meeting.start
            hours.meetings += 1
            hours.minutes += length
            if meeting.cancelled:
                hours.cancelled += 1
                hours.cancelled_minutes += length
    return sorted(found.values(), key=lambda h: (h.teacher.name, h.teacher.key))


def volunteer_hours_bytes(term_id: int, fmt: str, *, community_id: int | None = None) -> bytes:
    rows = [h.row() for h in volunteer_hours(term_id, community_id=community_id)]
    return csv_bytes(HOURS_HEADERS, rows) if fmt == "csv" else xlsx_bytes([("志愿服务时长", HOURS_HEADERS, rows)])
