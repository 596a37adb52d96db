"""Coordinators' scopes, the access helper, and personal API tokens (admin-made, hashed, revocable)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from college.domain.access import changeable_communities, may_change, may_plan, scope_of
from college.domain.people import coordinators
from college.models import ApiToken, Community, Coordinator, InterestGroup, Term
from college.models.tokens import hash_token
from tests.college.factories import load_tiny_college, make_coordinator

pytestmark = pytest.mark.django_db


def coordinator_of(username: str, *community_keys: str, district: bool = False) -> User:
    communities = None if district else Community.objects.filter(key__in=community_keys)
    user, _ = coordinators.make_coordinator(username, "pw-for-tests-only", communities=communities)
    return user


@pytest.fixture
def college() -> None:
    load_tiny_college()


def test_community_coordinator_may_change_only_their_community(college: None) -> None:
    alice = coordinator_of("alice", "xiaozhu")
    xiaozhu, dazhu = Community.objects.get(key="xiaozhu"), Community.objects.get(key="dazhu")
    assert (may_change(alice, xiaozhu), may_change(alice, dazhu.pk)) == (True, False)
    assert list(changeable_communities(alice)) == [xiaozhu]


def test_district_coordinator_and_superuser_may_change_and_plan_everything(college: None) -> None:
    district = coordinator_of("district", district=True)
    root = User.objects.create_superuser("root", password="pw-for-tests-only")
    term = Term.objects.get()
    for user in (district, root):
        assert [may_change(user, c) for c in Community.objects.all()] == [True, True]
        assert may_plan(user, term) is True
        assert changeable_communities(user).count() == 2


def test_coordinator_of_one_community_may_not_plan_a_term_that_schedules_another(college: None) -> None:
    alice = coordinator_of("alice", "xiaozhu")
    both = coordinator_of("both", "xiaozhu", "dazhu")
    term = Term.objects.get()
    assert (may_plan(alice, term), may_plan(both, term)) == (False, True)


def test_coordinator_may_plan_when_other_communities_have_no_registered_groups(college: None) -> None:
    InterestGroup.objects.filter(community__key="dazhu").update(registered=False)
    alice = coordinator_of("alice", "xiaozhu")
    assert may_plan(alice, Term.objects.get()) is True


@pytest.mark.parametrize("who", ["anonymous", "staff without profile", "inactive coordinator"])
def test_people_without_a_scope_may_change_nothing(college: None, who: str) -> None:
    from django.contrib.auth.models import AnonymousUser

    if who == "anonymous":
        user = AnonymousUser()
    elif who == "staff without profile":
        user = make_coordinator("staff")
        Coordinator.objects.filter(user=user).delete()
    else:
        user = coordinator_of("gone", "xiaozhu", district=True)
        user.is_active = False
    assert scope_of(user).is_coordinator is False
    assert [may_change(user, c) for c in Community.objects.all()] == [False, False]
    assert may_plan(user, Term.objects.get()) is False


def test_api_token_is_stored_as_its_hash_only() -> None:
    user = make_coordinator("alice")
    token, raw = ApiToken.issue(user, "mini-program")
    stored = ApiToken.objects.values_list("token_hash", "prefix").get()
    assert stored == (hash_token(raw), raw[:7])
    assert raw.startswith("kb_") and len(raw) == 35
    assert raw not in str(ApiToken.objects.values().get())
    assert token.is_active is True


def test_api_token_authenticates_its_user_and_records_when_it_was_used() -> None:
    user = make_coordinator("alice")
    _, raw = ApiToken.issue(user, "mini-program")
    before = timezone.now()
    found = ApiToken.authenticate(raw)
    assert found is not None and found.user == user
    assert ApiToken.objects.get().last_used_at >= before


def test_revoked_token_or_inactive_user_or_unknown_token_authenticates_nobody() -> None:
    alice, bob = make_coordinator("alice"), make_coordinator("bob")
    revoked, revoked_raw = ApiToken.issue(alice, "old")
    revoked.revoke()
    _, bob_raw = ApiToken.issue(bob, "bob's")
    User.objects.filter(pk=bob.pk).update(is_active=False)
    assert [ApiToken.authenticate(raw) for raw in (revoked_raw, bob_raw, "kb_unknown", "", "no-prefix")] == [None] * 5


def test_last_used_time_is_not_rewritten_on_every_request() -> None:
    _, raw = ApiToken.issue(make_coordinator("alice"), "busy")
    earlier = timezone.now() - dt.timedelta(seconds=10)
    ApiToken.objects.update(last_used_at=earlier)
    ApiToken.authenticate(raw)
    assert ApiToken.objects.get().last_used_at == earlier


def test_admin_shows_a_new_token_once_and_stores_only_its_hash(client: Client) -> None:
    alice = coordinator_of("alice")
    client.force_login(alice)
    response = client.post(reverse("admin:college_apitoken_add"), {"user": alice.pk, "name": "WeChat"}, follow=True)
    shown = [str(m) for m in response.context["messages"]]
    token = ApiToken.objects.get()
    (raw,) = re.findall(r"kb_[\w-]{32}", shown[0])
    assert shown[0].startswith(f"新的 API 令牌是 {raw} —— 请立即复制：它只显示这一次。")
    assert token.token_hash == hash_token(raw)
    assert ApiToken.authenticate(raw) == token
    later = client.get(reverse("admin:college_apitoken_change", args=[token.pk]))
    assert raw not in later.text and token.prefix in later.text


def test_admin_revoke_action_stops_a_token_at_once(client: Client) -> None:
    alice = coordinator_of("alice")
    token, raw = ApiToken.issue(alice, "WeChat")
    client.force_login(alice)
    response = client.post(
        reverse("admin:college_apitoken_changelist"), {"action": "revoke", "_selected_action": [token.pk]}
    )
    assert response.status_code == 302
    assert ApiToken.authenticate(raw) is None
    assert ApiToken.objects.get().revoked_at is not None


def test_coordinator_sees_and_makes_only_their_own_tokens_in_the_admin(client: Client) -> None:
    alice, bob = coordinator_of("alice"), coordinator_of("bob")
    bobs, _ = ApiToken.issue(bob, "bob's")
    client.force_login(alice)
    assert client.get(reverse("admin:college_apitoken_change", args=[bobs.pk])).status_code == 302  # not found
    assert bobs.name not in client.get(reverse("admin:college_apitoken_changelist")).text
    response = client.post(reverse("admin:college_apitoken_add"), {"user": bob.pk, "name": "sneaky"})
    assert response.status_code == 200
    assert ApiToken.objects.filter(name="sneaky").exists() is False


def test_community_coordinator_cannot_widen_their_own_scope_in_the_admin(client: Client, college: None) -> None:
    alice = coordinator_of("alice", "xiaozhu")
    client.force_login(alice)
    profile = Coordinator.objects.get(user=alice)
    page = reverse("admin:college_coordinator_change", args=[profile.pk])
    response = client.post(page, {"user": alice.pk, "communities": [c.pk for c in Community.objects.all()]})
    assert response.status_code == 403
    assert list(profile.communities.values_list("key", flat=True)) == ["xiaozhu"]
