"""SEQUENCE, DTSTAMP and LAST-MODIFIED change when, and only when, an event's content changes."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from college.domain.calendar.occurrences import cancel_occurrence
from college.models import Interest, InterestGroup, Resident, Teacher
from tests.college.calendar.factories import PUBLISHED_AT, WEEK, Slot, make_autumn_term, publish, session_of

pytestmark = pytest.mark.django_db

LATER = PUBLISHED_AT + dt.timedelta(days=30)


def every_feed() -> list[str]:
    """One path of every kind of feed of the tiny college (private ones with fresh tokens)."""
    li, r1 = Teacher.objects.get(key="li"), Resident.objects.get(key="r1")
    return [
        "/feeds/group/taichi.ics",
        "/feeds/group/tea.ics",
        "/feeds/venue/xz-elderly.ics",
        "/feeds/venue/dz-room.ics",
        "/feeds/community/xiaozhu.ics",
        "/feeds/community/dazhu.ics",
        f"/feeds/teacher/{li.rotate_feed_token()}.ics",
        f"/feeds/resident/{r1.rotate_feed_token()}.ics",
    ]


def snapshot(client: Client, paths: list[str]) -> dict[str, tuple[bytes, str, str]]:
    cache.clear()  # render again from the database, not from the cache
    responses = {path: client.get(path) for path in paths}
    assert {path: r.status_code for path, r in responses.items()} == dict.fromkeys(paths, 200)
    return {path: (r.content, r["ETag"], r["Last-Modified"]) for path, r in responses.items()}


def events_by_uid(body: bytes) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in icalendar.Calendar.from_ical(body).events if "RECURRENCE-ID" not in e}


def test_republishing_an_unchanged_timetable_leaves_every_feed_byte_identical(client: Client) -> None:
    term = make_autumn_term()
    publish(term)
    paths = every_feed()
    before = snapshot(client, paths)
    publish(term, published_at=LATER)  # version 2: the same sessions
    publish(term, published_at=LATER + dt.timedelta(hours=1))  # version 3: the same again
    assert snapshot(client, paths) == before


def test_moving_one_session_changes_only_that_event_and_bumps_its_sequence(client: Client) -> None:
    term = make_autumn_term()
    publish(term)
    paths = every_feed()
    before = snapshot(client, paths)
    moved = [Slot("taichi", 2, 4, 9 * 60, 10 * 60 + 30, "xz-plaza") if s[:2] == ("taichi", 2) else s for s in WEEK]
    publish(term, moved, published_at=LATER)
    after = snapshot(client, paths)

    changed = {path for path in paths if after[path] != before[path]}
    assert changed == {"/feeds/group/taichi.ics", "/feeds/community/xiaozhu.ics", paths[-1]}  # r1 is in 太极班
    old, new = events_by_uid(before[paths[0]][0]), events_by_uid(after[paths[0]][0])
    assert new["2026-autumn.taichi-1@127.0.0.1"].to_ical() == old["2026-autumn.taichi-1@127.0.0.1"].to_ical()
    thursday, friday = old["2026-autumn.taichi-2@127.0.0.1"], new["2026-autumn.taichi-2@127.0.0.1"]
    assert (thursday["SEQUENCE"], friday["SEQUENCE"]) == (0, 1)
    assert friday.decoded("DTSTART").date() == dt.date(2026, 9, 11)
    assert friday.decoded("DTSTAMP") == LATER
    assert friday.decoded("LAST-MODIFIED") == LATER
    assert after[paths[0]][2] == "Sat, 19 Sep 2026 10:00:00 GMT"  # Last-Modified: the publication of the move


def test_moving_a_session_back_bumps_its_sequence_again(client: Client) -> None:
    term = make_autumn_term()
    publish(term)
    client.get("/feeds/group/tea.ics")
    publish(term, [s._replace(weekday=1) if s.group == "tea" else s for s in WEEK], published_at=LATER)
    client.get("/feeds/group/tea.ics")
    publish(term, published_at=LATER + dt.timedelta(days=1))
    (event,) = events_by_uid(client.get("/feeds/group/tea.ics").content).values()
    assert event["SEQUENCE"] == 2
    assert event.decoded("DTSTART").date() == dt.date(2026, 9, 9)


def test_one_off_cancellation_bumps_the_sequence_and_stamps_when_it_was_recorded(client: Client) -> None:
    term = make_autumn_term()
    publish(term)
    client.get("/feeds/group/taichi.ics")
    change = cancel_occurrence(session_of(term, "taichi", 1).pk, dt.date(2026, 11, 16), "王老师生病")
    calendar = icalendar.Calendar.from_ical(client.get("/feeds/group/taichi.ics").content)
    stamped = change.changed_at.replace(microsecond=0)
    taichi_1 = [e for e in calendar.events if str(e["UID"]) == "2026-autumn.taichi-1@127.0.0.1"]
    assert [(e["SEQUENCE"], e.decoded("DTSTAMP"), e.decoded("LAST-MODIFIED")) for e in taichi_1] == [
        (1, stamped, stamped),
        (1, stamped, stamped),
    ]
    (other,) = [e for e in calendar.events if str(e["UID"]) == "2026-autumn.taichi-2@127.0.0.1"]
    assert other["SEQUENCE"] == 0


def test_renaming_a_group_in_the_admin_bumps_its_events_at_the_time_it_is_seen(client: Client) -> None:
    publish(make_autumn_term())
    client.get("/feeds/group/tea.ics")
    InterestGroup.objects.filter(key="tea").update(name="茶艺与茶道")
    seen = timezone.now().replace(microsecond=0)
    (event,) = events_by_uid(client.get("/feeds/group/tea.ics").content).values()
    assert (str(event["SUMMARY"]), event["SEQUENCE"]) == ("茶艺与茶道", 1)
    assert seen <= event.decoded("DTSTAMP") <= timezone.now()


def test_a_group_leaving_a_personal_feed_changes_its_etag_and_last_modified(client: Client) -> None:
    publish(make_autumn_term())
    r2 = Resident.objects.get(key="r2")
    path = f"/feeds/resident/{r2.rotate_feed_token()}.ics"
    Interest.objects.create(resident=r2, group=InterestGroup.objects.get(key="taichi"), kind="enrolled")
    first = client.get(path)
    Interest.objects.filter(resident=r2, group__key="taichi").delete()
    second = client.get(path)
    assert first["ETag"] != second["ETag"]
    assert first["Last-Modified"] == "Thu, 20 Aug 2026 10:00:00 GMT"  # the publication of its events
    assert second["Last-Modified"] != first["Last-Modified"]
    assert list(events_by_uid(second.content)) == ["2026-autumn.tea-1@127.0.0.1"]
