"""The term dashboard: data check, starting a solve, its live progress, stopping, versions, publish and rollback."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.translation import override

from college.domain.errors import WorkflowError
from college.domain.problem.data_check import data_check
from college.domain.versions.timetables import publish
from college.models import Community, InterestGroup, JobStatus, SolveJob, Term, Timetable, Venue, VenueOpening
from tests.college.pages.conftest import coordinator
from tests.college.pages.html import hrefs, text
from tests.college.workflow import load_two_towns, run_worker, solve_now

pytestmark = pytest.mark.django_db(transaction=True)

SESSIONS = 8  # 太极拳 ×2, 书法, 合唱 in 东湖; 舞蹈 ×2, 象棋, 无人机 in 西山


@pytest.fixture
def term() -> Term:
    return load_two_towns()


@pytest.fixture
def district(term: Term) -> Client:
    client = Client()
    client.force_login(coordinator("district"))
    return client


@pytest.fixture
def east(term: Term) -> Client:
    """The coordinator of 东湖社区 only: may look, may not plan a term that also schedules 西山."""
    client = Client()
    client.force_login(coordinator("east-coordinator", "east"))
    return client


def dashboard(client: Client, term: Term) -> str:
    return text(client.get(f"/coordinate/terms/{term.key}/"))


def progress(client: Client, job: SolveJob) -> dict[str, object]:
    response = client.get(f"/coordinate/jobs/{job.pk}/progress.json")
    assert (response.status_code, response["Content-Type"]) == (200, "application/json")
    return json.loads(response.content)


def test_dashboard_with_clean_data_says_nothing_stands_in_the_way(district: Client, term: Term) -> None:
    page = dashboard(district, term)
    assert "数据检查 ✓" in page
    assert "没有妨碍排课的问题。" in page
    assert "开始排课" in page


def test_dashboard_lists_data_problems_with_links_to_fix_them(district: Client, term: Term) -> None:
    room = Venue.objects.get(key="west-room")
    VenueOpening.objects.filter(venue=room).delete()
    findings = data_check(term.pk)
    response = district.get(f"/coordinate/terms/{term.key}/")
    page = text(response)
    assert f"数据检查 {len(findings)} ⚠" in page
    for finding in findings:
        assert " ".join(finding.text.split()) in page
    assert reverse("admin:college_venue_change", args=[room.pk]) in hrefs(response)


IMPOSSIBLE_CHOIR = "合唱 需要东湖社区内具备至少 500 个座位、厨房、钢琴的场地：没有场地全部满足。"


def choir_needs_the_impossible() -> str:
    """合唱 asks for 500 seats, a kitchen and a piano; the engine's reason as the page writes it, names linked."""
    InterestGroup.objects.filter(key="choir").update(max_size=500, facilities=["kitchen", "piano"])
    choir, east = InterestGroup.objects.get(key="choir"), Community.objects.get(key="east")
    return (
        f'<a href="/admin/college/interestgroup/{choir.pk}/change/">合唱</a> 需要'
        f'<a href="/admin/college/community/{east.pk}/change/">东湖社区</a>内具备至少 500 个座位、厨房、钢琴的场地：'
        "没有场地全部满足。"
    )


def test_a_pre_check_finding_is_shown_once_in_the_reasons_words_with_its_links(district: Client, term: Term) -> None:
    sentence = choir_needs_the_impossible()
    response = district.get(f"/coordinate/terms/{term.key}/")
    content = response.content.decode()
    assert content.count(sentence) == 1
    assert f"<li>{sentence}</li>" in content.split('id="data-check"')[1]
    assert "数据检查 1 ⚠" in text(response)
    assert "需要 东湖社区 内具备" not in content  # the check's own wording is gone


def test_after_a_partial_solve_the_reason_is_shown_once_under_what_it_left_out(district: Client, term: Term) -> None:
    sentence = choir_needs_the_impossible()
    job = solve_now(term.pk)
    assert job.timetable.unplaced_keys == ("choir",)
    response = district.get(f"/coordinate/terms/{term.key}/")
    content = response.content.decode()
    assert content.count(sentence) == 1
    assert sentence in content.split('id="unscheduled"')[1]
    page = text(response)
    assert "数据检查 1 ⚠" in page
    assert "另有 1 项是上次排课未排入小组的原因：见 未排入列表 。" in page
    assert "#unscheduled" in hrefs(response)


def test_starting_a_solve_queues_a_job_and_shows_its_progress_panel(district: Client, term: Term) -> None:
    response = district.post(f"/coordinate/terms/{term.key}/solve/", {"time_limit": "5"})
    assert (response.status_code, response["Location"]) == (302, f"/coordinate/terms/{term.key}/#solve")
    job = SolveJob.objects.get()
    assert (job.status, job.time_limit, job.created_by.username) == (JobStatus.QUEUED, 5.0, "district")
    content = district.get(f"/coordinate/terms/{term.key}/").content.decode()
    assert f'data-progress-url="/coordinate/jobs/{job.pk}/progress.json" data-active="1"' in content
    assert 'id="stop-solve"' in content and 'id="start-solve"' not in content
    assert progress(district, job) | {"id": 0} == {
        "id": 0, "status": "queued", "status_label": str(JobStatus.QUEUED.label), "active": True,
        "objective": None, "bound": None, "gap": None, "elapsed": 0.0, "time_limit": 5.0,
        "sessions_placed": 0, "sessions_total": SESSIONS, "message": "", "stop_requested": False, "timetable": None,
    }  # fmt: skip


def test_a_second_solve_of_the_term_is_refused_while_one_is_queued(district: Client, term: Term) -> None:
    district.post(f"/coordinate/terms/{term.key}/solve/", {"time_limit": "5"})
    response = district.post(f"/coordinate/terms/{term.key}/solve/", {"time_limit": "5"})
    assert response.status_code == 409
    assert "district" in text(response).split("自动排课", 1)[1]  # the refusal names who started the running solve
    assert SolveJob.objects.count() == 1


@pytest.mark.parametrize("limit", ["abc", "0", "100000"])
def test_a_bad_time_limit_is_refused_with_a_reason(district: Client, term: Term, limit: str) -> None:
    response = district.post(f"/coordinate/terms/{term.key}/solve/", {"time_limit": limit})
    assert response.status_code == 400
    assert limit in text(response).split("自动排课", 1)[1]
    assert SolveJob.objects.count() == 0


def test_progress_reports_the_finished_solve_and_its_new_version(district: Client, term: Term) -> None:
    district.post(f"/coordinate/terms/{term.key}/solve/", {"time_limit": "5"})
    run_worker(max_tasks=1).join(timeout=60)
    job = SolveJob.objects.get()
    report = progress(district, job)
    timetable = Timetable.objects.get()
    assert (report["status"], report["active"]) == ("done", False)
    assert (report["sessions_placed"], report["sessions_total"]) == (SESSIONS, SESSIONS)
    assert report["objective"] == timetable.objective
    assert report["timetable"] == {"id": timetable.pk, "version": 1, "url": f"/coordinate/timetables/{timetable.pk}/"}
    page = dashboard(district, term)
    assert f"v1 草稿 {timetable.get_solver_status_display()} {SESSIONS}" in page
    assert "发布" in page.split("版本", 2)[2]
    assert report["bound"] == timetable.bound <= timetable.objective
    assert "差距：任何课表最多比这一版好这么多（没有课表的得分能低于下界）。" in page  # what the gap means


def test_stop_button_stops_a_queued_solve(district: Client, term: Term) -> None:
    district.post(f"/coordinate/terms/{term.key}/solve/", {"time_limit": "5"})
    job = SolveJob.objects.get()
    response = district.post(f"/coordinate/jobs/{job.pk}/stop/", headers={"accept": "application/json"})
    assert json.loads(response.content)["status"] == "stopped"
    assert progress(district, job)["active"] is False
    assert 'id="start-solve"' in district.get(f"/coordinate/terms/{term.key}/").content.decode()


def test_publishing_a_draft_archives_the_published_version_and_rolling_back_restores_it(
    district: Client, term: Term
) -> None:
    first = solve_now(term.pk).timetable
    second = solve_now(term.pk, previous=None, time_limit=3).timetable
    for version in (first, second):
        assert district.post(f"/coordinate/timetables/{version.pk}/publish/").status_code == 302
    statuses = dict(Timetable.objects.values_list("version", "status"))
    assert statuses == {1: "archived", 2: "published"}
    response = district.post(f"/coordinate/timetables/{first.pk}/publish/", follow=True)
    assert "第 1 版已重新发布（回滚）。" in text(response)
    assert dict(Timetable.objects.values_list("version", "status")) == {1: "published", 2: "archived"}
    catalogue = text(Client().get("/groups/"))
    for session in first.sessions.select_related("group", "venue"):
        assert f"{session.group.name}" in catalogue and session.venue.name in catalogue


def test_publishing_the_published_version_again_says_why_not(district: Client, term: Term) -> None:
    version = solve_now(term.pk).timetable
    district.post(f"/coordinate/timetables/{version.pk}/publish/")
    response = district.post(f"/coordinate/timetables/{version.pk}/publish/", follow=True)
    with override("zh-hans"), pytest.raises(WorkflowError) as refused:
        publish(version.pk)
    assert str(refused.value) in text(response)


def test_community_coordinator_may_look_but_not_solve_publish_or_stop(east: Client, term: Term) -> None:
    version = solve_now(term.pk).timetable
    page = dashboard(east, term)
    assert "只有负责本学期所有社区的协调员可以排课和发布。" in page
    assert "开始排课" not in page
    assert east.post(f"/coordinate/terms/{term.key}/solve/", {"time_limit": "5"}).status_code == 403
    assert east.post(f"/coordinate/timetables/{version.pk}/publish/").status_code == 403
    job = SolveJob.objects.get()
    assert east.post(f"/coordinate/jobs/{job.pk}/stop/").status_code == 403
    assert Timetable.objects.get().status == "draft"


def test_job_progress_is_for_coordinators_only(term: Term) -> None:
    job = solve_now(term.pk)
    response = Client().get(f"/coordinate/jobs/{job.pk}/progress.json")
    assert (response.status_code, response["Location"]) == (
        302, f"/coordinate/login/?next=/coordinate/jobs/{job.pk}/progress.json"
    )  # fmt: skip
