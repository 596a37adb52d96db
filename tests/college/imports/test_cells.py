from __future__ import annotations

import pytest

from college.domain.imports import cells
from college.domain.imports.cells import CellError
from college.domain.records.types import Window
from college.models import Audience, Category, Facility


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("周一 09:00-12:00", (Window(0, 540, 720),)),
        ("星期六 9:30～11:00；周日 14:00至16:00", (Window(5, 570, 660), Window(6, 840, 960))),
        ("周一至周三 19:00-21:00", tuple(Window(d, 1140, 1260) for d in range(3))),
        ("周二、周四 08:00—10:00", (Window(1, 480, 600), Window(3, 480, 600))),
        ("Mon 09：00-10：00\n礼拜天 10:00-11:00", (Window(0, 540, 600), Window(6, 600, 660))),
        ("", ()),
    ],
)
def test_weekly_times_are_read_as_coordinators_write_them(text: str, expected: tuple[Window, ...]) -> None:
    assert cells.windows(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("周八 09:00-10:00", "“周八” is not a weekday; write 周一 … 周日."),
        ("周一 12:00-09:00", "In “周一 12:00-09:00” the end is not later than the start."),
        ("周一 上午", "“周一 上午” is not a weekly time such as 周一 09:00-12:00."),
    ],
)
def test_unreadable_weekly_times_say_what_is_wrong(text: str, message: str) -> None:
    from django.utils import translation

    with translation.override("en"), pytest.raises(CellError) as error:
        cells.windows(text)
    assert str(error.value) == message


def test_windows_are_written_back_in_the_form_they_are_read() -> None:
    windows = (Window(0, 540, 720), Window(5, 840, 960))
    assert cells.windows_text(windows) == "周一 09:00-12:00；周六 14:00-16:00"
    assert cells.windows(cells.windows_text(windows)) == windows


def test_choices_accept_chinese_and_english_labels_and_values() -> None:
    assert [cells.choice(v, Category) for v in ("体育", "Sports", "sports", " 文化 ")] == [
        "sports",
        "sports",
        "sports",
        "culture",
    ]
    assert cells.choice("", Audience, default="all") == "all"
    assert cells.tags("钢琴、投影仪", Facility) == ("piano", "projector")


def test_yes_no_cells() -> None:
    assert [cells.yes_no(v, default=False) for v in ("是", "否", "Y", "", "√")] == [True, False, True, False, True]
    with pytest.raises(CellError):
        cells.yes_no("也许", default=True)


def test_numbers_out_of_range_are_refused() -> None:
    assert cells.integer("1,200", low=1, high=5000) == 1200
    with pytest.raises(CellError):
        cells.integer("0", low=1, high=10)
