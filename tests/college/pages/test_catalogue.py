"""The public catalogue: groups of the published timetable by category, audience, community and time."""

from __future__ import annotations

import pytest
from django.test import Client

from college.models import Term, Timetable
from tests.college.calendar.factories import Slot, publish
from tests.college.pages.html import hrefs, text

pytestmark = pytest.mark.django_db


def cards(client: Client, query: str = "") -> list[str]:
    """The group names shown, in order."""
    response = client.get("/groups/" + query)
    return [name for name in ("太极班", "茶艺", "插画") if f">{name}</a></h3>" in response.content.decode()]


def test_catalogue_lists_published_groups_with_times_venues_and_teacher_names(published: Timetable) -> None:
    response = Client().get("/groups/")
    assert response.status_code == 200
    page = text(response)
    assert "2026年秋季学期 · 2026-09-07 – 2027-01-15" in page
    assert "共 2 个小组，显示 2 个" in page
    assert "星期一 09:00–10:30 小竹养老服务中心" in page
    assert "星期四 09:00–10:30 小竹广场" in page
    assert "星期三 19:00–21:00 大竹公司会议室" in page
    assert "老师: 王老师" in page and "老师: 李老师" in page
    assert "/groups/taichi/" in hrefs(response) and "/groups/tea/" in hrefs(response)


def test_catalogue_never_shows_teachers_phone_numbers(published: Timetable) -> None:
    content = Client().get("/groups/").content.decode()
    assert ("13800000001" in content, "13800000002" in content) == (False, False)


def results(client: Client, query: str = "") -> str:
    """The visible text below the filters."""
    return text(client.get("/groups/" + query)).split("个小组，显示", 1)[1]


def test_catalogue_groups_by_category_in_category_order(published: Timetable) -> None:
    page = results(Client())
    assert page.index("体育") < page.index("太极班") < page.index("文化") < page.index("茶艺")


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("?category=sports", ["太极班"]),
        ("?audience=adults", ["茶艺"]),
        ("?community=dazhu", ["茶艺"]),
        ("?day=3", ["太极班"]),
        ("?day=2", ["茶艺"]),
        ("?part=evening", ["茶艺"]),
        ("?part=morning&day=0", ["太极班"]),
        ("?part=afternoon", []),
        ("?q=李老师", ["茶艺"]),
        ("?q=太极", ["太极班"]),
        ("?category=&audience=&community=&day=&part=", ["太极班", "茶艺"]),
    ],
)
def test_catalogue_filters_narrow_the_groups(published: Timetable, query: str, shown: list[str]) -> None:
    assert cards(Client(), query) == shown


def test_catalogue_says_when_no_group_matches(published: Timetable) -> None:
    page = text(Client().get("/groups/?part=afternoon"))
    assert "没有符合条件的小组。" in page
    assert "共 2 个小组，显示 0 个" in page


def test_catalogue_refuses_an_unknown_filter_value_naming_the_field(published: Timetable) -> None:
    response = Client().get("/groups/?day=9")
    assert response.status_code == 400
    assert "星期: 选择一个有效的选项。 9 不在可用的选项中。" in text(response)


def test_catalogue_shows_only_the_published_version_not_drafts(term: Term) -> None:
    published = publish(term, [Slot("taichi", 1, 0, 540, 630, "xz-elderly")])
    draft = Timetable.objects.create(term=term, version=2, status="draft")
    session = published.sessions.get()
    draft.sessions.create(group=session.group, number=1, weekday=4, start=540, end=630, venue=session.venue,
                          teacher=session.teacher)  # fmt: skip
    page = results(Client())
    assert "星期一 09:00–10:30" in page
    assert "星期五" not in page


def test_catalogue_without_a_published_timetable_says_it_is_coming(term: Term) -> None:
    response = Client().get("/groups/")
    assert response.status_code == 200
    assert "课表尚未发布。" in text(response)


def test_catalogue_speaks_english_when_the_browser_asks_for_it(published: Timetable) -> None:
    page = text(Client(headers={"accept-language": "en"}).get("/groups/"))
    assert "2 groups of 2" in page
    assert "Monday 09:00–10:30" in page


def test_language_switcher_changes_the_language_for_the_next_pages(published: Timetable) -> None:
    client = Client()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/groups/tea/"})
    assert (response.status_code, response["Location"]) == (302, "/groups/tea/")
    assert "When and where" in text(client.get("/groups/tea/"))
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/groups/"})
    assert "上课时间和地点" in text(client.get("/groups/tea/"))


def test_site_root_leads_to_the_catalogue() -> None:
    response = Client().get("/")
    assert (response.status_code, response["Location"]) == (302, "/groups/")
