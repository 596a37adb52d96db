"""Versions, not edits: verified drafts, atomic publish, rollback, pins kept by the next solve."""

from __future__ import annotations

import dataclasses

import pytest
from django.db import IntegrityError, transaction
from django.utils.translation import override

from college.domain.errors import WorkflowError
from college.domain.problem.prepare import build_problem
from college.domain.versions.timetables import publish, save_draft, set_pinned
from college.models import Session, Timetable, TimetableStatus
from scheduler.search.one_model import solve
from tests.college.workflow import assert_verified, load_two_towns, solve_now

pytestmark = pytest.mark.django_db(transaction=True)


def statuses(term_id: int) -> list[tuple[int, str]]:
    return list(Timetable.objects.filter(term_id=term_id).order_by("version").values_list("version", "status"))


def test_publishing_a_draft_archives_the_published_version() -> None:
    term = load_two_towns()
    first, second = solve_now(term.pk).timetable, solve_now(term.pk).timetable
    publish(first.pk)
    assert statuses(term.pk) == [(1, "published"), (2, "draft")]
    published = publish(second.pk)
    assert statuses(term.pk) == [(1, "archived"), (2, "published")]
    assert published.published_at is not None


def test_republishing_an_archived_version_rolls_back() -> None:
    term = load_two_towns()
    first, second = solve_now(term.pk).timetable, solve_now(term.pk).timetable
    publish(first.pk)
    publish(second.pk)
    publish(first.pk)
    assert statuses(term.pk) == [(1, "published"), (2, "archived")]


def test_publishing_the_published_version_again_is_refused() -> None:
    term = load_two_towns()
    timetable = publish(solve_now(term.pk).timetable.pk)
    with override("en"), pytest.raises(WorkflowError, match="is already published"):
        publish(timetable.pk)


def test_a_term_never_has_two_published_versions() -> None:
    term = load_two_towns()
    first, second = solve_now(term.pk).timetable, solve_now(term.pk).timetable
    publish(first.pk)
    with pytest.raises(IntegrityError), transaction.atomic():
        Timetable.objects.filter(pk=second.pk).update(status=TimetableStatus.PUBLISHED)
    assert statuses(term.pk) == [(1, "published"), (2, "draft")]


def test_draft_breaking_a_hard_rule_is_refused_and_nothing_is_saved() -> None:
    term = load_two_towns()
    problem = build_problem(term.pk)
    solution = solve(problem, time_limit=5, workers=1)
    a, b = solution.assignments[0], solution.assignments[1]
    clash = dataclasses.replace(b, slot=a.slot, venue=a.venue)  # two sessions in one venue at once
    broken = dataclasses.replace(solution, assignments=(a, clash, *solution.assignments[2:]))
    with override("en"), pytest.raises(WorkflowError, match="breaks .* hard rule.* and was not saved"):
        save_draft(term.pk, broken, problem=problem)
    assert (Timetable.objects.count(), Session.objects.count()) == (0, 0)


def test_next_version_keeps_session_numbers_of_the_sessions_it_continues() -> None:
    term = load_two_towns()
    first = solve_now(term.pk).timetable
    second = solve_now(term.pk).timetable
    rows = ("group__key", "number", "weekday", "start", "venue__key")
    assert set(first.sessions.values_list(*rows)) == set(second.sessions.values_list(*rows))


def test_pinned_sessions_stay_put_and_stay_pinned_in_the_next_version() -> None:
    term = load_two_towns()
    first = solve_now(term.pk, previous=None).timetable
    taichi = list(first.sessions.filter(group__key="taichi").order_by("weekday"))
    assert set_pinned([s.pk for s in taichi]) == 2
    problem = build_problem(term.pk)
    pins = {(p.slot.weekday, p.slot.start, p.venue) for p in problem.group["taichi"].pinned}
    assert pins == {(s.weekday, s.start, s.venue.key) for s in taichi}
    second = solve_now(term.pk).timetable
    kept = second.sessions.filter(group__key="taichi", pinned=True).values_list("weekday", "start", "venue_id")
    assert set(kept) == {(s.weekday, s.start, s.venue_id) for s in taichi}
    assert_verified(second, previous=first.pk)


def test_unpinning_frees_the_sessions_for_the_next_solve() -> None:
    term = load_two_towns()
    first = solve_now(term.pk).timetable
    ids = list(first.sessions.values_list("pk", flat=True))
    set_pinned(ids)
    assert (set_pinned(ids, False), Session.objects.filter(pinned=True).count()) == (8, 0)
    assert all(not g.pinned for g in build_problem(term.pk).groups)
