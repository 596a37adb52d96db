"""The 点单 survey page: free time on a tap grid, ranked wishes over groups and activities nobody offers yet,
age band and community with no preselected answer; bad input writes nothing; a coordinator enters paper surveys."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client

from college.models import Activity, ActivityWish, Community, FreeTime, Interest, InterestGroup, Resident, Timetable
from tests.college.pages.conftest import coordinator
from tests.college.pages.html import text

pytestmark = pytest.mark.django_db


def pk(model: type, key: str) -> str:
    return str(model.objects.get(key=key).pk)


def answers(**changes: object) -> dict[str, object]:
    """孙阿姨 of 小竹 wishes 太极班 first, 作业辅导 (no group offers it) second; free Monday and Thursday mornings."""
    return {
        "community": pk(Community, "xiaozhu"),
        "reach": [pk(Community, "dazhu")],
        "age_band": "senior",
        "free": ["0-morning", "3-morning"],
        "wish_1": f"group:{pk(InterestGroup, 'taichi')}",
        "wish_2": f"activity:{pk(Activity, '作业辅导')}",
        "name": "孙阿姨",
        **changes,
    }


def residents_and_answers() -> tuple[int, int, int, int]:
    return Resident.objects.count(), FreeTime.objects.count(), Interest.objects.count(), ActivityWish.objects.count()


def test_the_survey_offers_groups_and_activities_nobody_offers_with_nothing_preselected(term: object) -> None:
    response = Client().get("/survey/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "太极班 · 小竹社区" in page and ">作业辅导</option>" in page
    assert ">茶艺</option>" not in page  # 茶艺 is offered by a group: wished for as that group
    assert re.findall(r'<input type="radio"[^>]*checked', page) == []
    assert "还没有发布课表" in text(response) or "No timetable is published yet" in text(response)


def test_a_resident_fills_the_survey_before_any_timetable_is_published(term: object) -> None:
    response = Client().post("/survey/", answers())
    assert response.status_code == 302
    resident = Resident.objects.get(name="孙阿姨")
    assert (resident.community.key, resident.age_band) == ("xiaozhu", "senior")
    assert sorted(FreeTime.objects.filter(resident=resident).values_list("weekday", "start", "end")) == [
        (0, 510, 720),
        (3, 510, 720),
    ]
    assert list(resident.interests.values_list("group__key", "kind", "rank")) == [("taichi", "wished", 1)]
    wish = resident.activity_wishes.get()
    assert (wish.activity.name, wish.rank, sorted(wish.reach.values_list("key", flat=True))) == (
        "作业辅导",
        2,
        ["dazhu", "xiaozhu"],
    )


def test_prefer_not_to_say_records_no_age_band_and_the_first_reachable_community(term: object) -> None:
    Client().post("/survey/", answers(community="none", age_band="none", reach=[pk(Community, "dazhu")]))
    resident = Resident.objects.get(name="孙阿姨")
    assert (resident.community.key, resident.age_band) == ("dazhu", "")


def test_skipping_age_band_and_community_is_refused_in_chinese_and_writes_nothing(term: object) -> None:
    before = residents_and_answers()
    data = answers()
    del data["community"], data["age_band"]
    response = Client(headers={"accept-language": "zh-hans"}).post("/survey/", data)
    assert response.status_code == 400
    page = text(response)
    assert "请选择您住的社区，或选“不填”。" in page
    assert "请选择您的年龄段，或选“不填”。" in page
    assert residents_and_answers() == before


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"wish_3": "group:999999"}, "有一个心愿已不在列表里，请重新选择。"),
        ({"wish_3": "activity:abc"}, "有一个心愿已不在列表里，请重新选择。"),
        ({"free": ["9-morning"]}, "请在表格里点选您有空的时间。"),
        ({"free": ["0-midnight"]}, "请在表格里点选您有空的时间。"),
        ({"wish_2": "", "wish_1": ""}, "请至少选一个想参加的小组或活动。"),
    ],
)
def test_bad_answers_get_a_clear_chinese_message_and_nothing_is_written(
    term: object, changes: dict[str, object], message: str
) -> None:
    before = residents_and_answers()
    response = Client(headers={"accept-language": "zh-hans"}).post("/survey/", answers(**changes))
    assert response.status_code == 400
    assert message in text(response)
    assert residents_and_answers() == before


def test_the_same_wish_twice_is_refused(term: object) -> None:
    response = Client(headers={"accept-language": "zh-hans"}).post("/survey/", answers(wish_2=answers()["wish_1"]))
    assert "每个心愿只选一次：同一个选项出现了两次。" in text(response)


def test_more_than_five_wishes_with_enrolments_are_refused(published: Timetable) -> None:
    client = Client(headers={"accept-language": "zh-hans"})
    path = client.post("/survey/", answers())["Location"]
    resident = Resident.objects.get(name="孙阿姨")
    Interest.objects.create(resident=resident, group=InterestGroup.objects.get(key="tea"), kind="enrolled")
    for key, name in (("a1", "书法"), ("a2", "国画"), ("a3", "合唱"), ("a4", "象棋")):
        Activity.objects.create(key=key, name=name, category="arts")
    wishes = {f"wish_{n}": f"activity:{pk(Activity, key)}" for n, key in enumerate(("a1", "a2", "a3", "a4"), 2)}
    response = client.post(f"{path}survey/", answers(**wishes))
    assert response.status_code == 400
    assert "加上已报名的小组，一共 6 个：小组和活动最多 5 个。" in text(response)
    assert resident.activity_wishes.count() == 1


def test_a_resident_changes_their_answers_through_their_private_link(published: Timetable) -> None:
    client = Client()
    path = client.post("/survey/", answers())["Location"]
    page = client.get(f"{path}survey/")
    assert page.status_code == 200
    assert 'value="0-morning" checked' in page.content.decode()
    client.post(f"{path}survey/", answers(free=["5-afternoon"], wish_2=""))
    resident = Resident.objects.get(name="孙阿姨")
    assert list(resident.free_times.values_list("weekday", "start")) == [(5, 840)]
    assert resident.activity_wishes.count() == 0


def test_my_page_and_the_catalogue_link_to_the_survey(published: Timetable) -> None:
    assert "/survey/" in Client().get("/my/").content.decode()
    assert "/survey/" in Client().get("/groups/").content.decode()


def test_my_page_preselects_no_community_and_no_age_band(published: Timetable) -> None:
    page = Client().get("/my/").content.decode()
    assert re.findall(r"<option[^>]*selected", page) == []
    assert re.findall(r'<input type="radio"[^>]*checked', page) == []


def test_a_coordinator_enters_a_paper_survey_for_a_resident_of_their_community(published: Timetable) -> None:
    client = Client()
    client.force_login(coordinator("xiaozhu-coordinator", "xiaozhu"))
    response = client.post("/coordinate/survey/", answers(name="刘奶奶（纸质问卷）"))
    assert response.status_code == 302
    resident = Resident.objects.get(name="刘奶奶（纸质问卷）")
    assert resident.activity_wishes.get().activity.name == "作业辅导"
    assert client.get(response["Location"]).status_code == 200


def test_a_coordinator_of_another_community_neither_enters_nor_opens_a_residents_survey(published: Timetable) -> None:
    client = Client(headers={"accept-language": "zh-hans"})
    client.force_login(coordinator("dazhu-coordinator", "dazhu"))
    before = residents_and_answers()
    response = client.post("/coordinate/survey/", answers())  # a resident of 小竹
    assert response.status_code == 400
    assert "您不能为其他社区的居民录入问卷，只能录入自己社区的。" in text(response)
    assert residents_and_answers() == before
    r1 = Resident.objects.get(key="r1")  # 张阿姨 of 小竹
    assert client.get(f"/coordinate/survey/{r1.key}/").status_code == 404
    assert client.post(f"/coordinate/survey/{r1.key}/", answers(community=pk(Community, "dazhu"))).status_code == 404
    assert residents_and_answers() == before


def test_the_survey_page_knows_when_the_published_groups_meet(published: Timetable) -> None:
    page = Client().get("/survey/").content.decode()
    data = json.loads(re.search(r'<script id="survey-data" type="application/json">(.*?)</script>', page, re.S)[1])
    assert data["groups"][f"group:{pk(InterestGroup, 'taichi')}"] == {
        "name": "太极班",
        "times": [[0, 540, 630], [3, 540, 630]],
    }


def test_the_dashboard_links_to_the_paper_survey_and_the_survey_page(published: Timetable) -> None:
    client = Client()
    client.force_login(coordinator("xiaozhu-coordinator", "xiaozhu"))
    page = client.get(f"/coordinate/terms/{published.term.key}/").content.decode()
    assert 'href="/coordinate/survey/"' in page and 'href="/survey/"' in page
