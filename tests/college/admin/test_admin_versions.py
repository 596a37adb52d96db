"""In the admin, a published version is frozen (only pins change) and publishing goes through the workflow."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils.translation import override

from college.models import Session, Timetable, TimetableStatus
from tests.college.admin.admin_forms import page_post_data
from tests.college.factories import load_tiny_college, make_coordinator, make_timetable_with_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(client: Client) -> Client:
    load_tiny_college()
    client.force_login(make_coordinator())
    return client


def publish_action(client: Client, *timetables: Timetable) -> list[str]:
    with override("en"):
        response = client.post(
            reverse("admin:college_timetable_changelist"),
            {"action": "publish_version", "_selected_action": [str(t.pk) for t in timetables]},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 302
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_coordinator_publishes_a_draft_and_the_published_one_is_archived(coordinator: Client) -> None:
    first = make_timetable_with_session(1, "published")
    second = make_timetable_with_session(2)
    assert publish_action(coordinator, second) == ["Published 2025年秋季学期, version 2 (Published)."]
    statuses = list(Timetable.objects.order_by("version").values_list("status", flat=True))
    assert statuses == ["archived", "published"]
    assert Timetable.objects.get(pk=first.pk).published_at is None


def test_publishing_two_versions_at_once_is_refused(coordinator: Client) -> None:
    one, two = make_timetable_with_session(1), make_timetable_with_session(2)
    assert publish_action(coordinator, one, two) == ["Select exactly one version to publish."]
    assert Timetable.objects.filter(status=TimetableStatus.PUBLISHED).count() == 0


def test_published_session_keeps_its_time_in_the_admin_but_can_be_pinned(coordinator: Client) -> None:
    session = make_timetable_with_session(1, "published").sessions.get()
    url = reverse("admin:college_session_change", args=[session.pk])
    page = coordinator.get(url)
    data = {**page_post_data(page), "weekday": "4", "start": "14:00", "pinned": "on"}
    assert coordinator.post(url, data).status_code == 302
    assert Session.objects.filter(pk=session.pk).values_list("weekday", "start", "pinned").get() == (0, 540, True)


def test_draft_session_can_still_be_moved_in_the_admin(coordinator: Client) -> None:
    session = make_timetable_with_session(1).sessions.get()
    url = reverse("admin:college_session_change", args=[session.pk])
    data = {**page_post_data(coordinator.get(url)), "weekday": "4"}
    assert coordinator.post(url, data).status_code == 302
    assert Session.objects.get(pk=session.pk).weekday == 4


def test_status_of_a_version_cannot_be_typed_in_the_admin(coordinator: Client) -> None:
    draft = make_timetable_with_session(1)
    url = reverse("admin:college_timetable_change", args=[draft.pk])
    data = {**page_post_data(coordinator.get(url)), "status": "published"}
    assert coordinator.post(url, data).status_code == 302
    assert Timetable.objects.get(pk=draft.pk).status == TimetableStatus.DRAFT
