"""The week's hard-rule check is stored with the version: made when a solve's version is saved and when a session
is moved, read by the week pages in any process, made again only when the term's data or the sessions change.
The tiny college's 2026 autumn term: 茶艺's venue lacks the tea set it needs (a hard rule today's data breaks)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from college.derived.models import ConflictCheck
from college.domain.people.coordinators import make_coordinator
from college.domain.versions.conflicts import conflicts_fingerprint, hard_conflicts
from college.domain.versions.moves import Move, save_move
from college.domain.versions.timetables import publish as publish_version
from college.models import Session, TeacherAvailability, Timetable
from tests.college.calendar.factories import make_autumn_term, publish
from tests.college.workflow import load_two_towns, solve_now

pytestmark = pytest.mark.django_db

FRIDAY, NINE = 4, 9 * 60


def checked_at(timetable: Timetable) -> dt.datetime:
    return ConflictCheck.objects.get(timetable=timetable).checked_at


def stored_rules(timetable: Timetable) -> list[tuple[str, list[str]]]:
    return sorted((c["rule"], c["groups"]) for c in ConflictCheck.objects.get(timetable=timetable).found)


def draft_copy(published: Timetable) -> Timetable:
    draft = Timetable.objects.create(term=published.term, version=2, status="draft", solver_status="optimal")
    for s in Session.objects.filter(timetable=published):
        s.pk, s.timetable = None, draft
        s.save()
    return draft


@pytest.mark.django_db(transaction=True)  # the solve's progress is written from another thread
def test_a_solves_saved_version_comes_with_its_check_stored() -> None:
    term = load_two_towns()
    timetable = solve_now(term.pk).timetable
    kept = ConflictCheck.objects.get(timetable=timetable)
    assert (kept.checked, kept.found, kept.fingerprint) == (True, [], conflicts_fingerprint(timetable.pk))


def test_a_saved_move_stores_the_drafts_check_and_the_week_reads_it_without_checking_again() -> None:
    draft = draft_copy(publish(make_autumn_term()))
    client = Client()
    client.force_login(make_coordinator("district", "pw-for-tests-only")[0])
    thursday = Session.objects.get(timetable=draft, group__key="taichi", number=2)
    save_move(Move(thursday.pk, FRIDAY, NINE))
    assert stored_rules(draft) == [("facilities", ["茶艺"])]
    stored = checked_at(draft)
    for url in (f"/coordinate/timetables/{draft.pk}/", f"/coordinate/sessions/{thursday.pk}/"):
        assert client.get(url).status_code == 200
    assert checked_at(draft) == stored


def test_the_check_is_made_again_when_the_terms_data_changes_and_stays_when_another_version_is_published() -> None:
    published = publish(make_autumn_term())
    draft = draft_copy(published)
    assert [c.rule for c in hard_conflicts(draft.pk).found] == ["facilities"]
    stored = checked_at(draft)
    publish_version(draft.pk)  # the base version changes; the check reads no base
    assert [c.rule for c in hard_conflicts(draft.pk).found] == ["facilities"]
    assert checked_at(draft) == stored
    TeacherAvailability.objects.filter(teacher__key="wang", weekday=0).delete()  # 王老师 no longer teaches Mondays
    assert sorted(c.rule for c in hard_conflicts(draft.pk).found) == ["facilities", "teacher_availability"]
    assert stored_rules(draft) == [("facilities", ["茶艺"]), ("teacher_availability", ["太极班"])]
