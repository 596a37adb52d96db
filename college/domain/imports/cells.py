"""Reading one spreadsheet cell the way a coordinator types it, and writing it back the same way.

Choices accept the stored value, the English or the Chinese label (体育, 老年 …); yes/no cells 是/否;
weekly windows "周一 09:00-12:00；周六 09:00-17:00" (also 星期一, "周一至周五 …", "周一、周三 …").
Every parser raises ``CellError`` with a sentence saying what is wrong.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _

from college.domain.records.types import Window
from college.models.fields import DAY_MINUTES, format_minutes, refused_character

WEEKDAY_NAMES = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]
_DAY_WORDS = {
    **{name: day for day, name in enumerate(WEEKDAY_NAMES)},
    **{f"星期{c}": day for day, c in enumerate("一二三四五六日")},
    **{f"礼拜{c}": day for day, c in enumerate("一二三四五六日")},
    "周天": 6,
    "星期天": 6,
    "礼拜天": 6,
    **{name: day for day, name in enumerate(["mon", "tue", "wed", "thu", "fri", "sat", "sun"])},
    **{
        name: day
        for day, name in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])
    },
}
_SPLIT_LIST = re.compile(r"[,，、;；/\n]+")
_SPLIT_WINDOWS = re.compile(r"[;；\n]+")
_WINDOW = re.compile(r"^(?P<days>.+?)\s*(?P<start>\d{1,2}[:：]\d{2})\s*[-–—~～至到]\s*(?P<end>\d{1,2}[:：]\d{2})$")
_DAY_RANGE = re.compile(r"^(?P<first>\S+?)\s*[-–—~～至到]\s*(?P<last>\S+)$")
YES = {"是", "y", "yes", "true", "1", "√", "✓", "有", "对"}
NO = {"否", "n", "no", "false", "0", "×", "✗", "无", "不"}


class CellError(ValueError):
    """What is wrong with one cell, as a sentence."""


def text(value: str, *, required: bool = False, max_length: int = 200, multi_line: bool = False) -> str:
    problem = refused_character(value, multi_line=multi_line)
    if problem:
        raise CellError(problem)
    if required and not value:
        raise CellError(_("This cell is required."))
    if len(value) > max_length:
        raise CellError(_("At most %(limit)s characters.") % {"limit": max_length})
    return value


def integer(value: str, *, low: int, high: int, default: int | None = None) -> int:
    if not value:
        if default is None:
            raise CellError(_("This cell is required."))
        return default
    try:
        number = int(value.replace(",", "").strip())
    except ValueError:
        raise CellError(_("“%(value)s” is not a whole number.") % {"value": value}) from None
    if not low <= number <= high:
        raise CellError(
            _("%(value)s is not between %(low)s and %(high)s.") % {"value": number, "low": low, "high": high}
        )
    return number


def yes_no(value: str, *, default: bool) -> bool:
    word = value.strip().lower()
    if not word:
        return default
    if word in YES:
        return True
    if word in NO:
        return False
    raise CellError(_("Write 是 or 否, not “%(value)s”.") % {"value": value})


def choice_labels(choices: type[models.TextChoices]) -> dict[str, str]:
    """Every spelling of each choice (value, English label, Chinese label), lower-cased → value."""
    found: dict[str, str] = {}
    for value, label in choices.choices:
        found[value.lower()] = value
        with translation.override("en"):
            found[str(label).lower()] = value
        with translation.override("zh-hans"):
            found[str(label).lower()] = value
    return found


def chinese_label(choices: type[models.TextChoices], value: str) -> str:
    with translation.override("zh-hans"):
        return str(choices(value).label)


def choice(value: str, choices: type[models.TextChoices], *, default: str | None = None) -> str:
    if not value:
        if default is None:
            raise CellError(_("This cell is required."))
        return default
    found = choice_labels(choices).get(value.strip().lower())
    if found is None:
        allowed = "、".join(chinese_label(choices, v) for v in choices.values)
        raise CellError(_("“%(value)s” is not one of: %(allowed)s.") % {"value": value, "allowed": allowed})
    return found


def items(value: str) -> list[str]:
    return [part.strip() for part in _SPLIT_LIST.split(value) if part.strip()]


def tags(value: str, choices: type[models.TextChoices]) -> tuple[str, ...]:
    found = [choice(part, choices) for part in items(value)]
    repeated = sorted({chinese_label(choices, t) for t in found if found.count(t) > 1})
    if repeated:
        raise CellError(_("%(tags)s is listed twice.") % {"tags": "、".join(repeated)})
    return tuple(found)


def _minutes(text_value: str) -> int:
    hours, minutes = (int(p) for p in re.split("[:：]", text_value))
    if minutes >= 60 or hours * 60 + minutes > DAY_MINUTES:
        raise CellError(_("“%(text)s” is not a time of day between 00:00 and 24:00.") % {"text": text_value})
    return hours * 60 + minutes


def _weekday(word: str) -> int:
    day = _DAY_WORDS.get(word.strip().lower())
    if day is None:
        raise CellError(_("“%(word)s” is not a weekday; write 周一 … 周日.") % {"word": word})
    return day


def _days(text_value: str) -> list[int]:
    days: list[int] = []
    for part in items(text_value):
        span = _DAY_RANGE.match(part)
        if span and span["first"].lower() in _DAY_WORDS and span["last"].lower() in _DAY_WORDS:
            first, last = _weekday(span["first"]), _weekday(span["last"])
            days += list(range(first, last + 1)) if first <= last else []
        else:
            days.append(_weekday(part))
    return days


def windows(value: str) -> tuple[Window, ...]:
    """'周一 09:00-12:00；周一至周五 19:00-21:00' → Windows, in weekday and time order."""
    found: list[Window] = []
    for part in (p.strip() for p in _SPLIT_WINDOWS.split(value)):
        if not part:
            continue
        match = _WINDOW.match(part)
        if match is None:
            raise CellError(_("“%(part)s” is not a weekly time such as 周一 09:00-12:00.") % {"part": part})
        start, end = _minutes(match["start"]), _minutes(match["end"])
        if end <= start:
            raise CellError(_("In “%(part)s” the end is not later than the start.") % {"part": part})
        found += [Window(day, start, end) for day in _days(match["days"])]
    return tuple(sorted(set(found), key=lambda w: (w.weekday, w.start, w.end)))


def windows_text(rows: Iterable[Window | tuple[int, int, int]]) -> str:
    """Windows as a coordinator writes them: '周一 09:00-12:00；周六 09:00-17:00'."""
    parts = []
    for row in rows:
        day, start, end = (row.weekday, row.start, row.end) if isinstance(row, Window) else row
        parts.append(f"{WEEKDAY_NAMES[day]} {format_minutes(start)}-{format_minutes(end)}")
    return "；".join(parts)


def tags_text(values: Sequence[str], choices: type[models.TextChoices]) -> str:
    return "、".join(chinese_label(choices, v) for v in values)


def yes_no_text(value: bool) -> str:
    return "是" if value else "否"
