"""Each group's public page: its times, venue and address, the teacher's name, changes, and subscribing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from freezegun import freeze_time

from college.domain.calendar.occurrences import cancel_occurrence, move_occurrence
from college.models import InterestGroup, Term, Timetable
from tests.college.calendar.factories import session_of
from tests.college.pages.html import hrefs, text
from tests.college.pages.subscribe import SITE, fetch_calendar, qr_titles, summaries, webcal_link

pytestmark = pytest.mark.django_db


def test_group_page_shows_times_venues_with_addresses_and_the_teachers_name(published: Timetable) -> None:
    response = Client().get("/groups/taichi/")
    assert response.status_code == 200
    page = text(response)
    assert "太极班" in page and "老年人 · 小竹社区" in page
    assert "老师 王老师" in page
    assert "星期一 09:00–10:30 小竹养老服务中心 龙山路1号" in page
    assert "星期四 09:00–10:30 小竹广场 龙山路2号" in page
    assert "2026年秋季学期 (2026-09-07 – 2027-01-15)" in page


def test_group_page_never_shows_the_teachers_phone(published: Timetable) -> None:
    assert "13800000001" not in Client().get("/groups/taichi/").content.decode()


def test_group_page_subscribe_button_is_a_webcal_link_to_the_groups_feed(published: Timetable) -> None:
    client = Client()
    response = client.get("/groups/tea/")
    webcal = webcal_link(response)
    assert webcal == "webcal://127.0.0.1:8000/feeds/group/tea.ics"
    assert SITE + "/feeds/group/tea.ics" in hrefs(response)
    assert summaries(fetch_calendar(client, webcal)) == ["茶艺"]


def test_group_page_qr_code_is_inline_svg_of_the_webcal_link(published: Timetable) -> None:
    response = Client().get("/groups/tea/")
    assert qr_titles(response) == ["二维码：webcal://127.0.0.1:8000/feeds/group/tea.ics"]
    assert "<img" not in response.content.decode()  # made on the page, no outside QR service


@freeze_time("2026-09-10 08:00", tz_offset=0)
def test_group_page_lists_coming_cancellations_and_moves(published: Timetable, term: Term) -> None:
    taichi = session_of(term, "taichi", 1)
    cancel_occurrence(taichi.pk, dt.date(2026, 9, 14), "王老师出差")
    move_occurrence(session_of(term, "taichi", 2).pk, dt.date(2026, 9, 17), start=10 * 60 + 30, reason="广场活动")
    cancel_occurrence(taichi.pk, dt.date(2026, 9, 7))  # already past on 10 September: not "coming up"
    page = text(Client().get("/groups/taichi/"))
    changes = page.split("近期调课", 1)[1]
    assert "9月14日 星期一 太极班 停课 王老师出差" in changes
    assert "9月17日 星期四 太极班 调课 10:30–12:00 小竹广场，龙山路2号 广场活动" in changes
    assert "9月7日" not in changes


def test_group_page_of_an_unknown_group_is_not_found(published: Timetable) -> None:
    assert Client().get("/groups/no-such-group/").status_code == 404


def test_group_page_of_an_unregistered_unscheduled_group_is_not_found(published: Timetable) -> None:
    assert InterestGroup.objects.get(key="sketch").registered is False
    assert Client().get("/groups/sketch/").status_code == 404


def test_group_page_of_a_registered_group_without_sessions_says_so(published: Timetable) -> None:
    InterestGroup.objects.filter(key="sketch").update(registered=True)
    response = Client().get("/groups/sketch/")
    assert response.status_code == 200
    assert "已发布的课表中没有这个小组的课。" in text(response)
    assert 'href="webcal://' not in response.content.decode()
