"""A term with one impossible group: the solve timetables everything else, and the dashboard, the version's week,
the diff, publishing and the API say which group is left out and why, in the reader's language."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from college.domain.explanations import admin_url
from college.domain.solving import start_solve
from college.models import InterestGroup, JobStatus, SolveJob, Term
from tests.api.conftest import Api, token_for
from tests.college.pages.conftest import coordinator
from tests.college.pages.html import hrefs, text
from tests.college.workflow import assert_verified, load_two_towns, solve_now

pytestmark = pytest.mark.django_db(transaction=True)

REASON_ZH = "合唱需要东湖社区内具备至少500个座位、厨房、钢琴的场地：没有场地全部满足。"


def squashed(page: str) -> str:
    """The page's text without spaces: links inside a sentence leave none in what a reader sees."""
    return "".join(page.split())


@pytest.fixture
def term() -> Term:
    term = load_two_towns()
    InterestGroup.objects.filter(key="choir").update(max_size=500, facilities=["kitchen", "piano"])
    return term


@pytest.fixture
def district(term: Term) -> Client:
    client = Client()
    client.force_login(coordinator("district"))
    return client


def test_the_solve_timetables_every_other_group_and_keeps_the_left_out_one_with_its_reason(term: Term) -> None:
    job = solve_now(term.pk)
    timetable = job.timetable
    assert job.status == JobStatus.DONE
    assert (job.sessions_placed, job.sessions_total) == (7, 8)
    assert job.message == "已保存为第 1 版；有 1 个小组无法排入：原因见下方。"
    assert timetable.unplaced_keys == ("choir",)
    assert timetable.unplaced[0]["reason"]["code"] == "placement.no_venue"
    assert set(timetable.sessions.values_list("group__key", flat=True)) == {
        "taichi",
        "callig",
        "dance",
        "chess",
        "drones",
    }
    assert_verified(timetable)


def test_the_dashboard_says_in_chinese_which_group_is_left_out_and_links_it(district: Client, term: Term) -> None:
    solve_now(term.pk)
    response = district.get(f"/coordinate/terms/{term.key}/")
    page = squashed(text(response))
    assert "本版未排入的小组及原因" in page
    assert f"原因中提到的内容后重新排课。{REASON_ZH}" in page  # the reason names the group itself
    assert "1个小组未排入" in page
    choir = InterestGroup.objects.get(key="choir")
    assert admin_url(choir) in hrefs(response)


def test_publishing_a_version_with_a_left_out_group_asks_first_naming_it(district: Client, term: Term) -> None:
    timetable = solve_now(term.pk).timetable
    content = html.unescape(district.get(f"/coordinate/terms/{term.key}/").content.decode())
    assert "第 1 版有 1 个小组未排入（合唱）。仍要发布吗？居民和老师会立即看到。" in content
    diff_content = html.unescape(
        district.get(f"/coordinate/timetables/{timetable.pk}/diff/{timetable.pk}/").content.decode()
    )
    assert "第 1 版有 1 个小组未排入（合唱）。仍要发布吗？" in diff_content
    hidden = '<input type="hidden" name="leaving_out" value="choir">'
    assert (content.count(hidden), diff_content.count(hidden)) == (1, 1)  # what the dialog agreed to, sent along


def test_a_publish_that_does_not_name_the_left_out_group_is_refused_and_says_why(district: Client, term: Term) -> None:
    timetable = solve_now(term.pk).timetable
    response = district.post(reverse("pages:publish", args=[timetable.pk]), follow=True)
    assert "第 1 版有 1 个小组未排入（合唱）：确认不排入后才能发布。" in text(response)
    timetable.refresh_from_db()
    assert timetable.status == "draft"
    district.post(reverse("pages:publish", args=[timetable.pk]), {"leaving_out": ["choir"]})
    timetable.refresh_from_db()
    assert timetable.status == "published"


def test_the_version_page_and_the_diff_list_the_left_out_group(district: Client, term: Term) -> None:
    first = solve_now(term.pk).timetable
    InterestGroup.objects.filter(key="choir").update(max_size=20, facilities=[])
    second = solve_now(term.pk).timetable
    assert second.unplaced_keys == ()
    week = squashed(text(district.get(f"/coordinate/timetables/{first.pk}/")))
    assert "本版未排入的小组及原因其余小组都已排好。" in week and REASON_ZH in week
    assert "本版未排入的小组" not in text(district.get(f"/coordinate/timetables/{second.pk}/"))
    back = squashed(text(district.get(f"/coordinate/timetables/{second.pk}/diff/{first.pk}/")))
    assert "第1版未排入的小组" in back and REASON_ZH in back
    forward = squashed(text(district.get(f"/coordinate/timetables/{first.pk}/diff/{second.pk}/")))
    assert "第1版未排入、本版已排入：合唱" in forward


def test_the_api_gives_the_left_out_groups_with_the_reason_in_the_callers_language(term: Term) -> None:
    timetable = solve_now(term.pk).timetable
    status, found = Api(Client(), token_for("api-district", district=True), language="en").call(
        "GET", f"timetables/{timetable.pk}"
    )
    assert status == 200
    (item,) = found["unplaced"]
    assert item["groups"] == ["choir"]
    assert item["reason"]["code"] == "placement.no_venue"
    assert item["reason"]["ids"] == {"group": ["choir"], "facility": ["kitchen", "piano"], "community": ["east"]}
    assert item["reason"]["text"] == (
        "合唱 needs a venue in 东湖社区 with at least 500 seats, Kitchen, Piano: none has all of that."
    )


def test_a_failed_solve_leaves_the_dashboard_once_a_newer_version_was_made(district: Client, term: Term) -> None:
    InterestGroup.objects.filter(key="choir").update(max_size=20, facilities=[])
    job = start_solve(term.pk, enqueue=False, time_limit=5)
    earlier = timezone.now() - dt.timedelta(minutes=5)
    SolveJob.objects.filter(pk=job.pk).update(status=JobStatus.FAILED, message="它失败了。", finished_at=earlier)
    assert "它失败了。" in text(district.get(f"/coordinate/terms/{term.key}/"))
    solve_now(term.pk)
    SolveJob.objects.exclude(pk=job.pk).delete()  # a version made since, by any path (a solve, an edit of a draft)
    page = text(district.get(f"/coordinate/terms/{term.key}/"))
    assert "它失败了。" not in page
    assert "v1 草稿" in page


def test_a_job_started_from_the_command_line_says_so_and_a_queued_one_counts_its_sessions(
    district: Client, term: Term
) -> None:
    start_solve(term.pk, enqueue=False, time_limit=7)
    page = text(district.get(f"/coordinate/terms/{term.key}/"))
    assert "由命令行启动" in page and "由 —" not in page
    assert "已排课次 0 / 8" in page


def test_the_time_limit_field_offers_the_last_solves_limit(district: Client, term: Term) -> None:
    assert (
        'name="time_limit" type="number" min="1" max="3600" step="1" value="60"'
        in district.get(f"/coordinate/terms/{term.key}/").content.decode()
    )
    solve_now(term.pk, time_limit=7)
    content = district.get(f"/coordinate/terms/{term.key}/").content.decode()
    assert 'step="1" value="7"' in content
    response = district.post(reverse("pages:solve", args=[term.key]), {"time_limit": "abc"})
    assert 'step="1" value="abc"' in response.content.decode()
