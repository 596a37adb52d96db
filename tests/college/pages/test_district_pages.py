"""At district scale the residents' pages stay small: the catalogue comes a page at a time with the visitor's own
community first, and a pick list of many groups shows one community's (and whatever is ticked)."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client

from college.domain.people.personal import picked_group_ids
from college.models import Community, Interest, InterestGroup, Resident, Session, Term, Timetable
from tests.college.calendar.factories import publish
from tests.college.pages.html import text

pytestmark = pytest.mark.django_db

PER_COMMUNITY = 65  # two communities: 130 groups, past one catalogue page (40) and one pick list (120)


@pytest.fixture
def district(term: Term) -> Timetable:
    """The tiny college's week published, then 65 more groups in each community, each meeting once a week."""
    timetable = publish(term)
    session = {s.group.community.key: s for s in Session.objects.filter(timetable=timetable).select_related("group")}
    for community, model in session.items():
        for i in range(PER_COMMUNITY):
            group = InterestGroup.objects.get(pk=model.group_id)
            group.pk, group.key, group.name = None, f"{community}-{i:02d}", f"{community}小组{i:02d}"
            group.save()
            Session.objects.create(timetable=timetable, group=group, number=1, weekday=i % 7, start=model.start,
                                   end=model.end, venue_id=model.venue_id, teacher_id=model.teacher_id)  # fmt: skip
    return timetable


def card_names(response: object) -> list[str]:
    return re.findall(r'<h3><a href="/groups/[^"]+/">([^<]+)</a></h3>', response.content.decode())  # type: ignore[attr-defined]


def test_the_catalogue_comes_a_page_at_a_time(district: Timetable) -> None:
    client = Client()
    first = client.get("/groups/")
    assert len(card_names(first)) == 40
    assert "共 132 个小组，显示 132 个" in text(first)
    assert "第 1 页，共 4 页" in text(first)
    last = client.get("/groups/?page=4")
    assert len(card_names(last)) == 12
    every = [name for page in range(1, 5) for name in card_names(client.get(f"/groups/?page={page}"))]
    published = InterestGroup.objects.filter(sessions__timetable=district).values_list("name", flat=True)
    assert sorted(every) == sorted(set(published))


def test_the_next_page_keeps_the_filters(district: Timetable) -> None:
    response = Client().get("/groups/?community=dazhu&day=2")
    assert "共 132 个小组，显示 10 个" in text(response)
    assert set(card_names(response)) == {"茶艺", *(f"dazhu小组{i:02d}" for i in range(2, PER_COMMUNITY, 7))}
    paged = Client().get("/groups/?community=xiaozhu")
    assert 'href="?community=xiaozhu&amp;page=2"' in paged.content.decode()


def test_a_visitor_who_chose_a_community_sees_its_groups_first(district: Timetable) -> None:
    client = Client()
    assert card_names(client.get("/groups/"))[0] == "xiaozhu小组00"  # sports (太极班's copies) first, then culture
    client.get("/groups/?community=dazhu")  # e.g. from the community's poster
    names = card_names(client.get("/groups/"))
    assert names == [f"dazhu小组{i:02d}" for i in range(40)]  # 茶艺's copies, before 茶艺 by name
    assert "文化 · 大竹社区" in text(client.get("/groups/"))


def test_a_long_pick_list_asks_for_the_community_first(district: Timetable) -> None:
    page = Client().get("/my/")
    assert "请选择您所在的社区，查看那里的小组：" in text(page)
    assert 'name="groups"' not in page.content.decode()
    chosen = Client().get("/my/?community=xiaozhu")
    boxes = re.findall(r'name="groups" value="(\d+)"', chosen.content.decode())
    assert len(boxes) == PER_COMMUNITY + 1
    assert set(InterestGroup.objects.filter(pk__in=boxes).values_list("community__key", flat=True)) == {"xiaozhu"}
    picked = Client().get("/my/?pick=dazhu-03&community=xiaozhu")
    assert len(re.findall(r'name="groups" value="(\d+)"', picked.content.decode())) == PER_COMMUNITY + 2


def test_a_residents_page_lists_their_community_and_their_picks_and_saves_picks_from_elsewhere(
    district: Timetable,
) -> None:
    client = Client()
    dazhu_group = InterestGroup.objects.get(key="dazhu-05")
    resident = Resident.objects.filter(community__key="xiaozhu").order_by("pk").first()
    token = resident.rotate_feed_token()
    page = client.get(f"/my/{token}/")
    boxes = set(re.findall(r'name="groups" value="(\d+)"', page.content.decode()))
    ticked = {str(g) for g in picked_group_ids(resident)}
    mine = {str(pk) for pk in InterestGroup.objects.filter(community__key="xiaozhu", sessions__timetable=district)
            .values_list("pk", flat=True)}  # fmt: skip
    assert boxes == mine | ticked
    response = client.post(f"/my/{token}/groups/", {"groups": [str(dazhu_group.pk)]})
    assert response.status_code == 302
    assert picked_group_ids(resident) == {dazhu_group.pk}
    again = client.get(f"/my/{token}/")
    assert f'value="{dazhu_group.pk}" checked' in again.content.decode()


def wish_options(response: object) -> set[str]:
    """The groups the survey's first wish offers (every wish offers the same)."""
    first = re.search(r'<select name="wish_1".*?</select>', response.content.decode(), re.S)  # type: ignore[attr-defined]
    assert first is not None
    return set(re.findall(r'<option value="group:(\d+)"', first.group(0)))


def groups_of(community: str) -> set[str]:
    wishable = InterestGroup.objects.filter(community__key=community, registered=True)
    return {str(pk) for pk in wishable.values_list("pk", flat=True)}


def test_a_long_survey_offers_one_communitys_groups_and_takes_a_wish_from_another(district: Timetable) -> None:
    client = Client()
    page = client.get("/survey/")
    assert "请选择您所在的社区，查看那里的小组：" in text(page)
    assert wish_options(page) == set()
    chosen = client.get("/survey/?community=xiaozhu")
    assert wish_options(chosen) == groups_of("xiaozhu")
    assert (
        len(json.loads(re.search(r'id="survey-data"[^>]*>(.*?)</script>', chosen.content.decode()).group(1))["groups"])
        == 66
    )
    elsewhere = InterestGroup.objects.get(key="dazhu-05")  # e.g. chosen on dazhu's list, then the page reloaded
    xiaozhu, dazhu = (str(c) for c in Community.objects.order_by("key").values_list("pk", flat=True)[::-1])
    answers = {"community": xiaozhu, "age_band": "senior", "free": ["0-morning"], "wish_1": f"group:{elsewhere.pk}"}
    response = client.post("/survey/?community=xiaozhu", answers)
    assert response.status_code == 302
    resident = Resident.objects.get(pk=Interest.objects.get(group=elsewhere, kind="wished").resident_id)
    page = client.get(f"{response['Location']}survey/")  # the private link's survey: the resident's own community
    assert wish_options(page) == groups_of("xiaozhu") | {str(elsewhere.pk)}
    assert f'<option value="group:{elsewhere.pk}" selected>' in page.content.decode()
    assert resident.community.key == "xiaozhu"


def test_a_paper_survey_of_a_resident_offers_their_communitys_groups_and_their_wishes(
    district: Timetable, district_client: Client
) -> None:
    resident = Resident.objects.get(key="r2")  # 陈先生 of 大竹, who also wishes for a group of 小竹
    elsewhere = InterestGroup.objects.get(key="xiaozhu-03")
    Interest.objects.create(resident=resident, group=elsewhere, kind="wished", rank=2)
    page = district_client.get(f"/coordinate/survey/{resident.key}/")
    assert wish_options(page) == groups_of("dazhu") | {str(elsewhere.pk)}
    assert f'<option value="group:{elsewhere.pk}" selected>' in page.content.decode()


def test_the_demand_page_of_many_groups_lists_one_communitys_and_links_each_communitys_totals(
    district: Timetable, district_client: Client
) -> None:
    path = f"/coordinate/timetables/{district.pk}/demand/"
    first = district_client.get(path)  # opens on 小竹社区, as its heatmap does
    assert "仅列出小竹社区的小组：请在上方选择其他社区，或点击“按社区”表中的社区。" in text(first)
    assert group_rows(first) == names_of("xiaozhu")
    assert '<a href="?community=dazhu&amp;audience=all#group-demand">大竹社区</a>' in first.content.decode()
    assert group_rows(district_client.get(path + "?community=dazhu")) == names_of("dazhu")


def group_rows(response: object) -> set[str]:
    table = response.content.decode().split('id="group-demand"')[1]  # type: ignore[attr-defined]
    return set(re.findall(r'<tr><th scope="row">([^<]+)</th>', table))


def names_of(community: str) -> set[str]:
    return set(InterestGroup.objects.filter(community__key=community, registered=True).values_list("name", flat=True))
