"""Absences and closures a re-plan respects: a teacher unavailable from a date, a venue closed on a weekday from a date.

Both apply to every term that has days on or after ``from_date``: the next solve of such a term treats the
teacher as unavailable (on ``weekday``, or on every day when it is empty) and the venue as closed on
``weekday``. One-off changes to a single date (teacher ill on 12 November) are occurrence changes instead.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from college.models.choices import WEEKDAY_CHOICES
from college.models.fields import single_line
from college.models.people import Teacher
from college.models.places import Venue


class TeacherAbsence(models.Model):
    """From ``from_date`` on, the teacher cannot teach on ``weekday`` (every day when empty)."""

    teacher = models.ForeignKey(Teacher, models.CASCADE, related_name="absences", verbose_name=_("teacher"))
    from_date = models.DateField(_("from"))
    weekday = models.PositiveSmallIntegerField(
        _("weekday"), choices=WEEKDAY_CHOICES, null=True, blank=True, help_text=_("Empty: unavailable every day.")
    )
    reason = models.CharField(_("reason"), max_length=200, validators=[single_line], blank=True)

    class Meta:
        verbose_name = _("teacher absence")
        verbose_name_plural = _("teacher absences")
        ordering = ["from_date", "teacher"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weekday__isnull=True) | Q(weekday__lte=6), name="teacherabsence_weekday_0_to_6"
            ),
        ]

    def __str__(self) -> str:
        day = self.get_weekday_display() if self.weekday is not None else _("every day")
        return f"{self.teacher} · {day} · {self.from_date:%Y-%m-%d}"


class VenueClosure(models.Model):
    """From ``from_date`` on, the venue is closed on ``weekday``."""

    venue = models.ForeignKey(Venue, models.CASCADE, related_name="closures", verbose_name=_("venue"))
    from_date = models.DateField(_("from"))
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=WEEKDAY_CHOICES)
    reason = models.CharField(_("reason"), max_length=200, validators=[single_line], blank=True)

    class Meta:
        verbose_name = _("venue closure")
        verbose_name_plural = _("venue closures")
        ordering = ["from_date", "venue"]
        constraints = [
            models.CheckConstraint(condition=Q(weekday__lte=6), name="venueclosure_weekday_0_to_6"),
        ]

    def __str__(self) -> str:
        return f"{self.venue} · {self.get_weekday_display()} · {self.from_date:%Y-%m-%d}"
