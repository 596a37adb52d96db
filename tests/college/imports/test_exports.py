"""Timetables out as XLSX/CSV per community, venue and teacher; volunteer hours for the time bank."""

from __future__ import annotations

import datetime as dt

import pytest

from college.domain.calendar.occurrences import cancel_occurrence, move_occurrence
from college.domain.versions.exports import (
    HOURS_HEADERS,
    TIMETABLE_HEADERS,
    timetable_bytes,
    volunteer_hours,
    volunteer_hours_bytes,
)
from college.models import Community, InterestGroup, Session, Teacher, Timetable, Venue
from tests.college.factories import load_tiny_college, make_timetable_with_session
from tests.college.imports.sheets import read_xlsx

pytestmark = pytest.mark.django_db

TAICHI_ROW = [
    "周一",
    "09:00",
    "10:30",
    "太极班",
    "体育",
    "老年人",
    "小竹社区",
    "小竹养老服务中心",
    "龙山路1号",
    "王老师",
]
TEA_ROW = ["周三", "19:00", "21:00", "茶艺", "文化", "上班族", "大竹社区", "大竹公司会议室", "龙塔路9号", "李老师"]


@pytest.fixture
def timetable() -> Timetable:
    load_tiny_college()
    timetable = make_timetable_with_session(status="published")
    tea = InterestGroup.objects.get(key="tea")
    Session.objects.create(timetable=timetable, group=tea, number=1, weekday=2, start=1140, end=1260,
                           venue=Venue.objects.get(key="dz-room"), teacher=tea.teacher)  # fmt: skip
    return timetable


def test_timetable_exports_as_xlsx_with_chinese_headers(timetable: Timetable) -> None:
    assert read_xlsx(timetable_bytes(timetable.pk, "xlsx")) == [TIMETABLE_HEADERS, TAICHI_ROW, TEA_ROW]


@pytest.mark.parametrize(
    ("filters", "rows"),
    [
        ({"community_id": "dazhu"}, [TEA_ROW]),
        ({"venue_id": "xz-elderly"}, [TAICHI_ROW]),
        ({"teacher_id": "li"}, [TEA_ROW]),
        ({"community_id": "xiaozhu", "teacher_id": "li"}, []),
    ],
)
def test_timetable_exports_per_community_venue_and_teacher(
    timetable: Timetable, filters: dict[str, str], rows: list[list[str]]
) -> None:
    models = {"community_id": Community, "venue_id": Venue, "teacher_id": Teacher}
    ids = {name: models[name].objects.get(key=key).pk for name, key in filters.items()}
    text = timetable_bytes(timetable.pk, "csv", **ids).decode("utf-8-sig")
    assert text == "".join(",".join(row) + "\r\n" for row in [TIMETABLE_HEADERS, *rows])


def test_volunteer_hours_count_real_meetings_minus_cancellations(timetable: Timetable) -> None:
    taichi = Session.objects.get(group__key="taichi")
    cancel_occurrence(taichi.pk, dt.date(2025, 11, 10), "王老师生病")
    move_occurrence(taichi.pk, dt.date(2025, 11, 17), start=9 * 60, end=11 * 60)
    (wang,) = volunteer_hours(timetable.term_id)  # 李老师 is paid: not in the time bank
    # 20 Mondays in the term, minus the National Day holiday on 6 October; one meeting moved to 120 minutes
    assert (wang.teacher.key, wang.meetings, wang.minutes, wang.cancelled, wang.cancelled_minutes) == (
        "wang",
        19,
        18 * 90 + 120,
        1,
        90,
    )
    rows = read_xlsx(volunteer_hours_bytes(timetable.term_id, "xlsx"))
    assert rows == [HOURS_HEADERS, ["wang", "王老师", "小竹社区", 19, 29, 1, 1.5, 27.5]]


def test_volunteer_hours_of_one_community_count_only_its_groups(timetable: Timetable) -> None:
    dazhu = Community.objects.get(key="dazhu").pk
    Teacher.objects.filter(key="li").update(volunteer=True)
    assert [h.teacher.key for h in volunteer_hours(timetable.term_id, community_id=dazhu)] == ["li"]


def test_only_published_timetables_count_for_volunteer_hours(timetable: Timetable) -> None:
    Timetable.objects.filter(pk=timetable.pk).update(status="archived")
    assert volunteer_hours(timetable.term_id) == []
