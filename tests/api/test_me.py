"""Teachers and residents through their private link tokens: their own things, nothing else."""

from __future__ import annotations

import pytest
from freezegun import freeze_time

from college.models import FreeTime, Interest, Resident, TeacherAvailability
from tests.api.conftest import Api, ids

pytestmark = pytest.mark.django_db


def test_me_says_who_is_calling(alice: Api, teacher: Api, resident: Api, district: Api) -> None:
    assert alice.get("me") == (
        200,
        {"kind": "coordinator", "name": "alice", "district": False, "communities": [ids()["xiaozhu"]]},
    )
    assert teacher.get("me")[1] == {
        "kind": "teacher",
        "name": "王老师",
        "district": False,
        "communities": [],
    }
    assert resident.get("me")[1]["name"] == "张阿姨"
    assert district.get("me")[1]["district"] is True


def test_teacher_reads_their_published_slots(teacher: Api) -> None:
    status, sessions = teacher.get("me/sessions")
    assert (status, [(s["group_name"], s["weekday"], s["start"]) for s in sessions]) == (200, [("太极班", 0, "09:00")])


def test_resident_reads_the_sessions_of_groups_they_are_enrolled_in(resident: Api) -> None:
    assert [s["group_name"] for s in resident.get("me/sessions")[1]] == ["太极班"]
    Interest.objects.filter(resident__key="r1").update(kind="wished", rank=1)
    assert resident.get("me/sessions") == (200, [])


def test_teacher_replaces_their_availability(teacher: Api) -> None:
    windows = [{"weekday": 6, "start": "14:00", "end": "18:00"}]
    assert teacher.put("me/availability", {"windows": windows}) == (200, {"windows": windows})
    assert list(TeacherAvailability.objects.filter(teacher__key="wang").values_list("weekday", "start", "end")) == [
        (6, 840, 1080)
    ]
    assert teacher.get("me/availability") == (200, {"windows": windows})


def test_bad_window_in_the_survey_names_it_and_keeps_the_old_answers(resident: Api) -> None:
    before = FreeTime.objects.filter(resident__key="r1").count()
    status, error = resident.put("me/free-times", {"windows": [{"weekday": 7, "start": "09:00", "end": "10:00"}]})
    assert (status, error["field"]) == (422, "windows.0.weekday")
    assert FreeTime.objects.filter(resident__key="r1").count() == before == 5


def test_resident_answers_the_survey_free_time_and_interests(resident: Api) -> None:
    windows = [{"weekday": 2, "start": "19:00", "end": "21:00"}]
    assert resident.put("me/free-times", {"windows": windows}) == (200, {"windows": windows})
    body = {"interests": [{"group": ids()["tea"], "kind": "wished", "rank": 1}]}
    status, interests = resident.put("me/interests", body)
    assert (status, [(i["group_name"], i["rank"]) for i in interests]) == (200, [("茶艺", 1)])
    assert resident.get("me/interests") == (200, interests)


def test_resident_cannot_pick_a_group_outside_the_catalogue(resident: Api) -> None:
    body = {"interests": [{"group": ids()["sketch"], "kind": "wished", "rank": 1}]}
    status, error = resident.put("me/interests", body)
    assert (status, error["field"]) == (422, "interests.0.group")
    assert list(Interest.objects.filter(resident__key="r1").values_list("group__key", flat=True)) == ["taichi"]


def test_each_persona_is_refused_the_others_private_things(teacher: Api, resident: Api, alice: Api) -> None:
    assert teacher.get("me/free-times")[0] == 403
    assert teacher.get("me/interests")[0] == 403
    assert resident.get("me/availability")[0] == 403
    assert alice.get("me/availability")[0] == 403
    assert alice.get("me/sessions")[0] == 403


def test_a_rotated_link_token_stops_working_at_once(resident: Api) -> None:
    Resident.objects.get(key="r1").rotate_feed_token()
    assert resident.get("me")[0] == 401


def test_resident_has_at_most_five_interests_and_changes_them_at_most_ten_times_an_hour(resident: Api) -> None:
    groups = {"group": ids()["tea"], "kind": "wished", "rank": 1}
    status, error = resident.put("me/interests", {"interests": [{**groups, "rank": n} for n in range(1, 7)]})
    assert (status, error["field"], error["message"]) == (422, "interests", "最多选择 5 个小组，您选了 6 个。")
    with freeze_time("2026-09-16 02:00", tz_offset=0):
        for _change in range(10):
            assert resident.put("me/interests", {"interests": [groups]})[0] == 200
        status, error = resident.put("me/interests", {"interests": []})
    assert (status, error["code"], error["field"]) == (429, "rate_limited", "interests")
    assert error["message"] == "您在一小时内已经修改了 10 次小组：请在 11:00 之后再试。"
    assert list(Interest.objects.filter(resident__key="r1").values_list("kind", flat=True)) == ["wished"]
