from __future__ import annotations

from typing import Any

import pytest

from college.models import Venue, VenueOpening
from tests.api.conftest import Api, ids

pytestmark = pytest.mark.django_db


def new_venue(**changes: Any) -> dict[str, Any]:
    body = {
        "key": "xz-library",
        "community": ids()["xiaozhu"],
        "name": "小竹图书室",
        "kind": "classroom",
        "address": "龙山路3号",
        "capacity": 25,
        "indoor": True,
        "step_free": True,
        "facilities": ["tables", "blackboard"],
        "opening": [{"weekday": 5, "start": "09:00", "end": "12:00"}],
    }
    return body | changes


def test_anyone_lists_venues_with_their_opening_hours(anonymous: Api) -> None:
    status, page = anonymous.get("venues", community=ids()["dazhu"])
    assert status == 200
    assert page["count"] == 1
    assert page["items"][0]["name"] == "大竹公司会议室"
    assert page["items"][0]["opening"][-1] == {"weekday": 5, "start": "09:00", "end": "17:00"}


def test_venue_list_filters_by_weekday_kind_and_step_free_and_pages(anonymous: Api) -> None:
    assert [v["key"] for v in anonymous.get("venues", weekday=5)[1]["items"]] == ["dz-room", "xz-plaza"]
    assert [v["key"] for v in anonymous.get("venues", kind="plaza")[1]["items"]] == ["xz-plaza"]
    assert [v["key"] for v in anonymous.get("venues", step_free="false")[1]["items"]] == ["dz-room"]
    status, page = anonymous.get("venues", limit=1, offset=1)
    assert (status, page["count"], [v["key"] for v in page["items"]]) == (200, 3, ["xz-elderly"])


def test_coordinator_adds_a_venue_in_their_community(alice: Api) -> None:
    status, venue = alice.post("venues", new_venue())
    assert status == 201
    assert venue["opening"] == [{"weekday": 5, "start": "09:00", "end": "12:00"}]
    saved = Venue.objects.get(key="xz-library")
    assert (saved.capacity, saved.facilities, saved.community.key) == (25, ["tables", "blackboard"], "xiaozhu")


def test_coordinator_replaces_a_venues_opening_hours(alice: Api) -> None:
    body = new_venue(key="xz-plaza", name="小竹广场", opening=[{"weekday": 6, "start": "08:00", "end": "10:00"}])
    status, venue = alice.put(f"venues/{ids()['xz-plaza']}", body)
    assert status == 200
    assert list(VenueOpening.objects.filter(venue__key="xz-plaza").values_list("weekday", "start", "end")) == [
        (6, 480, 600)
    ]


def test_adding_a_venue_with_a_taken_key_is_a_conflict_on_key(alice: Api) -> None:
    status, error = alice.post("venues", new_venue(key="xz-plaza"))
    assert (status, error["code"], error["field"]) == (409, "conflict", "key")


def test_window_ending_before_it_starts_names_the_window_and_field(alice: Api) -> None:
    status, error = alice.post("venues", new_venue(opening=[{"weekday": 1, "start": "12:00", "end": "09:00"}]))
    assert (status, error["code"], error["field"]) == (422, "invalid", "opening.0.end")
    assert error["message"] == "时间段的结束时间必须晚于开始时间。"
    assert Venue.objects.filter(key="xz-library").exists() is False


def test_model_rules_come_back_as_field_errors(alice: Api) -> None:
    status, error = alice.post("venues", new_venue(facilities=["piano", "piano"]))
    assert (status, error["field"]) == (422, "facilities")
    status, error = alice.post("venues", new_venue(community=999_999))
    assert (status, error["code"]) == (403, "forbidden")


def test_unknown_venue_is_a_404(anonymous: Api, alice: Api) -> None:
    assert anonymous.get("venues/999999")[0] == 404
    assert alice.put("venues/999999", new_venue())[0] == 404
    assert alice.delete("venues/999999")[0] == 404


def test_venue_still_used_by_a_timetable_cannot_be_removed(alice: Api) -> None:
    status, error = alice.delete(f"venues/{ids()['xz-elderly']}")
    assert (status, error["code"]) == (409, "in_use")
    assert Venue.objects.filter(key="xz-elderly").exists()


def test_unused_venue_is_removed(alice: Api) -> None:
    assert alice.delete(f"venues/{ids()['xz-plaza']}") == (204, b"")
    assert Venue.objects.filter(key="xz-plaza").exists() is False


def test_coordinator_cannot_move_a_venue_into_a_community_they_do_not_coordinate(alice: Api) -> None:
    body = new_venue(key="xz-plaza", community=ids()["dazhu"])
    assert alice.put(f"venues/{ids()['xz-plaza']}", body)[0] == 403
    assert Venue.objects.get(key="xz-plaza").community.key == "xiaozhu"
