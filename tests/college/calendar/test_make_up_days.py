"""Make-up working days (调休): a worked weekend runs the classes of the weekday it gave away, in feeds and pages."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from freezegun import freeze_time

from college.domain.calendar.occurrences import cancel_occurrence
from college.domain.calendar.term_dates import weekly_dates
from college.models import Closure, MakeUpDay, Session, Teacher, Term
from tests.college.admin.admin_forms import page_errors, page_post_data
from tests.college.calendar.factories import WEEK, Slot, make_autumn_term, publish, session_of
from tests.college.calendar.parsing import (
    SHANGHAI,
    expand_with_icalendar,
    expand_with_vobject,
    expected_meetings,
    unfolded_lines,
)
from tests.college.factories import make_coordinator
from tests.college.pages.html import text

pytestmark = pytest.mark.django_db

SUNDAY_AS_TUESDAY = dt.date(2026, 9, 20)  # State Council 2026: worked, pays for Tuesday 6 October
SATURDAY_AS_WEDNESDAY = dt.date(2026, 10, 10)  # worked, pays for Wednesday 7 October
TUESDAY_SKETCH = Slot("sketch", 1, 1, 19 * 60, 20 * 60, "dz-room")
SATURDAY_SKETCH = Slot("sketch", 1, 5, 10 * 60, 11 * 60, "xz-plaza")


@pytest.fixture
def term() -> Term:
    return make_autumn_term()


def meeting_days(client: Client, group: str) -> list[dt.date]:
    body = client.get(f"/feeds/group/{group}.ics").content
    assert expand_with_icalendar(body) == expand_with_vobject(body)
    return [m.start.astimezone(SHANGHAI).date() for m in expand_with_icalendar(body)]


def published(group: str) -> list[Session]:
    return list(Session.objects.filter(timetable__status="published", group__key=group))


def test_an_official_make_up_saturday_runs_the_wednesday_classes(term: Term, client: Client) -> None:
    publish(term)
    days = meeting_days(client, "tea")  # 茶艺 meets on Wednesdays
    assert SATURDAY_AS_WEDNESDAY in days
    assert dt.date(2026, 10, 7) not in days  # the Wednesday off in lieu
    assert expand_with_icalendar(client.get("/feeds/group/tea.ics").content) == expected_meetings(published("tea"))
    assert "RDATE;TZID=Asia/Shanghai:20261010T190000" in unfolded_lines(client.get("/feeds/group/tea.ics").content)


def test_an_official_make_up_sunday_runs_the_tuesday_classes(term: Term, client: Client) -> None:
    publish(term, [*WEEK, TUESDAY_SKETCH])
    days = meeting_days(client, "sketch")
    assert SUNDAY_AS_TUESDAY in days
    assert [day for day in days if day.weekday() != 1] == [SUNDAY_AS_TUESDAY]


def test_a_saturday_group_has_no_class_on_a_saturday_that_runs_the_wednesday_classes(
    term: Term, client: Client
) -> None:
    publish(term, [*WEEK, SATURDAY_SKETCH])
    days = meeting_days(client, "sketch")
    assert SATURDAY_AS_WEDNESDAY not in days
    assert {dt.date(2026, 10, 3), dt.date(2026, 10, 17)} & set(days) == {dt.date(2026, 10, 17)}  # 3rd: National Day
    body = client.get("/feeds/group/sketch.ics").content
    assert expand_with_icalendar(body) == expected_meetings(published("sketch"))


def test_a_coordinator_makes_a_saturday_of_a_2027_term_run_the_monday_classes_in_the_admin(
    term: Term, client: Client
) -> None:
    publish(term)
    client.force_login(make_coordinator())
    page = client.get(reverse("admin:college_term_change", args=[term.pk]))
    assert "国务院调休上班日: 2026-09-20（星期日）上星期二的课; 2026-10-10（星期六）上星期三的课" in text(page)
    assert "调休上课日" in page.text
    data = page_post_data(page)
    data.update({"make_up_days-TOTAL_FORMS": "1", "make_up_days-0-date": "2027-01-09", "make_up_days-0-weekday": "0",
                 "make_up_days-0-reason": "补元旦的课"})  # fmt: skip
    saved = client.post(reverse("admin:college_term_change", args=[term.pk]), data)
    assert saved.status_code == 302, page_errors(saved)
    assert list(MakeUpDay.objects.values_list("date", "weekday")) == [(dt.date(2027, 1, 9), 0)]
    days = meeting_days(client, "taichi")
    assert dt.date(2027, 1, 9) in days  # a Saturday, with 太极班's Monday class
    assert expand_with_icalendar(client.get("/feeds/group/taichi.ics").content) == expected_meetings(
        published("taichi")
    )


def test_a_make_up_day_after_the_last_usual_week_lies_inside_the_weekly_rule(term: Term, client: Client) -> None:
    """Google Calendar does not show an RDATE past the rule's UNTIL: the rule runs to the make-up day."""
    publish(term)
    last_friday = dt.date(2027, 1, 15)  # the term's last day, after its last Wednesday (13 January)
    MakeUpDay.objects.create(term=term, date=last_friday, weekday=2, reason="补周三的课")
    body = client.get("/feeds/group/tea.ics").content
    assert meeting_days(client, "tea")[-2:] == [dt.date(2027, 1, 13), last_friday]
    assert expand_with_icalendar(body) == expected_meetings(published("tea"))
    (rule,) = [event for event in icalendar.Calendar.from_ical(body).events if "RRULE" in event]
    rdates = rule["RDATE"] if isinstance(rule["RDATE"], list) else [rule["RDATE"]]
    assert max(day.dt for prop in rdates for day in prop.dts) <= rule["RRULE"]["UNTIL"][0]


def test_a_make_up_day_outside_the_term_is_refused_in_chinese(term: Term, client: Client) -> None:
    client.force_login(make_coordinator())
    response = client.post(reverse("admin:college_makeupday_add"),
                           {"term": term.pk, "date": "2027-02-06", "weekday": "0"})  # fmt: skip
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"date": ["2027-02-06 不在学期内（2026-09-07 – 2027-01-15）。"]}


def test_a_term_can_keep_an_official_make_up_day_ordinary_or_close_it(term: Term, client: Client) -> None:
    publish(term, [*WEEK, SATURDAY_SKETCH])
    MakeUpDay.objects.create(term=term, date=SATURDAY_AS_WEDNESDAY, weekday=5, reason="本学院周六照常")
    assert SATURDAY_AS_WEDNESDAY in meeting_days(client, "sketch")
    assert SATURDAY_AS_WEDNESDAY not in meeting_days(client, "tea")
    MakeUpDay.objects.all().delete()
    Closure.objects.create(term=term, date=SATURDAY_AS_WEDNESDAY, reason="社区活动")
    assert SATURDAY_AS_WEDNESDAY not in meeting_days(client, "tea") + meeting_days(client, "sketch")


def test_a_make_up_date_can_be_cancelled_like_any_other_meeting(term: Term, client: Client) -> None:
    publish(term, [*WEEK, SATURDAY_SKETCH])
    cancel_occurrence(session_of(term, "tea").pk, SATURDAY_AS_WEDNESDAY, "李老师出差")
    calendar = icalendar.Calendar.from_ical(client.get("/feeds/group/tea.ics").content)
    (override,) = [e for e in calendar.events if "RECURRENCE-ID" in e]
    assert override.decoded("RECURRENCE-ID") == dt.datetime(2026, 10, 10, 19, 0, tzinfo=SHANGHAI)
    assert str(override["STATUS"]) == "CANCELLED"
    assert SATURDAY_AS_WEDNESDAY not in meeting_days(client, "tea")
    with pytest.raises(ValidationError) as excinfo:
        cancel_occurrence(session_of(term, "sketch").pk, SATURDAY_AS_WEDNESDAY)
    assert excinfo.value.message_dict == {"date": ["插画在星期六上课，而 2026-10-10 是调休上课日，上的是星期三的课。"]}


@freeze_time("2026-10-08 02:00", tz_offset=0)  # Thursday after National Day, 10:00 in Shanghai
def test_the_teachers_week_shows_the_class_on_the_make_up_saturday(term: Term) -> None:
    publish(term)
    token = Teacher.objects.get(key="li").rotate_feed_token()
    week = text(Client().get(f"/teacher/{token}/")).split("本周", 1)[1].split("下周", 1)[0]
    assert week.strip() == "10月10日 星期六 19:00–21:00 茶艺 大竹公司会议室，龙塔路9号"


def test_a_tuesday_group_whose_tuesdays_are_all_closed_still_meets_on_the_sunday_that_runs_tuesdays(
    client: Client,
) -> None:
    term = make_autumn_term(closures=weekly_dates(dt.date(2026, 9, 7), dt.date(2027, 1, 15), 1))
    publish(term, [*WEEK, TUESDAY_SKETCH])
    assert meeting_days(client, "sketch") == [SUNDAY_AS_TUESDAY]
    body = client.get("/feeds/group/sketch.ics").content
    assert expand_with_icalendar(body) == expected_meetings(published("sketch"))
    assert "DTSTART;TZID=Asia/Shanghai:20260920T190000" in unfolded_lines(body)
