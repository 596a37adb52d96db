"""The Chinese admin as a coordinator reads it: times as HH:MM on read-only pages too, no English left from Django's
own newer strings (the date filter, the time-zone note), and each warning once."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from college.models import OccurrenceChange, Session
from tests.college.calendar.factories import make_autumn_term, publish
from tests.college.factories import make_coordinator
from tests.college.pages.html import text

pytestmark = pytest.mark.django_db

HOLIDAYS_2027 = "2027 年的法定节假日尚未公布"


@pytest.fixture
def coordinator(client: Client) -> Client:
    """The autumn term published (its last weeks are in 2027, whose holidays chinese-calendar does not know)."""
    publish(make_autumn_term())
    client.force_login(make_coordinator())
    return client


def test_a_published_sessions_times_read_as_hh_mm_not_minutes(coordinator: Client) -> None:
    session = Session.objects.get(group__key="taichi", number=1)
    page = coordinator.get(f"/admin/college/session/{session.pk}/change/").content.decode()
    assert '<div class="readonly">09:00</div>' in page and '<div class="readonly">10:30</div>' in page
    assert '<div class="readonly">540</div>' not in page
    inline = coordinator.get(f"/admin/college/timetable/{session.timetable_id}/change/").content.decode()
    assert "<p>09:00</p>" in inline and "<p>540</p>" not in inline


def test_the_date_filter_and_the_time_zone_note_are_in_chinese(coordinator: Client) -> None:
    changes = coordinator.get("/admin/college/occurrencechange/").content.decode()
    assert "按日期筛选" in changes and "Filter by" not in changes
    catalogue = coordinator.get("/admin/jsi18n/").content.decode()
    escaped = json.dumps("请按 %(timezone)s 时区（北京时间）输入时间")[1:-1]  # the catalogue is JSON, Chinese escaped
    assert escaped in catalogue


def test_the_holiday_warning_shows_once_even_after_an_action(coordinator: Client) -> None:
    session = Session.objects.get(group__key="taichi", number=1)
    change = OccurrenceChange.objects.create(term=session.timetable.term, group=session.group, number=1,
                                             date=session.timetable.term.first_day, cancelled=True)  # fmt: skip
    data = {"action": "delete_selected", "_selected_action": [change.pk], "post": "yes"}
    page = coordinator.post("/admin/college/occurrencechange/", data, follow=True).content.decode()
    assert OccurrenceChange.objects.count() == 0
    assert page.count(HOLIDAYS_2027) == 1


def test_the_login_throttling_pages_are_named_in_chinese(coordinator: Client) -> None:
    index = text(coordinator.get("/admin/"))
    assert ("登录限制" in index, "访问尝试" in index, "社区学院 型号名称" in index) == (True, True, True)
    assert ("Axes" in index, "Access attempts" in index, "Access logs" in index) == (False, False, False)
