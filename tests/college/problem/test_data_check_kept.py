"""The dashboard's data check is kept per term and language and recomputed whenever a planning input changes,
whichever path changed it (a bulk ``QuerySet.update`` included); a resident's survey answers never count."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import pytest
from django.utils.translation import override

from college.derived.models import DataCheck
from college.domain.problem.data_check import checked_data, checks, data_check
from college.domain.versions.replan import close_venue, mark_teacher_unavailable
from college.models import (
    ApartSet,
    Closure,
    Community,
    FreeTime,
    InterestGroup,
    MakeUpDay,
    Resident,
    Session,
    Teacher,
    TeacherAvailability,
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


def kept_moment(term: Term) -> dt.datetime:
    return DataCheck.objects.get(term=term, language="en").checked_at


def test_the_data_check_is_kept_and_not_recomputed_while_nothing_changes() -> None:
    term = load_two_towns()
    assert checked_data(term.pk) == []
    first = kept_moment(term)
    assert checked_data(term.pk) == []
    assert kept_moment(term) == first


def test_a_residents_survey_answers_leave_the_kept_check_alone() -> None:
    term = load_two_towns()
    checked_data(term.pk)
    first = kept_moment(term)
    FreeTime.objects.filter(resident__in=Resident.objects.all()).update(start=7 * 60)
    Resident.objects.update(name="改名")
    checked_data(term.pk)
    assert kept_moment(term) == first


def _no_opening_hours(term: Term) -> None:
    VenueOpening.objects.filter(venue__key="west-room").delete()


def _group_too_large(term: Term) -> None:
    InterestGroup.objects.filter(key="choir").update(max_size=60, facilities=["piano"])


def _teacher_maximum(term: Term) -> None:
    Teacher.objects.filter(key="zhao").update(max_sessions_per_week=2)


def _teacher_availability(term: Term) -> None:
    TeacherAvailability.objects.filter(teacher__key="li").delete()


def _teacher_absent(term: Term) -> None:
    mark_teacher_unavailable(Teacher.objects.get(key="li").pk, dt.date(2026, 5, 1))


def _venue_closed(term: Term) -> None:
    for day in range(7):
        close_venue(Venue.objects.get(key="west-room").pk, day, term.first_day)


def _slot_starts(term: Term) -> None:
    Term.objects.filter(pk=term.pk).update(slot_starts=[21 * 60])


def _pin(term: Term) -> None:
    timetable = Timetable.objects.create(term=term, version=1)
    taichi = InterestGroup.objects.get(key="taichi")
    Session.objects.create(timetable=timetable, group=taichi, number=1, weekday=0, start=8 * 60, end=9 * 60 + 30,
                           venue=Venue.objects.get(key="east-hall"), teacher=taichi.teacher, pinned=True)  # fmt: skip


CHANGES: dict[str, Callable[[Term], None]] = {
    "opening hours deleted": _no_opening_hours,
    "group updated in bulk": _group_too_large,
    "teacher's maximum updated in bulk": _teacher_maximum,
    "teacher availability deleted": _teacher_availability,
    "teacher absence": _teacher_absent,
    "venue closure": _venue_closed,
    "term's start times updated in bulk": _slot_starts,
    "pin in the base version": _pin,
}


@pytest.mark.parametrize("change", CHANGES, ids=list(CHANGES))
def test_each_kind_of_planning_change_recomputes_the_kept_check(change: str) -> None:
    term = load_two_towns()
    assert checked_data(term.pk) == []
    CHANGES[change](term)
    found = checked_data(term.pk)
    assert found != []
    assert found == data_check(term.pk)
    assert DataCheck.objects.get(term=term, language="en").findings == checks(term.pk)


def test_a_kept_reason_comes_back_with_its_names_linked_as_the_page_shows_them() -> None:
    term = load_two_towns()
    _group_too_large(term)
    checked_data(term.pk)
    (kept,) = checked_data(term.pk)
    choir, east = InterestGroup.objects.get(key="choir"), Community.objects.get(key="east")
    assert kept.html == (
        f'<a href="/admin/college/interestgroup/{choir.pk}/change/">合唱</a> needs a venue in '
        f'<a href="/admin/college/community/{east.pk}/change/">东湖社区</a> with at least 60 seats, Piano: '
        "none has all of that."
    )


@pytest.mark.parametrize(
    "change",
    [
        lambda term: Closure.objects.create(term=term, date=term.first_day),
        lambda term: MakeUpDay.objects.create(term=term, date=dt.date(2026, 3, 7), weekday=0),
        lambda term: ApartSet.objects.create(key="apart", days=1),
        lambda term: InterestGroup.objects.filter(key="choir").update(name="大合唱"),
    ],
    ids=["closure", "make-up day", "group set", "rename"],
)
def test_other_planning_rows_change_the_fingerprint(change: Callable[[Term], None]) -> None:
    term = load_two_towns()
    checked_data(term.pk)
    first = DataCheck.objects.get(term=term, language="en").fingerprint
    change(term)
    checked_data(term.pk)
    assert DataCheck.objects.get(term=term, language="en").fingerprint != first


def test_each_language_keeps_its_own_sentences() -> None:
    term = load_two_towns()
    _no_opening_hours(term)
    (english,) = checked_data(term.pk)
    with override("zh-hans"):
        (chinese,) = checked_data(term.pk)
    assert english.text.startswith("Venue 西山活动室 has no opening hours")
    assert chinese.text == "场地 西山活动室 没有开放时间：请添加每周开放时段，否则那里无法安排任何课次。"
    assert sorted(DataCheck.objects.values_list("language", flat=True)) == ["en", "zh-hans"]
