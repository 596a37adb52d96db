from __future__ import annotations

from typing import Any

import pytest

from college.models import Teacher
from tests.api.conftest import Api, ids

pytestmark = pytest.mark.django_db


def new_teacher(**changes: Any) -> dict[str, Any]:
    body = {
        "key": "zhao",
        "name": "赵老师",
        "community": ids()["xiaozhu"],
        "phone": "13800000009",
        "skills": ["arts"],
        "max_sessions_per_week": 2,
        "volunteer": True,
        "availability": [{"weekday": 2, "start": "14:00", "end": "17:00"}],
    }
    return body | changes


def test_public_teacher_list_never_shows_phone_numbers_or_availability(anonymous: Api) -> None:
    status, page = anonymous.get("teachers")
    assert status == 200
    assert [(t["name"], t["phone"], t["availability"]) for t in page["items"]] == [
        ("李老师", None, None),
        ("王老师", None, None),
    ]


def test_coordinator_sees_phone_numbers_of_their_own_community_only(alice: Api) -> None:
    page = alice.get("teachers")[1]
    assert {t["key"]: t["phone"] for t in page["items"]} == {"li": None, "wang": "13800000001"}
    wang = alice.get(f"teachers/{ids()['wang']}")[1]
    assert wang["availability"][0] == {"weekday": 0, "start": "08:00", "end": "12:00"}


def test_teacher_list_filters_by_skill_community_and_availability(alice: Api) -> None:
    assert [t["key"] for t in alice.get("teachers", category="culture")[1]["items"]] == ["li"]
    assert [t["key"] for t in alice.get("teachers", community=ids()["xiaozhu"])[1]["items"]] == ["wang"]
    assert [t["key"] for t in alice.get("teachers", weekday=0)[1]["items"]] == ["wang"]
    assert [t["key"] for t in alice.get("teachers", volunteer="false")[1]["items"]] == ["li"]


def test_coordinator_adds_changes_and_removes_a_teacher(alice: Api) -> None:
    status, teacher = alice.post("teachers", new_teacher())
    assert (status, teacher["phone"], teacher["skills"]) == (201, "13800000009", ["arts"])
    status, teacher = alice.put(f"teachers/{teacher['id']}", new_teacher(max_sessions_per_week=3, availability=[]))
    assert (status, teacher["max_sessions_per_week"], teacher["availability"]) == (200, 3, [])
    assert alice.delete(f"teachers/{teacher['id']}") == (204, b"")
    assert Teacher.objects.filter(key="zhao").exists() is False


def test_unknown_skill_is_refused_naming_the_field(alice: Api) -> None:
    status, error = alice.post("teachers", new_teacher(skills=["juggling"]))
    assert (status, error["field"]) == (422, "skills.0")


def test_teacher_with_groups_cannot_be_removed(alice: Api) -> None:
    assert alice.delete(f"teachers/{ids()['wang']}")[0] == 409


def test_unknown_teacher_is_a_404(anonymous: Api) -> None:
    assert anonymous.get("teachers/424242")[0] == 404
