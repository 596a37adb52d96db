"""Login throttling: wrong passwords for one account, or from one address, pause logging in (even with the right
password) with a Chinese answer; a district coordinator lifts the pause in the admin; feeds never count."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.urls import reverse

from college.domain.people import coordinators
from college.models import Community, Term
from tests.college.calendar.factories import make_autumn_term, publish

pytestmark = pytest.mark.django_db

PAUSED = "登录失败次数过多：登录已暂停 15 分钟。区级协调员可以立即解除。"
LOGINS = ["/coordinate/login/", "/admin/login/"]


@pytest.fixture
def alice() -> None:
    make_autumn_term()
    coordinators.make_coordinator("alice", "right-password-1", communities=Community.objects.filter(key="xiaozhu"))


def log_in(client: Client, path: str, password: str, username: str = "alice", address: str = "198.51.100.7") -> int:
    response = client.post(path, {"username": username, "password": password}, REMOTE_ADDR=address)
    return response.status_code


@pytest.mark.parametrize("path", LOGINS)
def test_after_the_limit_of_wrong_passwords_the_right_one_is_refused_in_chinese(
    client: Client, alice: None, path: str
) -> None:
    tries = settings.AXES_FAILURE_LIMIT - 1
    assert [log_in(client, path, f"wrong-{i}") for i in range(tries)] == [200] * tries
    answer = client.post(path, {"username": "alice", "password": "wrong"}, REMOTE_ADDR="198.51.100.7")
    assert (answer.status_code, answer.content.decode()) == (429, PAUSED)
    right = client.post(path, {"username": "alice", "password": "right-password-1"}, REMOTE_ADDR="198.51.100.7")
    assert (right.status_code, "_auth_user_id" in client.session) == (429, False)


def test_the_account_stays_paused_from_another_address(client: Client, alice: None) -> None:
    for i in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, LOGINS[0], f"wrong-{i}", address=f"198.51.100.{i}")
    assert log_in(client, LOGINS[1], "right-password-1", address="203.0.113.9") == 429


def test_one_address_guessing_many_accounts_is_paused(client: Client, alice: None) -> None:
    for i in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, LOGINS[0], "wrong", username=f"guess-{i}")
    assert log_in(client, LOGINS[0], "right-password-1") == 429


def test_a_district_coordinator_lifts_the_pause_and_alice_cannot(client: Client, alice: None) -> None:
    for i in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, LOGINS[0], f"wrong-{i}")
    dazhu = Community.objects.filter(key="dazhu")
    bob, _ = coordinators.make_coordinator("bob", "pw-for-tests-only", communities=dazhu)
    district, _ = coordinators.make_coordinator("district", "pw-for-tests-only")
    attempts = reverse("admin:axes_accessattempt_changelist")
    other = Client()
    other.force_login(bob)
    assert other.get(attempts).status_code == 403
    attempt = AccessAttempt.objects.get(username="alice")
    other.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})
    assert AccessAttempt.objects.filter(username="alice").count() == 1
    other.force_login(district)
    assert other.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"}).status_code == 302
    assert log_in(client, LOGINS[0], "right-password-1") == 302


def test_feeds_are_not_throttled(client: Client, alice: None) -> None:
    publish(Term.objects.get(key="2026-autumn"))
    for i in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, LOGINS[0], f"wrong-{i}")
    assert client.get("/feeds/group/taichi.ics", REMOTE_ADDR="198.51.100.7").status_code == 200
