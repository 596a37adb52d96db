"""The college, its communities (社区) and their venues (场地) with weekly opening hours."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from college.models.choices import Facility, VenueKind
from college.models.fields import check_tags, single_line
from college.models.windows import WeeklyWindow

KEY_HELP = _("A short stable code (letters, digits, - and _) used to match rows on re-import.")


def natural_key_field() -> models.SlugField:
    return models.SlugField(_("key"), max_length=80, unique=True, allow_unicode=True, help_text=KEY_HELP)


class College(models.Model):
    """The one college this installation serves (its name titles pages and calendars)."""

    name = models.CharField(_("name"), max_length=120, validators=[single_line])

    class Meta:
        verbose_name = _("college")
        verbose_name_plural = _("colleges")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def current_name(cls) -> str:
        college = cls.objects.order_by("pk").first()
        return college.name if college else ""


class Community(models.Model):
    key = natural_key_field()
    name = models.CharField(_("name"), max_length=120, validators=[single_line])
    district = models.CharField(_("district"), max_length=120, validators=[single_line], blank=True)
    street = models.CharField(_("street"), max_length=120, validators=[single_line], blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90), name="community_latitude"
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="community_longitude",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("Give both latitude and longitude, or neither."))
        errors = {}
        if self.latitude is not None and not -90 <= self.latitude <= 90:
            errors["latitude"] = _("Latitude must be between -90 and 90.")
        if self.longitude is not None and not -180 <= self.longitude <= 180:
            errors["longitude"] = _("Longitude must be between -180 and 180.")
        if errors:
            raise ValidationError(errors)


class Venue(models.Model):
    key = natural_key_field()
    community = models.ForeignKey(Community, models.PROTECT, related_name="venues", verbose_name=_("community"))
    name = models.CharField(_("name"), max_length=120, validators=[single_line])
    kind = models.CharField(_("kind"), max_length=32, choices=VenueKind.choices, default=VenueKind.OTHER)
    address = models.CharField(_("address"), max_length=200, validators=[single_line], blank=True)
    capacity = models.IntegerField(_("capacity"), help_text=_("Seats or places for participants."))
    indoor = models.BooleanField(_("indoor"), default=True)
    step_free = models.BooleanField(_("step-free access"), default=False)
    facilities = models.JSONField(_("facilities"), default=list, blank=True)

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["name"]
        constraints = [models.CheckConstraint(condition=Q(capacity__gt=0), name="venue_capacity_positive")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        errors: dict[str, object] = {}
        if self.capacity is not None and self.capacity <= 0:
            errors["capacity"] = _("A venue's capacity must be at least 1 person.")
        problems = check_tags(self.facilities, Facility.values, what=str(_("facility")))
        if problems:
            errors["facilities"] = problems
        if errors:
            raise ValidationError(errors)


class VenueOpening(WeeklyWindow):
    """A weekly window when the venue may be used (a company room: evenings and weekends only)."""

    venue = models.ForeignKey(Venue, models.CASCADE, related_name="openings", verbose_name=_("venue"))
    end_after_start_message = _("An opening window must end after it starts.")

    class Meta(WeeklyWindow.Meta):
        verbose_name = _("opening window")
        verbose_name_plural = _("opening windows")
