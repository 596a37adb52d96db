"""Every kind of feed, parsed back by two parsers, shows exactly the published meetings of its owner."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from django.test import Client
from django.utils import translation
from icalendar import Event

from college.domain.calendar import feed_links, prepare_feed
from college.domain.calendar.occurrences import cancel_occurrence, move_occurrence
from college.domain.calendar.vevent import build_calendar, component_bytes
from college.models import Closure, Resident, Session, Teacher, Term, Venue
from tests.college.calendar.factories import make_autumn_term, publish, session_of
from tests.college.calendar.parsing import (
    SHANGHAI,
    expand_with_icalendar,
    expand_with_vobject,
    expected_meetings,
    unfolded_lines,
)

pytestmark = pytest.mark.django_db

NATIONAL_DAY_WEEK = [dt.date(2026, 10, 1) + dt.timedelta(days=n) for n in range(7)]


def published(**filters: object) -> list[Session]:
    return list(Session.objects.filter(timetable__status="published", **filters).order_by("pk"))


def feed_path(kind: str, key: str) -> str:
    return feed_links(kind, key).https.removeprefix("http://127.0.0.1:8000")


def get_feed(client: Client, kind: str, key: str) -> bytes:
    response = client.get(feed_path(kind, key))
    assert response.status_code == 200, response.content
    return response.content


def feeds_and_their_sessions() -> list[tuple[str, str, list[Session]]]:
    """(kind, key or token, the published sessions the feed must show) for one feed of every kind."""
    r1 = Resident.objects.get(key="r1")  # enrolled in 太极班
    li = Teacher.objects.get(key="li")
    return [
        ("group", "taichi", published(group__key="taichi")),
        ("venue", "dz-room", published(venue__key="dz-room")),
        ("community", "xiaozhu", published(group__community__key="xiaozhu")),
        ("community", "dazhu", published(group__community__key="dazhu")),
        ("teacher", li.rotate_feed_token(), published(teacher=li)),
        ("resident", r1.rotate_feed_token(), published(group__key="taichi")),
    ]


def test_every_kind_of_feed_expands_to_its_published_meetings_in_both_parsers(client: Client) -> None:
    term = make_autumn_term()
    publish(term)
    taichi_thursday = session_of(term, "taichi", 2)
    cancel_occurrence(taichi_thursday.pk, dt.date(2026, 11, 12), "王老师生病")
    move_occurrence(session_of(term, "tea").pk, dt.date(2026, 12, 2), start=18 * 60,
                    venue_id=Venue.objects.get(key="xz-plaza").pk, reason="会议室装修")  # fmt: skip
    for kind, key, sessions in feeds_and_their_sessions():
        body = get_feed(client, kind, key)
        expected = expected_meetings(sessions)
        assert len(expected) > 10, kind
        assert expand_with_icalendar(body) == expected, kind
        assert expand_with_vobject(body) == expected, kind


def test_monday_group_has_no_meeting_in_the_national_day_week(client: Client) -> None:
    publish(make_autumn_term())
    body = get_feed(client, "group", "taichi")
    for meetings in (expand_with_icalendar(body), expand_with_vobject(body)):
        mondays = [m.start.astimezone(SHANGHAI).date() for m in meetings if m.uid.endswith("taichi-1@127.0.0.1")]
        assert dt.date(2026, 9, 28) in mondays
        assert dt.date(2026, 10, 12) in mondays
        assert [day for day in mondays if day in NATIONAL_DAY_WEEK] == []
        assert all(day.weekday() == 0 for day in mondays)


def test_closure_of_the_term_is_an_exdate_like_dtstart(client: Client) -> None:
    publish(make_autumn_term())
    lines = unfolded_lines(get_feed(client, "group", "tea"))
    assert "DTSTART;TZID=Asia/Shanghai:20260909T190000" in lines
    assert "EXDATE;TZID=Asia/Shanghai:20261007T190000,20261111T190000" in lines  # National Day, sports day


def test_weekly_event_repeats_until_its_last_meeting_in_utc(client: Client) -> None:
    publish(make_autumn_term())
    lines = unfolded_lines(get_feed(client, "group", "taichi"))
    assert "RRULE:FREQ=WEEKLY;UNTIL=20270111T010000Z" in lines  # Monday 11 January 09:00 in Shanghai
    assert "RRULE:FREQ=WEEKLY;UNTIL=20270114T010000Z" in lines  # Thursday 14 January


def test_cancelled_date_is_an_override_with_status_cancelled(client: Client) -> None:
    term = make_autumn_term()
    publish(term)
    cancel_occurrence(session_of(term, "taichi", 2).pk, dt.date(2026, 11, 12), "王老师生病")
    calendar = icalendar.Calendar.from_ical(get_feed(client, "group", "taichi"))
    overrides = [e for e in calendar.events if "RECURRENCE-ID" in e]
    assert len(overrides) == 1
    override = overrides[0]
    assert str(override["UID"]) == "2026-autumn.taichi-2@127.0.0.1"
    assert override.decoded("RECURRENCE-ID") == dt.datetime(2026, 11, 12, 9, 0, tzinfo=SHANGHAI)
    assert str(override["STATUS"]) == "CANCELLED"
    assert str(override["SUMMARY"]) == "停课：太极班"
    assert str(override["DESCRIPTION"]).splitlines()[0] == "本次停课：王老师生病"


def test_moved_date_shows_its_new_time_and_venue(client: Client) -> None:
    term = make_autumn_term()
    publish(term)
    plaza = Venue.objects.get(key="xz-plaza")
    move_occurrence(session_of(term, "tea").pk, dt.date(2026, 12, 2), start=18 * 60, venue_id=plaza.pk)
    calendar = icalendar.Calendar.from_ical(get_feed(client, "group", "tea"))
    (override,) = [e for e in calendar.events if "RECURRENCE-ID" in e]
    assert override.decoded("RECURRENCE-ID") == dt.datetime(2026, 12, 2, 19, 0, tzinfo=SHANGHAI)
    assert override.decoded("DTSTART") == dt.datetime(2026, 12, 2, 18, 0, tzinfo=SHANGHAI)
    assert override.decoded("DTEND") == dt.datetime(2026, 12, 2, 20, 0, tzinfo=SHANGHAI)
    assert str(override["LOCATION"]) == "小竹广场，龙山路2号"
    assert str(override["STATUS"]) == "CONFIRMED"


def test_event_names_group_venue_teacher_and_what_to_bring(client: Client) -> None:
    publish(make_autumn_term())
    calendar = icalendar.Calendar.from_ical(get_feed(client, "group", "tea"))
    (event,) = calendar.events
    assert str(event["UID"]) == "2026-autumn.tea-1@127.0.0.1"
    assert str(event["SUMMARY"]) == "茶艺"
    assert str(event["LOCATION"]) == "大竹公司会议室，龙塔路9号"
    assert str(event["DESCRIPTION"]) == "老师：李老师\n请带：茶杯\n小组页面：http://127.0.0.1:8000/groups/tea/"
    assert str(event["URL"]) == "http://127.0.0.1:8000/groups/tea/"
    assert event.categories == ["文化", "上班族"]
    assert event["SEQUENCE"] == 0


def test_calendar_is_named_and_tells_clients_how_often_to_refresh(client: Client) -> None:
    publish(make_autumn_term())
    lines = unfolded_lines(get_feed(client, "venue", "dz-room"))
    assert "NAME:大竹公司会议室 课表 · 小竹社区学院" in lines
    assert "X-WR-CALNAME:大竹公司会议室 课表 · 小竹社区学院" in lines
    assert "X-WR-TIMEZONE:Asia/Shanghai" in lines
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H" in lines
    assert "X-PUBLISHED-TTL:PT1H" in lines
    assert lines[lines.index("BEGIN:VTIMEZONE") + 1] == "TZID:Asia/Shanghai"


def test_resident_feed_shows_only_the_groups_the_resident_is_enrolled_in(client: Client) -> None:
    publish(make_autumn_term())
    r2 = Resident.objects.get(key="r2")  # enrolled in 茶艺, only wishes for 插画
    r4 = Resident.objects.get(key="r4")  # only wishes for 太极班
    uids = {m.uid for m in expand_with_icalendar(get_feed(client, "resident", r2.rotate_feed_token()))}
    assert uids == {"2026-autumn.tea-1@127.0.0.1"}
    assert expand_with_icalendar(get_feed(client, "resident", r4.rotate_feed_token())) == []


def test_draft_timetable_never_reaches_a_feed(client: Client) -> None:
    term = make_autumn_term()
    publish(term)
    draft = publish(term, published_at=dt.datetime(2026, 8, 25, tzinfo=dt.UTC))
    draft.status = "draft"
    draft.save()
    assert expand_with_icalendar(get_feed(client, "group", "taichi")) == []


def test_event_url_opens_the_groups_public_page(client: Client) -> None:
    publish(make_autumn_term())
    calendar = icalendar.Calendar.from_ical(get_feed(client, "group", "tea"))
    (event,) = calendar.events
    page = client.get(str(event["URL"]).removeprefix("http://127.0.0.1:8000"))
    assert page.status_code == 200
    assert "茶艺" in page.text


def test_term_in_a_year_without_known_holidays_still_repeats_with_its_closures_only(client: Client) -> None:
    term = make_autumn_term(closures=())
    spring = Term.objects.create(key="2028-spring", name="2028年春季学期", first_day=dt.date(2028, 3, 6),
                                 last_day=dt.date(2028, 6, 30))  # fmt: skip
    Closure.objects.create(term=spring, date=dt.date(2028, 5, 1), reason="劳动节")
    publish(spring)
    publish(term)
    body = get_feed(client, "group", "taichi")
    lines = unfolded_lines(body)
    assert "EXDATE;TZID=Asia/Shanghai:20280501T090000" in lines
    spring_mondays = [m for m in expand_with_icalendar(body) if m.uid == "2028-spring.taichi-1@127.0.0.1"]
    assert len(spring_mondays) == 16  # 17 Mondays from 6 March to 26 June, less 1 May
    assert expand_with_vobject(body) == expand_with_icalendar(body)


def test_feed_bytes_are_exactly_what_icalendar_writes_for_the_whole_calendar(client: Client) -> None:
    term = make_autumn_term()
    publish(term)
    cancel_occurrence(session_of(term, "taichi", 2).pk, dt.date(2026, 11, 12), "王老师生病")
    body = get_feed(client, "community", "xiaozhu")
    feed = prepare_feed("community", "xiaozhu")
    with translation.override("zh-hans"):
        assert build_calendar(feed.title, feed.events).to_ical() == body


@pytest.mark.parametrize("octets", [73, 74, 75, 76, 149, 150, 151])
@pytest.mark.parametrize("text", ["a", "太", "a,太\\;\n"])
def test_an_event_is_written_byte_for_byte_as_icalendar_folds_it_at_any_length(octets: int, text: str) -> None:
    """Lines around the 75-octet fold, with three-octet characters and escapes that must not be split."""
    event = Event()
    event.add("summary", "")
    while len(event.content_lines()[1].encode()) < octets:  # [0] is BEGIN:VEVENT
        event["summary"] = str(event["summary"]) + text
    event.add("description", "说明：" * octets)
    assert component_bytes(event) == event.to_ical()
