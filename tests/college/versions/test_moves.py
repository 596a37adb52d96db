"""Moving one weekly session of a draft by hand: the verifier decides, a preview shows the score and the wishes, and
saving checks again with the draft locked. The tiny college's 2026 autumn term: version 1 published, version 2 a
draft copy of it (太极班 Monday and Thursday 09:00 with 王老师, 茶艺 Wednesday 19:00 with 李老师, whose venue lacks
the tea set it needs: a hard rule that today's data already breaks)."""

from __future__ import annotations

import pytest

from college.domain.demand.figures import compute_figures, figures_of
from college.domain.errors import WorkflowError
from college.domain.problem.prepare import build_problem
from college.domain.versions.moves import Move, preview_move, save_move
from college.domain.versions.timetables import saved_assignments
from college.models import FreeTime, Session, Timetable, Venue
from scheduler.verify import verify
from tests.college.calendar.factories import make_autumn_term, publish

pytestmark = pytest.mark.django_db

THURSDAY, FRIDAY, MONDAY = 3, 4, 0
NINE = 9 * 60


@pytest.fixture
def draft() -> Timetable:
    term = make_autumn_term()
    published = publish(term)
    draft = Timetable.objects.create(term=term, version=2, status="draft", solver_status="optimal", bound=0)
    for s in Session.objects.filter(timetable=published):
        s.pk, s.timetable = None, draft
        s.save()
    report = verify(build_problem(term.pk, previous=published.pk), saved_assignments(draft.pk, _problem(draft)))
    Timetable.objects.filter(pk=draft.pk).update(objective=report.objective, penalties=report.penalties)
    return Timetable.objects.get(pk=draft.pk)


def _problem(timetable: Timetable):
    return build_problem(timetable.term_id, previous=None)


def session(timetable: Timetable, group: str, number: int = 1) -> Session:
    return Session.objects.get(timetable=timetable, group__key=group, number=number)


def test_a_move_that_breaks_no_hard_rule_shows_its_score_and_is_saved(draft: Timetable) -> None:
    thursday = session(draft, "taichi", 2)
    move = Move(thursday.pk, FRIDAY, NINE)
    preview = preview_move(move)
    assert (preview.allowed, preview.broken, preview.label) == (True, (), "星期五 09:00–10:30 小竹广场")
    assert preview.before.objective == draft.objective
    assert preview.after.penalties["minimal_change"] - preview.before.penalties["minimal_change"] == 20  # moved
    assert preview.score_change == preview.after.objective - preview.before.objective
    # counted on 太极班's residents only (张阿姨 enrolled, 刘奶奶 wishing): nobody else's wishes can change
    assert (preview.before.interests, preview.after.interests) == (2, 2)
    save_move(move)
    moved = Session.objects.get(pk=thursday.pk)
    assert (moved.weekday, moved.start, moved.end, moved.venue.key, moved.number) == (FRIDAY, NINE, 630, "xz-plaza", 2)
    saved = Timetable.objects.get(pk=draft.pk)
    published = Timetable.objects.get(term=draft.term, status="published")
    report = verify(build_problem(draft.term_id, previous=published.pk), saved_assignments(draft.pk, _problem(draft)))
    assert (saved.objective, saved.penalties, saved.demand) == (report.objective, dict(report.penalties), {})
    assert saved.objective == preview.after.objective
    assert [v.rule for v in report.violations] == ["facilities"]  # 茶艺's, there before the move and after it


def test_a_move_onto_the_teachers_other_session_is_refused_by_the_verifier(draft: Timetable) -> None:
    thursday = session(draft, "taichi", 2)
    preview = preview_move(Move(thursday.pk, MONDAY, NINE))
    assert preview.allowed is False
    assert sorted((b.rule, b.others) for b in preview.broken) == [
        ("different_days", ("太极班 星期一 09:00–10:30",)),
        ("teacher_conflict", ("太极班 星期一 09:00–10:30",)),
    ]
    assert [b.label for b in preview.broken if b.rule == "teacher_conflict"] == ["老师同时还有另一节课"]
    with pytest.raises(WorkflowError, match="这次调整违反硬性规则，未保存"):
        save_move(Move(thursday.pk, MONDAY, NINE))
    assert Session.objects.get(pk=thursday.pk).weekday == THURSDAY


def test_a_move_outside_the_teachers_hours_or_the_venues_is_refused(draft: Timetable) -> None:
    thursday = session(draft, "taichi", 2)
    afternoon = preview_move(Move(thursday.pk, THURSDAY, 14 * 60 + 30))  # 王老师 and 小竹广场: mornings (and evenings)
    assert sorted(b.rule for b in afternoon.broken) == ["teacher_availability", "venue_opening"]
    room = Venue.objects.get(key="dz-room")  # 大竹's, open evenings only, 20 seats
    assert sorted(b.rule for b in preview_move(Move(thursday.pk, THURSDAY, NINE, room.pk)).broken) == [
        "allowed_venues", "capacity", "step_free", "venue_opening"
    ]  # fmt: skip


def test_a_start_the_term_does_not_offer_is_refused(draft: Timetable) -> None:
    thursday = session(draft, "taichi", 2)
    assert [b.rule for b in preview_move(Move(thursday.pk, FRIDAY, 9 * 60 + 15)).broken] == ["placement"]


def test_saving_checks_again_so_a_stale_preview_cannot_double_book(draft: Timetable) -> None:
    monday, thursday = session(draft, "taichi", 1), session(draft, "taichi", 2)
    stale = preview_move(Move(thursday.pk, FRIDAY, NINE))
    assert stale.allowed
    save_move(Move(monday.pk, FRIDAY, NINE))  # meanwhile 太极班's other session takes Friday 09:00
    with pytest.raises(WorkflowError):
        save_move(Move(thursday.pk, FRIDAY, NINE))
    assert Session.objects.get(pk=thursday.pk).weekday == THURSDAY


def test_only_a_drafts_unpinned_sessions_move(draft: Timetable) -> None:
    published = Timetable.objects.get(term=draft.term, status="published")
    with pytest.raises(WorkflowError, match="只有草稿里的课可以移动"):
        preview_move(Move(session(published, "taichi", 2).pk, FRIDAY, NINE))
    pinned = session(draft, "taichi", 2)
    Session.objects.filter(pk=pinned.pk).update(pinned=True)
    with pytest.raises(WorkflowError, match="已固定在这里：请先取消固定"):
        save_move(Move(pinned.pk, FRIDAY, NINE))


def test_a_saved_move_keeps_the_drafts_demand_figures_equal_to_a_recount(draft: Timetable) -> None:
    FreeTime.objects.filter(resident__key="r1", weekday=FRIDAY).delete()  # 张阿姨 is not free on Friday mornings
    assert figures_of(draft)["groups"]["taichi"]["attendable"] == 1
    save_move(Move(session(draft, "taichi", 2).pk, FRIDAY, NINE))
    saved = Timetable.objects.get(pk=draft.pk).demand
    assert saved == compute_figures(draft.pk)  # counted again over every resident: the same figures
    assert (saved["attendable"], saved["groups"]["taichi"]["attendable"], saved["communities"]["xiaozhu"]) == (
        1, 0, [2, 0]
    )  # fmt: skip
    friday = saved["heatmap"]["xiaozhu"]["elderly"]["sessions"][FRIDAY]
    assert (sum(friday), sum(saved["heatmap"]["xiaozhu"]["all"]["sessions"][THURSDAY])) == (2, 0)  # 09:00–10:30
