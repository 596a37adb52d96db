"""Solve jobs, publish, roll back and diff through the API (the workflow itself lives in college.domain)."""

from __future__ import annotations

import pytest
from django.test import Client

from college.domain.solving import run_solve
from college.models import JobStatus, Session, SolveJob, Timetable, TimetableStatus
from tests.api.conftest import Api, ids, token_for
from tests.college.factories import make_timetable_with_session
from tests.college.workflow import load_two_towns

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(college: None) -> Timetable:
    """Version 2 of the tiny term, a draft whose 太极班 session moved from Monday to Tuesday."""
    timetable = make_timetable_with_session(version=2, status="draft")
    Session.objects.filter(timetable=timetable).update(weekday=1)
    return timetable


def published() -> Timetable:
    return Timetable.objects.get(status=TimetableStatus.PUBLISHED)


def test_starting_a_solve_answers_202_with_the_jobs_address(district: Api) -> None:
    response = district.client.post(
        f"/api/v1/terms/{ids()['2025-autumn']}/solves",
        '{"time_limit": 5}',
        content_type="application/json",
        headers={"authorization": f"Bearer {district.token}"},
    )
    job = SolveJob.objects.get()
    assert (response.status_code, response["Location"]) == (202, f"/api/v1/solve-jobs/{job.pk}")
    assert response.json()["status"] == "queued"
    assert (job.time_limit, job.created_by.username, job.base_id) == (5.0, "district", published().pk)


def test_a_second_solve_of_the_same_term_is_refused_with_409(district: Api) -> None:
    term = ids()["2025-autumn"]
    assert district.post(f"terms/{term}/solves", {})[0] == 202
    status, error = Api(district.client, district.token, "en").post(f"terms/{term}/solves", {})
    assert (status, error["code"]) == (409, "conflict")
    assert error["message"].startswith("A solve of 2025年秋季学期 is already queued")
    assert SolveJob.objects.count() == 1


def test_stopping_a_queued_solve_and_stopping_it_again(district: Api) -> None:
    _, job = district.post(f"terms/{ids()['2025-autumn']}/solves", {"afresh": True})
    assert SolveJob.objects.get().base is None
    status, stopped = district.delete(f"solve-jobs/{job['id']}")
    assert (status, stopped["status"], stopped["stop_requested"]) == (200, "stopped", True)
    assert district.delete(f"solve-jobs/{job['id']}")[0] == 409


def test_solve_inputs_are_checked(district: Api) -> None:
    term = ids()["2025-autumn"]
    assert district.post(f"terms/{term}/solves", {"time_limit": 0})[1]["field"] == "time_limit"
    assert district.post(f"terms/{term}/solves", {"time_limit": 10**6})[1]["field"] == "time_limit"
    assert district.post(f"terms/{term}/solves", {"from_version": 999})[1]["field"] == "from_version"
    assert district.post("terms/999/solves", {})[0] == 404
    assert district.get("solve-jobs/999")[0] == 404


def test_coordinator_of_one_community_cannot_solve_a_term_that_schedules_another(alice: Api) -> None:
    status, error = alice.post(f"terms/{ids()['2025-autumn']}/solves", {})
    assert (status, error["code"]) == (403, "forbidden")
    assert SolveJob.objects.count() == 0


def test_data_check_lists_what_to_fix_before_solving(district: Api, alice: Api) -> None:
    status, findings = district.get(f"terms/{ids()['2025-autumn']}/data-check")
    assert (status, findings) == (200, [{
        "text": "茶艺 需要大竹社区内具备至少 15 个座位、茶具的场地：没有场地全部满足。",
        "links": [
            {"label": "茶艺", "url": f"/admin/college/interestgroup/{ids()['tea']}/change/"},
            {"label": "大竹社区", "url": f"/admin/college/community/{ids()['dazhu']}/change/"},
        ],
        "code": "placement.no_venue",
        "ids": {"group": ["tea"], "facility": ["tea_set"], "community": ["dazhu"]},
        "numbers": {"seats": 15, "step_free": 0},
        "parts": [],
    }])  # fmt: skip
    assert alice.get(f"terms/{ids()['2025-autumn']}/data-check")[0] == 200


def test_publishing_a_draft_archives_the_published_version(district: Api, draft: Timetable) -> None:
    old = published()
    status, timetable = district.post(f"timetables/{draft.pk}/publish")
    assert (status, timetable["status"], timetable["version"]) == (200, "published", 2)
    assert Timetable.objects.get(pk=old.pk).status == TimetableStatus.ARCHIVED
    assert district.post(f"timetables/{draft.pk}/publish")[0] == 409


def test_a_draft_that_leaves_a_group_out_is_published_only_when_the_call_names_it(
    district: Api, draft: Timetable
) -> None:
    reason = {"code": "placement.no_venue", "ids": {"group": ["sketch"], "community": ["dazhu"]}, "numbers": {}}
    Timetable.objects.filter(pk=draft.pk).update(unplaced=[{"groups": ["sketch"], "reason": reason}])
    english = Api(district.client, district.token, "en")
    status, error = english.post(f"timetables/{draft.pk}/publish", {"leave_out": []})
    assert (status, error["code"], error["field"], error["message"]) == (
        409, "conflict", "leave_out",
        "Version 2 leaves 1 group unscheduled (插画): publish it only once you agree to leave it out.",
    )  # fmt: skip
    for leave_out in (["tea"], ["sketch", "sketsh"]):  # a group it places, a typo beside the right key
        status, error = english.post(f"timetables/{draft.pk}/publish", {"leave_out": leave_out})
        assert (status, error["code"], error["field"], error["message"]) == (
            422, "invalid", "leave_out", f"This version does not leave out {leave_out[-1]}.",
        )  # fmt: skip
    assert Timetable.objects.get(pk=draft.pk).status == TimetableStatus.DRAFT
    status, timetable = district.post(f"timetables/{draft.pk}/publish", {"leave_out": ["sketch"]})
    assert (status, timetable["status"], [u["groups"] for u in timetable["unplaced"]]) == (
        200, "published", [["sketch"]],
    )  # fmt: skip


def test_rolling_back_publishes_an_archived_version_again(district: Api, draft: Timetable) -> None:
    old = published()
    assert district.post(f"timetables/{old.pk}/rollback")[0] == 409  # published, not archived
    district.post(f"timetables/{draft.pk}/publish")
    status, timetable = district.post(f"timetables/{old.pk}/rollback")
    assert (status, timetable["status"], published().pk) == (200, "published", old.pk)
    assert Timetable.objects.get(pk=draft.pk).status == TimetableStatus.ARCHIVED


def test_diff_shows_a_moved_session_and_who_it_touches(district: Api, draft: Timetable) -> None:
    status, found = district.get(f"timetables/{published().pk}/diff/{draft.pk}")
    assert status == 200
    assert (found["unchanged"], found["added"], found["removed"], found["teachers_touched"]) == (0, [], [], ["王老师"])
    (moved,) = found["moved"]
    assert (moved["group_name"], moved["old"]["weekday"], moved["new"]["weekday"], moved["residents"]) == (
        "太极班",
        0,
        1,
        2,
    )


def test_publish_and_diff_are_refused_to_those_who_may_not_plan(alice: Api, anonymous: Api, draft: Timetable) -> None:
    assert alice.post(f"timetables/{draft.pk}/publish")[0] == 403
    assert anonymous.get(f"timetables/{published().pk}/diff/{draft.pk}")[0] == 401
    assert Timetable.objects.get(pk=draft.pk).status == TimetableStatus.DRAFT


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_real_solve_started_through_the_api_ends_as_a_draft_that_can_be_published(client: Client) -> None:
    term = load_two_towns()
    api = Api(client, token_for("planner", district=True))
    status, job = api.post(f"terms/{term.pk}/solves", {"time_limit": 60})  # ends once proven optimal
    assert (status, job["status"]) == (202, "queued")
    run_solve(job["id"])  # what the worker does with the queued task
    status, job = api.get(f"solve-jobs/{job['id']}")
    assert (status, job["status"], job["sessions_placed"], job["sessions_total"]) == (200, JobStatus.DONE, 8, 8)
    assert job["gap"] == 0.0
    status, timetable = api.post(f"timetables/{job['timetable']}/publish")
    assert (status, timetable["status"], timetable["session_count"]) == (200, "published", 8)
    assert api.get("sessions", term=term.pk)[1]["count"] == 8
