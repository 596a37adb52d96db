"""Admin for the rules that link groups (cohorts, apart and together sets) and narrow a group's times and venues."""

from __future__ import annotations

from django.contrib import admin

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


@admin.register(TogetherSet)
class TogetherSetAdmin(admin.ModelAdmin):
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
