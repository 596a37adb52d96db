"""One-off changes: cancel or move one date of a published session, checked like a coordinator would."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import resolve, reverse
from freezegun import freeze_time

from college.domain.calendar.occurrences import cancel_occurrence, move_occurrence, restore_occurrence
from college.models import OccurrenceChange, Term, Venue
from tests.college.calendar.factories import WEEK, make_autumn_term, publish, session_of
from tests.college.calendar.parsing import expand_with_icalendar
from tests.college.factories import make_coordinator

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 11, 16)


@pytest.fixture
def term() -> Term:
    term = make_autumn_term()
    publish(term)
    return term


def errors(excinfo: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return excinfo.value.message_dict


def test_cancelling_a_date_records_who_why_and_when(term: Term) -> None:
    user = make_coordinator()
    change = cancel_occurrence(session_of(term, "taichi").pk, MONDAY, "王老师生病", user_id=user.pk)
    stored = OccurrenceChange.objects.get()
    assert (stored.term, stored.group.key, stored.number, stored.date) == (term, "taichi", 1, MONDAY)
    assert (stored.cancelled, stored.reason, stored.changed_by) == (True, "王老师生病", user)
    assert stored.changed_at == change.changed_at


def test_cancelling_a_date_of_another_weekday_names_both_days(term: Term) -> None:
    with pytest.raises(ValidationError) as excinfo:
        cancel_occurrence(session_of(term, "taichi").pk, dt.date(2026, 11, 17))
    assert errors(excinfo) == {"date": ["太极班在星期一上课，而 2026-11-17 是星期二。"]}


@pytest.mark.parametrize(("date", "message"), [
    (dt.date(2026, 10, 5), "2026-10-05 是法定节假日，当天没有课可调整。"),
    (dt.date(2027, 1, 18), "2027-01-18 不在学期内（2026-09-07 – 2027-01-15）。"),
])  # fmt: skip
def test_a_date_without_class_cannot_be_changed(term: Term, date: dt.date, message: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        cancel_occurrence(session_of(term, "taichi").pk, date)
    assert errors(excinfo) == {"date": [message]}


def test_a_closure_of_the_term_cannot_be_changed(term: Term) -> None:
    with pytest.raises(ValidationError) as excinfo:
        move_occurrence(session_of(term, "tea").pk, dt.date(2026, 11, 11), start=18 * 60)
    assert errors(excinfo) == {"date": ["2026-11-11 是本学期的停课日（运动会），当天没有课可调整。"]}


def test_a_draft_or_unknown_session_has_no_one_off_changes(term: Term) -> None:
    draft = publish(term, published_at=dt.datetime(2026, 9, 1, tzinfo=dt.UTC))
    draft.status = "draft"
    draft.save()
    with pytest.raises(ValidationError) as excinfo:
        cancel_occurrence(draft.sessions.get(group__key="tea").pk, dt.date(2026, 11, 18))
    assert errors(excinfo) == {"session": ["只有已发布的课表才能临时调整；这节课属于状态为“草稿”的课表。"]}
    with pytest.raises(ValidationError) as excinfo:
        cancel_occurrence(999_999, MONDAY)
    assert errors(excinfo) == {"session": ["没有编号为 999999 的课。"]}
    assert excinfo.value.error_dict["session"][0].code == "not_found"
    assert OccurrenceChange.objects.count() == 0


def test_moving_with_only_a_new_start_keeps_the_length(term: Term) -> None:
    change = move_occurrence(session_of(term, "taichi").pk, MONDAY, start=10 * 60 + 30, reason="上午场地有活动")
    assert (change.new_start, change.new_end, change.new_venue, change.cancelled) == (630, 720, None, False)


def test_a_move_to_the_usual_time_and_venue_changes_nothing_and_is_refused(term: Term) -> None:
    session = session_of(term, "taichi")
    with pytest.raises(ValidationError) as excinfo:
        move_occurrence(session.pk, MONDAY, start=session.start, venue_id=session.venue_id)
    assert errors(excinfo) == {"new_start": ["这就是这节课平时的时间和场地，没有任何变化。"]}


def test_a_move_must_end_after_it_starts_on_the_same_day(term: Term) -> None:
    with pytest.raises(ValidationError) as excinfo:
        move_occurrence(session_of(term, "tea").pk, dt.date(2026, 11, 18), start=23 * 60)  # would end at 01:00
    assert list(errors(excinfo)) == ["new_end"]


def test_a_move_into_a_taken_venue_names_the_group_there(term: Term) -> None:
    elderly = Venue.objects.get(key="xz-elderly")  # free on Thursday mornings
    thursday = dt.date(2026, 11, 19)
    assert move_occurrence(session_of(term, "taichi", 2).pk, thursday, venue_id=elderly.pk).new_venue == elderly
    sketch = WEEK[2]._replace(group="sketch", weekday=3, start=9 * 60, end=10 * 60, venue="xz-elderly")
    publish(term, [*WEEK, sketch], published_at=dt.datetime(2026, 9, 1, tzinfo=dt.UTC))
    with pytest.raises(ValidationError) as excinfo:
        move_occurrence(session_of(term, "taichi", 2).pk, dt.date(2026, 11, 26), venue_id=elderly.pk)
    assert errors(excinfo) == {"new_venue": ["当天 09:00–10:00 小竹养老服务中心 已被插画占用。"]}


def test_a_move_onto_another_class_of_the_same_teacher_is_refused(term: Term) -> None:
    publish(term, [*WEEK, WEEK[2]._replace(group="sketch", weekday=2, start=18 * 60, end=19 * 60, venue="xz-plaza")],
            published_at=dt.datetime(2026, 9, 1, tzinfo=dt.UTC))  # fmt: skip
    li_tea = session_of(term, "tea")  # 李老师, Wednesdays 19:00–21:00
    with pytest.raises(ValidationError) as excinfo:
        move_occurrence(li_tea.pk, dt.date(2026, 11, 18), start=18 * 60)
    assert errors(excinfo) == {"new_start": ["当天 18:00–19:00 李老师要上插画的课。"]}


def test_cancelling_a_moved_date_replaces_the_move_and_restoring_removes_it(term: Term) -> None:
    session = session_of(term, "taichi")
    move_occurrence(session.pk, MONDAY, start=10 * 60 + 30)
    cancel_occurrence(session.pk, MONDAY, "下雨")
    assert list(OccurrenceChange.objects.values_list("cancelled", "new_start", "reason")) == [(True, None, "下雨")]
    assert restore_occurrence(session.pk, MONDAY) is True
    assert restore_occurrence(session.pk, MONDAY) is False
    assert OccurrenceChange.objects.count() == 0


def test_a_change_survives_a_republish_while_the_session_keeps_its_weekday(term: Term, client: Client) -> None:
    cancel_occurrence(session_of(term, "taichi").pk, MONDAY, "王老师生病")
    publish(term, published_at=dt.datetime(2026, 10, 20, tzinfo=dt.UTC))  # version 2, same week
    mondays = [m.start.date() for m in expand_with_icalendar(client.get("/feeds/group/taichi.ics").content)]
    assert dt.date(2026, 11, 9) in mondays
    assert MONDAY not in mondays
    moved = [s._replace(weekday=1) if s[:2] == ("taichi", 1) else s for s in WEEK]
    publish(term, moved, published_at=dt.datetime(2026, 10, 21, tzinfo=dt.UTC))  # now on Tuesdays
    body = client.get("/feeds/group/taichi.ics").content
    assert b"RECURRENCE-ID" not in body  # the Monday change no longer belongs to any meeting


@pytest.mark.parametrize("fields", [
    {"cancelled": True, "new_start": 600, "new_end": 690},
    {"cancelled": False},
    {"cancelled": False, "new_start": 600, "new_end": 600},
    {"cancelled": False, "new_start": 600},
])  # fmt: skip
def test_the_database_refuses_an_inconsistent_change(term: Term, fields: dict[str, object]) -> None:
    session = session_of(term, "taichi")
    with pytest.raises(IntegrityError), transaction.atomic():
        OccurrenceChange.objects.create(term=term, group=session.group, number=1, date=MONDAY, **fields)


def test_the_database_keeps_one_change_per_session_and_date(term: Term) -> None:
    session = session_of(term, "taichi")
    OccurrenceChange.objects.create(term=term, group=session.group, number=1, date=MONDAY, cancelled=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        OccurrenceChange.objects.create(term=term, group=session.group, number=1, date=MONDAY, new_start=1, new_end=2)


def test_coordinator_is_told_in_the_admin_when_the_date_is_a_holiday(term: Term, client: Client) -> None:
    resolve("/admin/")  # the URLconf (and the API's date schemas) load before dates are faked
    with freeze_time("2026-09-01 02:00", tz_offset=0):  # before the term: its dates are still to come
        told_of_the_holiday(term, client)


def told_of_the_holiday(term: Term, client: Client) -> None:
    client.force_login(make_coordinator())
    session = session_of(term, "taichi")
    data = {"term": term.pk, "group": session.group_id, "number": 1, "date": "2026-10-05", "cancelled": "on"}
    response = client.post(reverse("admin:college_occurrencechange_add"), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"date": ["2026-10-05 是法定节假日，当天没有课可调整。"]}
    data["date"] = "2026-10-12"
    assert client.post(reverse("admin:college_occurrencechange_add"), data).status_code == 302
    assert OccurrenceChange.objects.get().changed_by.username == "coordinator"
