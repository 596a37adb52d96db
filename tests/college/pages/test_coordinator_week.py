"""Coordinators' week views of any saved version: the grid with filters, venues, teachers, utilisation, access."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from college.models import Community, Teacher, Term, Timetable, Venue
from tests.college.pages.conftest import coordinator
from tests.college.pages.html import text

pytestmark = pytest.mark.django_db


def coordinator_pages(timetable: Timetable) -> list[str]:
    pk = timetable.pk
    return [
        "/coordinate/",
        f"/coordinate/terms/{timetable.term.key}/",
        f"/coordinate/timetables/{pk}/",
        f"/coordinate/timetables/{pk}/venues/",
        f"/coordinate/timetables/{pk}/venues/xz-elderly/",
        f"/coordinate/timetables/{pk}/teachers/",
        f"/coordinate/timetables/{pk}/teachers/wang/",
    ]


def test_coordinator_pages_send_anonymous_visitors_to_the_login_page(published: Timetable) -> None:
    client = Client()
    for path in coordinator_pages(published):
        response = client.get(path)
        assert (response.status_code, response["Location"]) == (302, f"/coordinate/login/?next={path}"), path


def test_coordinator_pages_refuse_users_who_are_not_coordinators(published: Timetable) -> None:
    client = Client()
    client.force_login(User.objects.create_user("resident-user", password="pw-for-tests-only"))
    assert [client.get(path).status_code for path in coordinator_pages(published)] == [403] * 7


def test_every_coordinator_page_opens_for_a_district_coordinator(district_client: Client, published: Timetable) -> None:
    assert [district_client.get(path).status_code for path in coordinator_pages(published)] == [200] * 7


def test_login_page_logs_a_coordinator_in_and_goes_on_to_the_asked_page(published: Timetable) -> None:
    coordinator("alice")
    client = Client()
    assert "协调员登录" in text(client.get("/coordinate/login/"))
    response = client.post("/coordinate/login/?next=/coordinate/", {"username": "alice", "password": "wrong"})
    assert response.status_code == 200
    assert "请输入一个正确的用户名和密码。" in text(response)
    response = client.post(
        "/coordinate/login/", {"username": "alice", "password": "pw-for-tests-only", "next": "/coordinate/"}
    )
    assert (response.status_code, response["Location"]) == (302, "/coordinate/")
    assert "已登录：alice" in text(client.get("/coordinate/"))


def test_week_grid_shows_every_session_by_day_and_time(district_client: Client, published: Timetable) -> None:
    response = district_client.get(f"/coordinate/timetables/{published.pk}/")
    page = text(response)
    assert "每周 3 节课" in page
    grid = page.split("星期日", 1)[1]
    assert (
        grid.split("星期一", 1)[0]
        .split("21:00", 1)[1]
        .strip()
        .startswith("太极班 09:00–10:30 小竹养老服务中心 王老师 茶艺 19:00–21:00 大竹公司会议室 李老师")
    )
    assert re.findall(r'class="session block cat-(\w+)', response.content.decode()) == ["sports", "culture", "sports"]


@pytest.mark.parametrize(
    ("query", "sessions"),
    [
        ("?venue={xz-plaza}", 1),
        ("?teacher={li}", 1),
        ("?community={xiaozhu}", 2),
        ("?audience=adults", 1),
        ("?category=sports", 2),
        ("?category=arts", 0),
    ],
)
def test_week_grid_filters_by_community_venue_teacher_audience_and_category(
    district_client: Client, published: Timetable, query: str, sessions: int
) -> None:
    ids = {obj.key: obj.pk for model in (Venue, Teacher, Community) for obj in model.objects.all()}
    response = district_client.get(f"/coordinate/timetables/{published.pk}/" + query.format_map(ids))
    assert response.status_code == 200
    expected = f"每周 {sessions} 节课" if sessions else "这一周没有课。"
    assert expected in text(response)


def test_week_grid_refuses_an_unknown_venue_naming_the_field(district_client: Client, published: Timetable) -> None:
    response = district_client.get(f"/coordinate/timetables/{published.pk}/?venue=999999")
    assert response.status_code == 400
    assert "场地: 选择一个有效的选项： 该选择不在可用的选项中。" in text(response)


def test_community_coordinator_sees_only_their_communitys_sessions(
    xiaozhu_client: Client, published: Timetable
) -> None:
    page = text(xiaozhu_client.get(f"/coordinate/timetables/{published.pk}/"))
    assert "每周 2 节课" in page
    assert "茶艺" not in page
    assert "您负责部分社区" in text(xiaozhu_client.get("/coordinate/"))


def test_community_coordinator_cannot_open_another_communitys_venue_or_teacher(
    xiaozhu_client: Client, published: Timetable
) -> None:
    pk = published.pk
    assert xiaozhu_client.get(f"/coordinate/timetables/{pk}/venues/dz-room/").status_code == 404
    assert xiaozhu_client.get(f"/coordinate/timetables/{pk}/teachers/li/").status_code == 404
    assert xiaozhu_client.get(f"/coordinate/timetables/{pk}/venues/xz-plaza/").status_code == 200
    assert "大竹公司会议室" not in text(xiaozhu_client.get(f"/coordinate/timetables/{pk}/venues/"))


def test_venue_week_shows_opening_hours_use_and_sessions(district_client: Client, published: Timetable) -> None:
    page = text(district_client.get(f"/coordinate/timetables/{published.pk}/venues/xz-elderly/"))
    assert "容量 30 人" in page
    assert "开放时间 星期一 08:00–12:00 , 星期二 08:00–12:00" in page
    assert "每周开放 20 小时，已用 1.5 小时（8%）" in page
    assert "太极班 09:00–10:30 王老师" in page


def test_utilisation_lists_each_venues_share_of_open_hours(district_client: Client, published: Timetable) -> None:
    page = text(district_client.get(f"/coordinate/timetables/{published.pk}/venues/"))
    rows = page.split("占比", 1)[1]
    assert rows.strip().startswith(
        "大竹公司会议室 大竹社区 1 2 / 23 9% 小竹养老服务中心 小竹社区 1 1.5 / 20 8% 小竹广场 小竹社区 1 1.5 / 43 3%"
    )


def test_teacher_week_shows_the_phone_to_coordinators_and_the_load(
    district_client: Client, published: Timetable
) -> None:
    page = text(district_client.get(f"/coordinate/timetables/{published.pk}/teachers/wang/"))
    assert "电话 13800000001" in page
    assert "授课 每周 2 节（最多 4 节）" in page


def test_teachers_list_shows_each_teachers_load(district_client: Client, published: Timetable) -> None:
    page = text(district_client.get(f"/coordinate/timetables/{published.pk}/teachers/"))
    assert "王老师 小竹社区 2 / 4 3 李老师 有偿 大竹社区 1 / 3 2" in page


def test_a_draft_version_is_visible_to_coordinators_only(district_client: Client, term: Term) -> None:
    draft = Timetable.objects.create(term=term, version=2, status="draft")
    page = text(district_client.get(f"/coordinate/timetables/{draft.pk}/"))
    assert "第 2 版 草稿" in page
    assert "这一周没有课。" in page
    assert Client().get(f"/coordinate/timetables/{draft.pk}/").status_code == 302


def test_coordinator_issues_a_teachers_private_link_shown_once(district_client: Client, published: Timetable) -> None:
    response = district_client.post("/coordinate/teachers/wang/private-link/", {"timetable": published.pk})
    assert response.status_code == 200
    link = re.search(r'value="(http://127\.0\.0\.1:8000/teacher/[A-Za-z0-9_-]+/)"', response.content.decode())[1]
    teacher_page = Client().get(link.removeprefix("http://127.0.0.1:8000"))
    assert (teacher_page.status_code, "王老师的课" in text(teacher_page)) == (200, True)
    district_client.post("/coordinate/teachers/wang/private-link/")
    assert Client().get(link.removeprefix("http://127.0.0.1:8000")).status_code == 404


def test_only_coordinators_of_the_teachers_community_may_issue_their_link(
    xiaozhu_client: Client, published: Timetable
) -> None:
    assert xiaozhu_client.post("/coordinate/teachers/li/private-link/").status_code == 403
    assert xiaozhu_client.post("/coordinate/teachers/wang/private-link/").status_code == 200
    assert Client().post("/coordinate/teachers/wang/private-link/").status_code == 302
    assert xiaozhu_client.get("/coordinate/teachers/wang/private-link/").status_code == 405
