"""Interest groups (兴趣小组), their preferred times, and residents' interests in them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from college.models.activities import Activity
from college.models.choices import Audience, Category, Facility, InterestKind
from college.models.fields import check_tags, multi_line, single_line
from college.models.people import Resident, Teacher
from college.models.places import Community, natural_key_field
from college.models.terms import allowed_session_lengths
from college.models.windows import WeeklyWindow

MAX_SESSIONS_PER_WEEK = 7  # two sessions of one group never fall on the same day


class InterestGroup(models.Model):
    key = natural_key_field()
    name = models.CharField(_("name"), max_length=120, validators=[single_line])
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    activity = models.ForeignKey(
        Activity,
        models.PROTECT,
        null=True,
        blank=True,  # the admin form requires it; API clients that predate the catalogue may leave it out
        related_name="groups",
        verbose_name=_("activity"),
        help_text=_("What the group does, from the activity catalogue: residents' wishes for it count for the group."),
    )
    audience = models.CharField(_("audience"), max_length=16, choices=Audience.choices, default=Audience.ALL)
    community = models.ForeignKey(
        Community, models.PROTECT, related_name="interest_groups", verbose_name=_("community")
    )
    teacher = models.ForeignKey(Teacher, models.PROTECT, related_name="interest_groups", verbose_name=_("teacher"))
    sessions_per_week = models.IntegerField(_("sessions per week"), default=1)
    session_minutes = models.IntegerField(_("session length (minutes)"), default=90)
    min_size = models.IntegerField(_("minimum size"), default=5)
    max_size = models.IntegerField(_("maximum size"), default=30)
    facilities = models.JSONField(_("required facilities"), default=list, blank=True)
    step_free = models.BooleanField(_("needs step-free access"), default=False)
    registered = models.BooleanField(
        _("registered"), default=True, help_text=_("Registered (报备) with the community: only these are scheduled.")
    )
    description = models.TextField(_("description"), blank=True, validators=[multi_line])
    what_to_bring = models.CharField(
        _("what to bring"),
        max_length=200,
        validators=[single_line],
        blank=True,
        help_text=_("Shown in the calendars, e.g. a yoga mat."),
    )

    class Meta:
        verbose_name = _("interest group")
        verbose_name_plural = _("interest groups")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sessions_per_week__gte=1, sessions_per_week__lte=MAX_SESSIONS_PER_WEEK),
                name="group_sessions_per_week_1_to_7",
            ),
            models.CheckConstraint(condition=Q(session_minutes__gt=0), name="group_session_minutes_positive"),
            models.CheckConstraint(condition=Q(min_size__gte=1), name="group_min_size_at_least_one"),
            models.CheckConstraint(condition=Q(min_size__lte=F("max_size")), name="group_min_size_not_above_max"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        errors: dict[str, object] = {}
        spw = self.sessions_per_week
        if spw is not None and not 1 <= spw <= MAX_SESSIONS_PER_WEEK:
            errors["sessions_per_week"] = _("A group meets 1 to 7 times a week (at most once a day).")
        if self.session_minutes is not None:
            message = session_length_problem(self.session_minutes)
            if message:
                errors["session_minutes"] = message
        if self.min_size is not None and self.min_size < 1:
            errors["min_size"] = _("The minimum size must be at least 1 person.")
        if self.min_size is not None and self.max_size is not None and self.min_size > self.max_size:
            errors["max_size"] = _(
                "The maximum size (%(max)s) must not be smaller than the minimum size (%(min)s)."
            ) % {
                "max": self.max_size,
                "min": self.min_size,
            }
        problems = check_tags(self.facilities, Facility.values, what=str(_("facility")))
        if problems:
            errors["facilities"] = problems
        if errors:
            raise ValidationError(errors)


def session_length_problem(minutes: int) -> str | None:
    """Why a group's session length does not fit the terms' slot grid, or None when it fits.

    Groups are not tied to a term, so the allowed lengths are those some term offers
    (60/90/120 minutes when no term exists yet).
    """
    allowed = allowed_session_lengths()
    if minutes <= 0:
        return str(_("A session must last at least 1 minute."))
    if minutes in allowed:
        return None
    listed = ", ".join(str(length) for length in allowed)
    if minutes > max(allowed):
        return str(
            _("A %(minutes)s-minute session is longer than any slot: terms allow sessions of %(allowed)s minutes.")
            % {"minutes": minutes, "allowed": listed}
        )
    return str(
        _("A %(minutes)s-minute session does not fit the slot grid: terms allow sessions of %(allowed)s minutes.")
        % {"minutes": minutes, "allowed": listed}
    )


class PreferredWindow(WeeklyWindow):
    """A weekly window the group prefers; with none, the usual times of its audience apply."""

    group = models.ForeignKey(
        InterestGroup, models.CASCADE, related_name="preferred_windows", verbose_name=_("interest group")
    )
    end_after_start_message = _("A preferred window must end after it starts.")

    class Meta(WeeklyWindow.Meta):
        verbose_name = _("preferred window")
        verbose_name_plural = _("preferred windows")

    def clean(self) -> None:
        super().clean()
        try:
            length = self.group.session_minutes
        except InterestGroup.DoesNotExist:  # an inline form before its group exists
            length = None
        if length and self.start is not None and self.end is not None and self.end - self.start < length:
            raise ValidationError(
                {
                    "end": _("This window lasts %(window)s minutes and cannot hold one %(length)s-minute session.")
                    % {"window": self.end - self.start, "length": length}
                }
            )


class Interest(models.Model):
    """A resident's interest in a group: enrolled, or wished for with a rank (1 = most wanted)."""

    resident = models.ForeignKey(Resident, models.CASCADE, related_name="interests", verbose_name=_("resident"))
    group = models.ForeignKey(InterestGroup, models.CASCADE, related_name="interests", verbose_name=_("interest group"))
    kind = models.CharField(_("kind"), max_length=16, choices=InterestKind.choices)
    rank = models.PositiveSmallIntegerField(
        _("rank"), null=True, blank=True, help_text=_("Wished groups: 1 = most wanted.")
    )

    class Meta:
        verbose_name = _("interest")
        verbose_name_plural = _("interests")
        constraints = [
            models.UniqueConstraint(fields=["resident", "group"], name="interest_one_per_resident_and_group"),
            models.CheckConstraint(condition=Q(rank__isnull=True) | Q(rank__gte=1), name="interest_rank_from_one"),
        ]

    def __str__(self) -> str:
        return f"{self.resident} → {self.group} ({self.get_kind_display()})"

    def clean(self) -> None:
        super().clean()
        if self.kind == InterestKind.ENROLLED and self.rank is not None:
            raise ValidationError({"rank": _("Only wished groups have a rank; leave it empty for an enrolment.")})
        if self.rank is not None and self.rank < 1:
            raise ValidationError({"rank": _("Ranks start at 1 (most wanted).")})
