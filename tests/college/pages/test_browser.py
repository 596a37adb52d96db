"""In headless Chromium: a coordinator logs in, solves, watches it finish and publishes; a resident browses and
subscribes. Screenshots land in ``test-artifacts/`` (Debian's chromium; Playwright's own download cannot work here)."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from playwright.sync_api import Browser, Page, expect, sync_playwright

from college.domain.people import coordinators
from college.domain.versions.timetables import publish
from college.models import Community, InterestGroup, JobStatus, Resident, SolveJob, Term, Timetable
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
    expect(page.locator(".timegrid .session")).to_have_count(job.sessions_total)
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


def cjk_font_families() -> set[str]:
    """The font families this machine has for Chinese, as fontconfig lists them."""
    listed = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False).stdout
    return {name.strip() for line in listed.splitlines() for name in line.split(",") if name.strip()}


def test_a_chinese_heading_is_drawn_with_a_chinese_font_not_empty_boxes(browser: Browser, site: str) -> None:
    page = browser.new_page(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True)
    page.goto(site + "/")
    heading = page.get_by_role("heading", name="兴趣小组", exact=True)
    expect(heading).to_be_visible()
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "h1"})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    drawn = {font["familyName"] for font in fonts if font["glyphCount"] > 0}
    assert drawn and drawn <= cjk_font_families(), f"{heading.inner_text()!r} drawn with {drawn}"
    shot(page, "catalogue-phone-fonts")


PT = 4 / 3  # CSS pixels per point


def test_the_a4_poster_reads_from_two_metres_on_one_sheet_and_fits_a_phone(browser: Browser, site: str) -> None:
    publish(solve_now(Term.objects.get().pk).timetable_id)
    community = Community.objects.filter(interest_groups__sessions__isnull=False).distinct().first()
    page = browser.new_page(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page.goto(f"{site}/communities/{community.key}/poster/")
    expect(page.locator(".grid .s").first).to_be_visible()
    page.evaluate("document.fonts.ready")
    sizes = page.evaluate("""() => ({
        title: parseFloat(getComputedStyle(document.querySelector('.poster h1')).fontSize),
        text: [...document.querySelectorAll('.grid .s b, .grid .s .when')]
            .map(e => parseFloat(getComputedStyle(e).fontSize)),
    })""")
    assert sizes["title"] >= 28 * PT
    assert sizes["text"] and min(sizes["text"]) >= 14 * PT
    shot(page, "poster-a4")
    page.emulate_media(media="print")
    pdf = page.pdf(prefer_css_page_size=True)
    (ARTIFACTS / "poster-a4.pdf").write_bytes(pdf)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
    gap = page.evaluate("""() => { const p = document.querySelector('.poster').getBoundingClientRect();
        return p.bottom - document.querySelector('.poster footer').getBoundingClientRect().bottom }""")
    assert 0 <= gap <= 1  # the week fills the sheet down to its footer

    phone = browser.new_page(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True)
    phone.goto(f"{site}/communities/{community.key}/poster/")
    expect(phone.locator(".agenda .s").first).to_be_visible()
    expect(phone.locator(".grid")).to_be_hidden()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll
    shot(phone, "poster-phone")


TOO_SMALL = """() => {
  const shown = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0
    && getComputedStyle(e).visibility !== 'hidden'; };
  const small = [];
  for (const e of document.querySelectorAll('body *')) {
    const own = [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    const size = parseFloat(getComputedStyle(e).fontSize);
    if (own && shown(e) && size < 16) small.push(`${e.tagName}.${e.className} ${size}px: ${e.textContent.trim()}`);
  }
  for (const e of document.querySelectorAll('a, button, select, input:not([type=hidden]), summary')) {
    if (!shown(e) || e.closest('p, li.inline')) continue;  // a link inside a sentence is not a tap target of its own
    const target = e.closest('label') || e;  // a checkbox is tapped through its label
    const height = target.getBoundingClientRect().height;
    if (height < 44) small.push(`${e.tagName}.${e.className} ${height}px tall: ${e.textContent.trim()}`);
  }
  return small;
}"""


def test_residents_and_teachers_pages_have_large_type_and_tap_targets_on_a_phone(browser: Browser, site: str) -> None:
    publish(solve_now(Term.objects.get().pk).timetable_id)
    group = InterestGroup.objects.filter(sessions__isnull=False).first()
    resident = Resident.objects.filter(interests__group=group).first()
    pages = {
        "catalogue": "/groups/",
        "group": f"/groups/{group.key}/",
        "personal": f"/my/{resident.rotate_feed_token()}/",
        "teacher": f"/teacher/{group.teacher.rotate_feed_token()}/",
    }
    phone = browser.new_page(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True)
    for name, path in pages.items():
        phone.goto(site + path)
        too_small = phone.evaluate(TOO_SMALL)
        assert too_small == [], (name, too_small)
        shot(phone, f"{name}-page-phone")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390, name
    shot(phone, "teacher-page-phone")
    phone.goto(site + pages["personal"])
    week = phone.get_by_role("heading", name="我的一周")
    assert week.bounding_box()["y"] < 844  # the resident's week is on the first screen
    shot(phone, "personal-page-phone")
