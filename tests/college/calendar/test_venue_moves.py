"""A session moved for one date into another venue shows in that venue's feed, and as moved away in its own."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from django.test import Client

from college.domain.calendar.occurrences import cancel_occurrence, move_occurrence
from college.models import Session, Term, Venue
from tests.college.calendar.factories import make_autumn_term, publish, session_of
from tests.college.calendar.parsing import (
    SHANGHAI,
    Meeting,
    expand_with_icalendar,
    expand_with_vobject,
    expected_meetings,
    place,
    utc,
)

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 11, 16)
VISIT_UID = "2026-autumn.taichi-1.20261116@127.0.0.1"


@pytest.fixture
def term() -> Term:
    term = make_autumn_term()
    publish(term)
    return term


def venue_sessions(key: str) -> list[Session]:
    return list(Session.objects.filter(timetable__status="published", venue__key=key).order_by("pk"))


def venue_feed(client: Client, key: str) -> bytes:
    response = client.get(f"/feeds/venue/{key}.ics")
    assert response.status_code == 200
    return response.content


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return utc(dt.datetime.combine(day, dt.time(hour, minute), tzinfo=SHANGHAI))


def test_a_venue_feed_shows_a_session_moved_into_it_for_one_date(term: Term, client: Client) -> None:
    plaza = Venue.objects.get(key="xz-plaza")  # hosts 太极班 on Thursdays; its Mondays are at the elderly centre
    move_occurrence(session_of(term, "taichi").pk, MONDAY, venue_id=plaza.pk, reason="养老中心检修")
    body = venue_feed(client, "xz-plaza")
    visit = Meeting(VISIT_UID, at(MONDAY, 9), at(MONDAY, 10, 30), place(plaza))
    expected = sorted([*expected_meetings(venue_sessions("xz-plaza")), visit])
    assert expand_with_icalendar(body) == expected
    assert expand_with_vobject(body) == expected
    (event,) = [e for e in icalendar.Calendar.from_ical(body).events if str(e["UID"]) == VISIT_UID]
    assert str(event["SUMMARY"]) == "临时调入：太极班"
    assert str(event["DESCRIPTION"]).splitlines()[:3] == [
        "本次临时调到这里上课：养老中心检修", "平时地点：小竹养老服务中心，龙山路1号", "老师：王老师"
    ]  # fmt: skip
    assert "RRULE" not in event


def test_the_usual_venue_shows_the_date_moved_away(term: Term, client: Client) -> None:
    plaza = Venue.objects.get(key="xz-plaza")
    move_occurrence(session_of(term, "taichi").pk, MONDAY, start=10 * 60 + 30, venue_id=plaza.pk)
    body = venue_feed(client, "xz-elderly")
    assert expand_with_icalendar(body) == expected_meetings(venue_sessions("xz-elderly"))
    (override,) = [e for e in icalendar.Calendar.from_ical(body).events if "RECURRENCE-ID" in e]
    assert override.decoded("RECURRENCE-ID") == dt.datetime(2026, 11, 16, 9, 0, tzinfo=SHANGHAI)
    assert (str(override["SUMMARY"]), str(override["LOCATION"])) == ("调课：太极班", "小竹广场，龙山路2号")
    moved_in = [m for m in expand_with_icalendar(venue_feed(client, "xz-plaza")) if m.uid == VISIT_UID]
    assert moved_in == [Meeting(VISIT_UID, at(MONDAY, 10, 30), at(MONDAY, 12), place(plaza))]


def test_cancelling_the_moved_date_takes_it_off_the_other_venues_feed(term: Term, client: Client) -> None:
    session = session_of(term, "taichi")
    move_occurrence(session.pk, MONDAY, venue_id=Venue.objects.get(key="xz-plaza").pk)
    first = client.get("/feeds/venue/xz-plaza.ics")
    assert VISIT_UID in [m.uid for m in expand_with_icalendar(first.content)]
    cancel_occurrence(session.pk, MONDAY, "下雨")
    again = client.get("/feeds/venue/xz-plaza.ics", headers={"if-none-match": first["ETag"]})
    assert again.status_code == 200  # calendars that ask with the old ETag get the new feed
    assert VISIT_UID not in [m.uid for m in expand_with_icalendar(again.content)]
    assert expand_with_icalendar(again.content) == expected_meetings(venue_sessions("xz-plaza"))


def test_a_move_to_another_time_only_reaches_no_other_venue(term: Term, client: Client) -> None:
    move_occurrence(session_of(term, "taichi").pk, MONDAY, start=10 * 60 + 30)
    for key in ("xz-plaza", "dz-room"):
        assert expand_with_icalendar(venue_feed(client, key)) == expected_meetings(venue_sessions(key))
