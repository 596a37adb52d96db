from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from college.domain.calendar.holidays import coverage_warning, public_holidays, years_not_covered
from college.models.fields import format_minutes, parse_minutes


def test_national_day_week_is_a_public_holiday() -> None:
    days = public_holidays(dt.date(2025, 9, 29), dt.date(2025, 10, 10))
    assert days == [dt.date(2025, 10, day) for day in range(1, 9)]


def test_term_within_known_years_has_no_warning() -> None:
    assert coverage_warning(dt.date(2025, 9, 1), dt.date(2026, 1, 16)) is None


def test_term_reaching_past_known_years_is_served_with_a_warning_in_english_too() -> None:
    assert years_not_covered(dt.date(2026, 9, 7), dt.date(2028, 1, 15)) == [2027, 2028]
    assert public_holidays(dt.date(2026, 12, 30), dt.date(2027, 1, 5)) == []
    with translation.override("en"):
        assert coverage_warning(dt.date(2026, 9, 7), dt.date(2027, 1, 15)) == (
            "The public holidays of 2027 are not known yet (chinese-calendar covers them once the State Council "
            "publishes them): enter this term's holiday dates as closures, and its worked weekends as make-up days, by "
            "hand."
        )


@pytest.mark.parametrize(("text", "minutes"), [("09:30", 570), ("9:05", 545), ("19：00", 1140), ("24:00", 1440)])
def test_time_of_day_is_read_as_minutes(text: str, minutes: int) -> None:
    assert parse_minutes(text) == minutes


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("9.30", "Enter a time of day as HH:MM, e.g. 09:30, not “9.30”."),
        ("24:30", "“24:30” is not a time of day between 00:00 and 24:00."),
        ("10:75", "“10:75” is not a time of day between 00:00 and 24:00."),
    ],
)
def test_nonsense_time_of_day_is_refused_naming_it(text: str, message: str) -> None:
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        parse_minutes(text)
    with translation.override("en"):
        assert refused.value.messages == [message]


def test_minutes_are_shown_as_time_of_day() -> None:
    assert [format_minutes(m) for m in (0, 545, 1440)] == ["00:00", "09:05", "24:00"]
