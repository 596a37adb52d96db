"""A resident's personal calendar: pick groups → a private link, change the picks, renew the link."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from college.models import Community, Interest, InterestGroup, Resident, Term, Timetable
from tests.college.pages.html import text
from tests.college.pages.subscribe import fetch_calendar, qr_titles, summaries, webcal_link

pytestmark = pytest.mark.django_db


def group_id(key: str) -> str:
    return str(InterestGroup.objects.get(key=key).pk)


def community_id(key: str) -> str:
    return str(Community.objects.get(key=key).pk)


def start(client: Client, *keys: str, **fields: str) -> str:
    """Make a personal calendar of ``keys``; returns its private path /my/<token>/."""
    data = {
        "groups": [group_id(k) for k in keys],
        "community": community_id("xiaozhu"),
        "age_band": "senior",
        "name": "",
        **fields,
    }
    response = client.post("/my/", data)
    assert response.status_code == 302, text(response)
    assert re.fullmatch(r"/my/[A-Za-z0-9_-]{32}/", response["Location"])
    return response["Location"]


def test_pick_page_lists_the_published_groups_to_tick(published: Timetable) -> None:
    response = Client().get("/my/?pick=tea")
    assert response.status_code == 200
    page = text(response)
    assert "太极班 · 小竹社区 星期一 09:00–10:30、星期四 09:00–10:30" in page
    assert "茶艺 · 大竹社区 星期三 19:00–21:00" in page
    ticked = re.findall(r'value="(\d+)" checked', response.content.decode())
    assert ticked == [group_id("tea")]


def test_picking_groups_gives_a_private_page_with_exactly_those_groups(published: Timetable) -> None:
    client = Client()
    path = start(client, "tea", name="周阿姨")
    response = client.get(path)
    assert response.status_code == 200
    page = text(response)
    assert "您的课表已生成。" in page
    assert "茶艺 19:00–21:00 大竹公司会议室 李老师" in page
    assert "太极班 09:00" not in page
    resident = Resident.objects.get(name="周阿姨")
    assert (resident.community.key, resident.age_band) == ("xiaozhu", "senior")
    assert list(Interest.objects.filter(resident=resident).values_list("group__key", "kind")) == [("tea", "enrolled")]


def test_private_page_subscribes_to_the_residents_own_calendar(published: Timetable) -> None:
    client = Client()
    path = start(client, "tea", "taichi")
    response = client.get(path)
    token = path.split("/")[2]
    webcal = webcal_link(response)
    assert webcal == f"webcal://127.0.0.1:8000/feeds/resident/{token}.ics"
    assert qr_titles(response) == [f"二维码：{webcal}"]
    assert summaries(fetch_calendar(client, webcal)) == ["太极班", "太极班", "茶艺"]


def test_private_page_is_never_cached_indexed_or_leaked_by_referrer(published: Timetable) -> None:
    client = Client()
    response = client.get(start(client, "tea"))
    assert (response["Cache-Control"], response["Referrer-Policy"], response["X-Robots-Tag"]) == (
        "private, no-store", "same-origin", "noindex, nofollow",
    )  # fmt: skip
    assert '<meta name="referrer" content="same-origin">' in response.content.decode()


def test_picking_no_group_is_refused_with_a_clear_message(published: Timetable) -> None:
    response = Client().post("/my/", {"community": community_id("xiaozhu"), "age_band": "senior"})
    assert response.status_code == 400
    assert "请至少选择一个兴趣小组。" in text(response)
    assert Resident.objects.filter(key__startswith="web-").count() == 0


def test_picking_a_group_outside_the_published_timetable_is_refused(published: Timetable) -> None:
    response = Client().post(
        "/my/", {"groups": [group_id("sketch")], "community": community_id("xiaozhu"), "age_band": "senior"}
    )
    assert response.status_code == 400
    assert f"{group_id('sketch')} 不在可用的选项中" in text(response)


def test_an_unknown_age_band_is_refused_naming_the_field(published: Timetable) -> None:
    response = Client().post(
        "/my/", {"groups": [group_id("tea")], "community": community_id("xiaozhu"), "age_band": "toddler"}
    )
    assert response.status_code == 400
    assert "年龄段 儿童 青年 中年 老年 不填 选择一个有效的选项。 toddler 不在可用的选项中。" in text(response)


def test_skipping_community_and_age_band_is_refused_and_prefer_not_to_say_is_an_answer(published: Timetable) -> None:
    refused = Client().post("/my/", {"groups": [group_id("tea")]})
    assert refused.status_code == 400
    assert "请选择您住的社区，或选“不填”。" in text(refused)
    assert Resident.objects.filter(key__startswith="web-").exists() is False
    start(Client(), "tea", community="none", age_band="none")
    resident = Resident.objects.get(key__startswith="web-")
    assert (resident.community.key, resident.age_band) == ("dazhu", "")  # 茶艺's community, no age band


def test_changing_picks_changes_the_page_and_the_calendar(published: Timetable) -> None:
    client = Client()
    path = start(client, "tea")
    response = client.post(path + "groups/", {"groups": [group_id("taichi")]})
    assert (response.status_code, response["Location"]) == (302, path)
    page = text(client.get(path))
    assert "已保存您的小组，日历会随之更新。" in page
    assert "太极班 09:00–10:30 小竹养老服务中心 王老师" in page
    assert "茶艺 19:00" not in page
    token = path.split("/")[2]
    assert summaries(fetch_calendar(client, f"webcal://127.0.0.1:8000/feeds/resident/{token}.ics")) == [
        "太极班", "太极班",
    ]  # fmt: skip


def test_changing_picks_to_nothing_is_refused_and_keeps_the_old_picks(published: Timetable) -> None:
    client = Client()
    path = start(client, "tea")
    response = client.post(path + "groups/", {})
    assert response.status_code == 400
    assert "请至少选择一个兴趣小组。" in text(response)
    assert list(Interest.objects.values_list("group__key", flat=True).filter(resident__key__startswith="web-")) == [
        "tea"
    ]


def test_a_new_link_works_and_the_old_link_stops_at_once(published: Timetable) -> None:
    client = Client()
    old = start(client, "tea")
    response = client.post(old + "new-link/")
    new = response["Location"]
    assert response.status_code == 302 and new != old
    assert "这是您的新私人链接。" in text(client.get(new))
    assert client.get(old).status_code == 404
    old_token = old.split("/")[2]
    assert client.get(f"/feeds/resident/{old_token}.ics").status_code == 404


@pytest.mark.parametrize("path", ["/my/not-a-real-token/", "/my/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/"])
def test_an_unknown_private_link_is_not_found(published: Timetable, path: str) -> None:
    client = Client()
    assert client.get(path).status_code == 404
    assert client.post(path + "groups/", {"groups": [group_id("tea")]}).status_code == 404
    assert client.post(path + "new-link/").status_code == 404


def test_pick_page_before_publishing_says_no_timetable_yet(term: Term) -> None:
    assert "课表尚未发布。" in text(Client().get("/my/"))
