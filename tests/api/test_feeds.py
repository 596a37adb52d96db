"""Feed links through the API; the feeds themselves are fetched to prove the links work."""

from __future__ import annotations

import pytest
from icalendar import Calendar

from college.models import Resident, Teacher
from tests.api.conftest import Api, ids

pytestmark = pytest.mark.django_db


def test_anyone_lists_public_feeds_with_subscribe_links(anonymous: Api) -> None:
    status, page = anonymous.get("feeds", kind="group")
    assert status == 200
    assert [(f["kind"], f["key"], f["name"]) for f in page["items"]] == [
        ("group", "taichi", "太极班"),
        ("group", "tea", "茶艺"),
    ]
    taichi = page["items"][0]
    assert taichi["https"] == "http://127.0.0.1:8000/feeds/group/taichi.ics"
    assert taichi["webcal"] == "webcal://127.0.0.1:8000/feeds/group/taichi.ics"


def test_public_feeds_filter_by_community_and_page(anonymous: Api) -> None:
    status, page = anonymous.get("feeds", community=ids()["dazhu"])
    assert (status, [(f["kind"], f["key"]) for f in page["items"]]) == (
        200,
        [("community", "dazhu"), ("venue", "dz-room"), ("group", "tea")],
    )
    page = anonymous.get("feeds", limit=2, offset=6)[1]
    assert (page["count"], [f["key"] for f in page["items"]]) == (7, ["tea"])


def test_a_teacher_gets_their_private_feed_link_and_it_serves_their_sessions(teacher: Api) -> None:
    status, feed = teacher.get("feeds/mine")
    assert (status, feed["kind"], feed["key"], feed["name"]) == (200, "teacher", "", "王老师")
    path = feed["https"].removeprefix("http://127.0.0.1:8000")
    calendar = Calendar.from_ical(teacher.client.get(path).content)
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["太极班"]


def test_a_new_link_stops_the_old_one_at_once(resident: Api) -> None:
    old = resident.get("feeds/mine")[1]
    status, new = resident.post("feeds/mine/new-link")
    assert status == 200 and new["https"] != old["https"]
    assert resident.client.get(old["https"].removeprefix("http://127.0.0.1:8000")).status_code == 404
    assert resident.get("feeds/mine")[0] == 401
    assert Resident.by_feed_token(new["https"].rsplit("/", 1)[1].removesuffix(".ics")).key == "r1"


def test_coordinator_makes_new_links_for_their_teachers_and_residents(alice: Api) -> None:
    status, feed = alice.post(f"feeds/teachers/{ids()['wang']}/new-link")
    token = feed["https"].rsplit("/", 1)[1].removesuffix(".ics")
    assert (status, Teacher.by_feed_token(token).key) == (200, "wang")
    status, feed = alice.post(f"feeds/residents/{ids()['r1']}/new-link")
    assert (status, feed["name"]) == (200, "张阿姨")


def test_coordinators_have_no_private_feed(alice: Api) -> None:
    assert alice.get("feeds/mine")[0] == 403
    assert alice.post("feeds/mine/new-link")[0] == 403
