from __future__ import annotations

import pytest

from college.models import Session, Timetable
from tests.api.conftest import Api, ids
from tests.college.factories import make_timetable_with_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(college: None) -> Timetable:
    return make_timetable_with_session(version=2, status="draft")


def test_public_sees_only_the_published_timetable(anonymous: Api, draft: Timetable) -> None:
    status, page = anonymous.get("timetables")
    assert (status, [(t["version"], t["status"], t["session_count"]) for t in page["items"]]) == (
        200,
        [(1, "published", 1)],
    )
    assert anonymous.get(f"timetables/{draft.pk}")[0] == 404


def test_coordinators_see_every_version_and_filter_by_status(bob: Api, draft: Timetable) -> None:
    assert [t["version"] for t in bob.get("timetables")[1]["items"]] == [2, 1]
    assert [t["version"] for t in bob.get("timetables", status="draft")[1]["items"]] == [2]
    assert bob.get("timetables", term=ids()["2025-autumn"])[1]["count"] == 2


def test_a_timetable_comes_with_its_sessions(anonymous: Api) -> None:
    timetable = Timetable.objects.get(status="published")
    status, detail = anonymous.get(f"timetables/{timetable.pk}")
    assert status == 200
    (session,) = detail["sessions"]
    assert (session["group_name"], session["weekday"], session["start"], session["end"], session["venue_name"]) == (
        "太极班",
        0,
        "09:00",
        "10:30",
        "小竹养老服务中心",
    )
    assert "phone" not in str(detail)


def test_session_list_defaults_to_published_sessions_and_filters(anonymous: Api, alice: Api, draft: Timetable) -> None:
    assert anonymous.get("sessions")[1]["count"] == 1
    assert alice.get("sessions", timetable=draft.pk)[1]["count"] == 1
    assert anonymous.get("sessions", timetable=draft.pk)[1]["count"] == 0
    for filters, count in [
        ({"community": ids()["xiaozhu"]}, 1),
        ({"community": ids()["dazhu"]}, 0),
        ({"category": "sports"}, 1),
        ({"audience": "children"}, 0),
        ({"weekday": 0}, 1),
        ({"weekday": 3}, 0),
        ({"venue": ids()["xz-elderly"]}, 1),
        ({"teacher": ids()["li"]}, 0),
        ({"group": ids()["taichi"]}, 1),
    ]:
        assert anonymous.get("sessions", **filters)[1]["count"] == count, filters


def test_coordinator_pins_and_unpins_a_session_of_their_community(alice: Api) -> None:
    session = Session.objects.get()
    status, pinned = alice.post(f"sessions/{session.pk}/pin")
    assert (status, pinned["pinned"], Session.objects.get().pinned) == (200, True, True)
    status, unpinned = alice.delete(f"sessions/{session.pk}/pin")
    assert (status, unpinned["pinned"], Session.objects.get().pinned) == (200, False, False)


def test_unknown_session_is_a_404(alice: Api) -> None:
    assert alice.get("sessions/99999")[0] == 404
    assert alice.post("sessions/99999/pin")[0] == 404
