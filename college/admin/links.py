"""Admin for the rules that link groups (cohorts, apart and together sets) and narrow a group's times and venues."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from college.admin.windows import WindowAdmin
from college.models import AllowedVenue, ApartSet, BlockedWindow, Cohort, StartTime, TogetherSet


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ("name", "key", "max_gaps")
    search_fields = ("name", "key")
    filter_horizontal = ("groups",)


@admin.register(ApartSet)
class ApartSetAdmin(admin.ModelAdmin):
    list_display = ("key", "days", "hard", "per_day")
    list_filter = ("hard",)
    search_fields = ("key",)
    filter_horizontal = ("groups",)


class TogetherSetForm(forms.ModelForm):
    class Meta:
        model = TogetherSet
        fields = ("key", "groups")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        groups = data.get("groups") or []
        if len({g.sessions_per_week for g in groups}) > 1:  # their sessions meet in pairs, one for one
            self.add_error("groups", _("Groups kept together must meet the same number of times a week."))
        return data


@admin.register(TogetherSet)
class TogetherSetAdmin(admin.ModelAdmin):
    form = TogetherSetForm
    list_display = ("key",)
    search_fields = ("key",)
    filter_horizontal = ("groups",)


@admin.register(BlockedWindow)
class BlockedWindowAdmin(WindowAdmin):
    search_fields = ("group__name",)


@admin.register(StartTime)
class StartTimeAdmin(admin.ModelAdmin):
    list_display = ("__str__", "weekday")
    list_filter = ("weekday",)
    search_fields = ("group__name",)


@admin.register(AllowedVenue)
class AllowedVenueAdmin(admin.ModelAdmin):
    list_display = ("group", "venue")
    search_fields = ("group__name", "venue__name")
