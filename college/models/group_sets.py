"""Rules that link groups or narrow one group's times and venues, as schools and stricter colleges need them.

A cohort (a 点单 cohort, a school class) is a set of groups that must never overlap, optionally with a limit
on idle slots between its sessions; an apart set keeps its groups' sessions days apart (hard, or soft with a
cap per day); a together set starts its groups at the same times. A group may also be blocked at some weekly
times, allowed to start only at some times, and allowed to meet only in some venues. They mirror the
scheduler's ``Cohort``, ``Apart``, ``Problem.together`` and ``Group.blocked/starts/venues``; FET imports fill them.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from college.models.choices import WEEKDAY_CHOICES
from college.models.fields import MinuteOfDayField, format_minutes, single_line
from college.models.groups import InterestGroup
from college.models.places import Venue, natural_key_field
from college.models.windows import WeeklyWindow


class Cohort(models.Model):
    key = natural_key_field()
    name = models.CharField(_("name"), max_length=120, validators=[single_line])
    groups = models.ManyToManyField(InterestGroup, related_name="cohorts", verbose_name=_("interest groups"))
    max_gaps = models.PositiveSmallIntegerField(
        _("most idle slots a week"), null=True, blank=True, help_text=_("Empty: no limit.")
    )

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ApartSet(models.Model):
    key = natural_key_field()
    groups = models.ManyToManyField(InterestGroup, related_name="apart_sets", verbose_name=_("interest groups"))
    days = models.PositiveSmallIntegerField(_("days apart"), default=1)
    hard = models.BooleanField(_("must be apart"), default=False, help_text=_("Unticked: a preference."))
    per_day = models.PositiveSmallIntegerField(
        _("most sessions a day"), default=0, help_text=_("0: no limit (a hard set allows one a day anyway).")
    )

    class Meta:
        verbose_name = _("apart set")
        verbose_name_plural = _("apart sets")
        ordering = ["key"]
        constraints = [models.CheckConstraint(condition=Q(days__gte=1), name="apartset_days_at_least_one")]

    def __str__(self) -> str:
        return self.key


class TogetherSet(models.Model):
    key = natural_key_field()
    groups = models.ManyToManyField(InterestGroup, related_name="together_sets", verbose_name=_("interest groups"))

    class Meta:
        verbose_name = _("together set")
        verbose_name_plural = _("together sets")
        ordering = ["key"]

    def __str__(self) -> str:
        return self.key


class BlockedWindow(WeeklyWindow):
    """A weekly window when the group may not meet (its members are busy)."""

    group = models.ForeignKey(
        InterestGroup, models.CASCADE, related_name="blocked_windows", verbose_name=_("interest group")
    )
    end_after_start_message = _("A blocked window must end after it starts.")

    class Meta(WeeklyWindow.Meta):
        verbose_name = _("blocked window")
        verbose_name_plural = _("blocked windows")


class StartTime(models.Model):
    """A weekly time at which the group may start a session; a group with none may start at any slot."""

    group = models.ForeignKey(
        InterestGroup, models.CASCADE, related_name="start_times", verbose_name=_("interest group")
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=WEEKDAY_CHOICES)
    start = MinuteOfDayField(_("start"))

    class Meta:
        verbose_name = _("allowed start time")
        verbose_name_plural = _("allowed start times")
        ordering = ["group", "weekday", "start"]
        constraints = [
            models.UniqueConstraint(fields=["group", "weekday", "start"], name="starttime_once_per_group"),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="starttime_weekday_0_to_6"),
        ]

    def __str__(self) -> str:
        return f"{self.group} {self.get_weekday_display()} {format_minutes(self.start)}"


class AllowedVenue(models.Model):
    """A venue the group may meet in; a group with none may use any suitable venue of its community."""

    group = models.ForeignKey(
        InterestGroup, models.CASCADE, related_name="allowed_venues", verbose_name=_("interest group")
    )
    venue = models.ForeignKey(Venue, models.CASCADE, related_name="allowed_for", verbose_name=_("venue"))

    class Meta:
        verbose_name = _("allowed venue")
        verbose_name_plural = _("allowed venues")
        ordering = ["group", "venue"]
        constraints = [models.UniqueConstraint(fields=["group", "venue"], name="allowedvenue_once_per_group")]

    def __str__(self) -> str:
        return f"{self.group} → {self.venue}"
