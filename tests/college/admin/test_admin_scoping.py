"""In the admin a coordinator of 小竹 reads 大竹's venues, changes none of them, and never sees 大竹's residents."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from college.domain.people import coordinators
from college.models import Community, FreeTime, Resident, Term, Venue
from tests.college.factories import load_tiny_college

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice(client: Client) -> Client:
    load_tiny_college()
    user, _ = coordinators.make_coordinator(
        "alice", "pw-for-tests-only", communities=Community.objects.filter(key="xiaozhu")
    )
    client.force_login(user)
    return client


def venue_form(venue: Venue, **changes: object) -> dict[str, object]:
    data = {"key": venue.key, "community": venue.community_id, "name": venue.name, "kind": venue.kind,
            "address": venue.address, "capacity": venue.capacity, "openings-TOTAL_FORMS": "0",
            "openings-INITIAL_FORMS": "0"}  # fmt: skip
    return data | changes


def test_another_communitys_venue_opens_read_only_and_cannot_be_changed_or_deleted(alice: Client) -> None:
    room = Venue.objects.get(key="dz-room")
    url = reverse("admin:college_venue_change", args=[room.pk])
    page = alice.get(url)
    assert (page.status_code, page.context["has_change_permission"]) == (200, False)
    assert alice.post(url, venue_form(room, name="改掉")).status_code == 403
    assert alice.post(reverse("admin:college_venue_delete", args=[room.pk]), {"post": "yes"}).status_code == 403
    assert Venue.objects.get(key="dz-room").name == "大竹公司会议室"


def test_own_venue_is_changed_as_usual(alice: Client) -> None:
    plaza = Venue.objects.get(key="xz-plaza")
    response = alice.post(reverse("admin:college_venue_change", args=[plaza.pk]), venue_form(plaza, name="小竹大广场"))
    assert response.status_code == 302
    assert Venue.objects.get(key="xz-plaza").name == "小竹大广场"


def test_a_new_venue_can_only_belong_to_ones_own_community(alice: Client) -> None:
    dazhu = Community.objects.get(key="dazhu")
    data = {"key": "dz-new", "community": dazhu.pk, "name": "新场地", "kind": "other", "capacity": 10,
            "openings-TOTAL_FORMS": "0", "openings-INITIAL_FORMS": "0"}  # fmt: skip
    page = alice.post(reverse("admin:college_venue_add"), data)
    assert page.status_code == 200
    assert list(page.context["adminform"].form.errors) == ["community"]
    assert Venue.objects.filter(key="dz-new").exists() is False


def test_other_communities_residents_and_their_answers_are_not_listed(alice: Client) -> None:
    residents = alice.get(reverse("admin:college_resident_changelist")).context["cl"].result_list
    assert sorted(r.key for r in residents) == ["r1", "r4"]
    free = alice.get(reverse("admin:college_freetime_changelist")).context["cl"].result_list
    assert {f.resident.community.key for f in free} == {"xiaozhu"}
    r2 = Resident.objects.get(key="r2")
    assert alice.get(reverse("admin:college_resident_change", args=[r2.pk])).status_code == 302  # not found
    assert FreeTime.objects.filter(resident=r2).count() == 6


def test_terms_change_only_for_those_who_may_plan_them(alice: Client) -> None:
    term = Term.objects.get()
    assert alice.get(reverse("admin:college_term_change", args=[term.pk])).context["has_change_permission"] is False
    assert alice.get(reverse("admin:college_term_add")).status_code == 403


def test_only_district_coordinators_add_communities(alice: Client) -> None:
    assert alice.get(reverse("admin:college_community_add")).status_code == 403
    xiaozhu = Community.objects.get(key="xiaozhu")
    assert alice.get(reverse("admin:college_community_change", args=[xiaozhu.pk])).context["has_change_permission"]
