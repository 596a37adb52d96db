"""Re-planning moves only what it must: after a teacher's absence or a venue's closure, the new draft differs
from the published version exactly in the sessions the change forbids."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils.translation import override

from college.domain.errors import WorkflowError
from college.domain.problem.prepare import build_problem
from college.domain.solving import run_solve
from college.domain.versions.differences import diff
from college.domain.versions.replan import close_venue, mark_teacher_unavailable, replan
from college.domain.versions.timetables import publish
from college.models import Session, Teacher, Term, Timetable, Venue
from tests.college.workflow import assert_verified, load_two_towns, solve_now

pytestmark = pytest.mark.django_db(transaction=True)

MID_TERM = dt.date(2026, 4, 13)


def published_term() -> tuple[Term, Timetable]:
    term = load_two_towns()
    return term, publish(solve_now(term.pk).timetable.pk)


def replanned(term: Term) -> Timetable:
    job = run_solve(replan(term.pk, time_limit=10).pk)
    assert job.status == "done", job.message
    return job.timetable


def where(session: Session) -> tuple[int, int, int, int]:
    return (session.group_id, session.weekday, session.start, session.venue_id)


def test_teacher_absent_on_a_weekday_moves_only_that_teachers_sessions_of_that_day() -> None:
    term, published = published_term()
    zhao = Teacher.objects.get(key="zhao")
    day = published.sessions.filter(teacher=zhao).order_by("weekday").first().weekday
    must_move = set(published.sessions.filter(teacher=zhao, weekday=day))
    mark_teacher_unavailable(zhao.pk, MID_TERM, weekday=day, reason="照顾孙子")

    draft = replanned(term)
    change = diff(published.pk, draft.pk)
    assert (change.added, change.removed) == ((), ())
    assert {(c.group_id, c.old.weekday, c.old.start) for c in change.moved} == {
        (s.group_id, s.weekday, s.start) for s in must_move
    }
    assert all(c.new.weekday != day for c in change.moved)
    assert change.unchanged == 8 - len(must_move)
    assert {where(s) for s in draft.sessions.all()} >= {
        where(s) for s in published.sessions.exclude(pk__in=[s.pk for s in must_move])
    }
    assert_verified(draft, previous=published.pk)


def test_venue_closed_on_a_weekday_moves_only_the_sessions_held_there_that_day() -> None:
    term, published = published_term()
    busiest = published.sessions.order_by("venue_id", "weekday").first()
    venue, day = Venue.objects.get(pk=busiest.venue_id), busiest.weekday
    must_move = set(published.sessions.filter(venue=venue, weekday=day))
    close_venue(venue.pk, day, MID_TERM, reason="装修")

    draft = replanned(term)
    change = diff(published.pk, draft.pk)
    assert {(c.group_id, c.old.weekday, c.old.start) for c in change.moved} == {
        (s.group_id, s.weekday, s.start) for s in must_move
    }
    assert all((c.new.venue_id, c.new.weekday) != (venue.pk, day) for c in change.moved)
    assert change.unchanged == 8 - len(must_move)
    assert_verified(draft, previous=published.pk)


def test_replan_without_a_change_keeps_every_session() -> None:
    term, published = published_term()
    draft = replanned(term)
    change = diff(published.pk, draft.pk)
    assert (change.empty, change.unchanged) == (True, 8)


def test_changes_from_after_the_term_leave_its_problem_alone() -> None:
    term = load_two_towns()
    zhao = Teacher.objects.get(key="zhao")
    before = build_problem(term.pk).teacher["zhao"].availability
    mark_teacher_unavailable(zhao.pk, dt.date(2026, 9, 1))
    assert build_problem(term.pk).teacher["zhao"].availability == before
    mark_teacher_unavailable(zhao.pk, MID_TERM, weekday=0)
    assert [w.weekday for w in build_problem(term.pk).teacher["zhao"].availability] == [1, 2, 3, 4]
    assert build_problem(term.pk, absences_and_closures=False).teacher["zhao"].availability == before


def test_replan_before_anything_is_published_is_refused() -> None:
    term = load_two_towns()
    with override("en"), pytest.raises(WorkflowError, match="Nothing is published for this term yet"):
        replan(term.pk)


def test_closing_a_venue_on_weekday_seven_is_refused() -> None:
    load_two_towns()
    venue = Venue.objects.first()
    with override("en"), pytest.raises(WorkflowError, match="must be 0 .Monday. to 6 .Sunday., not 7"):
        close_venue(venue.pk, 7, MID_TERM)
