"""The coordinators' week drawn to real time: a session spans its length, overlapping sessions stand side by side,
a teacher's unavailable and a venue's closed hours are shaded, hard-rule conflicts are red, a draft outlines what
moved from the published version, and a week of many communities opens on one of them."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.test import Client

from college.domain.versions.timegrid import Marks, time_grid
from college.models import (
    Community,
    InterestGroup,
    Session,
    Teacher,
    TeacherAvailability,
    Term,
    Timetable,
    Venue,
    VenueClosure,
)
from college.views.coordinator import week
from tests.college.calendar.factories import WEEK, Slot, publish
from tests.college.pages.html import hrefs, text

pytestmark = pytest.mark.django_db

BLOCK = re.compile(r'<a role="listitem" class="session block ([^"]*)"\s+style="--top: (\d+); --len: (\d+); '
                   r'--lane: (\d+); --lanes: (\d+)"[^>]*title="([^"]*)">\s*<strong>([^<]+)</strong>')  # fmt: skip
DAY = re.compile(r'<div class="tg-day[^"]*" data-weekday="(\d)"')
SHADE = re.compile(r'<div class="tg-shade (\w+)" style="--top: (\d+); --len: (\d+)"')


@dataclass(frozen=True)
class Drawn:
    weekday: int
    group: str
    top: int
    length: int
    lane: int
    lanes: int
    classes: frozenset[str]
    title: str


def blocks(html: str) -> list[Drawn]:
    """Every session block of a time grid, with the day column it is drawn in."""
    found = []
    parts = DAY.split(html.split('class="agenda"')[0])
    for weekday, column in zip(parts[1::2], parts[2::2], strict=True):
        for classes, top, length, lane, lanes, title, group in BLOCK.findall(column):
            found.append(Drawn(int(weekday), group, int(top), int(length), int(lane), int(lanes),
                               frozenset(classes.split()), title))  # fmt: skip
    return found


def shades(html: str) -> dict[int, list[tuple[str, int, int]]]:
    parts = DAY.split(html.split('class="agenda"')[0])
    return {
        int(day): [(kind, int(top), int(length)) for kind, top, length in SHADE.findall(column)]
        for day, column in zip(parts[1::2], parts[2::2], strict=True)
    }


def page(client: Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_each_session_spans_its_length_from_its_start(district_client: Client, published: Timetable) -> None:
    drawn = blocks(page(district_client, f"/coordinate/timetables/{published.pk}/"))
    # The grid starts at 08:00: 09:00–10:30 is 60 minutes down and 90 long; 19:00–21:00 is 660 down, 120 long.
    assert [(b.weekday, b.group, b.top, b.length) for b in drawn] == [
        (0, "太极班", 60, 90),
        (2, "茶艺", 660, 120),
        (3, "太极班", 60, 90),
    ]


def test_overlapping_sessions_stand_side_by_side_and_the_next_one_takes_the_whole_width(term: Term) -> None:
    slots = (*WEEK, Slot("sketch", 1, 0, 10 * 60, 11 * 60, "xz-plaza"), Slot("tea", 1, 0, 11 * 60, 13 * 60, "dz-room"))
    timetable = publish(term, (s for s in slots if (s.group, s.number) != ("tea", 1) or s.weekday == 0))
    sessions = list(Session.objects.filter(timetable=timetable).select_related("group"))
    grid = time_grid(term, sessions)
    monday = [(b.session.group.name, b.lane, b.lanes) for b in grid.days[0].blocks]
    assert monday == [("太极班", 0, 2), ("插画", 1, 2), ("茶艺", 0, 1)]


def test_the_teachers_week_shades_the_hours_they_cannot_teach(district_client: Client, published: Timetable) -> None:
    html = page(district_client, f"/coordinate/timetables/{published.pk}/teachers/wang/")
    shaded = shades(html)
    # 王老师 teaches 08:00–12:00 on weekdays: shaded from 12:00 to 21:00, and all of Saturday and Sunday.
    assert shaded[0] == [("unavailable", 240, 540)]
    assert shaded[5] == shaded[6] == [("unavailable", 0, 780)]
    assert "不可授课" in text_of(html)


def test_the_venues_week_shades_closed_hours_and_a_weekday_closed_from_a_date(
    district_client: Client, published: Timetable
) -> None:
    venue = Venue.objects.get(key="xz-elderly")
    VenueClosure.objects.create(venue=venue, from_date=published.term.first_day, weekday=3, reason="装修")
    shaded = shades(page(district_client, f"/coordinate/timetables/{published.pk}/venues/xz-elderly/"))
    assert shaded[0] == [("closed", 240, 540)]  # open 08:00–12:00
    assert shaded[3] == [("closed", 0, 780)]  # closed on Thursdays from the start of the term


def test_a_session_that_breaks_a_hard_rule_with_todays_data_is_red_and_says_why(
    district_client: Client, published: Timetable
) -> None:
    TeacherAvailability.objects.filter(teacher__key="wang", weekday=0).delete()  # 王老师 no longer teaches Mondays
    html = page(district_client, f"/coordinate/timetables/{published.pk}/")
    red = {(b.weekday, b.group): b.title for b in blocks(html) if "conflict" in b.classes}
    # 茶艺 needs a tea set that 大竹公司会议室 lacks (the tiny college's known flaw); 太极班's Monday lost its teacher.
    assert sorted(red) == [(0, "太极班"), (2, "茶艺")]
    assert red[(0, "太极班")].endswith("· 老师此时没空")
    assert red[(2, "茶艺")].endswith("· 场地缺少小组需要的设施")
    assert "这一版按今天的数据违反 2 条硬性规则" in text(district_client.get(f"/coordinate/timetables/{published.pk}/"))


def test_a_draft_outlines_the_sessions_that_moved_from_the_published_version(
    district_client: Client, published: Timetable
) -> None:
    term = published.term
    draft = Timetable.objects.create(term=term, version=2, status="draft")
    for s in Session.objects.filter(timetable=published):
        s.pk, s.timetable = None, draft
        if (s.group.key, s.number) == ("taichi", 2):
            s.weekday = 4  # Thursday → Friday
        s.save()
    html = page(district_client, f"/coordinate/timetables/{draft.pk}/")
    outlined = [(b.weekday, b.group, b.title.rsplit("· ", 1)[1]) for b in blocks(html) if "moved" in b.classes]
    assert outlined == [(4, "太极班", "原为 星期四 09:00–10:30 小竹广场")]
    assert "1 节课与已发布版本不同（虚线框出）" in text_of(html)
    in_published = blocks(page(district_client, f"/coordinate/timetables/{published.pk}/"))
    assert [b for b in in_published if "moved" in b.classes] == []


def test_a_week_of_many_communities_opens_on_one_and_all_stays_one_choice_away(
    district_client: Client, published: Timetable, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(week, "MANY_COMMUNITIES", 1)
    path = f"/coordinate/timetables/{published.pk}/"
    response = district_client.get(path)
    dazhu = Community.objects.get(key="dazhu").pk  # 大竹社区 sorts before 小竹社区
    assert (response.status_code, response["Location"]) == (302, f"{path}?community={dazhu}")
    assert [b.group for b in blocks(page(district_client, response["Location"]))] == ["茶艺"]
    assert len(blocks(page(district_client, f"/coordinate/timetables/{published.pk}/?community="))) == 3


def overview(html: str) -> list[list[str]]:
    """The lines of a week counted by community: name, Monday … Sunday, sessions, breaking a hard rule."""
    body = html.split('class="plain week-overview"', 1)[1].split("</tbody>", 1)[0].split("<tbody>", 1)[1]
    return [[re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)]
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]  # fmt: skip


def test_a_week_too_big_to_draw_is_counted_by_community_each_a_link_to_its_week(
    district_client: Client, published: Timetable, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(week, "DRAWN_AT_MOST", 2)
    path = f"/coordinate/timetables/{published.pk}/"
    response = district_client.get(path + "?community=")
    html = response.content.decode()
    assert (response.status_code, blocks(html)) == (200, [])
    assert overview(html) == [
        ["大竹社区", "", "", "1", "", "", "", "", "1", "1"],  # 茶艺's venue lacks the tea set it needs
        ["小竹社区", "1", "", "", "1", "", "", "", "2", ""],
    ]
    notice = "每周 3 节课 这一版按今天的数据违反 1 条硬性规则： 场地缺少小组需要的设施：茶艺 课太多，无法一次画出"
    assert notice in text(response)
    dazhu, xiaozhu = Community.objects.get(key="dazhu").pk, Community.objects.get(key="xiaozhu").pk
    links = [h for h in hrefs(response) if "community=" in h]
    assert links == [f"{path}?community={dazhu}", f"{path}?community={xiaozhu}"]
    sports = page(district_client, path + "?community=&category=sports")  # two sessions: drawn
    assert [(b.weekday, b.group) for b in blocks(sports)] == [(0, "太极班"), (3, "太极班")]
    kept = hrefs(district_client.get(path + "?community=&audience=&category="))
    assert f"{path}?community={dazhu}&audience=&category=" in kept


def test_a_coordinator_of_one_community_counts_only_hers(
    xiaozhu_client: Client, published: Timetable, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(week, "DRAWN_AT_MOST", 1)
    html = page(xiaozhu_client, f"/coordinate/timetables/{published.pk}/?community=")
    assert overview(html) == [["小竹社区", "1", "", "", "1", "", "", "", "2", ""]]
    assert "茶艺" not in html and "大竹" not in html.split('class="plain week-overview"', 1)[1]


def test_marks_default_to_nothing_marked(term: Term) -> None:
    timetable = publish(term)
    grid = time_grid(term, list(Session.objects.filter(timetable=timetable).select_related("group")), Marks())
    assert (grid.conflict_count, grid.moved, [len(d.shades) for d in grid.days]) == (0, 0, [0] * 7)
    assert InterestGroup.objects.count() == 3 and Teacher.objects.count() == 2


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_conflict_notice_names_groups_in_view_and_counts_the_rest(
    district_client: Client, published: Timetable
) -> None:
    TeacherAvailability.objects.filter(teacher__key="wang", weekday=0).delete()  # 太极班's Monday breaks a rule
    InterestGroup.objects.filter(key="sketch").update(registered=True)  # registered now, no session in version 1
    dazhu = Community.objects.get(key="dazhu").pk
    page = text(district_client.get(f"/coordinate/timetables/{published.pk}/?community={dazhu}"))
    notice = page.split("这一版按今天的数据违反 3 条硬性规则：", 1)[1].split("星期一", 1)[0]
    assert notice.split() == [
        "不是其小组的有效安排：插画", "场地缺少小组需要的设施：茶艺", "另有", "1", "条在筛选之外的课里。"
    ]  # fmt: skip
