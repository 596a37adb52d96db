from __future__ import annotations

from typing import Any

import pytest

from college.models import InterestGroup, PreferredWindow
from tests.api.conftest import Api, ids

pytestmark = pytest.mark.django_db


def new_group(**changes: Any) -> dict[str, Any]:
    body = {
        "key": "calligraphy",
        "name": "书法班",
        "category": "culture",
        "audience": "elderly",
        "community": ids()["xiaozhu"],
        "teacher": ids()["wang"],
        "sessions_per_week": 1,
        "session_minutes": 90,
        "min_size": 4,
        "max_size": 20,
        "facilities": ["tables"],
        "preferred": [{"weekday": 1, "start": "09:00", "end": "11:00"}],
    }
    return body | changes


def test_public_catalogue_lists_registered_groups_only(anonymous: Api) -> None:
    status, page = anonymous.get("groups")
    assert status == 200
    assert [(g["name"], g["teacher_name"]) for g in page["items"]] == [("太极班", "王老师"), ("茶艺", "李老师")]
    assert anonymous.get(f"groups/{ids()['sketch']}")[0] == 404


def test_coordinators_also_see_unregistered_groups(bob: Api) -> None:
    assert [g["key"] for g in bob.get("groups", registered="false")[1]["items"]] == ["sketch"]


def test_catalogue_filters_by_category_audience_community_teacher_weekday_and_venue(anonymous: Api) -> None:
    def keys(**filters: Any) -> list[str]:
        return [g["key"] for g in anonymous.get("groups", **filters)[1]["items"]]

    assert keys(category="culture") == ["tea"]
    assert keys(audience="elderly") == ["taichi"]
    assert keys(community=ids()["dazhu"]) == ["tea"]
    assert keys(teacher=ids()["wang"]) == ["taichi"]
    assert keys(weekday=0) == ["taichi"]  # the published session is on Monday
    assert keys(weekday=1) == []
    assert keys(venue=ids()["xz-elderly"]) == ["taichi"]


def test_coordinator_adds_a_group_with_preferred_times(alice: Api) -> None:
    status, group = alice.post("groups", new_group())
    assert (status, group["teacher_name"], group["preferred"]) == (
        201,
        "王老师",
        [{"weekday": 1, "start": "09:00", "end": "11:00"}],
    )
    assert InterestGroup.objects.get(key="calligraphy").facilities == ["tables"]


def test_preferred_window_shorter_than_a_session_is_refused_and_nothing_is_saved(alice: Api) -> None:
    body = new_group(preferred=[{"weekday": 1, "start": "09:00", "end": "10:00"}])
    status, error = alice.post("groups", body)
    assert (status, error["field"]) == (422, "preferred.0.end")
    assert error["message"] == "这个时间段只有 60 分钟，放不下一次 90 分钟的课。"
    assert InterestGroup.objects.filter(key="calligraphy").exists() is False
    assert PreferredWindow.objects.count() == 1


def test_session_length_off_the_slot_grid_is_refused_on_its_field(alice: Api) -> None:
    status, error = alice.post("groups", new_group(session_minutes=75))
    assert (status, error["field"]) == (422, "session_minutes")


def test_minimum_size_above_maximum_is_refused(alice: Api) -> None:
    status, error = alice.post("groups", new_group(min_size=30, max_size=10))
    assert (status, error["field"]) == (422, "max_size")


def test_unknown_teacher_is_a_field_error(alice: Api) -> None:
    status, error = alice.post("groups", new_group(teacher=999_999))
    assert (status, error["field"]) == (422, "teacher")


def test_group_without_sessions_is_removed(bob: Api) -> None:
    assert bob.delete(f"groups/{ids()['tea']}") == (204, b"")
    assert InterestGroup.objects.filter(key="tea").exists() is False


def test_group_in_a_timetable_is_in_use(alice: Api) -> None:
    assert alice.delete(f"groups/{ids()['taichi']}")[0] == 409
