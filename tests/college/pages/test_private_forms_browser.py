"""In headless Chromium: every form on a private page (a resident's /my/<token>/ and its survey, a teacher's
/teacher/<token>/) submits, CSRF check included: the pages keep their link's token on the site with
``Referrer-Policy: same-origin``, so a same-origin POST carries its Origin. A POST made from another site is refused.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, Response, expect

from college.domain.calendar.tokens import rotate_feed_token
from college.domain.versions.timetables import publish
from college.models import (
    Activity,
    Answer,
    Community,
    Interest,
    InterestGroup,
    Proposal,
    ProposalJob,
    Resident,
    Teacher,
    Term,
    Venue,
)
from tests.college.pages.test_browser import browser, shot, site  # noqa: F401 - fixtures
from tests.college.workflow import solve_now

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

EVIL = "http://evil.example"


@pytest.fixture
def published(site: str) -> str:  # noqa: F811
    publish(solve_now(Term.objects.get().pk).timetable_id)
    return site


def proposal_for_qian() -> Proposal:
    """A proposal of a new 夜跑 group in 东湖 that names 钱老师, accepted by the coordinator."""
    job = ProposalJob.objects.create(term=Term.objects.get(), openings=1, time_limit=5, status="done")
    east = Community.objects.get(key="east")
    job.communities.set([east])
    return Proposal.objects.create(
        job=job, activity=Activity.objects.create(name="夜跑", category="sports"), community=east,
        teacher=Teacher.objects.get(key="qian"), venue=Venue.objects.get(key="east-hall"), weekdays=[2],
        start=19 * 60, minutes=60, min_size=1, max_size=10, served=3, wished=3, sessions_left=1, decision="accepted",
    )  # fmt: skip


def submitted(page: Page, click: str) -> Response:
    """Click ``click`` and return the answer to the POST it sends."""
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.click(click)
    return answer.value


def test_a_residents_forms_submit_from_their_private_pages(browser: Browser, published: str) -> None:  # noqa: F811
    resident = Resident.objects.get(key="east-r0")
    assert list(Interest.objects.filter(resident=resident).values_list("group__key", flat=True)) == ["taichi"]
    token = rotate_feed_token("resident", resident.pk)
    page = browser.new_page(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page.goto(f"{published}/my/{token}/")
    page.click("#groups summary")
    page.check(f'#groups input[value="{InterestGroup.objects.get(key="choir").pk}"]')
    assert submitted(page, "#groups button[type=submit]").status == 302
    expect(page.locator(".messages")).to_have_text("已保存您的小组，日历会随之更新。")
    picked = Interest.objects.filter(resident=resident, kind="enrolled").values_list("group__key", flat=True)
    assert sorted(picked) == ["choir", "taichi"]

    page.goto(f"{published}/my/{token}/survey/")
    page.select_option("#id_wish_1", value=f"group:{InterestGroup.objects.get(key='callig').pk}")
    assert submitted(page, ".survey-form button[type=submit]").status == 302
    assert page.url == f"{published}/my/{token}/"
    wished = Interest.objects.filter(resident=resident, kind="wished").values_list("group__key", flat=True)
    assert list(wished) == ["callig"]

    assert submitted(page, "form.lang button[value=en]").status == 302  # the language switch of every page
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert page.url == f"{published}/my/{token}/"
    shot(page, "private-resident-after-forms")


def test_a_teacher_answers_a_proposal_from_their_private_page(browser: Browser, published: str) -> None:  # noqa: F811
    proposal = proposal_for_qian()
    token = Teacher.objects.get(key="qian").rotate_feed_token()
    page = browser.new_page(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page.goto(f"{published}/teacher/{token}/")
    assert submitted(page, f"#proposal-{proposal.pk} button:has-text('接单')").status == 302
    expect(page.locator(f"#proposal-{proposal.pk} .answer")).to_have_text("接单")
    assert Proposal.objects.get(pk=proposal.pk).answer == Answer.ACCEPTED
    shot(page, "private-teacher-answered")


def test_a_post_from_another_site_to_a_private_page_is_refused(browser: Browser, published: str) -> None:  # noqa: F811
    proposal = proposal_for_qian()
    token = Teacher.objects.get(key="qian").rotate_feed_token()
    page = browser.new_page()
    page.goto(f"{published}/teacher/{token}/")  # the teacher has visited their page: the site's cookies are set
    forged = (
        f'<form method="post" action="{published}/teacher/{token}/proposals/{proposal.pk}/">'
        '<input type="hidden" name="answer" value="decline"><button id="go">go</button></form>'
    )
    page.route(f"{EVIL}/", lambda route: route.fulfill(content_type="text/html", body=forged))
    page.goto(f"{EVIL}/")
    assert submitted(page, "#go").status == 403
    assert Proposal.objects.get(pk=proposal.pk).answer == Answer.PENDING
