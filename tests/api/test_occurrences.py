"""One-off changes of a published session through the API (rules in college.domain.calendar.occurrences)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.urls import get_resolver
from freezegun import freeze_time

from college.domain.calendar.occurrences import cancel_occurrence
from college.models import OccurrenceChange, Session
from tests.api.conftest import Api, ids
from tests.college.factories import make_timetable_with_session

pytestmark = pytest.mark.django_db

MONDAY = "2025-11-10"


@pytest.fixture(autouse=True)
def _at_the_start_of_term() -> Iterator[None]:
    """Today is the first day of the 2025 autumn term (10:00 in Shanghai): its dates are still to come."""
    get_resolver().url_patterns  # noqa: B018 - the API's schemas are built before freezegun swaps the date type
    with freeze_time("2025-09-01 02:00", tz_offset=0):
        yield


def session_url(suffix: str = "") -> str:
    return f"sessions/{Session.objects.get(timetable__status='published').pk}{suffix}"


def test_coordinator_cancels_one_date_and_anyone_sees_it(alice: Api, anonymous: Api) -> None:
    status, change = alice.post(session_url("/cancellations"), {"date": MONDAY, "reason": "王老师生病"})
    assert (status, change) == (
        201,
        {"date": MONDAY, "cancelled": True, "start": None, "end": None, "venue": None, "reason": "王老师生病"},
    )
    assert anonymous.get(session_url("/changes")) == (200, [change])
    assert OccurrenceChange.objects.get().changed_by.username == "alice"


def test_coordinator_moves_one_date_to_another_time_and_venue(alice: Api) -> None:
    body = {"date": MONDAY, "start": "10:30", "venue": ids()["xz-plaza"]}
    status, change = alice.post(session_url("/moves"), body)
    assert (status, change["start"], change["end"], change["venue"]) == (201, "10:30", "12:00", ids()["xz-plaza"])


def test_a_date_on_the_wrong_weekday_or_a_holiday_is_refused_on_date(alice: Api) -> None:
    status, error = alice.post(session_url("/cancellations"), {"date": "2025-11-11"})
    assert (status, error["field"]) == (422, "date")
    status, error = Api(alice.client, alice.token, "en").post(session_url("/cancellations"), {"date": "2025-10-06"})
    assert (status, error["field"], error["message"]) == (
        422,
        "date",
        "2025-10-06 is a public holiday: there is no class to change.",
    )
    assert OccurrenceChange.objects.count() == 0


def test_a_move_that_changes_nothing_is_refused_on_start(alice: Api) -> None:
    status, error = alice.post(session_url("/moves"), {"date": MONDAY, "start": "09:00"})
    assert (status, error["field"]) == (422, "start")


def test_a_move_ending_before_it_starts_is_refused(alice: Api) -> None:
    status, error = alice.post(session_url("/moves"), {"date": MONDAY, "start": "11:00", "end": "10:00"})
    assert (status, error["field"]) == (422, "end")


def test_a_draft_session_has_no_one_off_changes(alice: Api) -> None:
    draft = make_timetable_with_session(version=2, status="draft").sessions.get()
    status, error = alice.post(f"sessions/{draft.pk}/cancellations", {"date": MONDAY})
    assert (status, error["code"]) == (422, "invalid")


def test_a_date_that_has_passed_is_refused_on_date_and_changes_nothing(alice: Api) -> None:
    cancel_occurrence(Session.objects.get(timetable__status="published").pk, dt.date(2025, 11, 3))  # before today
    before = list(OccurrenceChange.objects.values())
    english = Api(alice.client, alice.token, "en")
    with freeze_time("2025-11-11 02:00", tz_offset=0):  # Tuesday: Monday 10 November has passed
        refusals = [
            english.post(session_url("/cancellations"), {"date": MONDAY}),
            english.post(session_url("/moves"), {"date": MONDAY, "start": "10:30"}),
            english.delete(session_url("/changes/2025-11-03")),
        ]
    assert [(status, error["field"], error["message"]) for status, error in refusals] == [
        (422, "date", "2025-11-10 has passed: only today and later dates can change."),
        (422, "date", "2025-11-10 has passed: only today and later dates can change."),
        (422, "date", "2025-11-03 has passed: only today and later dates can change."),
    ]
    assert list(OccurrenceChange.objects.values()) == before


def test_undoing_a_change_restores_the_date_and_a_second_undo_is_a_404(alice: Api) -> None:
    alice.post(session_url("/cancellations"), {"date": MONDAY})
    assert alice.delete(session_url(f"/changes/{MONDAY}")) == (204, b"")
    assert OccurrenceChange.objects.count() == 0
    assert alice.delete(session_url(f"/changes/{MONDAY}"))[0] == 404


def test_changes_of_an_unknown_session_are_a_404(alice: Api) -> None:
    assert alice.get("sessions/9999/changes")[0] == 404
    assert alice.post("sessions/9999/cancellations", {"date": MONDAY})[0] == 404
