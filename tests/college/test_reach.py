"""Every write path, generated from the admin registry and the URL conf, tried by alice (coordinator of 小竹 only)
against 大竹's rows: nothing changes. A model registered later, or a URL added later, fails the classification
tests below until it is listed, and is then tried like the others.

The REST API has its own generated table (``tests/api/test_refusals.py``, from the OpenAPI document).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from api.main import api
from college.admin.scoping import CATALOGUE, COMMUNITY_OF, SHARED, UNSCOPED, _community_ids
from college.domain.people import coordinators
from college.models import (
    AllowedVenue,
    ApiToken,
    BlockedWindow,
    Community,
    InterestGroup,
    OccurrenceChange,
    Proposal,
    ProposalJob,
    Session,
    SolveJob,
    StartTime,
    Teacher,
    TeacherAbsence,
    Term,
    Timetable,
    Venue,
    VenueClosure,
)
from tests.college.factories import (
    load_tiny_college,
    make_link_rows,
    make_timetable_with_session,
    make_workflow_rows,
)
from tests.college.imports.sheets import TEACHER_HEADERS, xlsx

pytestmark = pytest.mark.django_db

XIAOZHU, DAZHU = "xiaozhu", "dazhu"


def _label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def admin_url(model: type[models.Model], view: str) -> str:
    return f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}"


def registered() -> list[type[models.Model]]:
    return sorted(admin.site._registry, key=_label)


DERIVED = {"last_login", "demand"}  # a login's time; a version's demand figures, computed on their first view


def snapshot() -> dict[str, list[dict[str, Any]]]:
    """Every row of every model the admin or the pages can write (auth and college), field by field."""
    models_ = [*apps.get_app_config("college").get_models(), *apps.get_app_config("axes").get_models(), User, Group,
               DBTaskResult]  # fmt: skip
    rows = {}
    for model in models_:
        values = model._default_manager.order_by("pk").values()
        rows[_label(model)] = [{k: v for k, v in row.items() if k not in DERIVED} for row in values]
    m2m = {
        f"{_label(model)}.{field.name}": sorted(field.remote_field.through.objects.values_list())
        for model in models_
        for field in model._meta.many_to_many
    }
    return rows | m2m


@pytest.fixture
def district() -> Iterator[None]:
    """The tiny college with one row of 大竹's (or one spanning both communities) for every admin model."""
    load_tiny_college()
    make_link_rows()
    timetable = make_timetable_with_session(version=1, status="published")
    make_workflow_rows(timetable)
    DBTaskResult.objects.create(task_path="college.tasks.solve_term", args_kwargs={"args": [], "kwargs": {}},
                                queue_name="default", backend_name="default", run_after=timezone.now())  # fmt: skip
    seen = {"user_agent": "curl", "ip_address": "198.51.100.7", "username": "bob", "http_accept": "*/*",
            "path_info": "/admin/login/"}  # fmt: skip
    AccessAttempt.objects.create(**seen, get_data="", post_data="", failures_since_start=3)
    AccessLog.objects.create(**seen)
    AccessFailureLog.objects.create(**seen)
    tea, li = InterestGroup.objects.get(key="tea"), Teacher.objects.get(key="li")
    room = Venue.objects.get(key="dz-room")
    term = Term.objects.get()
    Session.objects.create(timetable=timetable, group=tea, number=1, weekday=2, start=19 * 60, end=21 * 60,
                           venue=room, teacher=li)  # fmt: skip
    OccurrenceChange.objects.create(term=term, group=tea, number=1, date=dt.date(2025, 11, 12), cancelled=True)
    TeacherAbsence.objects.create(teacher=li, from_date=term.first_day, weekday=2)
    VenueClosure.objects.create(venue=room, from_date=term.first_day, weekday=6)
    BlockedWindow.objects.create(group=tea, weekday=4, start=14 * 60, end=16 * 60)
    StartTime.objects.create(group=tea, weekday=2, start=19 * 60)
    AllowedVenue.objects.create(group=tea, venue=room)
    draft = make_timetable_with_session(version=2, status="draft")
    Session.objects.create(timetable=draft, group=tea, number=1, weekday=2, start=19 * 60, end=21 * 60,
                           venue=room, teacher=li)  # fmt: skip
    bob, _ = coordinators.make_coordinator("bob", "pw-for-tests-only", communities=Community.objects.filter(key=DAZHU))
    token = ApiToken(user=bob, name="bob's")
    token.set_raw_token(ApiToken.new_raw_token())
    token.save()
    yield


@pytest.fixture
def alice(client: Client, district: None) -> Client:
    user, _ = coordinators.make_coordinator(
        "alice", "pw-for-tests-only", communities=Community.objects.filter(key=XIAOZHU)
    )
    client.force_login(user)
    return client


def foreign_row(model: type[models.Model]) -> models.Model:
    """A row alice must not change: 大竹's (or one that spans both), a term-wide one, or another user's."""
    label = _label(model)
    if label in UNSCOPED:
        owned_by_bob = label in ("college.coordinator", "college.apitoken")
        queryset = model._default_manager.filter(**{"user__username": "bob"} if owned_by_bob else {})
        row = (queryset.filter(username="bob") if model is User else queryset).first()
        assert row is not None, f"the district fixture needs a row of {label}"
        return row
    dazhu = Community.objects.get(key=DAZHU).pk
    path = COMMUNITY_OF[model]
    for row in model._default_manager.order_by("pk"):
        if path in ("", "district") or dazhu in _community_ids(row, path):
            return row
    raise AssertionError(f"the district fixture needs a row of {label} that belongs to 大竹")


def test_every_admin_model_is_classified_as_community_owned_or_unscoped() -> None:
    unclassified = [_label(m) for m in registered() if m not in COMMUNITY_OF and _label(m) not in UNSCOPED]
    assert unclassified == []


def catalogue_or_shared(model: type[models.Model]) -> bool:
    """Rows every coordinator may change: the college-wide activity catalogue and the new-calendar quotas."""
    return _label(model) in SHARED or COMMUNITY_OF.get(model) == CATALOGUE


@pytest.mark.parametrize("model", [m for m in registered() if not catalogue_or_shared(m)], ids=_label)
def test_admin_change_delete_and_every_action_on_another_communitys_row_change_nothing(
    alice: Client, model: type[models.Model]
) -> None:
    row = foreign_row(model)
    before = snapshot()
    change = alice.post(reverse(admin_url(model, "change"), args=[row.pk]), {"name": "改掉", "key": "gaidiao"})
    delete = alice.post(reverse(admin_url(model, "delete"), args=[row.pk]), {"post": "yes"})
    assert (change.status_code in (302, 403), delete.status_code in (302, 403)) == (True, True)
    assert snapshot() == before
    model_admin = admin.site._registry[model]
    request = alice.get(reverse(admin_url(model, "changelist"))).wsgi_request
    for name in model_admin.get_actions(request):
        data = {"action": name, "_selected_action": [row.pk], "post": "yes", "index": 0}
        alice.post(reverse(admin_url(model, "changelist")), data)
        assert snapshot() == before, f"action {name} changed {_label(model)}"


@pytest.mark.parametrize("model", registered(), ids=_label)
def test_admin_add_forms_offer_only_alices_communities_as_owners(alice: Client, model: type[models.Model]) -> None:
    page = alice.get(reverse(admin_url(model, "add")))
    if page.status_code in (302, 403):
        return
    form = page.context["adminform"].form
    path = COMMUNITY_OF.get(model, "")
    owner, _, rest = path.partition("__")
    if owner not in form.fields:
        assert _label(model) in UNSCOPED or path in ("", "district", CATALOGUE) or model is Community
        return
    offered = form.fields[owner].queryset
    lookup = f"{rest}__key" if rest else "key"
    assert sorted(set(offered.values_list(lookup, flat=True))) == [XIAOZHU]


def test_another_communitys_teacher_shows_neither_phone_nor_availability(alice: Client) -> None:
    li = Teacher.objects.get(key="li")
    page = alice.get(reverse("admin:college_teacher_change", args=[li.pk]))
    assert (
        page.status_code,
        "13800000002" in page.content.decode(),
        "availability" in str(page.context["inline_admin_formsets"]),
    ) == (200, False, False)  # noqa: E501
    found = alice.get(reverse("admin:college_teacher_changelist"), {"q": "1380000000"}).context["cl"].result_list
    assert [t.key for t in found] == ["wang"]
    assert alice.get(reverse("admin:college_teacher_changelist"), {"q": "李老师"}).context["cl"].result_list[0] == li
    complete = alice.get("/admin/autocomplete/", {"app_label": "college", "model_name": "interestgroup",
                                                  "field_name": "teacher", "term": "13800000002"})  # fmt: skip
    assert complete.json()["results"] == []
    availability = alice.get(reverse("admin:college_teacheravailability_changelist")).context["cl"].result_list
    assert {a.teacher.key for a in availability} == {"wang"}


def test_own_teachers_phone_is_shown_and_searchable(alice: Client) -> None:
    wang = Teacher.objects.get(key="wang")
    page = alice.get(reverse("admin:college_teacher_change", args=[wang.pk]))
    assert "13800000001" in page.content.decode()
    found = alice.get(reverse("admin:college_teacher_changelist"), {"q": "13800000001"}).context["cl"].result_list
    assert [t.key for t in found] == ["wang"]


# ---- pages: every URL outside the admin and the API, classified ----

READ = "read"  # answers GET; a POST as alice with another community's ids changes nothing
OWN = "own"  # acts for whoever holds a private link or signs in: no coordinator reach involved


def _job() -> int:
    return SolveJob.objects.first().pk


def _draft() -> int:
    return Timetable.objects.get(status="draft").pk


def _published() -> int:
    return Timetable.objects.get(status="published").pk


def _dazhu_session() -> dict[str, Any]:
    return {"pk": Session.objects.get(timetable__status="published", group__key="tea").pk}


def _proposal_run() -> int:
    return ProposalJob.objects.get().pk


def _proposal(decision: str) -> int:
    return Proposal.objects.get(decision=decision).pk


def _dazhu_community() -> dict[str, Any]:
    return {"community": str(Community.objects.get(key=DAZHU).pk), "openings": "3", "time_limit": "5"}


def _dazhu_draft_session() -> dict[str, Any]:
    return {"pk": Session.objects.get(timetable__status="draft", group__key="tea").pk}


def _dazhu_resident() -> dict[str, Any]:
    return {"key": "r2"}


def _paper_survey_in_dazhu() -> dict[str, Any]:
    dazhu = Community.objects.get(key=DAZHU).pk
    tea = InterestGroup.objects.get(key="tea").pk
    return {"name": "王大爷", "community": str(dazhu), "age_band": "senior", "free": ["0-morning"],
            "wish_1": f"group:{tea}"}  # fmt: skip


def _teachers_of_dazhu_renamed() -> dict[str, Any]:
    data = xlsx([TEACHER_HEADERS, ["li", "改名", "小竹社区", "", "体育", 2, "是", ""]])
    return {"kind": "teachers", "dry_run": "", "file": SimpleUploadedFile("t.xlsx", data)}


# name → (kind, URL kwargs pointing at 大竹's or term-wide objects, POST data)
PAGES: dict[str, tuple[str, Callable[[], dict[str, Any]], Callable[[], dict[str, Any]]]] = {
    "pages:home": (READ, dict, dict),
    "pages:catalogue": (READ, dict, dict),
    "pages:group": (READ, lambda: {"key": "tea"}, dict),
    "pages:poster": (READ, lambda: {"key": DAZHU}, dict),
    "pages:personal_new": (OWN, dict, dict),
    "pages:personal": (OWN, lambda: {"token": "x"}, dict),
    "pages:personal_picks": (OWN, lambda: {"token": "x"}, dict),
    "pages:personal_new_link": (OWN, lambda: {"token": "x"}, dict),
    "pages:survey": (OWN, dict, dict),
    "pages:personal_survey": (OWN, lambda: {"token": "x"}, dict),
    "pages:paper_survey": ("write", dict, _paper_survey_in_dazhu),
    "pages:paper_survey_of": ("write", _dazhu_resident, _paper_survey_in_dazhu),
    "pages:demand": (READ, lambda: {"pk": _published()}, dict),
    "pages:teacher": (OWN, lambda: {"token": "x"}, dict),
    "pages:login": (OWN, dict, dict),
    "pages:logout": (OWN, dict, dict),
    "set_language": (OWN, dict, dict),
    "pages:coordinate": (READ, dict, dict),
    "pages:dashboard": (READ, lambda: {"key": "2025-autumn"}, dict),
    "pages:solve": ("write", lambda: {"key": "2025-autumn"}, lambda: {"time_limit": "5"}),
    "pages:job_progress": (READ, lambda: {"pk": _job()}, dict),
    "pages:job_stop": ("write", lambda: {"pk": _job()}, dict),
    "pages:publish": ("write", lambda: {"pk": _draft()}, dict),
    "pages:diff": (READ, lambda: {"old": _published(), "new": _draft()}, dict),
    "pages:week": (READ, lambda: {"pk": _published()}, dict),
    "pages:utilisation": (READ, lambda: {"pk": _published()}, dict),
    "pages:venue_week": (READ, lambda: {"pk": _published(), "key": "dz-room"}, dict),
    "pages:teachers": (READ, lambda: {"pk": _published()}, dict),
    "pages:teacher_week": (READ, lambda: {"pk": _published(), "key": "li"}, dict),
    "pages:teacher_link": ("write", lambda: {"key": "li"}, dict),
    "pages:session": (READ, _dazhu_session, dict),
    "pages:session_pin": ("write", _dazhu_session, lambda: {"pinned": "1"}),
    "pages:session_date": ("write", _dazhu_session, lambda: {"action": "cancel", "date": "2025-11-19"}),
    "pages:session_move": ("write", _dazhu_draft_session, lambda: {"weekday": "4", "start": "1140"}),
    "pages:proposals": (READ, lambda: {"key": "2025-autumn"}, dict),
    "pages:proposals_start": ("write", lambda: {"key": "2025-autumn"}, _dazhu_community),
    "pages:proposals_progress": (READ, lambda: {"pk": _proposal_run()}, dict),
    "pages:proposals_stop": ("write", lambda: {"pk": _proposal_run()}, dict),
    "pages:proposal_accept": ("write", lambda: {"pk": _proposal("pending")}, dict),
    "pages:proposal_decline": ("write", lambda: {"pk": _proposal("pending")}, dict),
    "pages:proposal_register": ("write", lambda: {"pk": _proposal("accepted")}, dict),
    "pages:teacher_answer": (OWN, lambda: {"token": "x", "pk": _proposal("pending")}, lambda: {"answer": "accept"}),
    "feeds:feed": (READ, lambda: {"kind": "group", "key": "tea"}, dict),
    "college_imports": ("write", dict, _teachers_of_dazhu_renamed),
}


def page_names() -> list[str]:
    """Every named URL of the site outside the admin site and the REST API."""
    names: list[str] = []

    def walk(patterns: list[Any], namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace in ("admin", api.urls_namespace):
                    continue
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern):
                assert pattern.name, f"the URL {pattern.pattern} needs a name to be classified"
                names.append(namespace + pattern.name)

    walk(get_resolver().url_patterns, "")
    return names


def test_every_page_url_is_classified() -> None:
    assert sorted(page_names()) == sorted(PAGES)


@pytest.mark.parametrize("name", [n for n, (kind, _, _) in PAGES.items() if kind != OWN])
def test_pages_posted_by_alice_against_another_communitys_objects_change_nothing(alice: Client, name: str) -> None:
    kind, kwargs, data = PAGES[name]
    before = snapshot()
    response = alice.post(reverse(name, kwargs=kwargs()), data())
    assert snapshot() == before
    if kind == "write":
        refused = response.status_code in (403, 404) or b"\xe4\xb8\x8d\xe8\x83\xbd" in response.content  # 不能
        assert refused, (response.status_code, response.content[:300])
