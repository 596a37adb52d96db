"""In headless Chromium, on the 龙竹 demo: one group needs a venue no community has (500 seats, a kitchen and a
piano). The coordinator solves: everything else is placed, the dashboard says in Chinese which group is left out
and why, and publishing asks first. Screenshots land in ``test-artifacts/`` as the other browser tests' do."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Dialog, expect

from college.domain.people import coordinators
from college.domain.records.load import load_college
from college.models import InterestGroup, Term, Timetable, TimetableStatus
from fixtures.demo import TERM, demo_college
from tests.college.pages import test_browser as chromium
from tests.college.workflow import assert_verified, run_worker

browser = chromium.browser  # the same headless Debian chromium fixture
shot, log_in = chromium.shot, chromium.log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_site(live_server: object) -> str:
    """The demo college, not yet solved, with its first 龙竹 group asking for the impossible."""
    load_college(demo_college())
    group = InterestGroup.objects.filter(community__key="longzhu", registered=True).order_by("key").first()
    InterestGroup.objects.filter(pk=group.pk).update(max_size=500, facilities=["kitchen", "piano"], step_free=False)
    coordinators.make_coordinator("district", chromium.PASSWORD)
    return live_server.url  # type: ignore[attr-defined]


def test_one_impossible_group_is_left_out_with_its_reason_in_chinese_and_publishing_asks(
    browser: Browser, demo_site: str
) -> None:
    term = Term.objects.get(key=TERM.key)
    impossible = InterestGroup.objects.get(max_size=500)
    total = sum(InterestGroup.objects.filter(registered=True).values_list("sessions_per_week", flat=True))
    page = browser.new_page(locale="zh-CN", viewport={"width": 1280, "height": 900})
    log_in(page, demo_site)
    page.goto(f"{demo_site}/coordinate/terms/{term.key}/")
    reason = f"{impossible.name} 需要龙竹社区内具备至少 500 个座位、厨房、钢琴的场地：没有场地全部满足。"
    expect(page.locator("#data-check li")).to_have_text([reason])  # the engine's pre-check, in the reason's words

    page.fill("input[name=time_limit]", "10")
    page.click("#start-solve")
    expect(page.locator("#job")).to_have_attribute("data-active", "1")
    expect(page.locator('#job [data-field="sessions_total"]')).to_have_text(str(total))  # not "0" while queued
    worker = run_worker(max_tasks=1)
    expect(page.locator("#job")).to_have_attribute("data-active", "0", timeout=90_000)
    worker.join(timeout=30)

    timetable = Timetable.objects.get(term=term)
    assert timetable.unplaced_keys == (impossible.key,)
    assert_verified(timetable)
    placed = total - impossible.sessions_per_week
    expect(page.locator('#job [data-field="sessions_placed"]')).to_have_text(str(placed))
    left_out = page.locator("#unscheduled")
    expect(left_out).to_contain_text("本版未排入的小组及原因")
    expect(left_out).to_contain_text(reason)
    expect(page.locator("#data-check li")).to_have_count(0)  # said once, under what the solve left out
    expect(page.locator("#check-left-out")).to_have_text("另有 1 项是上次排课未排入小组的原因：见未排入列表。")
    expect(left_out.get_by_role("link", name=impossible.name).first).to_have_attribute(
        "href", f"/admin/college/interestgroup/{impossible.pk}/change/"
    )
    expect(page.locator("#version-1")).to_contain_text("1 个小组未排入")
    shot(page, "partial-dashboard")

    asked: list[str] = []

    def answer(dialog: Dialog, accept: bool) -> None:
        asked.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda dialog: answer(dialog, accept=False))
    page.locator("#version-1").get_by_role("button", name="发布").click()
    expect(page.locator("#version-1")).to_contain_text("草稿")
    assert asked == [f"第 1 版有 1 个小组未排入（{impossible.name}）。仍要发布吗？居民和老师会立即看到。"]
    assert Timetable.objects.get(pk=timetable.pk).status == TimetableStatus.DRAFT

    page.once("dialog", lambda dialog: answer(dialog, accept=True))
    page.locator("#version-1").get_by_role("button", name="发布").click()
    expect(page.locator("#version-1")).to_contain_text("已发布")
    assert Timetable.objects.get(pk=timetable.pk).status == TimetableStatus.PUBLISHED
    shot(page, "partial-published")
