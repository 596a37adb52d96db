"""Validation helpers and form fields shared by the models.

Times of day are stored as minutes after midnight (as in ``college.domain.records.types``); forms show and accept
``HH:MM`` so a coordinator never types minutes. Tag lists (facilities, skills) are JSON lists of known tags.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

DAY_MINUTES = 24 * 60
_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"  # C0 and C1 controls but TAB, LF, CR; DEL
_BIDI = "\u202a-\u202e\u2066-\u2069"  # embeddings, overrides and isolates: text that displays reordered
_MULTI_LINE_REFUSED = re.compile(f"[{_CONTROL}{_BIDI}]")
_SINGLE_LINE_REFUSED = re.compile(f"[{_CONTROL}{_BIDI}\t\n\r\u2028\u2029\u0085]")
_HHMM = re.compile(r"^\s*(\d{1,2})[:：](\d{2})\s*$")


def refused_character(value: str, *, multi_line: bool = False) -> str | None:
    """Why ``value`` cannot be stored as a name (or, ``multi_line``, as a description); None when it can."""
    if (_MULTI_LINE_REFUSED if multi_line else _SINGLE_LINE_REFUSED).search(value):
        if multi_line:
            return str(_("Text must not contain control or direction-override characters."))
        return str(_("Text must be one line, without control or direction-override characters."))
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return str(_("Text must be valid Unicode."))
    return None


def single_line(value: str) -> None:
    """A model validator: names, addresses, reasons are one line of printable text."""
    problem = refused_character(value)
    if problem:
        raise ValidationError(problem, code="control_character")


def multi_line(value: str) -> None:
    """A model validator: descriptions may hold line breaks and tabs, but no other control characters."""
    problem = refused_character(value, multi_line=True)
    if problem:
        raise ValidationError(problem, code="control_character")


def format_minutes(minutes: int | None) -> str:
    """540 → '09:00'; None → ''."""
    if minutes is None:
        return ""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def parse_minutes(text: str) -> int:
    """'09:00' → 540; also accepts a full-width colon and '24:00' (the end of the day)."""
    match = _HHMM.match(text)
    if not match:
        raise ValidationError(_("Enter a time of day as HH:MM, e.g. 09:30, not “%(text)s”."), params={"text": text})
    hours, minutes = int(match[1]), int(match[2])
    if minutes >= 60 or hours * 60 + minutes > DAY_MINUTES:
        raise ValidationError(_("“%(text)s” is not a time of day between 00:00 and 24:00."), params={"text": text})
    return hours * 60 + minutes


class TimeOfDayFormField(forms.CharField):
    """A form field that shows minutes as HH:MM and turns HH:MM back into minutes."""

    def __init__(self, **kwargs: Any) -> None:
        for unused in ("max_value", "min_value", "step_size", "coerce", "choices_form_class"):
            kwargs.pop(unused, None)
        kwargs.setdefault("widget", forms.TextInput(attrs={"placeholder": "09:00", "size": 6}))
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        return format_minutes(value) if isinstance(value, int) else value

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        if value in self.empty_values:
            return None
        if isinstance(value, int):
            return value
        return parse_minutes(str(value))


class MinuteOfDayField(models.PositiveSmallIntegerField):
    """Minutes after midnight, 0–1440 (1440 = 24:00 closes a window at midnight)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("validators", [MinValueValidator(0), MaxValueValidator(DAY_MINUTES)])
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("validators", None)
        return name, path, args, kwargs

    def formfield(self, **kwargs: Any) -> forms.Field:
        # The admin would pass a number widget for integer fields; times of day are typed as HH:MM.
        kwargs["widget"] = forms.TextInput(attrs={"placeholder": "09:00", "size": 6})
        return super().formfield(**{"form_class": TimeOfDayFormField, **kwargs})

    @property
    def flatchoices(self) -> tuple[tuple[int, str], ...]:
        """What the admin shows for a value it does not edit (read-only pages, lists): HH:MM, never minutes."""
        return _HHMM_LABELS


_HHMM_LABELS = tuple((minute, format_minutes(minute)) for minute in range(DAY_MINUTES + 1))


def check_tags(value: Any, allowed: Iterable[str], *, what: str) -> list[str]:
    """Messages for a tag list that is not a list of distinct known tags; ``what`` names the tag kind."""
    if not isinstance(value, list) or not all(isinstance(tag, str) for tag in value):
        return [str(_("%(what)s must be a list of names.") % {"what": what})]
    known = set(allowed)
    problems = [
        str(
            _("Unknown %(what)s “%(tag)s”; choose from: %(allowed)s.")
            % {"what": what, "tag": tag, "allowed": ", ".join(allowed)}
        )
        for tag in value
        if tag not in known
    ]
    repeated = sorted({tag for tag in value if value.count(tag) > 1})
    problems += [str(_("%(what)s “%(tag)s” is listed twice.") % {"what": what, "tag": tag}) for tag in repeated]
    return problems


def check_minute_list(value: Any, *, what: str, low: int, high: int) -> list[str]:
    """Messages for a list that is not strictly increasing whole minutes within [low, high]."""
    if not isinstance(value, list) or not value or not all(type(item) is int for item in value):
        return [str(_("%(what)s must be a non-empty list of whole minutes.") % {"what": what})]
    problems = [
        str(
            _("%(what)s: %(value)s is outside %(low)s–%(high)s.") % {"what": what, "value": v, "low": low, "high": high}
        )
        for v in value
        if not low <= v <= high
    ]
    if any(a >= b for a, b in zip(value, value[1:], strict=False)):
        problems.append(str(_("%(what)s must be in increasing order without repeats.") % {"what": what}))
    return problems


class TagsFormField(forms.MultipleChoiceField):
    """Tick boxes for a JSON tag list."""

    def __init__(self, choices: Sequence[tuple[str, Any]], **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        kwargs.setdefault("required", False)
        super().__init__(choices=choices, **kwargs)


class MinuteListFormField(forms.CharField):
    """'09:00, 10:30, 19:00' ↔ [540, 630, 1140] (``as_times``) or '60, 90' ↔ [60, 90]."""

    def __init__(self, *, as_times: bool, **kwargs: Any) -> None:
        self.as_times = as_times
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return ", ".join(format_minutes(v) if self.as_times else str(v) for v in value)
        return value

    def to_python(self, value: Any) -> list[int]:  # type: ignore[override]
        if isinstance(value, list):
            return value
        items = [item.strip() for item in re.split(r"[,，、\s]+", str(value or "")) if item.strip()]
        if self.as_times:
            return [parse_minutes(item) for item in items]
        try:
            return [int(item) for item in items]
        except ValueError:
            raise ValidationError(_("Enter whole minutes separated by commas, e.g. 60, 90, 120.")) from None
