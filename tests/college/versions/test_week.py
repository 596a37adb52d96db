"""Which published timetable the public sees, and how a week is laid out for pages."""

from __future__ import annotations

import datetime as dt

import pytest

from college.domain.versions.week import part_of_day, public_timetable, week_grid, week_sessions
from college.models import Term
from tests.college.calendar.factories import Slot, make_autumn_term, publish

pytestmark = pytest.mark.django_db


def spring_term() -> Term:
    return Term.objects.create(key="2027-spring", name="2027年春季学期", first_day=dt.date(2027, 3, 1),
                               last_day=dt.date(2027, 6, 30))  # fmt: skip


def test_public_timetable_is_the_current_terms_then_the_next_terms_then_the_latest() -> None:
    autumn = publish(make_autumn_term())
    spring = publish(spring_term())
    assert public_timetable(dt.date(2026, 10, 1)) == autumn
    assert public_timetable(dt.date(2027, 2, 1)) == spring  # between terms: the coming one
    assert public_timetable(dt.date(2027, 8, 1)) == spring  # after both: the latest
    assert public_timetable(dt.date(2026, 1, 1)) == autumn  # before both: the first to come


def test_public_timetable_is_none_while_nothing_is_published() -> None:
    make_autumn_term()
    assert public_timetable(dt.date(2026, 10, 1)) is None


@pytest.mark.parametrize(("start", "part"), [(0, "morning"), (719, "morning"), (720, "afternoon"),
                                             (1079, "afternoon"), (1080, "evening")])  # fmt: skip
def test_part_of_day_splits_at_noon_and_six_in_the_evening(start: int, part: str) -> None:
    assert part_of_day(start) == part


def test_week_grid_has_one_row_per_start_time_in_use_and_a_list_per_day() -> None:
    timetable = publish(make_autumn_term(), [
        Slot("taichi", 1, 0, 540, 630, "xz-elderly"), Slot("taichi", 2, 3, 540, 630, "xz-plaza"),
        Slot("tea", 1, 0, 1140, 1260, "dz-room"),
    ])  # fmt: skip
    grid = week_grid(week_sessions(timetable))
    assert [row.label for row in grid.rows] == ["09:00", "19:00"]
    assert [[[s.group.key for s in cell] for cell in row.cells] for row in grid.rows] == [
        [["taichi"], [], [], ["taichi"], [], [], []],
        [["tea"], [], [], [], [], [], []],
    ]
    assert [(day.weekday, [s.group.key for s in day.sessions]) for day in grid.agenda] == [
        (0, ["taichi", "tea"]), (3, ["taichi"]),
    ]  # fmt: skip
    assert grid.session_count == 3
