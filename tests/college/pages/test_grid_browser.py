"""In headless Chromium: the coordinator's week grid drawn to real time on a laptop screen, and the issue's walk
through it: a solve with one impossible group places the rest and says why in Chinese; drag a session in the draft,
see the score change, save; cancel one date from the published grid; publish; find both in the feeds.

Screenshots land in ``test-artifacts/`` (grid-laptop, grid-teacher-week, grid-drag-preview, grid-cancel-panel)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect

from college.domain.records.load import load_college
from college.domain.records.types import TermRecord
from college.domain.versions.moves import Move, preview_move
from college.domain.versions.timetables import publish
from college.models import Community, InterestGroup, OccurrenceChange, Session, Term, Timetable
from college.views.coordinator import week
from fixtures.generator import generate_with_timetable
from tests.college.calendar.parsing import SHANGHAI, expand_with_icalendar
from tests.college.generated import load_with_witness
from tests.college.pages.test_browser import browser, log_in, shot, site  # noqa: F401 - fixtures
from tests.college.workflow import TERM_KEY, assert_verified, solve_now, two_towns

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


def future_term() -> None:
    """The two towns with a term that starts this week, so some of its dates are still to come (a one-off change
    refuses the past)."""
    monday = timezone.localdate() - dt.timedelta(days=timezone.localdate().weekday())
    term = TermRecord(TERM_KEY, "示范学期", monday, monday + dt.timedelta(weeks=16, days=4))
    Term.objects.all().delete()
    load_college(dataclasses.replace(two_towns(), terms=(term,)))


def allowed_target(session: Session) -> Move:
    """A weekday and start (another day) where the verifier lets the draft's ``session`` go."""
    for weekday in (d for d in range(7) if d != session.weekday):
        for start in session.timetable.term.slot_starts:
            move = Move(session.pk, weekday, start)
            if preview_move(move).allowed:
                return move
    raise AssertionError(f"no free place for {session}")


def test_drag_cancel_publish_and_find_both_in_the_feeds(browser: Browser, site: str) -> None:  # noqa: F811
    future_term()
    term = Term.objects.get()
    published = solve_now(term.pk).timetable_id
    publish(published)
    # One group now asks for the impossible: the next solve places everything else and says why.
    InterestGroup.objects.filter(key="drones").update(max_size=500, facilities=["kitchen", "piano"])
    draft = solve_now(term.pk).timetable_id  # version 2, close to the published one
    assert Timetable.objects.get(pk=draft).unplaced_keys == ("drones",)
    assert_verified(Timetable.objects.get(pk=draft), previous=published)
    choir = Session.objects.select_related("timetable__term").get(timetable_id=draft, group__key="choir")
    move = allowed_target(choir)
    page = browser.new_page(locale="zh-CN", viewport={"width": 1366, "height": 1500})
    page.on("dialog", lambda dialog: dialog.accept())  # "Publish version 2? …"
    log_in(page, site)
    page.goto(f"{site}/coordinate/terms/{term.key}/")
    left_out = page.locator("#unscheduled")
    expect(left_out).to_contain_text("无人机")
    expect(left_out).to_contain_text("至少 500 个座位、厨房、钢琴的场地：没有场地全部满足。")

    # Drag 合唱 to another day and time in the draft; the panel previews the score before anything is saved.
    page.goto(f"{site}/coordinate/timetables/{draft}/")
    block = page.locator(f'.session.block[data-session="{choir.pk}"]')
    box = block.bounding_box()
    column = page.locator(f'.tg-day[data-weekday="{move.weekday}"]').bounding_box()
    first = int(page.locator(".timegrid").get_attribute("data-first"))
    per_minute = page.locator(".tg-body").bounding_box()["height"] / int(
        page.locator(".timegrid").evaluate("g => getComputedStyle(g).getPropertyValue('--minutes')")
    )
    page.mouse.move(box["x"] + 12, box["y"] + 6)
    page.mouse.down()
    page.mouse.move(column["x"] + column["width"] / 2, column["y"] + (move.start - first) * per_minute + 6, steps=15)
    page.mouse.up()
    preview = page.locator("#move-preview")
    expect(preview).to_contain_text("所有硬性规则都满足。")
    expected = preview_move(move)
    score = f"{expected.before.objective} → {expected.after.objective}"
    expect(preview.locator("[data-field=score]")).to_contain_text(score)
    assert Session.objects.get(pk=choir.pk).weekday == choir.weekday  # nothing saved by a drag alone
    shot(page, "grid-drag-preview")
    page.click("#save-move")
    expect(page.locator(".messages")).to_contain_text(f"得分 {score}")
    moved = Session.objects.get(pk=choir.pk)
    assert (moved.weekday, moved.start) == (move.weekday, move.start)
    assert_verified(Timetable.objects.get(pk=draft), previous=published)
    expect(page.locator(f'.session.block.moved[data-session="{choir.pk}"]')).to_be_visible()

    # Cancel one coming date of 舞蹈 from the published week's grid.
    dance = Session.objects.filter(timetable_id=published, group__key="dance").order_by("number").first()
    page.goto(f"{site}/coordinate/timetables/{published}/")
    page.locator(f'.session.block[data-session="{dance.pk}"]').click()
    form = page.locator("#one-off-form")
    expect(form).to_be_visible()
    day = form.locator("select[name=date] option").first.get_attribute("value")
    form.locator("select[name=date]").select_option(day)
    form.locator("input[name=reason]").fill("场地检修")
    shot(page, "grid-cancel-panel")
    page.click("#save-one-off")
    expect(page.locator(".messages")).to_contain_text("舞蹈")
    expect(page.locator(".messages")).to_contain_text("已停课")
    assert OccurrenceChange.objects.get().date == dt.date.fromisoformat(day)

    # Publish the draft; both changes are in the feeds.
    page.goto(f"{site}/coordinate/terms/{term.key}/")
    page.locator("#version-2").get_by_role("button", name="发布").click()
    expect(page.locator(".messages")).to_contain_text("第 2 版已发布")
    choir_feed = expand_with_icalendar(page.request.get(f"{site}/feeds/group/choir.ics").body())
    assert choir_feed and {(m.start.astimezone(SHANGHAI).weekday(), _minutes(m.start)) for m in choir_feed} == {
        (move.weekday, move.start)
    }
    dance_dates = {m.start.astimezone(SHANGHAI).date() for m in expand_with_icalendar(
        page.request.get(f"{site}/feeds/group/dance.ics").body())}  # fmt: skip
    assert dt.date.fromisoformat(day) not in dance_dates
    assert dt.date.fromisoformat(day) + dt.timedelta(weeks=1) in dance_dates


def _minutes(moment: dt.datetime) -> int:
    local = moment.astimezone(SHANGHAI)
    return local.hour * 60 + local.minute


def test_a_term_of_many_communities_opens_on_one_community_that_fits_a_laptop(
    browser: Browser,  # noqa: F811
    site: str,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(week, "DRAWN_AT_MOST", 100)  # all eight communities are more than that: counted, not drawn
    generated = generate_with_timetable(seed=3, communities=8, groups=160, venues=60, teachers=110, residents=800)
    Term.objects.all().delete()
    InterestGroup.objects.update(registered=False)  # the site's two towns: not part of this college's term
    timetable = load_with_witness(generated)
    first = Community.objects.filter(interest_groups__sessions__timetable=timetable).distinct().order_by("name")[0]
    page = browser.new_page(locale="zh-CN", viewport=LAPTOP)
    log_in(page, site)
    page.goto(f"{site}/coordinate/timetables/{timetable.pk}/")
    assert page.url.endswith(f"?community={first.pk}")
    mine = Session.objects.filter(timetable=timetable, group__community=first).count()
    expect(page.locator(".timegrid .session.block")).to_have_count(mine)
    expect(page.locator(".result-count")).to_contain_text(f"每周 {mine} 节课")
    assert page.evaluate("document.documentElement.scrollWidth") <= LAPTOP["width"]
    shot(page, "grid-laptop-one-of-eight-communities")
    page.select_option("select[name=category]", "sports")  # filters apply on change
    expect(page.locator(".timegrid .session.block.cat-sports").first).to_be_visible()
    assert page.locator(".timegrid .session.block:not(.cat-sports)").count() == 0
    page.goto(f"{site}/coordinate/timetables/{timetable.pk}/?community=")  # the whole district: one line each
    used = Community.objects.filter(interest_groups__sessions__timetable=timetable).distinct().count()
    expect(page.locator(".week-overview tbody tr")).to_have_count(used)
    assert page.locator(".timegrid").count() == 0
    expect(page.locator(".result-count")).to_contain_text(f"每周 {timetable.sessions.count()} 节课")
    assert page.evaluate("document.documentElement.scrollWidth") <= LAPTOP["width"]
    shot(page, "grid-laptop-eight-communities-counted")
    page.locator(".week-overview tbody th a").first.click()
    expect(page.locator(".timegrid .session.block")).to_have_count(mine)
    assert page.url.endswith(f"?community={first.pk}")
