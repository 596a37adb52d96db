"""A teacher's private page: this week's and this term's sessions with changes, where, with whom, and subscribing."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from freezegun import freeze_time

from college.domain.calendar.occurrences import cancel_occurrence, move_occurrence
from college.models import Teacher, Term, Timetable
from tests.college.calendar.factories import session_of
from tests.college.pages.html import text
from tests.college.pages.subscribe import fetch_calendar, qr_titles, summaries, webcal_link

pytestmark = pytest.mark.django_db


def teacher_path(key: str) -> str:
    return f"/teacher/{Teacher.objects.get(key=key).rotate_feed_token()}/"


@freeze_time("2026-09-16 02:00", tz_offset=0)  # Wednesday 16 September, 10:00 in Shanghai
def test_teacher_page_shows_this_weeks_sessions_with_a_cancellation(published: Timetable, term: Term) -> None:
    cancel_occurrence(session_of(term, "taichi", 1).pk, dt.date(2026, 9, 14), "王老师出差")
    response = Client().get(teacher_path("wang"))
    assert response.status_code == 200
    week = text(response).split("本周", 1)[1].split("下周", 1)[0]
    assert week.strip() == (
        "9月14日 星期一 09:00–10:30 太极班 停课 小竹养老服务中心，龙山路1号 王老师出差 "
        "9月17日 星期四 09:00–10:30 太极班 小竹广场，龙山路2号"
    )


@freeze_time("2026-09-18 02:00", tz_offset=0)  # a Friday
def test_teacher_page_shows_the_coming_four_weeks_with_their_changes(published: Timetable, term: Term) -> None:
    cancel_occurrence(session_of(term, "taichi", 1).pk, dt.date(2026, 9, 21), "社区活动")
    move_occurrence(session_of(term, "taichi", 2).pk, dt.date(2026, 10, 15), start=10 * 60 + 30)
    weeks = text(Client().get(teacher_path("wang"))).split("本周", 1)[1].split("本学期每周", 1)[0]
    assert weeks.strip() == (
        "9月14日 星期一 09:00–10:30 太极班 小竹养老服务中心，龙山路1号 "
        "9月17日 星期四 09:00–10:30 太极班 小竹广场，龙山路2号 "
        "下周 9月21日 星期一 09:00–10:30 太极班 停课 小竹养老服务中心，龙山路1号 社区活动 "
        "9月24日 星期四 09:00–10:30 太极班 小竹广场，龙山路2号 "
        "9月28日起的一周 9月28日 星期一 09:00–10:30 太极班 小竹养老服务中心，龙山路1号 "  # 1 October: National Day
        "10月5日起的一周 10月8日 星期四 09:00–10:30 太极班 小竹广场，龙山路2号 "
        "10月12日起的一周 10月12日 星期一 09:00–10:30 太极班 小竹养老服务中心，龙山路1号 "
        "10月15日 星期四 10:30–12:00 太极班 调课 小竹广场，龙山路2号"
    )


@freeze_time("2026-09-16 02:00", tz_offset=0)
def test_teacher_page_shows_every_weekly_session_with_venue_address_and_group(published: Timetable) -> None:
    page = text(Client().get(teacher_path("wang")))
    term_part = page.split("本学期每周", 1)[1]
    assert "体育 老年人 太极班 星期一 09:00–10:30 小竹养老服务中心 龙山路1号 小竹社区 · 已报名 1 人" in term_part
    assert "太极班 星期四 09:00–10:30 小竹广场 龙山路2号" in term_part
    assert "茶艺" not in page


@freeze_time("2026-09-16 02:00", tz_offset=0)
def test_teacher_page_marks_cancelled_and_moved_dates_of_the_term(published: Timetable, term: Term) -> None:
    cancel_occurrence(session_of(term, "taichi", 1).pk, dt.date(2026, 9, 14), "王老师出差")
    move_occurrence(session_of(term, "taichi", 2).pk, dt.date(2026, 10, 15), start=10 * 60 + 30)
    content = Client().get(teacher_path("wang")).content.decode()
    assert re.search(r'<li class="cancelled past" title="停课 · 王老师出差">09-14</li>', content)
    assert re.search(r'<li class="moved" title="调课: 10:30–12:00 小竹广场，龙山路2号">10-15</li>', content)
    assert re.search(r'<li class=" past" title="">09-07</li>', content)


@freeze_time("2027-02-01 02:00", tz_offset=0)
def test_teacher_page_after_the_term_says_no_sessions_are_left(published: Timetable) -> None:
    assert "本学期已没有课了。" in text(Client().get(teacher_path("li")))


@freeze_time("2026-08-20 02:00", tz_offset=0)
def test_teacher_page_before_the_term_shows_the_first_week(published: Timetable) -> None:
    page = text(Client().get(teacher_path("li")))
    assert "9月7日起的一周 9月9日 星期三 19:00–21:00 茶艺 大竹公司会议室，龙塔路9号" in page


def test_teacher_page_subscribes_to_the_teachers_own_calendar(published: Timetable) -> None:
    client = Client()
    path = teacher_path("li")
    response = client.get(path)
    webcal = webcal_link(response)
    assert webcal == f"webcal://127.0.0.1:8000/feeds/teacher/{path.split('/')[2]}.ics"
    assert qr_titles(response) == [f"二维码：{webcal}"]
    assert summaries(fetch_calendar(client, webcal)) == ["茶艺"]


def test_teacher_page_is_private(published: Timetable) -> None:
    response = Client().get(teacher_path("li"))
    assert (response["Cache-Control"], response["Referrer-Policy"]) == ("private, no-store", "same-origin")


def test_teacher_page_with_an_unknown_or_replaced_link_is_not_found(published: Timetable) -> None:
    client = Client()
    old = teacher_path("wang")
    new = teacher_path("wang")
    assert (client.get(old).status_code, client.get(new).status_code) == (404, 200)
    assert client.get("/teacher/made-up-token/").status_code == 404
