"""The data check names what a coordinator must fix before solving, with links to the admin pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.utils.translation import override

from college.domain.explanations import Link, admin_url
from college.domain.problem.data_check import data_check
from college.domain.versions.replan import mark_teacher_unavailable
from college.models import InterestGroup, Session, Teacher, Timetable, Venue, VenueOpening
from tests.college.workflow import load_two_towns

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with override("en"):
        yield


def test_clean_college_has_nothing_to_fix() -> None:
    term = load_two_towns()
    assert data_check(term.pk) == []


def test_venue_without_opening_hours_is_named_with_its_admin_link() -> None:
    term = load_two_towns()
    hall = Venue.objects.get(key="west-room")
    VenueOpening.objects.filter(venue=hall).delete()
    (finding,) = data_check(term.pk)
    assert finding.text == (
        "Venue 西山活动室 has no opening hours: add its weekly opening windows, or no session can take place there."
    )
    assert finding.links == (Link("西山活动室", f"/admin/college/venue/{hall.pk}/change/"),)


def test_group_that_no_venue_fits_is_named_with_what_it_needs() -> None:
    term = load_two_towns()
    InterestGroup.objects.filter(key="choir").update(max_size=60, facilities=["piano"])
    (finding,) = data_check(term.pk)
    assert finding.text == (
        "合唱 needs a venue in 东湖社区 with at least 60 seats, Piano, and none has all of that: "
        "add or equip a venue, or change the group's size or needs."
    )
    assert finding.links == (Link("合唱", admin_url(InterestGroup.objects.get(key="choir"))),)


def test_what_a_group_needs_is_listed_with_chinese_separators_in_chinese() -> None:
    term = load_two_towns()
    InterestGroup.objects.filter(key="choir").update(max_size=500, facilities=["kitchen", "piano"])
    with override("zh-hans"):
        (finding,) = data_check(term.pk)
    assert finding.text.startswith("合唱 需要 东湖社区 内具备 至少 500 个座位、厨房、钢琴 的场地")


def test_teacher_asked_for_more_sessions_than_allowed_is_named_with_the_groups() -> None:
    term = load_two_towns()
    Teacher.objects.filter(key="zhao").update(max_sessions_per_week=2)
    (finding,) = data_check(term.pk)
    assert finding.text == (
        "Teacher 赵老师 must teach 3 sessions a week (太极拳 ×2, 书法 ×1) but may teach at most 2: "
        "raise the maximum or give a group another teacher."
    )
    assert [link.label for link in finding.links] == ["赵老师", "太极拳", "书法"]


def test_teacher_absent_every_day_from_within_the_term_is_named_once() -> None:
    term = load_two_towns()
    mark_teacher_unavailable(Teacher.objects.get(key="li").pk, dt.date(2026, 5, 1))
    (finding,) = data_check(term.pk)
    assert finding.text == (
        "Teacher 李老师 is not available for a whole 60-minute session at any start time of the term "
        "(09:00, 10:30, 14:30, 16:00, 19:00): add availability windows, or give 象棋 another teacher."
    )


def test_group_meeting_on_more_days_than_its_teacher_can_is_named() -> None:
    term = load_two_towns()
    zhao = Teacher.objects.get(key="zhao")
    for day in (1, 2, 3, 4):
        mark_teacher_unavailable(zhao.pk, dt.date(2026, 3, 2), weekday=day)
    found = [f.text for f in data_check(term.pk)]
    assert found == [
        "太极拳 meets 2 times a week on different days, but its teacher 赵老师 and a suitable venue are free "
        "together on just 1 of the seven weekdays."
    ]


def test_pin_at_a_time_the_term_no_longer_offers_is_reported() -> None:
    term = load_two_towns()
    timetable = Timetable.objects.create(term=term, version=1)
    taichi = InterestGroup.objects.get(key="taichi")
    Session.objects.create(
        timetable=timetable, group=taichi, number=1, weekday=0, start=8 * 60, end=9 * 60 + 30,
        venue=Venue.objects.get(key="east-hall"), teacher=taichi.teacher, pinned=True,
    )  # fmt: skip
    assert [f.text for f in data_check(term.pk)] == [
        "The pin of 太极拳 at Monday 08:00 is ignored: 08:00 is no longer a start time of the term."
    ]


def test_data_check_speaks_chinese_first() -> None:
    term = load_two_towns()
    VenueOpening.objects.filter(venue__key="west-room").delete()
    with override("zh-hans"):
        (finding,) = data_check(term.pk)
    assert finding.text == "场地 西山活动室 没有开放时间：请添加每周开放时段，否则那里无法安排任何课次。"
