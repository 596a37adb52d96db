"""A version's demand figures (megabytes of JSON on a district) are read only by the pages that show them: a session's
panel, its one-off changes through the pages and the API, a move's preview, the exports, a solve job's progress and
the admin's lists of sessions and jobs all leave them unread. The tiny college's 2026 autumn term, version 1 published
with figures stored; Bob, coordinator of 大竹 only, cannot open 小竹's session panel."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver
from freezegun import freeze_time

from college.domain.calendar.occurrences import cancel_occurrence
from college.domain.versions.exports import timetable_rows
from college.domain.versions.moves import Move, preview_move
from college.models import ApiToken, Community, Session, SolveJob, Timetable
from tests.college.calendar.factories import make_autumn_term, publish
from tests.college.pages.conftest import coordinator

pytestmark = pytest.mark.django_db

FIGURES = {"version": 0, "groups": {"taichi": [1, 2, 3]}}


@pytest.fixture
def published() -> Timetable:
    timetable = publish(make_autumn_term())
    Timetable.objects.filter(pk=timetable.pk).update(demand=FIGURES)
    return timetable


@pytest.fixture
def draft(published: Timetable) -> Timetable:
    draft = Timetable.objects.create(term=published.term, version=2, status="draft", demand=FIGURES)
    for s in Session.objects.filter(timetable=published):
        s.pk, s.timetable = None, draft
        s.save()
    return draft


@pytest.fixture
def district_client(published: Timetable) -> Client:
    client = Client()
    client.force_login(coordinator("district"))
    return client


def demand_reads(queries: CaptureQueriesContext) -> list[str]:
    """The statements that read a version's demand column."""
    return [q["sql"] for q in queries.captured_queries if '"demand"' in q["sql"]]


def taichi(timetable: Timetable) -> Session:
    return Session.objects.get(timetable=timetable, group__key="taichi", number=1)


def test_a_sessions_panel_leaves_the_figures_unread(district_client: Client, published: Timetable) -> None:
    session = taichi(published)
    with CaptureQueriesContext(connection) as queries:
        response = district_client.get(f"/coordinate/sessions/{session.pk}/?panel=1")
    assert response.status_code == 200
    assert "太极班" in response.content.decode()
    assert demand_reads(queries) == []


def test_a_coordinator_of_another_community_cannot_open_the_panel(published: Timetable) -> None:
    client = Client()
    client.force_login(coordinator("bob", "dazhu"))
    assert client.get(f"/coordinate/sessions/{taichi(published).pk}/?panel=1").status_code == 404


def test_the_apis_one_off_changes_leave_the_figures_unread(published: Timetable) -> None:
    user = coordinator("alice", "xiaozhu")
    token = ApiToken.issue(user, "tests")[1]
    client, session = Client(), taichi(published)
    headers = {"authorization": f"Bearer {token}"}
    get_resolver().url_patterns  # noqa: B018 - the API's schemas are built before freezegun swaps the date type
    with freeze_time("2026-09-01 02:00", tz_offset=0), CaptureQueriesContext(connection) as queries:
        listed = client.get(f"/api/v1/sessions/{session.pk}/changes")
        cancelled = client.post(f"/api/v1/sessions/{session.pk}/cancellations", json.dumps({"date": "2026-11-16"}),
                                content_type="application/json", headers=headers)  # fmt: skip
    assert (listed.status_code, listed.json(), cancelled.status_code) == (200, [], 201)
    assert demand_reads(queries) == []


def test_cancelling_a_date_leaves_the_figures_unread(published: Timetable) -> None:
    with CaptureQueriesContext(connection) as queries:
        change = cancel_occurrence(taichi(published).pk, dt.date(2026, 11, 16), "王老师出差")
    assert (change.cancelled, change.reason) == (True, "王老师出差")
    assert demand_reads(queries) == []


def test_a_moves_preview_leaves_the_figures_unread(draft: Timetable) -> None:
    thursday = Session.objects.get(timetable=draft, group__key="taichi", number=2)
    with CaptureQueriesContext(connection) as queries:
        preview = preview_move(Move(thursday.pk, 4, 9 * 60))
    assert (preview.allowed, preview.label) == (True, "星期五 09:00–10:30 小竹广场")
    assert demand_reads(queries) == []


def test_the_export_leaves_the_figures_unread(published: Timetable) -> None:
    with CaptureQueriesContext(connection) as queries:
        rows = list(timetable_rows(published.pk))
    assert len(rows) == 3
    assert demand_reads(queries) == []


def test_a_jobs_progress_leaves_the_figures_unread(district_client: Client, published: Timetable) -> None:
    job = SolveJob.objects.create(term=published.term, time_limit=10, status="done", timetable=published)
    with CaptureQueriesContext(connection) as queries:
        progress = district_client.get(f"/coordinate/jobs/{job.pk}/progress.json")
        result = SolveJob.objects.select_related("timetable").get(pk=job.pk).timetable
    assert (progress.json()["timetable"]["version"], result.version) == (1, 1)
    assert demand_reads(queries) == []


def test_the_admins_lists_of_sessions_and_jobs_leave_the_figures_unread(
    district_client: Client, published: Timetable
) -> None:
    SolveJob.objects.create(term=published.term, time_limit=10, status="done", timetable=published)
    session = taichi(published)
    with CaptureQueriesContext(connection) as queries:
        sessions = district_client.get("/admin/college/session/")
        jobs = district_client.get("/admin/college/solvejob/")
        change = district_client.get(f"/admin/college/session/{session.pk}/change/")
    assert (sessions.status_code, jobs.status_code, change.status_code) == (200, 200, 200)
    assert "太极班" in sessions.content.decode()
    assert demand_reads(queries) == []


def test_the_figures_are_still_read_where_they_are_asked_for(published: Timetable) -> None:
    assert Timetable.objects.get(pk=published.pk).demand == FIGURES
    assert taichi(published).timetable.demand == FIGURES  # loaded on first access, one query
    assert Community.objects.count() == 2
