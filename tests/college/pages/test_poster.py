"""The printable poster of a community's week, with a QR code to the community's catalogue page."""

from __future__ import annotations

import pytest
from django.test import Client

from college.models import Term, Timetable
from tests.college.pages.html import text
from tests.college.pages.subscribe import fetch_calendar, qr_titles, summaries, webcal_link

pytestmark = pytest.mark.django_db


def test_poster_shows_the_communitys_sessions_only(published: Timetable) -> None:
    response = Client().get("/communities/xiaozhu/poster/")
    assert response.status_code == 200
    page = text(response)
    assert "小竹社区兴趣小组课表" in page
    assert "太极班 09:00–10:30 小竹养老服务中心 ① · 王老师" in page  # the mark shows when the week is too full
    assert "太极班 09:00–10:30 小竹广场 ② · 王老师" in page
    assert "茶艺" not in page
    assert "① 小竹养老服务中心 龙山路1号" in page


def test_poster_columns_are_the_days_with_sessions(published: Timetable) -> None:
    page = text(Client().get("/communities/xiaozhu/poster/"))
    assert "星期一 星期四 09:00" in page
    assert "星期二" not in page


def test_poster_qr_code_opens_the_communitys_catalogue_which_offers_its_calendar(published: Timetable) -> None:
    client = Client()
    response = client.get("/communities/dazhu/poster/")
    catalogue = "http://127.0.0.1:8000/groups/?community=dazhu"
    assert qr_titles(response) == [f"二维码：{catalogue}"]  # a web page: WeChat's scanner does not subscribe to .ics
    assert "手机扫一扫" in text(response)
    assert 'href="webcal://' not in response.content.decode()
    page = client.get(catalogue.removeprefix("http://127.0.0.1:8000"))
    assert "茶艺" in text(page) and "太极班" not in text(page)
    assert summaries(fetch_calendar(client, webcal_link(page))) == ["茶艺"]


def test_catalogue_of_every_community_offers_no_single_calendar(published: Timetable) -> None:
    assert 'href="webcal://' not in Client().get("/groups/").content.decode()


@pytest.mark.parametrize(("size", "page_rule"), [("", "size: A4 landscape"), ("?size=a3", "size: A3 landscape")])
def test_poster_prints_on_a4_or_a3(published: Timetable, size: str, page_rule: str) -> None:
    content = Client().get("/communities/xiaozhu/poster/" + size).content.decode()
    assert f"@page {{ {page_rule};" in content
    assert "/static/college/poster.css" in content


def test_poster_refuses_an_unknown_paper_size(published: Timetable) -> None:
    response = Client().get("/communities/xiaozhu/poster/?size=letter")
    assert response.status_code == 400
    assert "未知的纸张尺寸“letter”：请选择 A4, A3。" in text(response)


def test_poster_of_an_unknown_community_is_not_found(published: Timetable) -> None:
    assert Client().get("/communities/nowhere/poster/").status_code == 404


def test_poster_before_publishing_says_no_timetable_yet(term: Term) -> None:
    response = Client().get("/communities/xiaozhu/poster/")
    assert response.status_code == 200
    assert "课表尚未发布。" in text(response)
    assert qr_titles(response) == ["二维码：http://127.0.0.1:8000/groups/?community=xiaozhu"]  # 点单 comes first
