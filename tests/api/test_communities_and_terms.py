from __future__ import annotations

from typing import Any

import pytest

from college.models import Closure, Community, InterestGroup, Term
from tests.api.conftest import Api, ids

pytestmark = pytest.mark.django_db


def new_term(**changes: Any) -> dict[str, Any]:
    body = {
        "key": "2026-spring",
        "name": "2026年春季学期",
        "first_day": "2026-03-02",
        "last_day": "2026-06-26",
        "slot_starts": ["09:00", "14:30", "19:00"],
        "session_lengths": [60, 90],
        "closures": [{"date": "2026-04-06", "reason": "清明节调休"}],
    }
    return body | changes


def test_anyone_reads_communities_and_filters_them_by_district(anonymous: Api) -> None:
    status, page = anonymous.get("communities", district="渝北区")
    assert (status, [c["name"] for c in page["items"]]) == (200, ["大竹社区", "小竹社区"])
    assert anonymous.get(f"communities/{ids()['xiaozhu']}")[1]["latitude"] == 29.6
    assert anonymous.get("communities/0")[0] == 422
    assert anonymous.get("communities/777")[0] == 404


def test_district_coordinator_adds_a_community(district: Api) -> None:
    body = {"key": "zhongzhu", "name": "中竹社区", "district": "渝北区", "street": "龙溪街道"}
    status, community = district.post("communities", body)
    assert (status, community["latitude"]) == (201, None)
    assert Community.objects.filter(key="zhongzhu").exists()


def test_community_coordinator_cannot_add_communities_but_edits_their_own(alice: Api) -> None:
    body = {"key": "zhongzhu", "name": "中竹社区"}
    assert alice.post("communities", body)[0] == 403
    status, community = alice.put(f"communities/{ids()['xiaozhu']}", {"key": "xiaozhu", "name": "小竹社区（新）"})
    assert (status, community["name"]) == (200, "小竹社区（新）")


def test_latitude_without_longitude_is_refused(alice: Api) -> None:
    status, error = alice.put(f"communities/{ids()['xiaozhu']}", {"key": "xiaozhu", "name": "小竹", "latitude": 29.0})
    assert (status, error["code"], error["field"]) == (422, "invalid", None)


def test_anyone_reads_terms_with_slots_and_closures(anonymous: Api) -> None:
    status, page = anonymous.get("terms", current_on="2025-10-01")
    term = page["items"][0]
    assert (status, term["slot_starts"], term["closures"]) == (
        200,
        ["09:00", "10:30", "14:30", "16:00", "19:00"],
        [{"date": "2025-11-12", "reason": ""}],
    )
    assert anonymous.get("terms", current_on="2027-01-01")[1]["count"] == 0


def test_planner_adds_and_changes_a_term_with_its_closures(district: Api) -> None:
    status, term = district.post("terms", new_term())
    assert (status, term["session_lengths"], term["closures"][0]["reason"]) == (201, [60, 90], "清明节调休")
    status, term = district.put(f"terms/{term['id']}", new_term(closures=[]))
    assert (status, term["closures"]) == (200, [])
    assert Closure.objects.filter(term__key="2026-spring").count() == 0


def test_anyone_reads_the_official_make_up_days_of_a_term(anonymous: Api) -> None:
    term = anonymous.get("terms", current_on="2025-10-01")[1]["items"][0]  # 2025-09-01 – 2026-01-16
    assert [(d["date"], d["weekday"]) for d in term["official_make_up_days"]] == [
        ("2025-09-28", 1), ("2025-10-11", 2), ("2026-01-04", 4),
    ]  # fmt: skip
    assert term["make_up_days"] == []


def test_planner_gives_a_term_its_own_make_up_day_and_takes_it_away(district: Api) -> None:
    body = new_term(make_up_days=[{"date": "2026-06-20", "weekday": 4, "reason": "补端午节的课"}])
    status, term = district.post("terms", body)
    assert (status, term["make_up_days"]) == (201, [{"date": "2026-06-20", "weekday": 4, "reason": "补端午节的课"}])
    assert [(d["date"], d["weekday"]) for d in term["official_make_up_days"]] == [("2026-05-09", 1)]
    status, term = district.put(f"terms/{term['id']}", new_term())
    assert (status, term["make_up_days"]) == (200, [])


def test_coordinator_of_every_scheduled_community_may_plan_terms(alice: Api) -> None:
    assert alice.post("terms", new_term())[0] == 403
    InterestGroup.objects.filter(community__key="dazhu").update(registered=False)
    assert alice.post("terms", new_term())[0] == 201


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"last_day": "2026-01-01"}, "last_day"),
        ({"slot_starts": ["25:00"]}, "slot_starts.0"),
        ({"slot_starts": ["19:00", "09:00"]}, "slot_starts"),
        ({"session_lengths": [0]}, "session_lengths"),
        ({"closures": [{"date": "2026-08-01"}]}, "closures.0.date"),
        ({"closures": [{"date": "2026-04-06"}, {"date": "2026-04-06"}]}, "closures.1.date"),
        ({"first_day": "2026-02-30"}, "first_day"),
        ({"make_up_days": [{"date": "2026-08-01", "weekday": 0}]}, "make_up_days.0.date"),
        ({"make_up_days": [{"date": "2026-05-16", "weekday": 7}]}, "make_up_days.0.weekday"),
    ],
)
def test_bad_terms_are_refused_naming_the_field(district: Api, changes: dict[str, Any], field: str) -> None:
    status, error = district.post("terms", new_term(**changes))
    assert (status, error["field"]) == (422, field)
    assert Term.objects.filter(key="2026-spring").exists() is False
