"""接单 end to end below the browser: a proposal run over unmet activity wishes, its reasons, the coordinator's and
the teacher's answers, registration (报备), and the next solve placing the new group where it was proposed.

Real CP-SAT, the verifier on every solve, iCal parsed back; 东湖's coordinator must not see or change 西山's."""

from __future__ import annotations

import dataclasses
import datetime as dt

import icalendar
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from college.domain.errors import WorkflowError
from college.domain.people import coordinators
from college.domain.proposals import decisions, runs
from college.domain.proposals.reasons import reason
from college.domain.records.load import load_college
from college.domain.records.types import ActivityRecord, ActivityWishRecord
from college.domain.versions.timetables import publish
from college.models import (
    Answer,
    Community,
    Decision,
    Interest,
    InterestGroup,
    JobStatus,
    Proposal,
    ProposalJob,
    Session,
    Teacher,
    Term,
    Timetable,
)
from tests.college.workflow import assert_verified, solve_now, two_towns

pytestmark = pytest.mark.django_db(transaction=True)


def wishing_towns():
    """The two towns, where six residents of each wish for an activity no group offers: 夜跑 in 东湖, 围棋 in 西山."""
    records = two_towns()
    wishes = [ActivityWishRecord(f"east-r{i}", "夜跑", 4, ("east",)) for i in range(6)]
    wishes += [ActivityWishRecord(f"west-r{i}", "围棋", 4, ("west",)) for i in range(6)]
    activities = (ActivityRecord("夜跑", "夜跑", "sports"), ActivityRecord("围棋", "围棋", "culture"))
    return dataclasses.replace(records, activities=activities, activity_wishes=tuple(wishes))


@pytest.fixture
def term() -> Term:
    load_college(wishing_towns())
    term = Term.objects.get()
    job = solve_now(term.pk)
    publish(job.timetable_id)
    return term


@pytest.fixture
def district_user():
    user, _ = coordinators.make_coordinator("district", "pw-for-tests-only")
    return user


@pytest.fixture
def east_user():
    user, _ = coordinators.make_coordinator(
        "east", "pw-for-tests-only", communities=Community.objects.filter(key="east")
    )
    return user


def run_now(term: Term, user, **options: object) -> ProposalJob:
    options.setdefault("time_limit", 10)
    job = runs.start_run(term.pk, user, enqueue=False, **options)  # type: ignore[arg-type]
    return runs.run(job.pk)


def test_a_run_proposes_one_group_per_unmet_activity_with_a_reason(term: Term, district_user) -> None:
    job = run_now(term, district_user)
    found = {(p.activity.name, p.community.key, p.served, p.wished) for p in job.proposals.all()}
    assert (job.status, job.objective, found) == (JobStatus.DONE, 12, {("夜跑", "east", 6, 6), ("围棋", "west", 6, 6)})
    p = job.proposals.get(community__key="east")
    assert p.teacher.community.key == "east" and p.venue.community.key == "east"
    assert sorted(p.residents.values_list("key", flat=True)) == [f"east-r{i}" for i in range(6)]
    assert reason(p).startswith("夜跑 · 东湖社区，")
    assert f"6 位居民希望参加且有空；{p.teacher.name}（体育）每周还可上 {p.sessions_left} 节" in reason(p)


def test_a_run_needs_a_published_timetable_and_sensible_numbers(district_user) -> None:
    load_college(wishing_towns())
    term = Term.objects.get()
    with pytest.raises(WorkflowError, match="请先发布"):
        runs.start_run(term.pk, district_user, enqueue=False)
    for bad in ("0", "abc", "101", "-3"):
        with pytest.raises(WorkflowError):
            runs.openings_from(bad)


def test_a_coordinator_of_one_community_gets_proposals_only_there(term: Term, east_user) -> None:
    job = run_now(term, east_user)
    assert {p.community.key for p in job.proposals.all()} == {"east"}


def test_accepting_makes_an_unregistered_group_with_the_wishes_and_the_proposed_time(term: Term, district_user) -> None:
    p = run_now(term, district_user).proposals.get(community__key="east")
    group = decisions.accept(district_user, p.pk)
    windows = sorted(group.preferred_windows.values_list("weekday", "start", "end"))
    assert (group.registered, group.teacher_id, group.activity.name, group.sessions_per_week) == (
        False, p.teacher_id, "夜跑", len(p.weekdays))  # fmt: skip
    assert windows == [(d, p.start, p.end) for d in p.weekdays]
    wishes = Interest.objects.filter(group=group).values_list("resident__key", "kind", "rank")
    assert sorted(wishes) == [(f"east-r{i}", "wished", 4) for i in range(6)]
    with pytest.raises(WorkflowError):
        decisions.accept(district_user, p.pk)
    again = run_now(term, district_user)  # the wishes wait for the group: nothing new to propose in 东湖
    assert {q.community.key for q in again.proposals.all()} == {"west"}
    assert Proposal.objects.get(pk=p.pk).decision == Decision.ACCEPTED


def test_registered_the_group_is_placed_by_the_next_solve_where_proposed_moving_nothing(
    term: Term, district_user, client: Client
) -> None:
    p = run_now(term, district_user).proposals.get(community__key="east")
    group = decisions.accept(district_user, p.pk)
    decisions.answer(p.teacher_id, p.pk, takes_it=True)
    decisions.register(district_user, p.pk)
    published = Timetable.objects.get(status="published")
    before = set(
        Session.objects.filter(timetable=published).values_list("group__key", "weekday", "start", "venue__key")
    )
    job = solve_now(term.pk)
    assert_verified(job.timetable, previous=published.pk)
    after = Session.objects.filter(timetable=job.timetable)
    placed = sorted(after.filter(group=group).values_list("weekday", "start", "venue__community__key", "teacher_id"))
    assert placed == [(d, p.start, "east", p.teacher_id) for d in p.weekdays]  # in the room of fewest empty seats
    kept = set(after.exclude(group=group).values_list("group__key", "weekday", "start", "venue__key"))
    assert kept == before
    publish(job.timetable_id)
    feed = icalendar.Calendar.from_ical(client.get(f"/feeds/group/{group.key}.ics").content)
    events = [e for e in feed.walk("VEVENT")]
    assert sorted((e["DTSTART"].dt.weekday(), e["DTSTART"].dt.hour * 60 + e["DTSTART"].dt.minute) for e in events) == [
        (d, p.start) for d in p.weekdays]  # fmt: skip
    assert {str(e["SUMMARY"]) for e in events} == {"夜跑"}


def test_the_teacher_answers_on_their_private_page(term: Term, district_user, client: Client) -> None:
    p = run_now(term, district_user).proposals.get(community__key="east")
    token = Teacher.objects.get(pk=p.teacher_id).rotate_feed_token()
    page = client.get(reverse("pages:teacher", args=[token]))
    assert "夜跑" in page.content.decode() and f"proposal-{p.pk}" in page.content.decode()
    response = client.post(reverse("pages:teacher_answer", args=[token, p.pk]), {"answer": "decline"})
    assert (response.status_code, Proposal.objects.get(pk=p.pk).answer) == (302, Answer.DECLINED)
    assert client.post(reverse("pages:teacher_answer", args=[token, p.pk]), {"answer": "maybe"}).status_code == 400
    other = Teacher.objects.exclude(pk=p.teacher_id).first().rotate_feed_token()
    assert client.post(reverse("pages:teacher_answer", args=[other, p.pk]), {"answer": "accept"}).status_code == 404
    decisions.accept(district_user, p.pk)
    with pytest.raises(WorkflowError, match="谢绝"):
        decisions.register(district_user, p.pk)
    client.post(reverse("pages:teacher_answer", args=[token, p.pk]), {"answer": "accept"})
    assert decisions.register(district_user, p.pk).registered is True
    assert client.post(reverse("pages:teacher_answer", args=[token, p.pk]), {"answer": "decline"}).status_code == 400


def test_the_coordinators_page_lists_proposals_with_reasons_and_answers(term: Term, district_user) -> None:
    client = Client()
    client.force_login(district_user)
    start = client.post(reverse("pages:proposals_start", args=[term.key]), {"openings": "5", "time_limit": "10"})
    assert start.status_code == 302
    job = ProposalJob.objects.get()
    runs.run(job.pk)
    progress = client.get(reverse("pages:proposals_progress", args=[job.pk])).json()
    assert (progress["status"], progress["objective"], progress["active"]) == ("done", 12.0, False)
    page = client.get(reverse("pages:proposals", args=[term.key]), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "6 位居民希望参加且有空" in page and "围棋 · 西山社区" in page
    p = job.proposals.get(community__key="west")
    assert client.post(reverse("pages:proposal_accept", args=[p.pk])).status_code == 302
    assert client.post(reverse("pages:proposal_decline", args=[job.proposals.get(community__key="east").pk]))
    page = client.get(reverse("pages:proposals", args=[term.key])).content.decode()
    assert f"taken-{p.pk}" in page
    bad = client.post(reverse("pages:proposals_start", args=[term.key]), {"openings": "lots"})
    assert bad.status_code == 400 and "1" in bad.context["start_error"]


def test_another_communitys_coordinator_neither_sees_nor_changes_them(term: Term, district_user, east_user) -> None:
    job = run_now(term, district_user)
    west = job.proposals.get(community__key="west")
    client = Client()
    client.force_login(east_user)
    page = client.get(reverse("pages:proposals", args=[term.key])).content.decode()
    assert "围棋" not in page and "夜跑" in page
    for name in ("pages:proposal_accept", "pages:proposal_decline", "pages:proposal_register"):
        assert client.post(reverse(name, args=[west.pk])).status_code == 403
    assert Proposal.objects.get(pk=west.pk).decision == Decision.PENDING
    west_only = runs.start_run(term.pk, district_user, community_id=Community.objects.get(key="west").pk,
                               enqueue=False)  # fmt: skip
    assert client.get(reverse("pages:proposals_progress", args=[west_only.pk])).status_code == 404
    assert client.post(reverse("pages:proposals_stop", args=[west_only.pk])).status_code == 404
    west_id = Community.objects.get(key="west").pk
    assert client.post(reverse("pages:proposals_start", args=[term.key]), {"community": west_id}).status_code == 403
    assert ProposalJob.objects.count() == 2
    assert not InterestGroup.objects.filter(key__startswith="proposal-").exists()


def test_a_queued_run_stops_at_once_and_a_dead_workers_run_fails(term: Term, district_user, settings) -> None:
    queued = runs.start_run(term.pk, district_user, enqueue=False)
    assert runs.stop_run(queued.pk).status == JobStatus.STOPPED
    assert runs.run(queued.pk).status == JobStatus.STOPPED  # a worker that picks it up later leaves it be
    dead = runs.start_run(term.pk, district_user, enqueue=False)
    old = timezone.now() - dt.timedelta(seconds=settings.SOLVE_STALE_SECONDS + 1)
    ProposalJob.objects.filter(pk=dead.pk).update(status=JobStatus.RUNNING, heartbeat=old)
    assert (runs.refresh_run(dead.pk).status, Proposal.objects.count()) == (JobStatus.FAILED, 0)


def test_one_active_run_per_coordinator_and_term(term: Term, district_user) -> None:
    runs.start_run(term.pk, district_user, enqueue=False)
    with pytest.raises(WorkflowError):
        runs.start_run(term.pk, district_user, enqueue=False)
