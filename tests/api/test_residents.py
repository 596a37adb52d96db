from __future__ import annotations

from typing import Any

import pytest

from college.models import FreeTime, Interest, Resident
from tests.api.conftest import Api, ids

pytestmark = pytest.mark.django_db


def new_resident(**changes: Any) -> dict[str, Any]:
    body = {
        "key": "r9",
        "name": "周大爷",
        "community": ids()["xiaozhu"],
        "age_band": "senior",
        "free_times": [{"weekday": 0, "start": "08:00", "end": "11:00"}],
    }
    return body | changes


def test_coordinator_lists_only_residents_of_their_communities(alice: Api) -> None:
    status, page = alice.get("residents")
    assert status == 200
    assert [r["name"] for r in page["items"]] == ["刘奶奶", "张阿姨"]


def test_resident_of_another_community_does_not_exist_for_a_coordinator(bob: Api) -> None:
    assert bob.get(f"residents/{ids()['r1']}")[0] == 404
    assert bob.get(f"residents/{ids()['r1']}/interests")[0] == 404


def test_residents_are_never_public(anonymous: Api, teacher: Api, resident: Api) -> None:
    assert anonymous.get("residents")[0] == 401
    assert teacher.get("residents")[0] == 403
    assert resident.get(f"residents/{ids()['r1']}")[0] == 403


def test_resident_list_filters_by_age_band_and_group(district: Api) -> None:
    assert [r["key"] for r in district.get("residents", age_band="child")[1]["items"]] == ["r3"]
    assert [r["key"] for r in district.get("residents", group=ids()["sketch"])[1]["items"]] == ["r3", "r2"]


def test_coordinator_adds_changes_and_removes_a_resident(alice: Api) -> None:
    status, resident = alice.post("residents", new_resident())
    assert (status, resident["free_times"]) == (201, [{"weekday": 0, "start": "08:00", "end": "11:00"}])
    status, resident = alice.put(f"residents/{resident['id']}", new_resident(name="周爷爷", free_times=[]))
    assert (status, resident["name"]) == (200, "周爷爷")
    assert FreeTime.objects.filter(resident__key="r9").count() == 0
    assert alice.delete(f"residents/{resident['id']}") == (204, b"")
    assert Resident.objects.filter(key="r9").exists() is False


def test_coordinator_replaces_a_residents_interests(alice: Api) -> None:
    body = {
        "interests": [
            {"group": ids()["tea"], "kind": "wished", "rank": 1},
            {"group": ids()["taichi"], "kind": "enrolled"},
        ]
    }
    status, interests = alice.put(f"residents/{ids()['r1']}/interests", body)
    assert status == 200
    assert [(i["group_name"], i["kind"], i["rank"]) for i in interests] == [
        ("太极班", "enrolled", None),
        ("茶艺", "wished", 1),
    ]
    assert alice.get(f"residents/{ids()['r1']}/interests") == (200, interests)


def test_interest_lists_with_a_repeat_or_a_ranked_enrolment_are_refused_whole(alice: Api) -> None:
    before = list(Interest.objects.values_list("resident__key", "group__key", "kind", "rank"))
    repeat = {
        "interests": [{"group": ids()["tea"], "kind": "wished", "rank": 1}, {"group": ids()["tea"], "kind": "enrolled"}]
    }
    status, error = alice.put(f"residents/{ids()['r1']}/interests", repeat)
    assert (status, error["field"]) == (422, "interests.1.group")
    ranked = {"interests": [{"group": ids()["tea"], "kind": "enrolled", "rank": 2}]}
    status, error = alice.put(f"residents/{ids()['r1']}/interests", ranked)
    assert (status, error["field"]) == (422, "interests.0.rank")
    unknown = {"interests": [{"group": 999_999, "kind": "wished", "rank": 1}]}
    assert alice.put(f"residents/{ids()['r1']}/interests", unknown)[1]["field"] == "interests.0.group"
    assert list(Interest.objects.values_list("resident__key", "group__key", "kind", "rank")) == before
