"""Terms (学期): dates, the daily slot grid, allowed session lengths and closures."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from college.models.choices import WEEKDAY_CHOICES
from college.models.fields import DAY_MINUTES, check_minute_list, format_minutes, single_line
from college.models.places import natural_key_field

DEFAULT_SLOT_STARTS = [9 * 60, 10 * 60 + 30, 14 * 60 + 30, 16 * 60, 19 * 60]
DEFAULT_SESSION_LENGTHS = [60, 90, 120]


def default_slot_starts() -> list[int]:
    return list(DEFAULT_SLOT_STARTS)


def default_session_lengths() -> list[int]:
    return list(DEFAULT_SESSION_LENGTHS)


def allowed_session_lengths() -> list[int]:
    """Every session length some term offers, ascending (the defaults when there is no term yet)."""
    lengths: set[int] = set()
    for offered in Term.objects.values_list("session_lengths", flat=True):
        if isinstance(offered, list):
            lengths.update(v for v in offered if type(v) is int)
    return sorted(lengths) or list(DEFAULT_SESSION_LENGTHS)


class Term(models.Model):
    key = natural_key_field()
    name = models.CharField(_("name"), max_length=120, validators=[single_line])
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    slot_starts = models.JSONField(
        _("slot start times"), default=default_slot_starts, help_text=_("When sessions may start each day.")
    )
    session_lengths = models.JSONField(
        _("session lengths (minutes)"), default=default_session_lengths, help_text=_("The lengths a session may have.")
    )

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["-first_day"]
        constraints = [
            models.CheckConstraint(condition=Q(last_day__gte=F("first_day")), name="term_last_day_not_before_first"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def slot_labels(self) -> list[str]:
        return [format_minutes(start) for start in self.slot_starts]

    def clean(self) -> None:
        super().clean()
        errors: dict[str, object] = {}
        if self.first_day and self.last_day and self.last_day < self.first_day:
            errors["last_day"] = _("The last day of a term must not be before its first day.")
        starts = check_minute_list(self.slot_starts, what=str(_("Slot start times")), low=0, high=DAY_MINUTES - 1)
        lengths = check_minute_list(self.session_lengths, what=str(_("Session lengths")), low=1, high=DAY_MINUTES)
        if starts:
            errors["slot_starts"] = starts
        if lengths:
            errors["session_lengths"] = lengths
        if not starts and not lengths:
            shortest = self.session_lengths[0]
            late = [format_minutes(s) for s in self.slot_starts if s + shortest > DAY_MINUTES]
            if late:
                errors["slot_starts"] = _("A session starting at %(times)s would run past midnight.") % {
                    "times": ", ".join(late)
                }
        if errors:
            raise ValidationError(errors)


class Closure(models.Model):
    """An extra no-class date of a term (public holidays come from chinese-calendar)."""

    term = models.ForeignKey(Term, models.CASCADE, related_name="closures", verbose_name=_("term"))
    date = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=200, validators=[single_line], blank=True)

    class Meta:
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["term", "date"], name="closure_one_per_term_and_date")]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.reason}".strip()

    def clean(self) -> None:
        super().clean()
        _check_inside_term(self)


class MakeUpDay(models.Model):
    """A date of a term that runs another weekday's classes (调休): a worked weekend, or a coordinator's choice.

    The State Council's make-up working days come from chinese-calendar without a row here; a row names the
    weekday whose classes take place on its date, replacing the date's own classes. A row with the date's own
    weekday keeps an official make-up day an ordinary day; a closure on the date means no classes at all.
    """

    term = models.ForeignKey(Term, models.CASCADE, related_name="make_up_days", verbose_name=_("term"))
    date = models.DateField(_("date"))
    weekday = models.PositiveSmallIntegerField(
        _("classes of"), choices=WEEKDAY_CHOICES,
        help_text=_("Whose classes take place on this date: e.g. a Sunday worked as a Tuesday runs Tuesday's groups."),
    )  # fmt: skip
    reason = models.CharField(_("reason"), max_length=200, validators=[single_line], blank=True)

    class Meta:
        verbose_name = _("make-up day")
        verbose_name_plural = _("make-up days")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["term", "date"], name="make_up_day_one_per_term_and_date"),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="make_up_day_weekday_in_week"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} → {self.get_weekday_display()}"

    def clean(self) -> None:
        super().clean()
        _check_inside_term(self)


def _check_inside_term(row: Closure | MakeUpDay) -> None:
    """A dated row of a term must fall inside the term (skipped for an inline form whose term is not saved yet)."""
    try:
        term = row.term
    except Term.DoesNotExist:
        return
    if row.date and term.first_day and term.last_day and not term.first_day <= row.date <= term.last_day:
        raise ValidationError(
            {
                "date": _("%(date)s is outside the term (%(first)s – %(last)s).")
                % {"date": row.date, "first": term.first_day, "last": term.last_day}
            }
        )
