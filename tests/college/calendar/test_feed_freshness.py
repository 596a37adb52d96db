"""A 304 is answered from a fingerprint of the feed's inputs: every change a subscriber would see gets through."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client

from college.derived.models import PrivateFeed
from college.domain.calendar import rotate_feed_token
from college.domain.calendar.occurrences import cancel_occurrence, move_occurrence
from college.models import (
    Closure,
    College,
    Interest,
    InterestGroup,
    MakeUpDay,
    Resident,
    Teacher,
    Term,
    Venue,
)
from tests.college.calendar.factories import WEEK, make_autumn_term, publish, session_of

pytestmark = pytest.mark.django_db


def rename_group() -> None:
    InterestGroup.objects.filter(key="taichi").update(name="太极拳")


def readdress_venue() -> None:
    Venue.objects.filter(key="xz-elderly").update(address="龙山路100号")


def rename_teacher() -> None:
    Teacher.objects.filter(key="wang").update(name="王建国老师")


def ask_to_bring_something() -> None:
    InterestGroup.objects.filter(key="taichi").update(what_to_bring="太极扇")


def recategorise_group() -> None:
    InterestGroup.objects.filter(key="taichi").update(category="culture")


def close_a_monday() -> None:
    Closure.objects.create(term=Term.objects.get(key="2026-autumn"), date=dt.date(2026, 11, 23), reason="停电")


def work_a_saturday_as_a_monday() -> None:
    MakeUpDay.objects.create(term=Term.objects.get(key="2026-autumn"), date=dt.date(2026, 12, 5), weekday=0)


def shorten_the_term() -> None:
    Term.objects.filter(key="2026-autumn").update(last_day=dt.date(2026, 12, 31))


def cancel_a_date() -> None:
    cancel_occurrence(session_of(Term.objects.get(key="2026-autumn"), "taichi").pk, dt.date(2026, 11, 16))


def move_a_date() -> None:
    move_occurrence(session_of(Term.objects.get(key="2026-autumn"), "taichi").pk, dt.date(2026, 11, 16), start=600)


def rename_the_college() -> None:
    College.objects.update(name="小竹社区老年大学")


def publish_a_move() -> None:
    moved = [s._replace(start=14 * 60, end=15 * 60 + 30) if s[:2] == ("taichi", 1) else s for s in WEEK]
    publish(Term.objects.get(key="2026-autumn"), moved, published_at=dt.datetime(2026, 9, 30, tzinfo=dt.UTC))


CHANGES = [rename_group, readdress_venue, rename_teacher, ask_to_bring_something, recategorise_group, close_a_monday,
           work_a_saturday_as_a_monday, shorten_the_term, cancel_a_date, move_a_date, rename_the_college,
           publish_a_move]  # fmt: skip


@pytest.fixture
def resident_path() -> str:
    publish(make_autumn_term())
    return f"/feeds/resident/{Resident.objects.get(key='r1').rotate_feed_token()}.ics"


def primed(client: Client, path: str) -> tuple[str, bytes]:
    """The ETag and body after the feed was fetched enough times for its inputs' fingerprint to be known."""
    first = client.get(path)
    second = client.get(path, headers={"if-none-match": first["ETag"]})
    assert second.status_code == 304
    return first["ETag"], first.content


@pytest.mark.parametrize("change", CHANGES, ids=lambda change: change.__name__)
@pytest.mark.parametrize("kind", ["group", "resident"])
def test_a_change_the_subscriber_would_see_gets_past_the_304(
    client: Client, resident_path: str, kind: str, change: Callable[[], None]
) -> None:
    path = "/feeds/group/taichi.ics" if kind == "group" else resident_path
    etag, body = primed(client, path)
    change()
    response = client.get(path, headers={"if-none-match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert response.content != body
    assert client.get(path, headers={"if-none-match": response["ETag"]}).status_code == 304


def test_enrolling_in_a_group_gets_past_the_304(client: Client, resident_path: str) -> None:
    etag, _body = primed(client, resident_path)
    Interest.objects.create(resident=Resident.objects.get(key="r1"), group=InterestGroup.objects.get(key="tea"),
                            kind="enrolled")  # fmt: skip
    response = client.get(resident_path, headers={"if-none-match": etag})
    assert response.status_code == 200
    assert b"UID:2026-autumn.tea-1@127.0.0.1" in response.content


def test_a_change_elsewhere_leaves_the_etag(client: Client, resident_path: str) -> None:
    etag, _body = primed(client, "/feeds/group/tea.ics")
    rename_group()  # 太极班, not 茶艺
    response = client.get("/feeds/group/tea.ics", headers={"if-none-match": etag})
    assert response.status_code == 304


def test_a_304_runs_seven_plain_queries_in_one_round_trip_on_postgresql_and_builds_nothing(
    client: Client, resident_path: str, django_assert_num_queries
) -> None:
    community_path = "/feeds/community/xiaozhu.ics"  # a private feed's polls take the lean path (one query)
    etag, _body = primed(client, community_path)
    with django_assert_num_queries(1 if connection.vendor == "postgresql" else 7):
        assert client.get(community_path, headers={"if-none-match": etag}).status_code == 304


def test_a_new_link_drops_the_old_links_stored_feed(client: Client, resident_path: str) -> None:
    assert client.get(resident_path).status_code == 200
    assert PrivateFeed.objects.count() == 1  # stored under the link's fingerprint
    fresh = rotate_feed_token("resident", Resident.objects.get(key="r1").pk)
    assert client.get(resident_path).status_code == 404
    assert not PrivateFeed.objects.exists()
    assert client.get(f"/feeds/resident/{fresh}.ics").status_code == 200
