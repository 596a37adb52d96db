"""One-off changes of a published timetable: one date of a weekly session cancelled, or moved within that day.

A change names the occurrence the way a calendar does: the term, the group, the session number and the
date (the UID and RECURRENCE-ID of the feeds), not a ``Session`` row. So it survives a re-solve and a
re-publish as long as the group still meets on that weekday; the checks against holidays, closures and
the published session live in ``college.domain.calendar.occurrences``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from college.models.fields import DAY_MINUTES, MinuteOfDayField, format_minutes, single_line
from college.models.groups import InterestGroup
from college.models.places import Venue
from college.models.terms import Term


class OccurrenceChange(models.Model):
    """One date of a group's weekly session, cancelled or moved (new time and/or venue on the same day)."""

    term = models.ForeignKey(Term, models.CASCADE, related_name="occurrence_changes", verbose_name=_("term"))
    group = models.ForeignKey(
        InterestGroup, models.CASCADE, related_name="occurrence_changes", verbose_name=_("interest group")
    )
    number = models.PositiveSmallIntegerField(
        _("session number"), default=1, help_text=_("Which of the group's weekly sessions this is (1, 2, …).")
    )
    date = models.DateField(_("date"))
    cancelled = models.BooleanField(_("cancelled"), default=False)
    new_start = MinuteOfDayField(_("new start"), null=True, blank=True)
    new_end = MinuteOfDayField(_("new end"), null=True, blank=True)
    new_venue = models.ForeignKey(
        Venue, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("new venue")
    )
    reason = models.CharField(
        _("reason"), max_length=200, validators=[single_line], blank=True, help_text=_("Shown in the calendars.")
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("changed by")
    )

    class Meta:
        verbose_name = _("one-off change")
        verbose_name_plural = _("one-off changes")
        ordering = ["date", "group", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "group", "number", "date"], name="occurrence_one_change_per_session_and_date"
            ),
            models.CheckConstraint(
                condition=Q(cancelled=False) | Q(new_start__isnull=True, new_end__isnull=True, new_venue__isnull=True),
                name="occurrence_cancellation_has_no_new_time_or_venue",
            ),
            models.CheckConstraint(
                condition=Q(cancelled=True) | Q(new_start__isnull=False) | Q(new_venue__isnull=False),
                name="occurrence_move_has_new_time_or_venue",
            ),
            models.CheckConstraint(
                condition=Q(new_start__isnull=True, new_end__isnull=True)
                | Q(new_start__isnull=False, new_end__isnull=False, new_end__gt=F("new_start")),
                name="occurrence_new_end_after_new_start",
            ),
            models.CheckConstraint(
                condition=Q(new_end__isnull=True) | Q(new_end__lte=DAY_MINUTES), name="occurrence_new_end_within_day"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="occurrence_number_from_one"),
        ]

    def __str__(self) -> str:
        if self.cancelled:
            what = _("cancelled")
        else:
            times = f"{format_minutes(self.new_start)}–{format_minutes(self.new_end)}" if self.new_start else ""
            what = " ".join(part for part in (str(_("moved")), times, str(self.new_venue or "")) if part)
        return f"{self.group} #{self.number} {self.date:%Y-%m-%d} {what}"

    @property
    def uid_stem(self) -> str:
        """The same stem as ``Session.uid_stem``: the change belongs to that calendar event."""
        return f"{self.group.key}-{self.number}"

    def clean(self) -> None:
        super().clean()
        errors: dict[str, object] = {}
        if self.cancelled and (self.new_start is not None or self.new_end is not None or self.new_venue_id):
            errors["cancelled"] = _("A cancelled date has no new time or venue; untick “cancelled” to move it.")
        elif not self.cancelled and self.new_start is None and self.new_end is None and not self.new_venue_id:
            errors["cancelled"] = _("Either cancel the date, or give it a new time or a new venue.")
        if (self.new_start is None) != (self.new_end is None):
            errors["new_end" if self.new_end is None else "new_start"] = _("Give both the new start and the new end.")
        elif self.new_start is not None and self.new_end is not None and self.new_end <= self.new_start:
            errors["new_end"] = _("The new end must be later than the new start (a move stays within one day).")
        if errors:
            raise ValidationError(errors)
