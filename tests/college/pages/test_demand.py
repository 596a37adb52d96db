"""Demand met and unmet for the coordinator: figures from the verifier's own count, stored once per version, on the
dashboard, the version's demand page and the diff; residents' names only for their own communities."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from college.domain.demand.figures import figures_of
from college.domain.problem.prepare import build_problem
from college.domain.versions.timetables import saved_assignments
from college.models import Interest, InterestGroup, Resident, Timetable
from college.views.coordinator import demand
from scheduler.verify import verify
from tests.college.calendar.factories import WEEK, publish
from tests.college.pages.html import text
from tests.college.workflow import load_two_towns, solve_now

pytestmark = pytest.mark.django_db


def verifier_count(timetable: Timetable) -> tuple[int, int]:
    problem = build_problem(timetable.term_id, previous=None)
    report = verify(problem, saved_assignments(timetable.pk, problem))
    return report.interests, report.attendable


def test_a_versions_figures_equal_the_verifiers_count(published: Timetable) -> None:
    figures = figures_of(published)
    assert (figures["total"], figures["attendable"]) == verifier_count(published) == (3, 2)
    assert figures["groups"]["taichi"] | {"clash": {}} == {
        "name": "太极班", "community": "xiaozhu", "seats": 25, "wishes": 2, "attendable": 1,
        "not_scheduled": 0, "outside_free_time": 1, "clash": {},
    }  # fmt: skip
    assert (figures["greedy"]["total"], figures["communities"]) == (3, {"xiaozhu": [2, 1], "dazhu": [1, 1]})


def test_the_dashboard_shows_the_same_figures_beside_the_greedy_baseline(
    published: Timetable, district_client: Client
) -> None:
    page = text(district_client.get(f"/coordinate/terms/{published.term.key}/"))
    total, attendable = verifier_count(published)
    greedy = figures_of(Timetable.objects.get(pk=published.pk))["greedy"]
    assert f"本版本（1） {total} {attendable} {attendable / total:.0%}" in page
    assert f"贪心首次适配基线 {greedy['total']} {greedy['attendable']}" in page


def test_figures_are_computed_once_and_kept_with_the_version(published: Timetable) -> None:
    first = figures_of(published)
    Interest.objects.filter(resident__key="r1").delete()  # demand changes after the version was looked at
    again = figures_of(Timetable.objects.get(pk=published.pk))
    assert (again["total"], again["attendable"]) == (first["total"], first["attendable"])
    assert Timetable.objects.get(pk=published.pk).demand["total"] == 3


def test_the_demand_page_lists_unmet_activities_with_who_is_free_when(
    published: Timetable, district_client: Client
) -> None:
    response = district_client.get(f"/coordinate/timetables/{published.pk}/demand/")
    assert response.status_code == 200
    page = text(response)
    assert "作业辅导 大竹社区 1 显示 小明：星期六 09:00–12:00" in page
    assert "太极班 2 1 1" in page  # two wishes, one attendable, one outside 刘奶奶's free time
    assert re.search(r"<svg class=\"heatmap\"", response.content.decode())


def test_a_coordinator_of_another_community_sees_the_figures_but_not_the_residents_of_others(
    published: Timetable, xiaozhu_client: Client
) -> None:
    page = text(xiaozhu_client.get(f"/coordinate/timetables/{published.pk}/demand/"))
    assert "小明" not in page  # 小明 lives in 大竹
    assert "作业辅导" not in page
    assert "太极班 2 1 1" in page


def test_too_many_residents_to_name_are_named_for_the_community_picked_above_only(
    published: Timetable, district_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(demand, "NAMED_AT_MOST", 0)
    path = f"/coordinate/timetables/{published.pk}/demand/"
    first = text(district_client.get(path))  # the heatmap opens on 小竹社区, where nobody wishes for 作业辅导
    assert "仅列出小竹社区：居民太多，无法一次列出所有社区。请在上方选择其他社区。" in first
    assert "小明" not in first and "您所管社区的活动心愿都有可去的小组" not in first
    picked = text(district_client.get(path + "?community=dazhu"))
    assert "仅列出大竹社区" in picked
    assert "作业辅导 大竹社区 1 显示 小明：星期六 09:00–12:00" in picked


def test_the_diff_says_how_many_wishes_a_version_gains_or_loses_and_for_which_groups(
    published: Timetable, district_client: Client
) -> None:
    sunday = tuple(s._replace(weekday=6) if s.group == "tea" else s for s in WEEK)  # 陈先生 is not free on Sunday
    newer = publish(published.term, sunday)
    for version in (published, newer):  # counted when each version was saved, or its demand page opened
        figures_of(Timetable.objects.get(pk=version.pk))
    page = text(district_client.get(f"/coordinate/timetables/{published.pk}/diff/{newer.pk}/"))
    assert "v1: 2 / 3 (67%) → v2: 1 / 3 (33%) · 少了 1 个可参加的心愿" in page
    assert "茶艺 1 0 -1" in page
    assert InterestGroup.objects.count() == 3 and Resident.objects.count() == 4


def test_the_diff_never_counts_wishes_itself_and_links_the_demand_pages_that_do(
    published: Timetable, district_client: Client
) -> None:
    newer = publish(published.term, WEEK)
    figures_of(Timetable.objects.get(pk=published.pk))
    response = district_client.get(f"/coordinate/timetables/{published.pk}/diff/{newer.pk}/")
    assert "两个版本的需求都统计过后（在各自的点单需求页），才能比较可参加的心愿： v1 · v2" in text(response)
    assert f'href="/coordinate/timetables/{newer.pk}/demand/"' in response.content.decode()
    assert Timetable.objects.get(pk=newer.pk).demand == {}


def test_an_activity_wished_for_by_many_names_the_first_residents_and_counts_the_rest(
    published: Timetable, district_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(demand, "NAMED_A_ROW", 0)
    page = text(district_client.get(f"/coordinate/timetables/{published.pk}/demand/?community=dazhu"))
    assert "作业辅导 大竹社区 1 显示 另有 1 位居民" in page
    assert "小明" not in page


def test_a_version_made_before_the_grid_changed_still_gets_its_figures(
    published: Timetable, district_client: Client
) -> None:
    term = published.term
    term.slot_starts = [9 * 60, 14 * 60]  # 19:00 is no start any more: 茶艺's session is off the grid
    term.save()
    figures = figures_of(published)
    assert (figures["groups"]["tea"]["not_scheduled"], figures["total"], figures["attendable"]) == (1, 3, 1)
    assert district_client.get(f"/coordinate/terms/{term.key}/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_solve_stores_its_versions_figures_before_it_says_done() -> None:
    term = load_two_towns()
    timetable = solve_now(term.pk).timetable
    stored = Timetable.objects.get(pk=timetable.pk).demand
    assert (stored["total"], stored["attendable"]) == verifier_count(timetable)
