"""A resident's own picks feed the solver's demand: at most five interests, not changed without end, and not
made by the hundred from one network."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client, override_settings
from freezegun import freeze_time

from college.models import Interest, InterestGroup, NewCalendarQuota, Resident, Session, Timetable
from tests.college.pages.html import text
from tests.college.pages.test_personal import community_id, group_id, start

pytestmark = pytest.mark.django_db

EXTRA = ("yoga", "choir", "chess", "calligraphy", "dance")


@pytest.fixture
def seven_groups(published: Timetable) -> Timetable:
    """The published week with five more groups (copies of 茶艺 on other evenings): seven to pick from."""
    tea = InterestGroup.objects.get(key="tea")
    session = Session.objects.get(timetable=published, group=tea)
    for day, key in enumerate(EXTRA):
        group = InterestGroup.objects.get(key="tea")
        group.pk, group.key, group.name = None, key, f"{key} 班"
        group.save()
        Session.objects.create(timetable=published, group=group, number=1, weekday=day if day != 2 else 5,
                               start=session.start, end=session.end, venue=session.venue,
                               teacher=session.teacher)  # fmt: skip
    return published


def enrolled(path: str) -> list[str]:
    resident = Resident.objects.get(key__startswith="web-")
    assert Resident.by_feed_token(path.split("/")[2]) == resident
    return sorted(resident.interests.filter(kind="enrolled").values_list("group__key", flat=True))


def test_picking_six_groups_is_refused_in_chinese_and_makes_no_calendar(seven_groups: Timetable) -> None:
    response = Client().post("/my/", {"groups": [group_id(k) for k in ("tea", *EXTRA)],
                                      "community": str(InterestGroup.objects.get(key="tea").community_id),
                                      "age_band": "senior"})  # fmt: skip
    assert response.status_code == 400
    assert "最多选择 5 个小组，您选了 6 个。" in text(response)
    assert Resident.objects.filter(key__startswith="web-").count() == 0


def test_five_groups_are_fine_and_a_sixth_is_refused_keeping_the_five(seven_groups: Timetable) -> None:
    client = Client()
    path = start(client, "tea", *EXTRA[:4])
    response = client.post(path + "groups/", {"groups": [group_id(k) for k in ("taichi", "tea", *EXTRA[:4])]})
    assert response.status_code == 400
    assert "最多选择 5 个小组，您选了 6 个。" in text(response)
    assert enrolled(path) == sorted(("tea", *EXTRA[:4]))


def test_wishes_from_the_survey_count_towards_the_five(seven_groups: Timetable) -> None:
    client = Client()
    path = start(client, "tea")
    resident = Resident.objects.get(key__startswith="web-")
    for rank, key in enumerate(("yoga", "choir"), start=1):
        Interest.objects.create(resident=resident, group=InterestGroup.objects.get(key=key), kind="wished", rank=rank)
    four = [group_id(k) for k in ("tea", "chess", "calligraphy", "dance")]
    response = client.post(path + "groups/", {"groups": four})
    assert response.status_code == 400
    assert (
        "加上您在点单问卷中填写的 2 个意向小组，一共 6 个：最多 5 个（请取消勾选一些，或请协调员删去一个意向）。"
        in text(response)
    )
    with_a_wish = [group_id(k) for k in ("tea", "yoga", "chess", "calligraphy")]  # 意向 yoga becomes an enrolment
    assert client.post(path + "groups/", {"groups": with_a_wish}).status_code == 302
    assert enrolled(path) == ["calligraphy", "chess", "tea", "yoga"]


def test_the_eleventh_change_within_an_hour_is_refused_saying_when_to_try_again(seven_groups: Timetable) -> None:
    client = Client()
    with freeze_time("2026-09-16 02:00", tz_offset=0) as clock:  # 10:00 in Shanghai
        path = start(client, "tea")  # the first change: the calendar itself
        for minute in range(9):
            clock.tick(dt.timedelta(minutes=5))
            picks = ["tea", EXTRA[minute % 5]]
            assert client.post(path + "groups/", {"groups": [group_id(k) for k in picks]}).status_code == 302
        clock.tick(dt.timedelta(minutes=5))
        response = client.post(path + "groups/", {"groups": [group_id("taichi")]})
        assert response.status_code == 429
        assert "您在一小时内已经修改了 10 次小组：请在 11:00 之后再试。" in text(response)
        assert enrolled(path) == ["calligraphy", "tea"]  # the tenth change stands
        clock.tick(dt.timedelta(minutes=10))  # 11:00
        assert client.post(path + "groups/", {"groups": [group_id("taichi")]}).status_code == 302
        assert enrolled(path) == ["taichi"]


def new_calendar(client: Client, **headers: str):
    data = {"groups": [group_id("tea")], "community": community_id("xiaozhu"), "age_band": "adult", "name": ""}
    return client.post("/my/", data, headers=headers)


@override_settings(NEW_CALENDARS_PER_HOUR=3)
def test_one_network_makes_a_few_calendars_an_hour_and_the_next_is_refused_saying_when(published: Timetable) -> None:
    centre, home = Client(REMOTE_ADDR="203.0.113.5"), Client(REMOTE_ADDR="198.51.100.7")
    with freeze_time("2026-09-16 02:00", tz_offset=0) as clock:  # 10:00 in Shanghai
        for _ in range(3):
            assert new_calendar(centre).status_code == 302
            clock.tick(dt.timedelta(minutes=10))
        refused = new_calendar(centre)
        assert refused.status_code == 429
        said = "一小时内已经有 3 份日历从这个网络创建：请在 11:00 之后再试，或请您所在社区的协调员为您添加。"
        assert said in text(refused)
        assert Resident.objects.filter(key__startswith="web-").count() == 3
        assert new_calendar(home).status_code == 302  # another address has a quota of its own
        clock.tick(dt.timedelta(minutes=30))  # 11:00
        assert new_calendar(centre).status_code == 302
    assert Resident.objects.filter(key__startswith="web-").count() == 5


@override_settings(NEW_CALENDARS_PER_HOUR=1, CLIENT_IP_HEADER="HTTP_X_FORWARDED_FOR")
def test_behind_a_proxy_the_address_it_forwards_counts_and_a_made_up_one_does_not(published: Timetable) -> None:
    proxy = Client(REMOTE_ADDR="10.0.0.2")
    assert new_calendar(proxy, x_forwarded_for="203.0.113.5").status_code == 302
    assert new_calendar(proxy, x_forwarded_for="198.51.100.7").status_code == 302
    # a client may write anything before the proxy's entry: the last one, the proxy's own, is what counts
    assert new_calendar(proxy, x_forwarded_for="192.0.2.1, 203.0.113.5").status_code == 429
    stored = list(NewCalendarQuota.objects.values_list("address", flat=True))
    assert len(stored) == 2 and not any("203.0.113" in a or "198.51.100" in a for a in stored)
