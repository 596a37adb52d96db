"""The changes between two versions, read before publishing: what moved, and whom it touches."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from college.domain.versions.replan import mark_teacher_unavailable
from college.domain.versions.timetables import publish
from college.models import Interest, Session, Teacher, Timetable
from college.models.fields import format_minutes
from tests.college.pages.conftest import coordinator
from tests.college.pages.html import text
from tests.college.workflow import load_two_towns, solve_now

pytestmark = pytest.mark.django_db(transaction=True)

WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


def place(session: Session) -> str:
    return f"{WEEKDAYS[session.weekday]} {format_minutes(session.start)}–{format_minutes(session.end)} {session.venue}"


@pytest.fixture
def replanned() -> tuple[Timetable, Timetable, Session]:
    """Published v1; 赵老师 unavailable on the day of one of his sessions; v2 re-planned from v1."""
    term = load_two_towns()
    published = publish(solve_now(term.pk).timetable.pk)
    zhao = Teacher.objects.get(key="zhao")
    session = published.sessions.filter(teacher=zhao).order_by("weekday", "start").first()
    mark_teacher_unavailable(zhao.pk, dt.date(2026, 4, 13), weekday=session.weekday, reason="照顾孙子")
    draft = solve_now(term.pk, previous=published.pk, time_limit=10).timetable
    return published, draft, session


def test_diff_page_shows_each_moved_session_old_and_new_with_who_it_touches(
    replanned: tuple[Timetable, Timetable, Session],
) -> None:
    published, draft, session = replanned
    client = Client()
    client.force_login(coordinator("district"))
    page = text(client.get(f"/coordinate/timetables/{published.pk}/diff/{draft.pk}/"))
    moved = Session.objects.get(timetable=draft, group=session.group, number=session.number)
    interested = Interest.objects.filter(group=session.group).count()
    enrolled = Interest.objects.filter(group=session.group, kind="enrolled").count()
    assert f"{session.group.name} #{moved.number} 调课 {place(session)} → {place(moved)}" in page
    assert f"{interested} 位居民感兴趣（{enrolled} 人已报名） · 老师: 赵老师" in page
    assert "发布 v2" in page
    assert "涉及的老师: 赵老师" in page


def test_diff_page_for_a_community_coordinator_lists_only_their_communitys_changes(
    replanned: tuple[Timetable, Timetable, Session],
) -> None:
    published, draft, session = replanned
    client = Client()
    client.force_login(coordinator("west-coordinator", "west"))
    page = text(client.get(f"/coordinate/timetables/{published.pk}/diff/{draft.pk}/"))
    assert session.group.name not in page  # 赵老师's groups are 东湖's
    assert "这两个版本之间没有课次变化。" in page
    assert "发布 v2" not in page  # 西山's coordinator may not publish a term that also schedules 东湖


def test_diff_of_versions_of_different_terms_is_not_found() -> None:
    term = load_two_towns()
    first = solve_now(term.pk).timetable
    other = Timetable.objects.create(term=term.__class__.objects.create(
        key="2026-autumn", name="2026年秋季学期", first_day=dt.date(2026, 9, 7), last_day=dt.date(2027, 1, 15)
    ), version=1)  # fmt: skip
    client = Client()
    client.force_login(coordinator("district"))
    assert client.get(f"/coordinate/timetables/{first.pk}/diff/{other.pk}/").status_code == 404
