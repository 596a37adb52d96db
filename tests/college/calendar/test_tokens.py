"""Private feed links: a new link stops the old one at once, from the domain function or the admin."""

from __future__ import annotations

import io

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from college.domain.calendar import rotate_feed_links, rotate_feed_token
from college.models import Resident, Teacher
from tests.college.calendar.factories import make_autumn_term, publish
from tests.college.factories import make_coordinator

pytestmark = pytest.mark.django_db


@pytest.fixture
def autumn() -> None:
    publish(make_autumn_term())


def test_new_teacher_link_works_and_the_old_one_stops_at_once(client: Client, autumn: None) -> None:
    wang = Teacher.objects.get(key="wang")
    old = rotate_feed_links("teacher", wang.pk)
    assert client.get(old.https.removeprefix("http://127.0.0.1:8000")).status_code == 200
    new = rotate_feed_links("teacher", wang.pk)
    assert client.get(old.https.removeprefix("http://127.0.0.1:8000")).status_code == 404
    assert client.get(new.https.removeprefix("http://127.0.0.1:8000")).status_code == 200
    assert new.webcal == "webcal://" + new.https.removeprefix("http://")


def test_tokens_carry_at_least_128_random_bits_and_are_stored_only_hashed(autumn: None) -> None:
    r1 = Resident.objects.get(key="r1")
    token = rotate_feed_token("resident", r1.pk)
    assert len(token) >= 22  # 22 URL-safe characters hold 132 bits
    r1.refresh_from_db()
    assert token not in r1.feed_token_hash
    assert Resident.by_feed_token(token) == r1


def test_only_teachers_and_residents_have_private_links(autumn: None) -> None:
    with pytest.raises(ValidationError) as excinfo:
        rotate_feed_token("venue", 1)
    assert excinfo.value.message_dict == {"kind": ["只有老师和居民有私人日历链接，“venue”没有。"]}
    with pytest.raises(ValidationError) as excinfo:
        rotate_feed_token("resident", 999_999)
    assert excinfo.value.error_dict["owner"][0].code == "not_found"


def test_coordinator_issues_new_resident_links_in_the_admin(client: Client, autumn: None) -> None:
    r1 = Resident.objects.get(key="r1")
    old = r1.rotate_feed_token()
    client.force_login(make_coordinator())
    response = client.post(
        reverse("admin:college_resident_changelist"),
        {"action": "rotate_resident_links", "_selected_action": [r1.pk]},
    )
    assert response.status_code == 302
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages[-1] == "已发放 1 个新的私人日历链接，旧链接已失效。"
    new_link = messages[0].split("：", 1)[1]
    assert messages[0].startswith("张阿姨的新日历链接：http://127.0.0.1:8000/feeds/resident/")
    assert client.get(f"/feeds/resident/{old}.ics").status_code == 404
    assert client.get(new_link.removeprefix("http://127.0.0.1:8000")).status_code == 200


def test_feed_bookkeeping_has_no_unmigrated_changes() -> None:
    out = io.StringIO()
    call_command("makemigrations", "feeds", "--check", "--dry-run", stdout=out)
    assert out.getvalue() == "No changes detected in app 'feeds'\n"
