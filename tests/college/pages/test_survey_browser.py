"""In headless Chromium on a 390×844 phone: a resident fills the 点单 survey (a group, an activity nobody offers,
free time, a clash warning seen); the coordinator's dashboard, demand page and diff show the figures.
Screenshots land in ``test-artifacts/`` as the other browser tests' do."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from college.domain.demand.figures import figures_of
from college.domain.people import coordinators
from college.domain.problem.prepare import build_problem
from college.domain.records.load import load_college
from college.domain.versions.timetables import publish as publish_version
from college.domain.versions.timetables import saved_assignments
from college.models import ActivityWish, Community, InterestGroup, Resident, Term, Timetable
from fixtures.demo import TERM, demo_college
from fixtures.generator import generate_with_timetable
from scheduler.verify import verify
from tests.college.calendar.factories import WEEK, make_autumn_term, publish
from tests.college.generated import load_with_witness
from tests.college.pages import test_browser as chromium
from tests.college.workflow import solve_now

browser = chromium.browser  # the same headless Debian chromium fixture
PASSWORD, ARTIFACTS, shot = chromium.PASSWORD, chromium.ARTIFACTS, chromium.shot

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def site(live_server: object) -> str:
    """The tiny college: v1 published, then v2 where 茶艺 moved to Monday 09:00, at the same time as 太极班."""
    term = make_autumn_term()
    publish(term)
    clash = tuple(s._replace(weekday=0, start=9 * 60, end=11 * 60) if s.group == "tea" else s for s in WEEK)
    publish(term, clash)
    coordinators.make_coordinator("district", PASSWORD)
    return live_server.url  # type: ignore[attr-defined]


def test_a_resident_orders_on_a_phone_and_the_coordinator_sees_the_demand(browser: Browser, site: str) -> None:
    page = browser.new_page(locale="zh-CN", viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page.goto(site + "/my/")
    assert page.locator("input[type=radio]:checked").count() == 0  # no community or age band chosen for them
    shot(page, "my-new-phone")
    page.get_by_role("link", name="告诉我们您想学什么").first.click()
    expect(page.get_by_role("heading", name="您想学什么？")).to_be_visible()
    assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 16
    assert page.locator(".free-grid .tap").first.bounding_box()["height"] >= 44

    page.select_option("#id_wish_1", label="太极班 · 小竹社区 · 星期一 09:00 · 星期四 09:00")
    page.select_option("#id_wish_2", label="茶艺 · 大竹社区 · 星期一 09:00")
    page.select_option("#id_wish_3", label="作业辅导")
    page.locator("input[name=free][value='0-morning']").check()  # Monday morning only
    warnings = page.locator("#survey-warnings")
    expect(warnings).to_contain_text("太极班和茶艺时间冲突（星期一 09:00–10:30）：您只能去其中一个。")
    expect(warnings).to_contain_text("太极班在星期四 09:00–10:30上课，不在您点选的空闲时间里。")
    page.get_by_text("小竹社区", exact=True).first.click()
    page.get_by_text("老年", exact=True).click()
    assert page.locator(".site-header").bounding_box()["y"] < 0  # scrolled away: the form has the whole screen
    page.locator("#step-wishes").scroll_into_view_if_needed()
    shot(page, "survey-phone")
    page.locator("#survey-warnings").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "survey-phone-warnings.png"))
    page.get_by_role("button", name="提交我的心愿").click()
    expect(page.locator(".messages")).to_contain_text("谢谢！您的心愿已收到。")
    expect(page.locator("#my-wishes li")).to_have_text(["太极班", "茶艺", "作业辅导"])
    resident = Resident.objects.get(key__startswith="survey-")
    assert (resident.community.key, resident.age_band) == ("xiaozhu", "senior")
    assert [w.activity.name for w in ActivityWish.objects.filter(resident=resident)] == ["作业辅导"]
    shot(page, "survey-phone-done")

    coordinator = browser.new_page(locale="zh-CN", viewport={"width": 1280, "height": 900})
    coordinator.goto(site + "/coordinate/")
    coordinator.fill("#id_username", "district")
    coordinator.fill("#id_password", PASSWORD)
    coordinator.get_by_role("button", name="登录").click()
    coordinator.get_by_role("link", name="2026年秋季学期").click()
    expect(coordinator.locator("#demand-summary")).to_contain_text("贪心首次适配基线")
    shot(coordinator, "demand-dashboard")
    v1, v2 = Timetable.objects.order_by("version")
    coordinator.goto(f"{site}/coordinate/timetables/{v2.pk}/demand/")
    expect(coordinator.locator("#unmet-activities")).to_contain_text("作业辅导")
    expect(coordinator.locator("svg.heatmap rect")).to_have_count(7 * 15)
    shot(coordinator, "demand-version-heatmap")
    coordinator.goto(f"{site}/coordinate/timetables/{v1.pk}/diff/{v2.pk}/")
    expect(coordinator.locator("#demand-gains")).to_contain_text("可参加的心愿")
    shot(coordinator, "demand-diff")


@pytest.fixture
def demo_site(live_server: object) -> str:
    """The 龙竹 demo college solved for 10 seconds and published, with its residents' activity wishes."""
    load_college(demo_college())
    term = Term.objects.get(key=TERM.key)
    publish_version(solve_now(term.pk, time_limit=10).timetable.pk)
    coordinators.make_coordinator("district", PASSWORD)
    return live_server.url  # type: ignore[attr-defined]


def test_the_demos_demand_page_shows_clear_unmet_demand_and_the_heatmap(browser: Browser, demo_site: str) -> None:
    timetable = Timetable.objects.get(status="published")
    figures = figures_of(timetable)
    problem = build_problem(timetable.term_id, previous=None)
    report = verify(problem, saved_assignments(timetable.pk, problem))
    assert (figures["total"], figures["attendable"]) == (report.interests, report.attendable)
    unmet = {(row["activity"], row["community"]): len(row["residents"]) for row in figures["unmet_activities"]}
    assert unmet[("作业辅导", "longzhu")] >= 3 and unmet[("科普实验", "longzhu")] >= 3

    page = browser.new_page(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page.goto(demo_site + "/coordinate/")
    page.fill("#id_username", "district")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.goto(f"{demo_site}/coordinate/timetables/{timetable.pk}/demand/?community=longzhu&audience=elderly")
    share = f"{report.attendable / report.interests:.0%}"
    cells = page.locator("#demand-summary tbody tr").first.locator("td")
    expect(cells).to_have_text([str(report.interests), str(report.attendable), share])
    expect(page.locator("#unmet-activities")).to_contain_text("作业辅导")
    page.locator("#unmet-activities details").first.click()
    shot(page, "demand-demo-version")
    page.locator("#heatmap").screenshot(path=str(ARTIFACTS / "demand-demo-heatmap.png"))
    page.locator("#unmet-activities").screenshot(path=str(ARTIFACTS / "demand-demo-unmet-activities.png"))


@pytest.fixture
def district_site(live_server: object) -> str:
    """A generated district (30 communities, 1,000 groups, few residents) with its witness timetable published."""
    sizes = dict(communities=30, groups=1000, venues=600, teachers=750, residents=600)
    load_with_witness(generate_with_timetable(seed=1, **sizes))
    return live_server.url  # type: ignore[attr-defined]


def test_a_resident_of_a_district_picks_her_community_then_one_of_its_groups_on_a_phone(
    browser: Browser, district_site: str
) -> None:
    page = browser.new_page(locale="zh-CN", viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page.goto(district_site + "/survey/")
    chooser = page.locator("nav.pick-communities")
    expect(chooser).to_contain_text("请选择您所在的社区，查看那里的小组：")
    expect(chooser.locator("a")).to_have_count(30)
    assert page.locator("#id_wish_1 option[value^='group:']").count() == 0  # no list of 1,000 groups to scroll
    community, neighbour = Community.objects.order_by("pk")[4], Community.objects.order_by("pk")[5]
    chooser.get_by_role("link", name=community.name, exact=True).click()
    expect(chooser).to_contain_text(f"{community.name}的小组")
    offered = page.locator("#id_wish_1 option[value^='group:']")
    registered = InterestGroup.objects.filter(community=community, registered=True)
    expect(offered).to_have_count(registered.count())
    assert chooser.locator("a").first.bounding_box()["height"] >= 44
    assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 16
    group = registered.order_by("pk").first()
    page.select_option("#id_wish_1", value=f"group:{group.pk}")
    page.locator("input[name=free][value='1-morning']").check()
    expect(page.locator(f"input[name=community][value='{community.pk}']")).to_be_checked()  # picked above
    expect(page.locator("input[name=reach]").first).to_be_hidden()  # 30 more communities folded away
    page.get_by_text("老年", exact=True).click()
    shot(page, "survey-district-phone")
    page.locator("details.reach summary").click()
    page.locator("details.reach").get_by_text(neighbour.name, exact=True).click()  # unfolded: tappable
    expect(page.locator(f"input[name=reach][value='{neighbour.pk}']")).to_be_checked()
    page.get_by_role("button", name="提交我的心愿").click()
    expect(page.locator(".messages")).to_contain_text("谢谢！您的心愿已收到。")
    expect(page.locator("#my-wishes li")).to_have_text([group.name])
    resident = Resident.objects.get(key__startswith="survey-")
    assert (resident.community_id, resident.age_band) == (community.pk, "senior")
