"""接单 in headless Chromium on the demo college: the coordinator asks for proposals, watches the run, accepts one;
the teacher it names takes it on from their private page; the coordinator registers it (报备); the next solve
places it and the published feeds carry it (parsed back). Screenshots land in ``test-artifacts/``."""

from __future__ import annotations

import icalendar
import pytest
from playwright.sync_api import Browser, expect

from college.domain.people import coordinators
from college.domain.records.load import load_college
from college.domain.versions.timetables import publish
from college.models import Answer, Decision, JobStatus, Proposal, ProposalJob, Session, SolveJob, Term, Timetable
from fixtures.demo import demo_college
from tests.college.pages.test_browser import ARTIFACTS, PASSWORD, browser, shot  # noqa: F401  (the browser fixture)
from tests.college.workflow import assert_verified, run_worker, solve_now

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_site(live_server: object, settings: object) -> str:
    """The demo college with its first solve published, and a district coordinator."""
    settings.SITE_URL = live_server.url  # type: ignore[attr-defined]
    load_college(demo_college())
    publish(solve_now(Term.objects.get().pk, time_limit=10).timetable_id)
    coordinators.make_coordinator("district", PASSWORD)
    return live_server.url  # type: ignore[attr-defined]


def test_proposals_from_wishes_to_a_placed_group_in_the_feeds(browser: Browser, demo_site: str) -> None:  # noqa: F811
    site, term = demo_site, Term.objects.get()
    page = browser.new_page(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(site + "/coordinate/")
    page.fill("#id_username", "district")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.goto(f"{site}/coordinate/terms/{term.key}/")
    page.locator("#proposals-link").click()
    expect(page.get_by_role("heading", name="按居民点单开新班")).to_be_visible()

    page.fill("input[name=openings]", "3")
    page.fill("input[name=time_limit]", "10")
    page.click("#start-proposals")
    expect(page.locator("#job")).to_have_attribute("data-active", "1")
    shot(page, "proposals-running")
    worker = run_worker(max_tasks=1)
    expect(page.locator("#job")).to_have_attribute("data-active", "0", timeout=90_000)  # polled, then reloaded
    worker.join(timeout=30)
    job = ProposalJob.objects.get()
    assert job.status == JobStatus.DONE and job.proposals.exists()
    expect(page.locator("#job [data-field=objective]")).to_have_text(str(sum(p.served for p in job.proposals.all())))
    reasons = page.locator("#proposals .reason")
    expect(reasons).to_have_count(job.proposals.count())
    expect(reasons.first).to_contain_text("位居民希望参加且有空")
    expect(reasons.first).to_contain_text("每周还可上")
    shot(page, "proposals-done")

    chosen = job.proposals.order_by("-served", "pk").first()
    page.locator(f"#proposal-{chosen.pk}").get_by_role("button", name="采纳").click()
    expect(page.locator(f"#taken-{chosen.pk} .answer")).to_have_text("尚未答复")
    chosen.refresh_from_db()
    assert (chosen.decision, chosen.group.registered) == (Decision.ACCEPTED, False)

    teacher = browser.new_page(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True)
    teacher.goto(f"{site}/teacher/{chosen.teacher.rotate_feed_token()}/")
    offer = teacher.locator(f"#proposal-{chosen.pk}")
    expect(offer).to_contain_text(chosen.activity.name)
    expect(offer).to_contain_text("社区负责人已采纳")
    teacher.locator("#proposals").screenshot(path=str(ARTIFACTS / "proposal-teacher-page.png"))
    offer.get_by_role("button", name="接单").click()
    expect(teacher.locator(f"#proposal-{chosen.pk} .answer")).to_have_text("接单")
    assert Proposal.objects.get(pk=chosen.pk).answer == Answer.ACCEPTED
    teacher.locator("#proposals").screenshot(path=str(ARTIFACTS / "proposal-teacher-answered.png"))

    page.reload()
    expect(page.locator(f"#taken-{chosen.pk} .answer")).to_have_text("接单")
    page.locator(f"#taken-{chosen.pk}").get_by_role("button", name="报备").click()
    expect(page.locator(f"#taken-{chosen.pk}")).to_contain_text("✓")
    shot(page, "proposals-registered")

    published = Timetable.objects.get(status="published")
    page.goto(f"{site}/coordinate/terms/{term.key}/")
    page.fill("input[name=time_limit]", "10")
    page.click("#start-solve")
    worker = run_worker(max_tasks=1)
    expect(page.locator("#job")).to_have_attribute("data-active", "0", timeout=90_000)
    worker.join(timeout=30)
    solve = SolveJob.objects.order_by("-pk").first()
    assert solve.status == JobStatus.DONE
    assert_verified(solve.timetable, previous=published.pk)
    page.locator(f"#version-{solve.timetable.version}").get_by_role("button", name="发布").click()
    expect(page.locator(".messages")).to_contain_text(f"第 {solve.timetable.version} 版已发布")
    shot(page, "proposals-next-solve-published")

    group = chosen.group
    sessions = Session.objects.filter(timetable=solve.timetable, group=group)
    placed = sorted(sessions.values_list("weekday", "start"))
    assert (len(placed), set(sessions.values_list("teacher", flat=True))) == (len(chosen.weekdays), {chosen.teacher_id})
    feed = page.request.get(f"{site}/feeds/group/{group.key}.ics")
    events = icalendar.Calendar.from_ical(feed.body()).walk("VEVENT")
    starts = sorted((e["DTSTART"].dt.weekday(), e["DTSTART"].dt.hour * 60 + e["DTSTART"].dt.minute) for e in events)
    assert (feed.status, starts) == (200, placed)
    assert {str(e["SUMMARY"]) for e in events} == {chosen.activity.name}
    mine = page.request.get(f"{site}/feeds/teacher/{chosen.teacher.rotate_feed_token()}.ics")
    assert chosen.activity.name in {str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(mine.body()).walk("VEVENT")}
