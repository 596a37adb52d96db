"""The diff between two versions: sessions added, removed, moved (old → new), residents and teachers touched."""

from __future__ import annotations

import pytest
from django.utils.translation import override

from college.domain.errors import WorkflowError
from college.domain.versions.differences import Spot, diff, match
from college.models import InterestGroup, Session, Teacher, Term, Timetable, Venue
from tests.college.workflow import load_two_towns

pytestmark = pytest.mark.django_db


def version(term: Term, number: int, *sessions: tuple[str, int, int, int, str, str]) -> Timetable:
    """A version with sessions (group key, number, weekday, start hour, venue key, teacher key), 90 minutes each."""
    timetable = Timetable.objects.create(term=term, version=number)
    Session.objects.bulk_create(
        Session(
            timetable=timetable,
            group=InterestGroup.objects.get(key=g),
            number=n,
            weekday=day,
            start=hour * 60,
            end=hour * 60 + 90,
            venue=Venue.objects.get(key=v),
            teacher=Teacher.objects.get(key=t),
        )
        for g, n, day, hour, v, t in sessions
    )
    return timetable


def test_diff_lists_moved_added_and_removed_sessions_with_who_they_touch() -> None:
    term = load_two_towns()
    old = version(
        term, 1,
        ("taichi", 1, 0, 9, "east-hall", "zhao"),
        ("taichi", 2, 3, 9, "east-hall", "zhao"),
        ("choir", 1, 1, 19, "east-room", "qian"),
        ("chess", 1, 2, 14, "west-room", "li"),
    )  # fmt: skip
    new = version(
        term, 2,
        ("taichi", 1, 0, 9, "east-hall", "zhao"),
        ("taichi", 2, 4, 10, "east-room", "zhao"),
        ("choir", 1, 1, 19, "east-room", "qian"),
        ("dance", 1, 2, 9, "west-hall", "sun"),
    )  # fmt: skip
    with override("en"):
        change = diff(old.pk, new.pk)
        moved = change.moved[0]
        assert (moved.group, moved.old.label, moved.new.label) == (
            "太极拳",
            "Thursday 09:00–10:30 东湖文化中心",
            "Friday 10:00–11:30 东湖活动室",
        )
    assert (moved.time_changed, moved.venue_changed, moved.teachers, moved.residents, moved.enrolled) == (
        True, True, ("赵老师",), 6, 6,
    )  # fmt: skip
    assert [(c.kind, c.group, c.teachers, c.residents) for c in change.added + change.removed] == [
        ("added", "舞蹈", ("孙老师",), 6),
        ("removed", "象棋", ("李老师",), 4),
    ]
    touched = ("孙老师", "李老师", "赵老师")
    assert (change.unchanged, change.residents_touched, change.teachers_touched) == (2, 12, touched)


def test_a_version_compared_with_itself_has_no_changes() -> None:
    term = load_two_towns()
    one = version(term, 1, ("taichi", 1, 0, 9, "east-hall", "zhao"), ("taichi", 2, 3, 9, "east-hall", "zhao"))
    change = diff(one.pk, one.pk)
    assert (change.empty, change.unchanged, change.residents_touched) == (True, 2, 0)


def test_sessions_of_a_group_are_matched_where_they_stayed_whatever_their_numbers() -> None:
    old = [Spot(1, 1, 1, 540, 630, 7, 3), Spot(1, 2, 3, 540, 630, 7, 3)]
    new = [Spot(1, 1, 0, 540, 630, 7, 3), Spot(1, 2, 1, 540, 630, 7, 3)]  # Thursday's moved to Monday
    pairs, removed, added = match(old, new)
    assert (pairs, removed, added) == ([(old[0], new[1]), (old[1], new[0])], [], [])


def test_versions_of_different_terms_are_not_compared() -> None:
    term = load_two_towns()
    other = Term.objects.create(key="2026-autumn", name="2026年秋季学期", first_day="2026-09-01", last_day="2027-01-15")
    a, b = version(term, 1), version(other, 1)
    with override("en"), pytest.raises(WorkflowError, match="Only versions of one term can be compared"):
        diff(a.pk, b.pk)
