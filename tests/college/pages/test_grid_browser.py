"""In headless Chromium: the coordinator's week grid drawn to real time on a laptop screen.

Screenshots land in ``test-artifacts/`` (grid-laptop.png, grid-teacher-week.png)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from college.domain.versions.timetables import publish
from college.models import Session, Term
from tests.college.pages.test_browser import browser, log_in, shot, site  # noqa: F401 - fixtures
from tests.college.workflow import solve_now

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

LAPTOP = {"width": 1366, "height": 768}


def test_the_week_grid_draws_sessions_as_long_as_they_last_on_a_laptop(browser: Browser, site: str) -> None:  # noqa: F811
    job = solve_now(Term.objects.get().pk)
    publish(job.timetable_id)
    page = browser.new_page(locale="zh-CN", viewport=LAPTOP)
    log_in(page, site)
    page.goto(f"{site}/coordinate/timetables/{job.timetable_id}/")
    blocks = page.locator(".timegrid .session.block")
    expect(blocks).to_have_count(Session.objects.filter(timetable_id=job.timetable_id).count())
    minutes = int(page.locator(".timegrid").get_attribute("style").split(":")[1])  # --minutes: the grid's span
    minute = page.locator(".tg-body").bounding_box()["height"] / minutes
    for i in range(blocks.count()):
        box, length = blocks.nth(i).bounding_box(), int(blocks.nth(i).get_attribute("data-length"))
        assert abs(box["height"] + 2 - length * minute) < 1.5, (blocks.nth(i).inner_text(), box, length)
    assert page.evaluate("document.documentElement.scrollWidth") <= LAPTOP["width"]  # no sideways scroll
    shot(page, "grid-laptop")
    teacher = Session.objects.filter(timetable_id=job.timetable_id).select_related("teacher").first().teacher
    page.goto(f"{site}/coordinate/timetables/{job.timetable_id}/teachers/{teacher.key}/")
    expect(page.locator(".tg-shade.unavailable").first).to_be_attached()
    shot(page, "grid-teacher-week")
