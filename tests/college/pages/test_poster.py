"""The printable poster of a community's week, with a QR code to subscribe to the community's calendar."""

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
    assert "太极班 09:00–10:30 · 小竹养老服务中心 王老师" in page
    assert "太极班 09:00–10:30 · 小竹广场 王老师" in page
    assert "茶艺" not in page
    assert "小竹养老服务中心 — 龙山路1号" in page


def test_poster_columns_are_the_days_with_sessions(published: Timetable) -> None:
    page = text(Client().get("/communities/xiaozhu/poster/"))
    assert "星期一 星期四 09:00" in page


def test_poster_qr_code_subscribes_to_the_communitys_calendar(published: Timetable) -> None:
    client = Client()
    response = client.get("/communities/dazhu/poster/")
    assert qr_titles(response) == ["二维码：webcal://127.0.0.1:8000/feeds/community/dazhu.ics"]
    assert "扫码订阅" in text(response)
    assert summaries(fetch_calendar(client, "webcal://127.0.0.1:8000/feeds/community/dazhu.ics")) == ["茶艺"]
    assert 'href="webcal://' not in response.content.decode()  # on paper, the QR code is the link
    with pytest.raises(AssertionError):
        webcal_link(response)


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
    assert qr_titles(response) == []
