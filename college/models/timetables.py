"""Timetables (versions of a term's weekly plan) and their sessions.

Versions, not edits: a solve makes a new draft; publishing one archives the previous published version
(``college.domain.versions`` runs that workflow). A session is identified across versions by its group and number
(1 … sessions_per_week), never by its time, so calendar UIDs stay stable when a re-solve moves it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from college.models.choices import WEEKDAY_CHOICES, SolverStatus, TimetableStatus
from college.models.fields import DAY_MINUTES, MinuteOfDayField, format_minutes, multi_line
from college.models.groups import InterestGroup
from college.models.people import Teacher
from college.models.places import Venue
from college.models.terms import Term


class TimetableManager(models.Manager["Timetable"]):
    """Versions without their demand figures (megabytes at district scale): loaded only where they are read."""

    def get_queryset(self) -> models.QuerySet[Timetable]:
        return super().get_queryset().defer("demand")


class Timetable(models.Model):
    term = models.ForeignKey(Term, models.CASCADE, related_name="timetables", verbose_name=_("term"))
    version = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=16, choices=TimetableStatus.choices, default=TimetableStatus.DRAFT
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True, validators=[multi_line])
    # What the solver reported for this version.
    solver_status = models.CharField(_("solver status"), max_length=16, choices=SolverStatus.choices, blank=True)
    objective = models.FloatField(_("objective"), null=True, blank=True)
    bound = models.FloatField(_("best bound"), null=True, blank=True)
    gap = models.FloatField(
        _("gap"), null=True, blank=True, help_text=_("Relative gap to the bound, 0 = proven optimal.")
    )
    penalties = models.JSONField(_("penalty breakdown"), default=dict, blank=True)
    timings = models.JSONField(_("timings (seconds)"), default=dict, blank=True)
    unplaced = models.JSONField(
        _("groups not scheduled"),
        default=list,
        blank=True,
        editable=False,
        help_text=_(
            "Groups the solver proved impossible and left out of this version, with the reason: "
            '[{"groups": [keys], "reason": {code, ids, numbers}}].'
        ),
    )
    demand = models.JSONField(
        _("demand figures"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_("Wishes made attendable and why not, from the verifier's count: computed once, then kept."),
    )

    objects = TimetableManager()

    class Meta:
        verbose_name = _("timetable")
        verbose_name_plural = _("timetables")
        base_manager_name = "objects"  # a session's or a job's ``.timetable`` leaves the figures unread too
        ordering = ["term", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["term", "version"], name="timetable_one_version_number_per_term"),
            models.UniqueConstraint(
                fields=["term"], condition=Q(status="published"), name="timetable_one_published_per_term"
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="timetable_version_from_one"),
            models.CheckConstraint(condition=Q(gap__isnull=True) | Q(gap__gte=0), name="timetable_gap_not_negative"),
        ]

    def __str__(self) -> str:
        return _("%(term)s, version %(version)s (%(status)s)") % {
            "term": self.term,
            "version": self.version,
            "status": self.get_status_display(),
        }

    @property
    def unplaced_keys(self) -> tuple[str, ...]:
        """The keys of the groups this version leaves out (a partial solve), in the order they were left out."""
        return tuple(k for item in self.unplaced if isinstance(item, dict) for k in item.get("groups", ()))

    def clean(self) -> None:
        super().clean()
        if self.version is not None and self.version < 1:
            raise ValidationError({"version": _("Versions are numbered from 1.")})
        if self.gap is not None and self.gap < 0:
            raise ValidationError({"gap": _("The gap cannot be negative.")})
        if self.status == TimetableStatus.PUBLISHED and self.term_id is not None:
            others = Timetable.objects.filter(term_id=self.term_id, status=TimetableStatus.PUBLISHED)
            if others.exclude(pk=self.pk).exists():
                raise ValidationError(
                    {"status": _("This term already has a published timetable; archive it before publishing another.")}
                )

    @classmethod
    def next_version(cls, term: Term) -> int:
        latest = cls.objects.filter(term=term).aggregate(models.Max("version"))["version__max"]
        return (latest or 0) + 1


class SessionManager(models.Manager["Session"]):
    """A session joined to its version (``select_related("timetable")``) leaves the version's demand figures."""

    def get_queryset(self) -> models.QuerySet[Session]:
        return super().get_queryset().defer("timetable__demand")


class Session(models.Model):
    """One weekly meeting of a group in a timetable: when, where and with whom."""

    timetable = models.ForeignKey(Timetable, models.CASCADE, related_name="sessions", verbose_name=_("timetable"))
    group = models.ForeignKey(InterestGroup, models.PROTECT, related_name="sessions", verbose_name=_("interest group"))
    number = models.PositiveSmallIntegerField(
        _("number"), default=1, help_text=_("Which of the group's weekly sessions this is (1, 2, …).")
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=WEEKDAY_CHOICES)
    start = MinuteOfDayField(_("start"))
    end = MinuteOfDayField(_("end"))
    venue = models.ForeignKey(Venue, models.PROTECT, related_name="sessions", verbose_name=_("venue"))
    teacher = models.ForeignKey(Teacher, models.PROTECT, related_name="sessions", verbose_name=_("teacher"))
    pinned = models.BooleanField(_("pinned"), default=False, help_text=_("A re-solve keeps a pinned session in place."))

    objects = SessionManager()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["timetable", "weekday", "start", "group"]
        constraints = [
            models.UniqueConstraint(fields=["timetable", "group", "number"], name="session_one_per_group_number"),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="session_end_after_start"),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="session_weekday_0_to_6"),
            models.CheckConstraint(condition=Q(end__lte=DAY_MINUTES), name="session_end_within_day"),
            models.CheckConstraint(condition=Q(number__gte=1), name="session_number_from_one"),
        ]

    def __str__(self) -> str:
        return f"{self.group} {self.get_weekday_display()} {format_minutes(self.start)}–{format_minutes(self.end)}"

    @property
    def uid_stem(self) -> str:
        """Names the group and the session, not the time: stable across re-solves (the feeds' UIDs)."""
        return f"{self.group.key}-{self.number}"

    def clean(self) -> None:
        super().clean()
        errors: dict[str, object] = {}
        if self.start is not None and self.end is not None and self.end <= self.start:
            errors["end"] = _("A session must end after it starts.")
        try:
            group = self.group
        except InterestGroup.DoesNotExist:
            group = None
        if group is not None and self.number is not None and self.number > group.sessions_per_week:
            errors["number"] = _("%(group)s meets %(count)s times a week; there is no session number %(number)s.") % {
                "group": group,
                "count": group.sessions_per_week,
                "number": self.number,
            }
        if errors:
            raise ValidationError(errors)
