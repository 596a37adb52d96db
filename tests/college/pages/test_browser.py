"""In headless Chromium: a coordinator logs in, solves, watches it finish and publishes; a resident browses and
subscribes. Screenshots land in ``test-artifacts/`` (Debian's chromium; Playwright's own download cannot work here)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from playwright.sync_api import Browser, Page, expect, sync_playwright

from college.domain.people import coordinators
from college.domain.versions.timetables import publish
from college.models import JobStatus, SolveJob, Term, Timetable
from tests.college.workflow import load_two_towns, run_worker, solve_now

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
PASSWORD = "pw-for-browser-tests"


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"The browser tests need Debian's chromium at {CHROMIUM} (bash .ci/setup test installs it).")
    # Playwright's sync API keeps an event loop in this thread; the test's own database calls are still synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
        connections.close_all()  # this test's own connections, opened while Playwright's event loop was running


@pytest.fixture
def site(live_server: object, settings: object) -> str:
    """The live server, with calendar links pointing at it, and the small two-town college to solve."""
    settings.SITE_URL = live_server.url  # type: ignore[attr-defined]
    load_two_towns()
    coordinators.make_coordinator("district", PASSWORD)
    return live_server.url  # type: ignore[attr-defined]


def shot(page: Page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def log_in(page: Page, site: str) -> None:
    page.goto(site + "/coordinate/")
    page.fill("#id_username", "district")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="学期")).to_be_visible()


def test_coordinator_solves_watches_it_finish_and_publishes(browser: Browser, site: str) -> None:
    page = browser.new_page(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page.on("dialog", lambda dialog: dialog.accept())  # "Publish version 1? …"
    log_in(page, site)
    page.get_by_role("link", name="2026年春季学期").click()
    expect(page.locator("#data-check")).to_contain_text("没有妨碍排课的问题。")

    page.fill("input[name=time_limit]", "5")
    page.click("#start-solve")
    expect(page.locator("#job")).to_have_attribute("data-active", "1")
    expect(page.locator("#stop-solve")).to_be_visible()
    shot(page, "dashboard-solving")
    worker = run_worker(max_tasks=1)  # django-tasks-db's worker picks the queued solve up
    expect(page.locator("#job")).to_have_attribute("data-active", "0", timeout=60_000)  # the page polled, then reloaded
    worker.join(timeout=30)
    job = SolveJob.objects.get()
    assert job.status == JobStatus.DONE
    expect(page.locator("#job .badge")).to_have_text(str(JobStatus.DONE.label))
    expect(page.locator("#job [data-field=sessions_placed]")).to_have_text(str(job.sessions_total))
    shot(page, "dashboard-solved")

    page.locator("#version-1").get_by_role("button", name="发布").click()
    expect(page.locator(".messages")).to_contain_text("第 1 版已发布")
    assert Timetable.objects.get().status == "published"
    shot(page, "dashboard-published")
    page.goto(f"{site}/coordinate/timetables/{job.timetable_id}/")
    expect(page.locator(".week-grid .session")).to_have_count(job.sessions_total)
    shot(page, "week-grid")


def test_resident_browses_the_catalogue_and_subscribes_to_a_group(browser: Browser, site: str) -> None:
    publish(solve_now(Term.objects.get().pk).timetable_id)
    page = browser.new_page(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page.goto(site + "/")
    expect(page.get_by_role("heading", name="兴趣小组", exact=True)).to_be_visible()
    expect(page.locator(".group-card")).to_have_count(6)
    shot(page, "catalogue")
    page.select_option("select[name=community]", "west")  # filters apply on change
    expect(page.locator(".group-card")).to_have_count(3)
    page.get_by_role("link", name="舞蹈").click()
    expect(page.get_by_role("heading", name="舞蹈")).to_be_visible()
    subscribe = page.locator("a[data-subscribe]")
    webcal = subscribe.get_attribute("href")
    assert webcal == site.replace("http://", "webcal://") + "/feeds/group/dance.ics"
    feed = page.request.get(webcal.replace("webcal://", "http://"))
    assert (feed.status, feed.headers["content-type"]) == (200, "text/calendar; charset=utf-8")
    assert "SUMMARY:舞蹈" in feed.text()
    expect(page.locator("svg.qr")).to_be_visible()
    shot(page, "group-page")
    phone = browser.new_page(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True)
    phone.goto(site + "/groups/dance/")
    expect(phone.locator("a[data-subscribe]")).to_be_visible()
    shot(phone, "group-page-phone")
