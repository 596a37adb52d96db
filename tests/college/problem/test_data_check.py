"""The data check names what a coordinator must fix before solving, with links to the admin pages: the engine's
pre-checks in the words of ``college.domain.reasons`` (what a solve would leave out, and why), and the findings
only the college can make (venues without opening hours, pins and start times dropped, nothing registered)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.utils.translation import override

from college.domain.explanations import Link, admin_url
from college.domain.problem.data_check import checks, data_check
from college.domain.versions.replan import close_venue, mark_teacher_unavailable
from college.models import (
    Cohort,
    Community,
    InterestGroup,
    Session,
    StartTime,
    Teacher,
    Term,
    Timetable,
    Venue,
    VenueOpening,
)
from tests.college.workflow import load_two_towns

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with override("en"):
        yield


def group_link(key: str) -> Link:
    group = InterestGroup.objects.get(key=key)
    return Link(group.name, admin_url(group))


def teacher_link(key: str) -> Link:
    teacher = Teacher.objects.get(key=key)
    return Link(teacher.name, admin_url(teacher))


def test_clean_college_has_nothing_to_fix() -> None:
    term = load_two_towns()
    assert data_check(term.pk) == []


# The college's own findings: what the engine cannot see.


def test_venue_without_opening_hours_is_named_with_its_admin_link() -> None:
    term = load_two_towns()
    hall = Venue.objects.get(key="west-room")
    VenueOpening.objects.filter(venue=hall).delete()
    (finding,) = data_check(term.pk)
    assert finding.text == (
        "Venue 西山活动室 has no opening hours: add its weekly opening windows, or no session can take place there."
    )
    assert finding.links == (Link("西山活动室", f"/admin/college/venue/{hall.pk}/change/"),)


def test_venue_closed_on_every_day_it_opens_points_at_its_closures() -> None:
    term = load_two_towns()
    room = Venue.objects.get(key="west-room")
    for day in range(7):
        close_venue(room.pk, day, term.first_day)
    (finding,) = data_check(term.pk)
    assert finding.text == (
        "Venue 西山活动室 is closed on every day it opens (see its venue closures): no session can take place there."
    )
    assert finding.links == (Link("西山活动室", admin_url(room)),)


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


def test_start_time_off_the_terms_grid_is_reported() -> None:
    term = load_two_towns()
    StartTime.objects.create(group=InterestGroup.objects.get(key="choir"), weekday=2, start=8 * 60 + 15)
    assert [f.text for f in data_check(term.pk)] == [
        "合唱 may start at Wednesday 08:15, which is not on the term's slot grid."
    ]


def test_a_term_with_no_registered_group_says_what_to_tick() -> None:
    term = load_two_towns()
    InterestGroup.objects.update(registered=False)
    assert [f.text for f in data_check(term.pk)] == [
        "No interest group is registered for scheduling: tick “registered” on the groups to schedule."
    ]


def test_a_term_that_makes_no_problem_names_the_term_and_why() -> None:
    term = load_two_towns()
    Term.objects.filter(pk=term.pk).update(slot_starts=[])
    (finding,) = data_check(term.pk)
    assert finding.text == (
        "The term's data cannot be turned into a timetabling problem: "
        "the slot grid is empty: give at least one weekday + start time."
    )
    assert finding.links == (Link("2026年春季学期", admin_url(term)),)


# The engine's pre-checks, in the reasons' words.


def test_group_that_no_venue_fits_is_named_with_what_it_needs() -> None:
    term = load_two_towns()
    InterestGroup.objects.filter(key="choir").update(max_size=60, facilities=["piano"])
    (finding,) = data_check(term.pk)
    assert finding.text == "合唱 needs a venue in 东湖社区 with at least 60 seats, Piano: none has all of that."
    east = Community.objects.get(key="east")
    assert finding.links == (group_link("choir"), Link("东湖社区", admin_url(east)))
    assert finding.html == (
        f'<a href="{admin_url(InterestGroup.objects.get(key="choir"))}">合唱</a> needs a venue in '
        f'<a href="{admin_url(east)}">东湖社区</a> with at least 60 seats, Piano: none has all of that.'
    )


def test_what_a_group_needs_is_listed_with_chinese_separators_in_chinese() -> None:
    term = load_two_towns()
    InterestGroup.objects.filter(key="choir").update(max_size=500, facilities=["kitchen", "piano"])
    with override("zh-hans"):
        (finding,) = data_check(term.pk)
    assert finding.text == "合唱 需要东湖社区内具备至少 500 个座位、厨房、钢琴的场地：没有场地全部满足。"


def test_teacher_asked_for_more_sessions_than_allowed_is_named_with_the_groups() -> None:
    term = load_two_towns()
    Teacher.objects.filter(key="zhao").update(max_sessions_per_week=2)
    (finding,) = data_check(term.pk)
    assert finding.text == (
        "Teacher 赵老师 must teach 3 sessions a week (太极拳, 书法) but may teach at most 2: "
        "raise the maximum or give a group another teacher."
    )
    assert finding.links == (teacher_link("zhao"), group_link("taichi"), group_link("callig"))


def test_teacher_absent_every_day_from_within_the_term_is_named_with_each_of_her_groups() -> None:
    term = load_two_towns()
    mark_teacher_unavailable(Teacher.objects.get(key="li").pk, dt.date(2026, 5, 1))
    assert [f.text for f in data_check(term.pk)] == [
        "Teacher 李老师 is not available for a whole 60-minute session of 象棋 at any start time of the term.",
        "Teacher 李老师 is not available for a whole 120-minute session of 无人机 at any start time of the term.",
    ]


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


def test_cohort_with_more_sessions_than_its_slots_is_named_with_its_groups() -> None:
    term = load_two_towns()
    Term.objects.filter(pk=term.pk).update(slot_starts=[9 * 60])
    InterestGroup.objects.filter(key__in=["taichi", "choir"]).update(sessions_per_week=4)
    cohort = Cohort.objects.create(key="east-seniors", name="东湖长者班")
    cohort.groups.set(InterestGroup.objects.filter(key__in=["taichi", "choir"]))
    assert [f.text for f in data_check(term.pk)] == [
        "The groups of 东湖长者班 (合唱, 太极拳) need 8 sessions at different times, but can meet in only 7 slots."
    ]


def test_the_engines_reasons_are_kept_as_data_after_the_colleges_own_findings() -> None:
    term = load_two_towns()
    VenueOpening.objects.filter(venue__key="west-room").delete()
    InterestGroup.objects.filter(key="choir").update(max_size=60, facilities=["piano"])
    own, reason = checks(term.pk)
    assert set(own) == {"text", "links"}
    assert reason == {
        "code": "placement.no_venue",
        "ids": {"group": ["choir"], "facility": ["piano"], "community": ["east"]},
        "numbers": {"seats": 60, "step_free": 0},
    }
