"""A backup of the demo college restored into an emptied database answers every feed byte for byte as before, and
every API token still works; a restore into a database that holds a college is refused and changes nothing."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from bench.feeds import publish_demo
from college.domain.calendar.vevent import forget_rendered
from college.domain.people import coordinators
from college.domain.records.read import read_college
from college.domain.records.types import CollegeRecords
from college.models import ApiToken, Community, InterestGroup, Resident, Teacher, Venue

pytestmark = pytest.mark.slow


def unordered(records: CollegeRecords) -> CollegeRecords:
    """The records with the lists that are sets sorted: a teacher's activities, the communities a wish reaches
    (a restore writes their many-to-many rows in another order)."""
    teachers = tuple(replace(t, activities=tuple(sorted(t.activities))) for t in records.teachers)
    wishes = tuple(replace(w, communities=tuple(sorted(w.communities))) for w in records.activity_wishes)
    return replace(records, teachers=teachers, activity_wishes=wishes)


def feed_paths() -> list[str]:
    paths = [f"/feeds/group/{key}.ics" for key in InterestGroup.objects.order_by("key").values_list("key", flat=True)]
    paths += [f"/feeds/venue/{key}.ics" for key in Venue.objects.order_by("key").values_list("key", flat=True)]
    paths += [f"/feeds/community/{key}.ics" for key in Community.objects.order_by("key").values_list("key", flat=True)]
    paths += [f"/feeds/teacher/{t.rotate_feed_token()}.ics" for t in Teacher.objects.order_by("key")]
    paths += [f"/feeds/resident/{r.rotate_feed_token()}.ics" for r in Resident.objects.order_by("key")[:30]]
    return paths


def every_feed(client: Client, paths: list[str]) -> dict[str, tuple[int, str, bytes]]:
    cache.clear()
    forget_rendered()
    answers = {}
    for path in paths:
        response = client.get(path)
        answers[path] = (response.status_code, response.get("ETag", ""), response.content)
    return answers


@pytest.mark.django_db(transaction=True)  # the database is emptied for real (flush), as a new server would be
def test_a_restored_backup_answers_every_feed_byte_for_byte(client: Client, tmp_path: Path) -> None:
    publish_demo()  # its resident in 10 groups is among the 30 below
    user, _ = coordinators.make_coordinator("district", "pw-for-tests-only")
    raw_token = ApiToken.issue(user, "backup test")[1]
    paths = feed_paths()
    before = every_feed(client, paths)
    assert {status for status, _etag, _body in before.values()} == {200}
    records = read_college()
    backup = tmp_path / "college.json"
    call_command("backup", str(backup), verbosity=0)

    call_command("flush", interactive=False, verbosity=0)
    assert Community.objects.exists() is False
    call_command("restore", str(backup), verbosity=0)

    assert unordered(read_college()) == unordered(records)
    assert every_feed(client, paths) == before
    me = client.get("/api/v1/communities", headers={"authorization": f"Bearer {raw_token}"})
    assert me.status_code == 200


@pytest.mark.django_db
def test_restoring_into_a_database_that_holds_a_college_is_refused_and_changes_nothing(tmp_path: Path) -> None:
    publish_demo()
    backup = tmp_path / "college.json"
    call_command("backup", str(backup), verbosity=0)
    InterestGroup.objects.filter(pk=InterestGroup.objects.order_by("pk").first().pk).update(name="改过的名字")
    records = read_college()
    with pytest.raises(CommandError, match="already holds a college"):
        call_command("restore", str(backup), verbosity=0)
    assert unordered(read_college()) == unordered(records)
