"""A weekly time window (weekday + [start, end) in minutes), the shape of openings, availability and free time."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from college.models.choices import WEEKDAY_CHOICES
from college.models.fields import DAY_MINUTES, MinuteOfDayField, format_minutes

WINDOW_END_AFTER_START = _("The end of a time window must be later than its start.")


class WeeklyWindow(models.Model):
    """Abstract: every window model adds the owner's foreign key and its own verbose names."""

    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=WEEKDAY_CHOICES)
    start = MinuteOfDayField(_("start"))
    end = MinuteOfDayField(_("end"))

    class Meta:
        abstract = True
        ordering = ["weekday", "start", "end"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="%(class)s_end_after_start"),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="%(class)s_weekday_0_to_6"),
            models.CheckConstraint(condition=Q(end__lte=DAY_MINUTES), name="%(class)s_end_within_day"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {format_minutes(self.start)}–{format_minutes(self.end)}"

    @property
    def minutes(self) -> int:
        return self.end - self.start

    def as_tuple(self) -> tuple[int, int, int]:
        return (self.weekday, self.start, self.end)

    def clean(self) -> None:
        super().clean()
        if self.start is not None and self.end is not None and self.end <= self.start:
            raise ValidationError({"end": self.end_after_start_message})

    end_after_start_message = WINDOW_END_AFTER_START
