"""The admin's one-off change form: refused on a past date and outside the teacher's hours, each problem said once
(never the wrong "give both times" when both were given)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import resolve, reverse
from freezegun import freeze_time

from college.models import InterestGroup, OccurrenceChange, Term, Venue
from tests.college.calendar.factories import WEEK, Slot, make_autumn_term, publish
from tests.college.factories import make_coordinator

pytestmark = pytest.mark.django_db

ADD = "/admin/college/occurrencechange/add/"


@pytest.fixture
def admin_client(client: Client) -> Iterator[Client]:
    """The autumn term published (太极班 Monday 09:00–10:30 at 小竹养老服务中心), on Tuesday 10 November 2026."""
    publish(make_autumn_term())
    client.force_login(make_coordinator())
    resolve(ADD)  # the URLconf (and the API's date schemas) load before dates are faked
    with freeze_time("2026-11-10 02:00", tz_offset=0):
        yield client


def change(**fields: str) -> dict[str, str]:
    taichi = InterestGroup.objects.get(key="taichi")
    term = Term.objects.get(key="2026-autumn")
    return {"term": str(term.pk), "group": str(taichi.pk), "number": "1", "reason": "", **fields}


def errors(response) -> dict[str, list[str]]:
    assert response.status_code == 200, "the form was accepted"
    return {field: list(messages) for field, messages in response.context["adminform"].form.errors.items()}


def test_a_past_date_is_refused(admin_client: Client) -> None:
    response = admin_client.post(ADD, change(date="2026-11-09", cancelled="on"))
    assert errors(response) == {"date": ["2026-11-09 已经过去：只能更改今天及以后的日期。"]}
    assert OccurrenceChange.objects.count() == 0


def test_a_move_outside_the_teachers_hours_is_refused_once(admin_client: Client) -> None:
    response = admin_client.post(ADD, change(date="2026-11-16", new_start="14:00", new_end="15:30"))
    assert errors(response) == {
        "new_start": ["王老师 在 星期一 14:00–15:30 没空。", "小竹养老服务中心 在 星期一 14:00–15:30 不开放。"]
    }


def test_a_move_into_a_taken_venue_says_so_without_asking_for_both_times(admin_client: Client) -> None:
    plaza = Venue.objects.get(key="xz-plaza")
    publish(Term.objects.get(key="2026-autumn"), [*_week_with_sketch_in_the_plaza()])
    response = admin_client.post(
        ADD, change(date="2026-11-16", new_start="10:30", new_end="12:00", new_venue=str(plaza.pk))
    )
    assert errors(response) == {"new_venue": ["当天 11:00–12:00 小竹广场 已被插画占用。"]}


def test_a_move_within_the_teachers_hours_on_a_coming_date_is_saved(admin_client: Client) -> None:
    response = admin_client.post(ADD, change(date="2026-11-16", new_start="10:30", new_end="12:00"))
    assert (response.status_code, response["Location"]) == (302, reverse("admin:college_occurrencechange_changelist"))
    assert OccurrenceChange.objects.values_list("new_start", "new_end").get() == (630, 720)


def _week_with_sketch_in_the_plaza() -> tuple[Slot, ...]:
    return (*WEEK, Slot("sketch", 1, 0, 11 * 60, 12 * 60, "xz-plaza"))
