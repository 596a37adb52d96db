from __future__ import annotations

from contextlib import nullcontext
from typing import Any

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import User
from django.db import models
from django.test import Client
from django.urls import resolve, reverse
from freezegun import freeze_time

from college.models import (
    Activity,
    ActivityWish,
    AllowedVenue,
    ApiToken,
    Closure,
    Coordinator,
    Interest,
    InterestGroup,
    MakeUpDay,
    NewCalendarQuota,
    OccurrenceChange,
    Proposal,
    ProposalJob,
    Session,
    SolveJob,
    SolvePart,
    StartTime,
    Term,
    Timetable,
    TogetherSet,
    Venue,
    VenueOpening,
)
from tests.college.admin.admin_forms import page_errors, page_post_data
from tests.college.calendar.factories import add_autumn_with_one_off_change
from tests.college.factories import (
    load_tiny_college,
    make_coordinator,
    make_link_rows,
    make_timetable_with_session,
    make_workflow_rows,
)

pytestmark = pytest.mark.django_db

COLLEGE_MODELS = sorted(apps.get_app_config("college").get_models(), key=lambda m: m.__name__)
# written by the solve workflow, the 接单 page and the /my/ page only
READ_ONLY_MODELS = (SolveJob, SolvePart, NewCalendarQuota, Proposal, ProposalJob)
EDITABLE_MODELS = [m for m in COLLEGE_MODELS if m not in READ_ONLY_MODELS]
BEFORE_AUTUMN = "2026-09-01 02:00"  # the 2026 autumn term's one-off changes are all still to come


def url(model: type[models.Model], view: str, *args: object) -> str:
    return reverse(f"admin:college_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def coordinator_client(client: Client) -> Client:
    load_tiny_college()
    make_workflow_rows(make_timetable_with_session())
    add_autumn_with_one_off_change()
    make_link_rows()
    user = make_coordinator()
    ApiToken.issue(user, "考勤系统")
    client.force_login(user)
    return client


def new_row_changes(model: type[models.Model]) -> dict[str, Any]:
    """What must differ from an existing row for a copy to be a valid new row."""
    changes: dict[type[models.Model], dict[str, Any]] = {
        Interest: {"group": str(InterestGroup.objects.get(key="tea").pk)},
        Closure: {"date": "2025-12-24"},
        MakeUpDay: {"date": "2025-12-20"},
        Timetable: {"version": "2"},
        Session: {"number": "2", "weekday": "3"},
        ApiToken: {"user": str(ApiToken.objects.get().user_id)},
        OccurrenceChange: {"date": "2026-09-21"},
        StartTime: {"start": "10:30"},
        AllowedVenue: {"venue": str(Venue.objects.get(key="xz-plaza").pk)},
    }
    if model is Coordinator:
        return {"user": str(User.objects.create_user("another-coordinator").pk)}
    if model is Activity:
        return {"key": "书法", "name": "书法"}
    if model is ActivityWish:
        return {"activity": str(Activity.objects.get(key="插画").pk)}
    if any(f.name == "key" for f in model._meta.fields):
        return {"key": f"{model.objects.order_by('pk').first().key}-copy"}
    return changes.get(model, {})


def test_every_college_model_is_in_the_admin() -> None:
    assert [m for m in COLLEGE_MODELS if m not in admin.site._registry] == []


@pytest.mark.parametrize("model", COLLEGE_MODELS, ids=lambda m: m.__name__)
def test_admin_pages_refuse_an_anonymous_visitor(client: Client, model: type[models.Model]) -> None:
    load_tiny_college()
    for page in (url(model, "changelist"), url(model, "add")):
        response = client.get(page)
        assert (response.status_code, response.url) == (302, f"{reverse('admin:login')}?next={page}")


@pytest.mark.parametrize("model", COLLEGE_MODELS, ids=lambda m: m.__name__)
def test_admin_pages_refuse_staff_without_college_permissions(client: Client, model: type[models.Model]) -> None:
    load_tiny_college()
    make_workflow_rows(make_timetable_with_session())
    add_autumn_with_one_off_change()
    make_link_rows()
    outsider = make_coordinator("outsider")
    outsider.groups.clear()
    ApiToken.issue(outsider, "考勤系统")
    client.force_login(outsider)
    obj = model.objects.order_by("pk").first()
    assert client.get(url(model, "changelist")).status_code == 403
    assert client.get(url(model, "change", obj.pk)).status_code == 403
    assert client.post(url(model, "add"), {}).status_code == 403


@pytest.mark.parametrize("model", EDITABLE_MODELS, ids=lambda m: m.__name__)
def test_coordinator_opens_and_saves_every_admin_page(coordinator_client: Client, model: type[models.Model]) -> None:
    resolve("/admin/")  # the URLconf (and the API's date schemas) load before dates are faked
    with freeze_time(BEFORE_AUTUMN) if model is OccurrenceChange else nullcontext():  # no change reaches the past
        opens_and_saves(coordinator_client, model)


def opens_and_saves(coordinator_client: Client, model: type[models.Model]) -> None:
    obj = model.objects.order_by("pk").first()
    assert coordinator_client.get(url(model, "changelist")).status_code == 200
    assert coordinator_client.get(url(model, "add")).status_code == 200
    change_page = coordinator_client.get(url(model, "change", obj.pk))
    assert change_page.status_code == 200

    saved = coordinator_client.post(url(model, "change", obj.pk), page_post_data(change_page))
    assert saved.status_code == 302, page_errors(saved)

    before = model.objects.count()
    added = coordinator_client.post(
        url(model, "add"), {**page_post_data(change_page, as_new=True), **new_row_changes(model)}
    )
    assert added.status_code == 302, page_errors(added)
    assert model.objects.count() == before + 1


@pytest.mark.parametrize("model", READ_ONLY_MODELS, ids=lambda m: m.__name__)
def test_coordinator_sees_rows_the_workflow_writes_but_cannot_add_or_change_them(
    coordinator_client: Client, model: type[models.Model]
) -> None:
    def values(row: models.Model) -> list[object]:
        return [getattr(row, f.attname) for f in model._meta.concrete_fields]

    obj = model.objects.order_by("pk").first()
    assert coordinator_client.get(url(model, "changelist")).status_code == 200
    assert coordinator_client.get(url(model, "change", obj.pk)).status_code == 200
    assert coordinator_client.get(url(model, "add")).status_code == 403
    before = model.objects.count()
    changed = {"status": "done", "count": "0"}
    assert coordinator_client.post(url(model, "change", obj.pk), changed).status_code == 403
    assert (model.objects.count(), values(model.objects.get(pk=obj.pk))) == (before, values(obj))


def test_coordinator_types_times_of_day_not_minutes(coordinator_client: Client) -> None:
    venue = Venue.objects.get(key="dz-room")
    page = coordinator_client.get(url(VenueOpening, "add"))
    assert page.status_code == 200
    response = coordinator_client.post(
        url(VenueOpening, "add"), {"venue": str(venue.pk), "weekday": "6", "start": "9:30", "end": "21：00"}
    )
    assert response.status_code == 302, page_errors(response)
    assert VenueOpening.objects.filter(venue=venue, weekday=6).values_list("start", "end").get() == (570, 1260)


def test_venue_window_ending_before_start_is_shown_as_a_form_error(coordinator_client: Client) -> None:
    venue = Venue.objects.get(key="dz-room")
    response = coordinator_client.post(
        url(VenueOpening, "add"), {"venue": str(venue.pk), "weekday": "6", "start": "21:00", "end": "09:00"}
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"end": ["开放时间的结束时间必须晚于开始时间。"]}


def test_a_together_set_of_groups_meeting_a_different_number_of_times_is_refused(coordinator_client: Client) -> None:
    taichi, tea = InterestGroup.objects.get(key="taichi"), InterestGroup.objects.get(key="tea")  # twice and once a week
    before = TogetherSet.objects.count()
    response = coordinator_client.post(url(TogetherSet, "add"), {"key": "same-time", "groups": [taichi.pk, tea.pk]})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"groups": ["同时上课的小组每周上课次数必须相同。"]}
    assert TogetherSet.objects.count() == before


def test_term_beyond_the_known_holidays_warns_to_enter_closures(coordinator_client: Client) -> None:
    data = {
        "key": "2030-spring",
        "name": "2030年春季学期",
        "first_day": "2030-03-01",
        "last_day": "2030-06-30",
        "slot_starts": "09:00, 14:30",
        "session_lengths": "60, 90",
        "closures-TOTAL_FORMS": "0",
        "closures-INITIAL_FORMS": "0",
        "make_up_days-TOTAL_FORMS": "0",
        "make_up_days-INITIAL_FORMS": "0",
    }
    response = coordinator_client.post(url(Term, "add"), data, follow=True)
    term = Term.objects.get(key="2030-spring")
    assert (term.slot_starts, term.session_lengths) == ([540, 870], [60, 90])
    assert [str(m) for m in response.context["messages"]][0] == (
        "2030 年的法定节假日尚未公布（国务院公布后 chinese-calendar 才会收录）："
        "请把本学期的节假日作为停课日、调休上班的周末作为调休上课日手工录入。"
    )


def test_admin_speaks_chinese_first_and_english_on_request(coordinator_client: Client) -> None:
    chinese = coordinator_client.get(url(Venue, "changelist"))
    english = coordinator_client.get(url(Venue, "changelist"), headers={"accept-language": "en"})
    assert "选择 场地 来修改" in chinese.text
    assert "Select venue to change" in english.text
