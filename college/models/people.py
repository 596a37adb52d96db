"""Volunteer and paid teachers (师资) and residents (居民), with their weekly windows and private calendar links."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from college.models.choices import AgeBand, Category
from college.models.fields import check_tags, single_line
from college.models.places import Community, natural_key_field
from college.models.tokens import FeedTokenModel
from college.models.windows import WeeklyWindow


class Teacher(FeedTokenModel):
    key = natural_key_field()
    name = models.CharField(_("name"), max_length=120, validators=[single_line])
    community = models.ForeignKey(Community, models.PROTECT, related_name="teachers", verbose_name=_("home community"))
    phone = models.CharField(
        _("phone"),
        max_length=40,
        validators=[single_line],
        blank=True,
        help_text=_("Private: for coordinators only, never shown publicly."),
    )
    skills = models.JSONField(_("skills"), default=list, blank=True, help_text=_("Categories this teacher can teach."))
    max_sessions_per_week = models.IntegerField(_("maximum sessions per week"), default=4)
    volunteer = models.BooleanField(_("volunteer"), default=True, help_text=_("Unticked: a paid teacher."))
    activities = models.ManyToManyField(
        "college.Activity",
        blank=True,
        related_name="teachers",
        verbose_name=_("activities"),
        help_text=_("Activities of the catalogue this teacher can lead."),
    )

    class Meta:
        verbose_name = _("teacher")
        verbose_name_plural = _("teachers")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(max_sessions_per_week__gte=1), name="teacher_max_sessions_at_least_one"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        errors: dict[str, object] = {}
        if self.max_sessions_per_week is not None and self.max_sessions_per_week < 1:
            errors["max_sessions_per_week"] = _("A teacher must be able to teach at least 1 session a week.")
        problems = check_tags(self.skills, Category.values, what=str(_("skill")))
        if problems:
            errors["skills"] = problems
        if errors:
            raise ValidationError(errors)


class TeacherAvailability(WeeklyWindow):
    """A weekly window when the teacher can teach."""

    teacher = models.ForeignKey(Teacher, models.CASCADE, related_name="availability", verbose_name=_("teacher"))
    end_after_start_message = _("An availability window must end after it starts.")

    class Meta(WeeklyWindow.Meta):
        verbose_name = _("availability window")
        verbose_name_plural = _("availability windows")


class Resident(FeedTokenModel):
    key = natural_key_field()
    name = models.CharField(_("name"), max_length=120, validators=[single_line])
    community = models.ForeignKey(Community, models.PROTECT, related_name="residents", verbose_name=_("community"))
    age_band = models.CharField(
        _("age band"), max_length=16, choices=AgeBand.choices, blank=True, help_text=_("Empty: not given (不填).")
    )
    # Self-service changes of interests (``college.domain.people.self_service``): how many since when (rate limit).
    changes_since = models.DateTimeField(_("own changes since"), null=True, blank=True, editable=False)
    changes = models.PositiveSmallIntegerField(_("own changes"), default=0, editable=False)

    class Meta:
        verbose_name = _("resident")
        verbose_name_plural = _("residents")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class NewCalendarQuota(models.Model):
    """Personal calendars made from one client address within the hour that began at ``since`` (the ``/my/``
    page's limit, ``college.domain.people.self_service``). The address is kept only as a keyed hash."""

    address = models.CharField(_("address (keyed hash)"), max_length=64, unique=True, editable=False)
    since = models.DateTimeField(_("hour began at"), db_index=True, editable=False)
    count = models.PositiveIntegerField(_("calendars made"), default=0, editable=False)

    class Meta:
        verbose_name = _("new-calendar quota")
        verbose_name_plural = _("new-calendar quotas")

    def __str__(self) -> str:
        return f"{self.address[:8]}… {self.count}"


class FreeTime(WeeklyWindow):
    """A weekly window when the resident is free (an answer of the 点单 survey)."""

    resident = models.ForeignKey(Resident, models.CASCADE, related_name="free_times", verbose_name=_("resident"))
    end_after_start_message = _("A free-time window must end after it starts.")

    class Meta(WeeklyWindow.Meta):
        verbose_name = _("free-time window")
        verbose_name_plural = _("free-time windows")
